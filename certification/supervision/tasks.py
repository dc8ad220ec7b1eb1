"""Background work for supervised practice: notices when hours are reviewed or a session is
recorded, the supervisors' daily digest and the reminder about hours waiting over a week.

Each task keeps its name ``certification.tasks.<function>`` (certification/tasks.py imports
this module for the worker, and the beat schedule names them so). Tasks take ids, are
idempotent (a notice key per event or per day) and are safe to retry.
"""

import datetime

from django.db.models import Count, Min
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from celery import shared_task

from certification.models import AuditEvent, Notice
from certification.notices import NoticeMessage, notices_deliver_each
from certification.supervision.models import (
    EntryStatus,
    PracticeLogEntry,
    SupervisionAgreement,
    SupervisionSession,
)
from curriculum.hours import format_hours
from lms.accounts.models import User
from lms.schedule import once_per_day

WAITING_TOO_LONG = datetime.timedelta(days=7)

REVIEW_ACTIONS = {"practice.approve", "practice.return", "practice.reject"}


def _entry_reviewed_message(event: AuditEvent, entry: PracticeLogEntry) -> NoticeMessage:
    after = event.after or {}
    values = {
        "hours": format_hours(entry.duration_hours),
        "day": date_format(entry.date, "DATE_FORMAT"),
        "supervisor": event.actor_label,
    }
    if event.action == "practice.approve":
        subject = _("Your hours were signed off")
        body = _("%(supervisor)s signed off your %(hours)s h on %(day)s.") % values
    elif event.action == "practice.return":
        subject = _("Your supervisor asked for a change")
        body = _(
            "%(supervisor)s returned your %(hours)s h on %(day)s with a comment:\n\n"
            "%(comment)s\n\nYou can edit the entry and send it again."
        ) % {**values, "comment": after.get("review_comment", "")}
    else:
        subject = _("Some hours were not accepted")
        body = _(
            "%(supervisor)s did not accept your %(hours)s h on %(day)s. Their reason:\n\n"
            "%(comment)s"
        ) % {**values, "comment": after.get("review_comment", "")}
    return {
        "key": f"entry-reviewed:{event.pk}",
        "subject": subject,
        "body": body,
        "link": reverse("certification:practice_home"),
    }


@shared_task(
    name="certification.tasks.notify_entry_reviewed",
    autoretry_for=(OSError,),
    retry_backoff=True,
    max_retries=5,
)
def notify_entry_reviewed(audit_event_id: int) -> bool:
    """Tell the trainee their entry was approved, returned or not accepted."""
    event = (
        AuditEvent.objects.select_related("actor")
        .filter(pk=audit_event_id, action__in=REVIEW_ACTIONS)
        .first()
    )
    if event is None:
        return False
    entry = (
        PracticeLogEntry.objects.select_related("trainee", "domain")
        .filter(pk=event.target_id)
        .first()
    )
    if entry is None:
        return False
    notices_deliver_each(
        [entry],
        recipient=lambda entry: entry.trainee,
        message=lambda entry: _entry_reviewed_message(event, entry),
    )
    return True


@shared_task(
    name="certification.tasks.notify_session_recorded",
    autoretry_for=(OSError,),
    retry_backoff=True,
    max_retries=5,
)
def notify_session_recorded(session_id: int) -> int:
    """Ask each trainee present to confirm a supervision session."""
    session = SupervisionSession.objects.select_related("supervisor").filter(pk=session_id).first()
    if session is None:
        return 0

    def message(attendance) -> NoticeMessage:
        return {
            "key": f"session-recorded:{attendance.pk}",
            "subject": _("Please confirm a supervision session"),
            "body": _(
                "%(supervisor)s recorded %(hours)s h of supervision with you on %(day)s. "
                "Confirm you were there so the hours count."
            )
            % {
                "supervisor": session.supervisor,
                "hours": format_hours(session.duration_hours),
                "day": date_format(session.date, "DATE_FORMAT"),
            },
            "link": reverse("certification:practice_home"),
        }

    return notices_deliver_each(
        session.attendances.select_related("trainee"),
        recipient=lambda attendance: attendance.trainee,
        message=message,
    )


def _submitted_entries_per_supervisor(entries):
    """Submitted entries grouped by the supervisor who can still act on them (docs/security.md,
    "After an agreement ends")."""
    return (
        entries.filter(status=EntryStatus.SUBMITTED)
        .filter(SupervisionAgreement.supervisor_access_condition(through="agreement__"))
        .values("agreement__supervisor")
    )


def _active(people_ids) -> list[User]:
    return list(User.objects.filter(pk__in=people_ids, is_active=True))


