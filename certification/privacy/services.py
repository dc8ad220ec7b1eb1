"""Data rights: asking for a copy of one's data, and closing an account.

Copies (``export_request``/``export_build``): the request is audited (who asked, for whom, why),
a task builds the zip into private storage, and the link works for
``PEERPATH_RETENTION["data_exports_days"]`` days for the person (and the staff member who asked
on their behalf). Each download is audited too.

Closing (``closure_request``/``closure_cancel``/``closures_complete_due``): asking deletes and
changes nothing; the person can cancel until ``closes_on``. On that day the nightly task
pseudonymises the account and deletes what boards do not rely on (``CLOSURE_DELETES``); it
keeps what they do (signed entries and attendance, sessions, completions, applications,
credentials, the audit trail). The audit chain holds people by id, never by a copy of their
name or email (certification/audit.py), so none of this changes a hashed payload.
"""

from __future__ import annotations

import datetime
import logging

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import ProtectedError
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from certification import audit
from certification.models import Notice
from certification.privacy.models import AccountClosure, DataExport, ExportStatus
from certification.supervision.models import EntryStatus, PracticeLogEntry
from lms import outbox, personal_pages
from lms.accounts.models import (
    JoinRequest,
    PersonalAccessToken,
    Role,
    SelfDescription,
    SignInCode,
    User,
)
from lms.learning.models import (
    AssessmentAttempt,
    ContentNoteAcknowledgement,
    LearningPreference,
    LessonProgress,
    ReflectionDraft,
)
from lms.live_training.models import CalendarFeed, LiveRegistration

logger = logging.getLogger(__name__)

# Practice entries nobody has signed: they leave with the person (signed ones stay).
UNSIGNED_STATUSES = (EntryStatus.DRAFT, EntryStatus.SUBMITTED, EntryStatus.RETURNED)


def export_days() -> int:
    return settings.PEERPATH_RETENTION["data_exports_days"]


def grace_days() -> int:
    return settings.PEERPATH_CLOSURE_GRACE_DAYS


# ------------------------------------------------------------------------------
# A copy of one's data
# ------------------------------------------------------------------------------
def export_request(*, person: User, requested_by: User, reason: str = "") -> DataExport:
    """Queue a copy of ``person``'s data. One at a time: a copy still being prepared is
    returned as it is. Staff asking on someone's behalf give a reason."""
    reason = reason.strip()
    if requested_by.pk != person.pk and not reason:
        raise ValidationError(
            {"reason": _("Please say why you are preparing a copy of this person's data.")},
            code="reason_required",
        )
    with transaction.atomic():
        User.objects.select_for_update().filter(pk=person.pk).first()
        pending = DataExport.objects.filter(
            person=person, status__in=(ExportStatus.QUEUED, ExportStatus.BUILDING)
        ).first()
        if pending is not None:
            return pending
        export = DataExport.objects.create(person=person, requested_by=requested_by, reason=reason)
        audit.record(
            actor=requested_by,
            action="privacy.export",
            target=export,
            after={"person_id": person.pk, "on_behalf": requested_by.pk != person.pk},
        )

        from certification.privacy.tasks import build_data_export

        outbox.enqueue(build_data_export, export.pk)
    return export


def export_downloaded(*, export: DataExport, by: User) -> None:
    with transaction.atomic():
        audit.record(
            actor=by,
            action="privacy.export_download",
            target=export,
            after={"person_id": export.person_id},
        )


# ------------------------------------------------------------------------------
# Closing an account
# ------------------------------------------------------------------------------
def closure_request(*, person: User, today: datetime.date | None = None) -> AccountClosure:
    """Ask to close one's account; it closes after the grace period. Nothing changes now."""
    today = today or timezone.localdate()
    with transaction.atomic():
        existing = AccountClosure.objects.select_for_update().filter(person=person).first()
        if existing is not None:
            return existing
        closure = AccountClosure.objects.create(
            person=person, closes_on=today + datetime.timedelta(days=grace_days())
        )
        audit.record(
            actor=person,
            action="account.close_request",
            target=person,
            after={"closes_on": closure.closes_on.isoformat()},
        )
        transaction.on_commit(lambda: _closure_requested_notice(closure))
    return closure


def _closure_requested_notice(closure: AccountClosure) -> None:
    """Tell the person (by email too) that their account is set to close, and how to keep it:
    if someone else asked in their name, this is how they find out in time."""
    from django.urls import reverse
    from django.utils.formats import date_format

    from certification.notices import language_of, notice_deliver

    person = closure.person
    with translation.override(language_of(person)):
        notice_deliver(
            recipient=person,
            key=f"account-closing-{person.pk}-{closure.requested_at:%Y%m%d%H%M%S}",
            subject=_("Your PeerPath account is set to close"),
            body=_(
                "You asked to close your PeerPath account. It closes on %(date)s. Until then "
                "nothing is deleted: to keep your account, sign in and choose “Keep my "
                "account”. If you did not ask for this, sign in, keep your account and change "
                "your password."
            )
            % {"date": date_format(closure.closes_on, "DATE_FORMAT")},
            link=reverse("certification:privacy_home"),
        )


