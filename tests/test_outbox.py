"""The transactional outbox: work asked for in a transaction is recorded with it, handed to the
broker after the commit, and kept (not lost, not refused) while the broker is unreachable."""

import datetime
import os
import subprocess
import time
from pathlib import Path
from urllib.parse import urlparse

from django.db import transaction
from django.utils import timezone

import pytest

from certification.issuance.models import CredentialApplication, PacketStatus
from certification.issuance.services import credential_application_submit
from certification.models import Notice
from certification.supervision import services
from lms import outbox
from lms.outbox import OutboxMessage
from tests.certification.conftest import (  # noqa: F401 - the domain fixtures
    domain,
    domains,
    entry_values,
    make_signed_agreement,
)
from tests.certification.issuance.test_applications import make_definition, meet
from tests.conftest import require_stack

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def signed_off(trainee, supervisor, organization, domain):  # noqa: F811
    """Approve one entry (the supervisor's sign-off queues the trainee's notice)."""

    def approve():
        make_signed_agreement(trainee=trainee, supervisor=supervisor, organization=organization)
        entry = services.practice_entry_create(trainee=trainee, submit=True, **entry_values(domain))
        return services.practice_entry_approve(
            entry=entry, supervisor=supervisor, signature="Sam Supervisor", attested=True
        )

    return approve


@pytest.mark.django_db
def test_the_work_is_handed_over_after_the_commit_and_leaves_the_table(
    trainee, signed_off, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        signed_off()
    # Written with the approval, not yet sent.
    assert list(OutboxMessage.objects.values_list("task", flat=True)) == [
        "certification.tasks.notify_entry_reviewed"
    ]
    assert not Notice.objects.filter(recipient=trainee).exists()
    for callback in callbacks:
        callback()
    assert not OutboxMessage.objects.exists()
    assert Notice.objects.get(recipient=trainee).subject == "Your hours were signed off"


@pytest.mark.django_db
def test_work_of_a_rolled_back_change_is_never_sent(trainee, signed_off):
    class Undo(Exception):
        pass

    with pytest.raises(Undo), transaction.atomic():
        signed_off()
        raise Undo
    assert not OutboxMessage.objects.exists()
    assert not Notice.objects.filter(recipient=trainee).exists()


@pytest.mark.django_db
def test_the_drain_sends_what_waited_and_leaves_what_is_fresh(trainee, signed_off):
    from certification.models import AuditEvent
    from certification.supervision.tasks import notify_entry_reviewed

    signed_off()  # inside the test's transaction: its own message is never handed over
    OutboxMessage.objects.all().delete()
    event = AuditEvent.objects.get(action="practice.approve")
    waited = OutboxMessage.objects.create(
        task=notify_entry_reviewed.name,
        args=[event.pk],
        created_at=timezone.now() - datetime.timedelta(minutes=5),
    )
    fresh = OutboxMessage.objects.create(task=notify_entry_reviewed.name, args=[event.pk])
    assert outbox.drain() == 1
    assert list(OutboxMessage.objects.values_list("pk", flat=True)) == [fresh.pk]
    assert not OutboxMessage.objects.filter(pk=waited.pk).exists()
    assert Notice.objects.filter(recipient=trainee).count() == 1
    # Sent twice (the fresh one drained too): the task is idempotent, still one notice.
    assert outbox.drain(older_than=datetime.timedelta(0)) == 1
    assert Notice.objects.filter(recipient=trainee).count() == 1


def _redis(command: str) -> None:
    port = urlparse(require_stack("CELERY_BROKER_URL")).port
    if command == "stop":
        subprocess.run(["redis-cli", "-p", str(port), "shutdown", "nosave"], check=False)  # noqa: S603, S607
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            ping = subprocess.run(["redis-cli", "-p", str(port), "ping"], capture_output=True)  # noqa: S603, S607
            if b"PONG" not in ping.stdout:
                return
            time.sleep(0.1)
        pytest.fail("Redis did not stop")
    else:
        subprocess.run(["bash", "scripts/stack.sh", "up"], cwd=ROOT, env=os.environ, check=True)  # noqa: S603, S607


@pytest.mark.stack
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_work_done_while_redis_is_down_runs_once_when_it_is_back(
    celery_worker, settings, trainee, staff, signed_off
):
    from cms.celery import app

    # The cache lives in the same Redis: these service calls need none of it.
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    meet(trainee)
    _redis("stop")
    try:
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
    finally:
        _redis("start")
    queue_worker = f"{app.conf.task_default_queue}@{os.uname().nodename}"
    deadline = time.monotonic() + 60
    while not app.control.ping(destination=[queue_worker], timeout=0.5):
        assert time.monotonic() < deadline, "the worker did not reconnect to Redis"
    assert outbox.drain(older_than=datetime.timedelta(0)) == 2
    assert not OutboxMessage.objects.exists()
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        application.refresh_from_db()
        notices = Notice.objects.filter(recipient=trainee, subject="Your hours were signed off")
        if application.packet_status == PacketStatus.READY and notices.exists():
            break
        time.sleep(0.3)
    assert CredentialApplication.objects.get(pk=application.pk).packet_status == PacketStatus.READY
    assert (
        Notice.objects.filter(recipient=trainee, subject="Your hours were signed off").count() == 1
    )
    for path in celery_worker.glob("*.log"):
        if "Your hours were signed off" in path.read_text():
            path.unlink()
