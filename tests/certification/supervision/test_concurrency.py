"""Two supervisors' tabs approving the same entry at the same moment (real transactions)."""

import threading
from unittest import mock

from django.core.exceptions import ValidationError
from django.db import connections

import pytest

from certification import audit
from certification.models import AuditEvent
from certification.supervision import services
from certification.supervision.models import EntryStatus, PracticeLogEntry

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.usefixtures("require_postgresql"),  # row locks
]


def test_two_simultaneous_approvals_give_one_signature_and_one_audit_event(
    submitted_entry, supervisor
):
    barrier = threading.Barrier(2)
    outcomes = []
    original_record = audit.record

    def slow_record(**kwargs):
        # Hold the transaction open a moment, so without the row lock both would get here.
        threading.Event().wait(0.3)
        return original_record(**kwargs)

    def approve():
        try:
            barrier.wait(timeout=5)
            services.practice_entry_approve(
                entry=submitted_entry,
                supervisor=supervisor,
                signature="Sam Supervisor",
                attested=True,
            )
            outcomes.append("approved")
        except ValidationError as error:
            outcomes.append(" ".join(error.messages))
        finally:
            connections.close_all()

    with mock.patch.object(services.audit, "record", side_effect=slow_record):
        threads = [threading.Thread(target=approve) for _ in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=30)

    assert sorted(outcomes) == sorted(
        ["approved", "This entry is already signed, so it cannot change."]
    )
    entry = PracticeLogEntry.objects.get(pk=submitted_entry.pk)
    assert entry.status == EntryStatus.APPROVED
    assert AuditEvent.objects.filter(action="practice.approve").count() == 1
    assert audit.verify_chain().ok
