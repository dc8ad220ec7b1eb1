"""Background work for supervised practice and credentials: notifications, the application
packet (certification/issuance/tasks.py), credential expiry and reminders. Tasks take ids, are
idempotent (a notice key per event or per day) and are safe to retry."""

import datetime

from django.db.models import Count, Min
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from celery import shared_task

from certification.issuance.models import CredentialStatus, IssuedCredential
from certification.issuance.services import credentials_mark_expired

# The packet task lives beside the issuance services that queue it; importing it here registers
# it with the worker (which discovers certification.tasks) under its name.
from certification.issuance.tasks import build_application_packet  # noqa: F401
from certification.models import AuditEvent, Notice
from certification.notices import notice_deliver
from certification.supervision.models import (
    EntryStatus,
    PracticeLogEntry,
    SupervisionAgreement,
    SupervisionSession,
)
from curriculum.hours import format_hours
from lms.accounts.models import User

WAITING_TOO_LONG = datetime.timedelta(days=7)

REVIEW_ACTIONS = {"practice.approve", "practice.return", "practice.reject"}


def _language(person: User) -> str:
    return getattr(person, "preferred_language", None) or "en"


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def notify_entry_reviewed(audit_event_id: int) -> bool:
    """Tell the trainee their entry was approved, returned or not accepted."""
    event = AuditEvent.objects.filter(pk=audit_event_id, action__in=REVIEW_ACTIONS).first()
    if event is None:
        return False
    entry = (
        PracticeLogEntry.objects.select_related("trainee", "domain")
        .filter(pk=event.target_id)
        .first()
    )
    if entry is None:
        return False
    after = event.after or {}
    trainee = entry.trainee
    with translation.override(_language(trainee)):
        values = {
            "hours": format_hours(entry.duration_hours),
            "day": date_format(entry.date, "DATE_FORMAT"),
            "supervisor": event.actor_name,
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
        notice_deliver(
            recipient=trainee,
            key=f"entry-reviewed:{event.pk}",
            subject=str(subject),
            body=str(body),
            link=reverse("certification:practice_home"),
        )
    return True


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def notify_session_recorded(session_id: int) -> int:
    """Ask each trainee present to confirm a supervision session."""
    session = SupervisionSession.objects.select_related("supervisor").filter(pk=session_id).first()
    if session is None:
        return 0
    sent = 0
    for attendance in session.attendances.select_related("trainee"):
        trainee = attendance.trainee
        with translation.override(_language(trainee)):
            notice_deliver(
                recipient=trainee,
                key=f"session-recorded:{attendance.pk}",
                subject=str(_("Please confirm a supervision session")),
                body=str(
                    _(
                        "%(supervisor)s recorded %(hours)s h of supervision with you on %(day)s. "
                        "Confirm you were there so the hours count."
                    )
                    % {
                        "supervisor": session.supervisor,
                        "hours": format_hours(session.duration_hours),
                        "day": date_format(session.date, "DATE_FORMAT"),
                    }
                ),
                link=reverse("certification:practice_home"),
            )
        sent += 1
    return sent


@shared_task
def send_supervisor_digests() -> int:
    """Daily: tell each supervisor how many entries arrived since yesterday (one notice a day)."""
    now = timezone.now()
    today = timezone.localdate(now)
    rows = (
        PracticeLogEntry.objects.filter(
            status=EntryStatus.SUBMITTED, submitted_at__gte=now - datetime.timedelta(days=1)
        )
        # Only what the supervisor can still act on (docs/security.md, "After an agreement
        # ends").
        .filter(SupervisionAgreement.supervisor_access_condition(through="agreement__"))
        .values("agreement__supervisor")
        .annotate(count=Count("pk"))
    )
    counts = {row["agreement__supervisor"]: row["count"] for row in rows}
    sent = 0
    for supervisor in User.objects.filter(pk__in=counts, is_active=True):
        with translation.override(_language(supervisor)):
            notice_deliver(
                recipient=supervisor,
                key=f"digest:{supervisor.pk}:{today.isoformat()}",
                subject=str(_("New practice hours to sign off")),
                body=str(
                    _("%(count)d new entries arrived for your sign-off since yesterday.")
                    % {"count": counts[supervisor.pk]}
                ),
                link=reverse("certification:supervise_home"),
            )
        sent += 1
    return sent


@shared_task
def send_waiting_reminders() -> int:
    """Remind supervisors of entries waiting more than 7 days (once a week per supervisor)."""
    now = timezone.now()
    year, week, _weekday = timezone.localdate(now).isocalendar()
    rows = (
        PracticeLogEntry.objects.filter(
            status=EntryStatus.SUBMITTED, submitted_at__lt=now - WAITING_TOO_LONG
        )
        # Only what the supervisor can still act on (docs/security.md, "After an agreement
        # ends").
        .filter(SupervisionAgreement.supervisor_access_condition(through="agreement__"))
        .values("agreement__supervisor")
        .annotate(count=Count("pk"), oldest=Min("submitted_at"))
    )
    waiting = {row["agreement__supervisor"]: row for row in rows}
    sent = 0
    for supervisor in User.objects.filter(pk__in=waiting, is_active=True):
        row = waiting[supervisor.pk]
        with translation.override(_language(supervisor)):
            notice_deliver(
                recipient=supervisor,
                key=f"waiting:{supervisor.pk}:{year}-W{week:02d}",
                subject=str(_("Practice hours have been waiting over a week")),
                body=str(
                    _(
                        "%(count)d entries have waited more than 7 days for your sign-off, the "
                        "oldest since %(day)s. Trainees cannot count them until you review them."
                    )
                    % {
                        "count": row["count"],
                        "day": date_format(timezone.localdate(row["oldest"]), "DATE_FORMAT"),
                    }
                ),
                link=reverse("certification:supervise_home"),
            )
        sent += 1
    return sent


# ------------------------------------------------------------------------------
# Issued credentials: expiry and reminders (daily, on beat)
# ------------------------------------------------------------------------------
EXPIRY_REMINDER_DAYS = (7, 30, 90)  # tightest first


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def credentials_expiry_daily() -> dict:
    """Mark credentials past their end date expired, and remind holders 90, 30 and 7 days
    before. Idempotent: each reminder has a notice key per credential and threshold, so
    running twice a day (or again after a missed day) sends each one once."""
    today = timezone.localdate()
    expired = credentials_mark_expired(on=today)
    sent = 0
    horizon = today + datetime.timedelta(days=max(EXPIRY_REMINDER_DAYS))
    credentials = (
        IssuedCredential.objects.filter(
            status=CredentialStatus.ACTIVE, expires_on__gte=today, expires_on__lte=horizon
        )
        .select_related("holder", "definition")
        .order_by("pk")
    )
    for credential in credentials:
        days_left = (credential.expires_on - today).days
        threshold = next(days for days in EXPIRY_REMINDER_DAYS if days_left <= days)
        key = f"credential-expiry:{credential.pk}:{threshold}"
        if Notice.objects.filter(key=key).exists():
            continue
        holder = credential.holder
        with translation.override(_language(holder)):
            values = {
                "credential": credential.definition.name,
                "date": date_format(credential.expires_on, "DATE_FORMAT"),
            }
            notice_deliver(
                recipient=holder,
                key=key,
                subject=_("Your %(credential)s credential is valid until %(date)s") % values,
                body=_(
                    "Your %(credential)s credential is valid until %(date)s. Its renewal "
                    "page shows the continuing education this cycle asks for and what you "
                    "have; there is time, and your organisation's staff can help."
                )
                % values,
                link=reverse("certification:credential_renew", args=[credential.pk]),
            )
        sent += 1
    return {"expired": expired, "reminded": sent}
