"""The real parts run: a Celery worker on Redis and files on the S3 server."""

import time
import uuid

from django.core import mail
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

import pytest

from lms.accounts.models import Role
from lms.accounts.services import invitation_create
from tests.conftest import require_stack


@pytest.mark.stack
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_invitation_email_is_sent_by_the_real_celery_worker(celery_worker, staff, organization):
    invitation, token = invitation_create(
        organization=organization, email="new.peer@example.org", role=Role.TRAINEE, invited_by=staff
    )
    # Nothing was sent in-process: the task went to Redis and the worker process sends it.
    assert mail.outbox == []
    sent = []
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and not sent:
        sent = list(celery_worker.glob("*.log"))
        time.sleep(0.2)
    assert sent, "the worker sent no email within 30 s"
    message = sent[0].read_text()
    assert "To: new.peer@example.org" in message
    assert f"/invitations/{token}/" in message
    assert organization.name in message


@pytest.mark.stack
def test_uploaded_file_is_stored_and_read_back_through_the_s3_server(s3_bucket):
    require_stack("AWS_STORAGE_BUCKET_NAME")
    from django.conf import settings

    content = ContentFile(b"signed practice log")
    name = default_storage.save(f"tests/{uuid.uuid4().hex}.txt", content)
    try:
        with default_storage.open(name) as stored:
            assert stored.read() == b"signed practice log"
        listed = s3_bucket.list_objects_v2(Bucket=settings.AWS_STORAGE_BUCKET_NAME, Prefix=name)
        assert [item["Key"] for item in listed.get("Contents", [])] == [name]
        assert default_storage.url(name).startswith(settings.AWS_S3_ENDPOINT_URL)
    finally:
        default_storage.delete(name)
    assert not default_storage.exists(name)
