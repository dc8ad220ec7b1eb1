"""The attendance roster of a live session (facilitators): marking, walk-ins, signing, and
signed corrections afterwards. Signing credits the time attended toward module completion.

Keyword-only services that check permission themselves and run in one transaction, like
services.py (scheduling, registration, check-in), whose locks and rules they share.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from curriculum.models import ModulePage
from lms import access, personal_pages, xapi
from lms.accounts.models import Membership, Role, User
from lms.learning.services import module_completion_check
from lms.live_training.credit import suggested_minutes
from lms.live_training.models import (
    ATTENDED_STATUSES,
    AttendanceModality,
    AttendanceStatus,
    LiveAttendance,
    LiveAttendanceCorrection,
    LiveRegistration,
    LiveRosterSignature,
    LiveSession,
    RegistrationStatus,
)
from lms.live_training.services import _session_signed  # noqa: E402
from lms.signals import live_attendance_signed
from lms.signatures import ensure_signature_matches

ROSTER_ATTESTATION = gettext_lazy(
    "I facilitated this session, and this roster is a true record of who attended it and for "
    "how long."
)


# ------------------------------------------------------------------------------
# The roster (facilitators): marking, walk-ins, signing, corrections
# ------------------------------------------------------------------------------
def _ensure_runs(actor: User, session: LiveSession) -> None:
    if not access.may_run_session(actor, session):
        raise PermissionDenied(_("You do not facilitate this session."))


def _clean_mark(session: LiveSession, *, status: str, minutes, modality: str) -> int:
    errors = {}
    if status not in AttendanceStatus.values:
        errors["status"] = _("Choose present, late, left early, absent or excused.")
    if modality not in AttendanceModality.values:
        errors["modality"] = _("Choose in person or live online.")
    if status in ATTENDED_STATUSES:
        if minutes is None:
            minutes = session.duration_minutes
        if not 1 <= int(minutes) <= session.duration_minutes:
            errors["minutes"] = _(
                "Enter the minutes attended, from 1 to %(max)s (the session's length)."
            ) % {"max": session.duration_minutes}
    else:
        minutes = 0
    if errors:
        raise ValidationError(errors)
    return int(minutes)


def attendance_mark(
    *,
    actor: User,
    session: LiveSession,
    trainee: User,
    status: str,
    minutes: int | None = None,
    modality: str | None = None,
    walk_in: bool = False,
) -> LiveAttendance:
    """The facilitator records one person's attendance before signing the roster. A walk-in
    (someone not registered) must be a trainee of the organisation."""
    _ensure_runs(actor, session)
    modality = modality or session.default_attendance_modality
    minutes = _clean_mark(session, status=status, minutes=minutes, modality=modality)
    with transaction.atomic():
        session = LiveSession.objects.select_for_update().get(pk=session.pk)
        if session.is_cancelled:
            raise ValidationError(_("This session was cancelled."))
        if _session_signed(session):
            raise ValidationError(
                _("The roster is signed. To change it, record a signed correction.")
            )
        attendance = LiveAttendance.objects.filter(session=session, trainee=trainee).first()
        if attendance is None:
            registered = LiveRegistration.objects.filter(
                session=session, trainee=trainee, status=RegistrationStatus.REGISTERED
            ).exists()
            if not registered:
                if not walk_in:
                    raise ValidationError(_("This person is not registered for the session."))
                if not Membership.objects.filter(
                    user=trainee, organization_id=session.organization_id, role=Role.TRAINEE
                ).exists():
                    raise ValidationError(
                        {
                            "trainee": _(
                                "Walk-ins are trainees of %(organization)s; ask staff to add "
                                "this person first."
                            )
                            % {"organization": session.organization}
                        }
                    )
            attendance = LiveAttendance(session=session, trainee=trainee, walk_in=not registered)
        attendance.status = status
        attendance.minutes = minutes
        attendance.modality = modality
        attendance.marked_by = actor
        attendance.save()
    return attendance


def _roster_snapshot(attendances: list[LiveAttendance]) -> list[dict]:
    return [
        {
            "attendance_id": attendance.pk,
            "trainee_id": attendance.trainee_id,
            "name": attendance.trainee.display_name,
            "status": attendance.status,
            "minutes": attendance.minutes or 0,
            "modality": attendance.modality,
            "walk_in": attendance.walk_in,
            "checked_in_at": attendance.checked_in_at.isoformat()
            if attendance.checked_in_at
            else None,
            "checked_out_at": attendance.checked_out_at.isoformat()
            if attendance.checked_out_at
            else None,
        }
        for attendance in attendances
    ]


def _credit_completions(session: LiveSession, trainee_ids: Iterable[int]) -> None:
    """Completing the session's part may complete the module for these people."""
    module = ModulePage.objects.get(pk=session.module_id)
    for trainee in User.objects.filter(pk__in=list(trainee_ids)):
        module_completion_check(user=trainee, module=module)


