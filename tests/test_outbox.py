"""The transactional outbox: work asked for in a transaction is recorded with it and handed to the
broker after the commit. Kept (not lost, not refused) while the broker is down: the fault drill
tests/faults/test_redis_down.py."""

import datetime
from pathlib import Path

from django.db import transaction
from django.utils import timezone

import pytest

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
