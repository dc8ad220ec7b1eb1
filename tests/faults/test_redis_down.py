"""Redis (the broker) down: work asked for in a committed change waits in the outbox table,
neither lost nor refused, and runs exactly once when Redis is back."""

import datetime
import os
import time

import pytest

from certification.issuance.models import CredentialApplication, PacketStatus
from certification.issuance.services import credential_application_submit
from certification.models import Notice
from lms import outbox
from lms.outbox import OutboxMessage
from tests.certification.conftest import domain, domains  # noqa: F401 - the domain fixtures
from tests.certification.issuance.test_applications import make_definition, meet
from tests.conftest import worker_answers
from tests.faults.conftest import part_stopped
from tests.test_outbox import signed_off  # noqa: F401 - the fixture

HOURS_SIGNED_OFF = "Your hours were signed off"


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_work_done_while_redis_is_down_runs_once_when_it_is_back(
    celery_worker,
    settings,
    trainee,
    staff,
    signed_off,  # noqa: F811
):
    from cms.celery import app

    # The cache lives in the same Redis: these service calls need none of it.
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    meet(trainee)
    with part_stopped("redis"):
        signed_off()
        application = credential_application_submit(
            applicant=trainee, definition=make_definition(code="outbox_cred")
        )
        # Both changes committed; their work waits in the table instead of being lost.
        assert sorted(OutboxMessage.objects.values_list("task", flat=True)) == [
            "certification.tasks.build_application_packet",
            "certification.tasks.notify_entry_reviewed",
        ]
        assert OutboxMessage.objects.filter(attempts=1).count() == 2
    queue_worker = f"{app.conf.task_default_queue}@{os.uname().nodename}"
    deadline = time.monotonic() + 60
    while not worker_answers(queue_worker):
        assert time.monotonic() < deadline, "the worker did not reconnect to Redis"
    assert outbox.drain(older_than=datetime.timedelta(0)) == 2
    assert not OutboxMessage.objects.exists()
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        application.refresh_from_db()
        notices = Notice.objects.filter(recipient=trainee, subject=HOURS_SIGNED_OFF)
        if application.packet_status == PacketStatus.READY and notices.exists():
            break
        time.sleep(0.3)
    assert CredentialApplication.objects.get(pk=application.pk).packet_status == PacketStatus.READY
    assert Notice.objects.filter(recipient=trainee, subject=HOURS_SIGNED_OFF).count() == 1
    for path in celery_worker.glob("*.log"):
        if HOURS_SIGNED_OFF in path.read_text():
            path.unlink()