@shared_task(name="certification.tasks.send_supervisor_digests")
@once_per_day("supervisor-daily-digest")
def send_supervisor_digests() -> int:
    """Daily: tell each supervisor how many entries arrived since yesterday (one notice a day)."""
    now = timezone.now()
    today = timezone.localdate(now)
    rows = _submitted_entries_per_supervisor(
        PracticeLogEntry.objects.filter(submitted_at__gte=now - datetime.timedelta(days=1))
    ).annotate(count=Count("pk"))
    counts = {row["agreement__supervisor"]: row["count"] for row in rows}
    return notices_deliver_each(
        _active(counts),
        recipient=lambda supervisor: supervisor,
        message=lambda supervisor: {
            "key": f"digest:{supervisor.pk}:{today.isoformat()}",
            "subject": _("New practice hours to sign off"),
            "body": _("%(count)d new entries arrived for your sign-off since yesterday.")
            % {"count": counts[supervisor.pk]},
            "link": reverse("certification:supervise_home"),
        },
    )


@shared_task(name="certification.tasks.send_waiting_reminders")
@once_per_day("supervisor-waiting-reminders")
def send_waiting_reminders() -> int:
    """Remind supervisors of entries waiting more than 7 days (once a week per supervisor)."""
    now = timezone.now()
    year, week, _weekday = timezone.localdate(now).isocalendar()
    rows = _submitted_entries_per_supervisor(
        PracticeLogEntry.objects.filter(submitted_at__lt=now - WAITING_TOO_LONG)
    ).annotate(count=Count("pk"), oldest=Min("submitted_at"))
    waiting = {row["agreement__supervisor"]: row for row in rows}
    return notices_deliver_each(
        _active(waiting),
        recipient=lambda supervisor: supervisor,
        message=lambda supervisor: {
            "key": f"waiting:{supervisor.pk}:{year}-W{week:02d}",
            "subject": _("Practice hours have been waiting over a week"),
            "body": _(
                "%(count)d entries have waited more than 7 days for your sign-off, the "
                "oldest since %(day)s. Trainees cannot count them until you review them."
            )
            % {
                "count": waiting[supervisor.pk]["count"],
                "day": date_format(
                    timezone.localdate(waiting[supervisor.pk]["oldest"]), "DATE_FORMAT"
                ),
            },
            "link": reverse("certification:supervise_home"),
        },
    )


# ------------------------------------------------------------------------------
# Supervisors' credentials about to lapse (daily, on beat)
# ------------------------------------------------------------------------------
QUALIFICATION_WARNING_DAYS = 30


@shared_task(name="certification.tasks.qualification_lapse_notices")
@once_per_day("qualification-lapse-notices")
def qualification_lapse_notices() -> int:
    """Tell staff of the organisation, once, 30 days before a supervisor's verified credential
    ends, unless the supervisor already has a verified one that lasts longer."""
    from certification.supervision.qualifications import SupervisorQualification
    from lms.accounts.models import STAFF_ROLES, Membership

    today = timezone.localdate()
    horizon = today + datetime.timedelta(days=QUALIFICATION_WARNING_DAYS)
    verified = SupervisorQualification.objects.filter(status="verified")
    lapsing = [
        qualification
        for qualification in verified.filter(expires_on__gte=today, expires_on__lte=horizon)
        .select_related("supervisor", "organization")
        .order_by("pk")
        if not verified.filter(
            supervisor_id=qualification.supervisor_id, expires_on__gt=qualification.expires_on
        ).exists()
    ]
    staff = {}
    for membership in Membership.objects.filter(
        organization_id__in={q.organization_id for q in lapsing}, role__in=STAFF_ROLES
    ).select_related("user"):
        staff.setdefault(membership.organization_id, {})[membership.user_id] = membership.user
    items = [
        (qualification, person)
        for qualification in lapsing
        for person in staff.get(qualification.organization_id, {}).values()
        if person.pk != qualification.supervisor_id
    ]

    def message(item) -> NoticeMessage | None:
        qualification, person = item
        key = f"qualification-lapse:{qualification.pk}:{person.pk}"
        if Notice.objects.filter(key=key).exists():
            return None
        values = {
            "name": qualification.supervisor.display_name,
            "credential": qualification.credential_name,
            "date": date_format(qualification.expires_on, "DATE_FORMAT"),
        }
        return {
            "key": key,
            "subject": _("%(name)s's supervisor credential ends on %(date)s") % values,
            "body": _(
                "%(name)s's %(credential)s, which you verified, is valid until %(date)s. After "
                "that they cannot sign hours until a renewed credential is added and verified."
            )
            % values,
            "link": reverse("certification:staff_qualifications"),
        }

    return notices_deliver_each(items, recipient=lambda item: item[1], message=message)