def closure_cancel(*, person: User) -> bool:
    """Keep the account after all (only before it is closed). True if a request was cancelled."""
    with transaction.atomic():
        closure = (
            AccountClosure.objects.select_for_update()
            .filter(person=person, completed_at__isnull=True)
            .first()
        )
        if closure is None:
            return False
        closure.delete()
        audit.record(actor=person, action="account.close_cancel", target=person)
    return True


def _former_name(person: User) -> str:
    # Stored data, not a page: written in the site's language, like other stored labels.
    is_trainee = person.memberships.filter(role=Role.TRAINEE).exists()
    return f"Former trainee {person.pk}" if is_trainee else f"Former member {person.pk}"


def _delete_counted(removed: dict, key: str, queryset) -> None:
    count, _per_model = queryset.delete()
    if count:
        removed[key] = removed.get(key, 0) + count


def _end_sessions(person: User) -> int:
    """Sign the person out everywhere. (Any session the tracker missed dies anyway: the new
    unusable password no longer matches the session's hash, and inactive people are refused.)"""
    from allauth.usersessions.models import UserSession

    ended = 0
    for session in UserSession.objects.filter(user=person):
        session.end()
        ended += 1
    return ended


def account_close(*, closure: AccountClosure) -> dict:
    """Pseudonymise one account and delete what leaves with the person. Idempotent."""
    from allauth.account.models import EmailAddress
    from allauth.mfa.models import Authenticator

    removed: dict[str, int] = {}
    with transaction.atomic():
        closure = AccountClosure.objects.select_for_update().get(pk=closure.pk)
        if closure.completed_at is not None:
            return closure.removed
        person = User.objects.select_for_update().get(pk=closure.person_id)
        _delete_counted(removed, "reflections", ReflectionDraft.objects.filter(user=person))
        _delete_counted(
            removed,
            "unfinished_assessment_attempts",
            AssessmentAttempt.objects.filter(user=person, submitted_at__isnull=True),
        )
        answered = AssessmentAttempt.objects.filter(user=person).exclude(answers={})
        with personal_pages.announce(people=[person.pk]):
            removed["assessment_answers"] = answered.update(answers={})
        unsigned = PracticeLogEntry.objects.filter(
            trainee=person, status__in=UNSIGNED_STATUSES, corrections__isnull=True
        )
        try:
            _delete_counted(removed, "unsigned_practice_entries", unsigned)
        except ProtectedError:  # pragma: no cover - a correction chain the filter missed
            logger.warning("account_close: unsigned entries of %s kept (referenced)", person.pk)
        _delete_counted(removed, "notices", Notice.objects.filter(recipient=person))
        _delete_counted(removed, "lesson_progress", LessonProgress.objects.filter(user=person))
        _delete_counted(
            removed,
            "content_note_acknowledgements",
            ContentNoteAcknowledgement.objects.filter(user=person),
        )
        _delete_counted(removed, "preferences", LearningPreference.objects.filter(user=person))
        _delete_counted(removed, "about_you", SelfDescription.objects.filter(user=person))
        _delete_counted(removed, "calendar_feeds", CalendarFeed.objects.filter(user=person))
        _delete_counted(
            removed,
            "upcoming_registrations",
            LiveRegistration.objects.filter(trainee=person, session__ends_at__gt=timezone.now()),
        )
        _delete_counted(removed, "join_requests", JoinRequest.objects.filter(user=person))
        _delete_counted(removed, "access_tokens", PersonalAccessToken.objects.filter(user=person))
        _delete_counted(removed, "sign_in_codes", SignInCode.objects.filter(user=person))
        _delete_counted(removed, "email_addresses", EmailAddress.objects.filter(user=person))
        _delete_counted(removed, "two_factor_methods", Authenticator.objects.filter(user=person))
        for export in DataExport.objects.filter(person=person):
            if export.file:
                export.file.delete(save=False)
        _delete_counted(removed, "data_exports", DataExport.objects.filter(person=person))
        removed["sessions"] = _end_sessions(person)
        person.display_name = _former_name(person)
        person.email = None
        person.badge_did = ""
        person.is_active = False
        person.set_unusable_password()
        person.save()
        closure.completed_at = timezone.now()
        closure.removed = {key: value for key, value in removed.items() if value}
        closure.save(update_fields=["completed_at", "removed"])
        audit.record(
            actor=None, action="account.close", target=person, after={"removed": closure.removed}
        )
    return closure.removed


def closures_complete_due(*, today: datetime.date | None = None) -> int:
    """Close every account whose grace period has ended (the nightly task). Returns how many."""
    today = today or timezone.localdate()
    due = AccountClosure.objects.filter(completed_at__isnull=True, closes_on__lte=today)
    closed = 0
    for closure in due.order_by("pk"):
        account_close(closure=closure)
        closed += 1
    if closed:
        logger.info("privacy: %s account(s) closed after their grace period", closed)
    return closed