def roster_sign(
    *,
    actor: User,
    session: LiveSession,
    signature: str,
    attested: bool,
    now: datetime.datetime | None = None,
) -> LiveRosterSignature:
    """Close the session's attendance with the facilitator's signature.

    People registered who never checked in and were not marked are recorded absent; people
    checked in and not marked keep what their scans say. The signed rows never change again
    (corrections are new records), and the signature goes into the audit trail.
    """
    _ensure_runs(actor, session)
    ensure_signature_matches(person=actor, signature=signature, attested=attested)
    now = now or timezone.now()
    with transaction.atomic():
        session = LiveSession.objects.select_for_update().get(pk=session.pk)
        if session.is_cancelled:
            raise ValidationError(_("This session was cancelled."))
        if _session_signed(session):
            raise ValidationError(_("This roster is already signed."), code="signed")
        if now < session.starts_at:
            raise ValidationError(
                _("You can sign the roster once the session has started."), code="not_started"
            )
        marked = set(
            LiveAttendance.objects.filter(session=session).values_list("trainee_id", flat=True)
        )
        unmarked = (
            LiveRegistration.objects.filter(session=session, status=RegistrationStatus.REGISTERED)
            .exclude(trainee_id__in=marked)
            .values_list("trainee_id", flat=True)
        )
        registered = list(
            LiveRegistration.objects.filter(session=session).values_list("trainee_id", flat=True)
        )
        announced = personal_pages.announce(
            people=[*marked, *registered], shared=[session.organization_id]
        )
        with announced:
            LiveAttendance.objects.bulk_create(
                LiveAttendance(
                    session=session,
                    trainee_id=trainee_id,
                    status=AttendanceStatus.ABSENT,
                    minutes=0,
                    modality=session.default_attendance_modality,
                    marked_by=actor,
                )
                for trainee_id in unmarked
            )
        attendances = list(
            LiveAttendance.objects.filter(session=session)
            .select_related("trainee")
            .order_by("trainee__display_name", "pk")
        )
        for attendance in attendances:
            if not attendance.status:
                attendance.status = AttendanceStatus.ABSENT
            if attendance.status in ATTENDED_STATUSES:
                if not attendance.minutes:
                    attendance.minutes = suggested_minutes(session, attendance)
            else:
                attendance.minutes = 0
            attendance.signed_at = now
        with announced:
            LiveAttendance.objects.bulk_update(attendances, ["status", "minutes", "signed_at"])
        roster = _roster_snapshot(attendances)
        signed = LiveRosterSignature.objects.create(
            session=session,
            signed_by=actor,
            signature=signature.strip(),
            attestation=str(ROSTER_ATTESTATION),
            signed_at=now,
            roster=roster,
        )
        live_attendance_signed.send(
            sender=LiveRosterSignature,
            actor=actor,
            action="live.roster_signed",
            target=signed,
            after={
                "session_id": session.pk,
                "module_id": session.module_id,
                "starts_at": session.starts_at.isoformat(),
                "ends_at": session.ends_at.isoformat(),
                "signature": signed.signature,
                "attestation": signed.attestation,
                "roster": roster,
            },
        )
        for attendance in attendances:
            if attendance.status in ATTENDED_STATUSES and attendance.minutes:
                xapi.statement_record(
                    key=("live-attended", attendance.pk),
                    person=attendance.trainee,
                    verb="attended",
                    obj=xapi.activity(
                        "meeting", f"/learn/sessions/{session.pk}/", session.title or str(session)
                    ),
                    result={
                        "completion": True,
                        "duration": f"PT{int(attendance.minutes)}M",
                    },
                    when=session.ends_at,
                )
        _credit_completions(
            session,
            [attendance.trainee_id for attendance in attendances if attendance.minutes],
        )
    return signed


def attendance_correct(
    *,
    actor: User,
    attendance: LiveAttendance,
    status: str,
    minutes: int | None,
    modality: str,
    reason: str,
    signature: str,
    attested: bool,
) -> LiveAttendanceCorrection:
    """Correct signed attendance with a new signed record; the original stays as signed."""
    session = attendance.session
    _ensure_runs(actor, session)
    ensure_signature_matches(person=actor, signature=signature, attested=attested)
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the record changes.")})
    minutes = _clean_mark(session, status=status, minutes=minutes, modality=modality)
    with transaction.atomic():
        session = LiveSession.objects.select_for_update().get(pk=session.pk)
        attendance = LiveAttendance.objects.get(pk=attendance.pk)
        if attendance.signed_at is None:
            raise ValidationError(
                _("This roster is not signed yet: change the attendance on the roster itself.")
            )
        correction = LiveAttendanceCorrection.objects.create(
            attendance=attendance,
            status=status,
            minutes=minutes,
            modality=modality,
            reason=reason.strip(),
            signed_by=actor,
            signature=signature.strip(),
        )
        live_attendance_signed.send(
            sender=LiveAttendanceCorrection,
            actor=actor,
            action="live.attendance_corrected",
            target=correction,
            after={
                "attendance_id": attendance.pk,
                "session_id": session.pk,
                "trainee_id": attendance.trainee_id,
                "status": status,
                "minutes": minutes,
                "modality": modality,
                "reason": correction.reason,
                "signature": correction.signature,
            },
        )
        if minutes:
            _credit_completions(session, [attendance.trainee_id])
    return correction
