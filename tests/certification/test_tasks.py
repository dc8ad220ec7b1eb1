"""Notifications: queued on commit, idempotent, in the app and by email."""

import datetime

from django.core import mail
from django.utils import timezone

import pytest

from certification import tasks
from certification.models import AuditEvent, Notice
from certification.supervision import services, sessions
from certification.supervision.models import PracticeLogEntry
from lms import personal_pages


def test_trainee_is_told_when_an_entry_is_approved(
    trainee, submitted_entry, supervisor, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.practice_entry_approve(
            entry=submitted_entry, supervisor=supervisor, signature="Sam Supervisor", attested=True
        )
    notice = Notice.objects.get(recipient=trainee)
    assert notice.subject == "Your hours were signed off"
    assert notice.emailed_at is not None
    assert [message.to for message in mail.outbox] == [[trainee.email]]


def test_trainee_is_told_the_comment_when_an_entry_is_returned(
    trainee, submitted_entry, supervisor, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.practice_entry_return(
            entry=submitted_entry, supervisor=supervisor, comment="Add the setting, please."
        )
    assert "Add the setting, please." in Notice.objects.get(recipient=trainee).body


def test_nothing_is_sent_before_the_transaction_commits(
    submitted_entry, supervisor, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.practice_entry_reject(
            entry=submitted_entry, supervisor=supervisor, reason="Training, not practice."
        )
    # The notice waits for the commit (beside it, the kept pages' retirement).
    assert len([c for c in callbacks if not isinstance(c, personal_pages.Flush)]) == 1
    assert not Notice.objects.exists()
    assert mail.outbox == []


def test_running_the_review_notice_twice_sends_one_email(trainee, approved_entry):
    event = AuditEvent.objects.get(action="practice.approve")
    tasks.notify_entry_reviewed(event.pk)
    tasks.notify_entry_reviewed(event.pk)
    assert Notice.objects.filter(recipient=trainee).count() == 1
    assert len(mail.outbox) == 1


def test_trainee_without_email_still_gets_the_in_app_notice(approved_entry, trainee):
    type(trainee).objects.filter(pk=trainee.pk).update(email=None)
    Notice.objects.all().delete()
    mail.outbox.clear()
    tasks.notify_entry_reviewed(AuditEvent.objects.get(action="practice.approve").pk)
    assert Notice.objects.get().emailed_at is None
    assert mail.outbox == []


def test_daily_digest_goes_once_a_day_to_supervisors_with_new_submissions(
    supervisor, submitted_entry
):
    assert tasks.send_supervisor_digests() == 1
    tasks.send_supervisor_digests()
    notice = Notice.objects.get(recipient=supervisor)
    assert "1 new entries" in notice.body
    assert len(mail.outbox) == 1


def test_reminder_is_sent_for_entries_waiting_more_than_seven_days(supervisor, submitted_entry):
    assert tasks.send_waiting_reminders() == 0
    PracticeLogEntry.objects.filter(pk=submitted_entry.pk).update(
        submitted_at=timezone.now() - datetime.timedelta(days=8)
    )
    assert tasks.send_waiting_reminders() == 1
    tasks.send_waiting_reminders()
    assert Notice.objects.filter(recipient=supervisor).count() == 1


def test_recorded_session_asks_the_trainee_to_confirm(
    trainee, supervisor, agreement, django_capture_on_commit_callbacks
):
    from decimal import Decimal

    from tests.certification.conftest import days_ago

    with django_capture_on_commit_callbacks(execute=True):
        sessions.supervision_session_record(
            supervisor=supervisor,
            date=days_ago(1),
            duration_hours=Decimal("1"),
            format="individual",
            modality="phone",
            domains=[],
            trainees=[trainee],
        )
    assert Notice.objects.get(recipient=trainee).subject == "Please confirm a supervision session"


def test_beat_schedule_runs_the_digest_and_the_reminders():
    from django.conf import settings

    scheduled = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert scheduled >= {
        "certification.tasks.send_supervisor_digests",
        "certification.tasks.send_waiting_reminders",
    }


@pytest.mark.stack
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_approval_email_is_sent_by_the_real_worker(
    celery_worker, trainee, supervisor, organization, domain
):
    import time

    from tests.certification.conftest import entry_values, make_signed_agreement

    make_signed_agreement(trainee=trainee, supervisor=supervisor, organization=organization)
    entry = services.practice_entry_create(trainee=trainee, submit=True, **entry_values(domain))
    services.practice_entry_approve(
        entry=entry, supervisor=supervisor, signature="Sam Supervisor", attested=True
    )
    # The worker's email folder is shared by the session: find ours, and leave it clean.
    sent = []
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and not sent:
        sent = [
            path
            for path in celery_worker.glob("*.log")
            if "Your hours were signed off" in path.read_text()
        ]
        time.sleep(0.2)
    for path in sent:
        path.unlink()
    assert sent, "the worker sent no approval email within 30 s"
    assert len(sent) == 1
