"""Writes for live training: scheduling, registration and its waiting list, check-in, calendar
feeds. The roster, its signature and corrections are rosters.py.

Every service is keyword-only, checks permission itself and runs in one transaction. A session's
row is locked (``select_for_update``) whenever seats are counted or attendance changes, so two
people taking the last seat at the same moment never both get it. Email is queued with
``transaction.on_commit`` and sent by tasks, never while a lock is held.
"""

from __future__ import annotations

import datetime
import zoneinfo
from collections.abc import Iterable
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from curriculum.models import ModulePage
from lms import access, outbox, personal_pages
from lms.accounts.models import STAFF_ROLES, Membership, Organization, Role, User
from lms.learning.services import enrollment_for_module
from lms.live_training.credit import suggested_minutes
from lms.live_training.models import (
    AttendanceStatus,
    CalendarFeed,
    LiveAttendance,
    LiveRegistration,
    LiveRosterSignature,
    LiveSeries,
    LiveSession,
    RegistrationStatus,
    SessionDelivery,
)
from lms.live_training.tokens import TokenProblem, read_check_in_token

# Check-in opens a little before the start and closes a little after the end.
CHECK_IN_OPENS_BEFORE = datetime.timedelta(minutes=30)
CHECK_IN_CLOSES_AFTER = datetime.timedelta(minutes=30)
# Arriving later than this after the start marks a person late; leaving this much before the end
# marks them as having left early.
LATE_AFTER = datetime.timedelta(minutes=10)
EARLY_BEFORE = datetime.timedelta(minutes=10)
# A second scan this soon after checking in is taken as a double tap, not a check-out.
CHECK_OUT_NOT_BEFORE = datetime.timedelta(minutes=5)
MAX_SERIES_SESSIONS = 52


# Changes to these fields are news for the people registered.
NOTEWORTHY_FIELDS = ("starts_at", "ends_at", "delivery", "place", "meeting_link")
SESSION_FIELDS = (
    "title",
    "delivery",
    "place",
    "meeting_link",
    "starts_at",
    "ends_at",
    "capacity",
    "registration_closes_at",
)


def _queue_notice(kind: str, registration_ids: list[int]) -> None:
    if not registration_ids:
        return
    from lms.live_training.tasks import send_live_session_notice

    for pk in registration_ids:
        outbox.enqueue(send_live_session_notice, pk, kind)


# ------------------------------------------------------------------------------
# Scheduling (staff)
# ------------------------------------------------------------------------------
def _ensure_staff_of(actor: User, organization: Organization) -> None:
    if not access.staffed_organizations(actor).filter(pk=organization.pk).exists():
        raise PermissionDenied(
            _("Only staff of %(organization)s schedule its sessions.")
            % {"organization": organization}
        )


def _ensure_may_facilitate(facilitators: Iterable[User], organization: Organization) -> list[User]:
    facilitators = list(facilitators)
    allowed = set(
        Membership.objects.filter(
            organization=organization,
            user__in=facilitators,
            role__in=[Role.FACILITATOR, *STAFF_ROLES],
        ).values_list("user_id", flat=True)
    )
    refused = [person for person in facilitators if person.pk not in allowed]
    if refused:
        raise ValidationError(
            {
                "facilitators": _(
                    "%(names)s cannot facilitate here: a facilitator is a facilitator or staff "
                    "member of %(organization)s."
                )
                % {
                    "names": ", ".join(person.display_name for person in refused),
                    "organization": organization,
                }
            }
        )
    return facilitators


def _ensure_module_has_live_part(module: ModulePage, part: int) -> None:
    if not module.live:
        raise ValidationError({"module": _("This module is not published at the moment.")})
    if not module.credits_live:
        raise ValidationError(
            {
                "module": _(
                    "“%(module)s” earns its hours online only. An editor can give it live "
                    "sessions (Hours tab) before you schedule them."
                )
                % {"module": module.title}
            }
        )
    if not 1 <= part <= module.live_session_count:
        raise ValidationError(
            {
                "part": _(
                    "“%(module)s” has %(count)s live sessions: choose a part from 1 to %(count)s."
                )
                % {"module": module.title, "count": module.live_session_count}
            }
        )


def _full_clean(session: LiveSession) -> None:
    try:
        session.full_clean(exclude=["module", "organization", "series", "created_by"])
    except ValidationError as error:
        raise ValidationError(error.message_dict) from error


def live_session_schedule(
    *,
    actor: User,
    organization: Organization,
    module: ModulePage,
    starts_at: datetime.datetime,
    ends_at: datetime.datetime,
    capacity: int,
    delivery: str = SessionDelivery.IN_PERSON,
    place: str = "",
    meeting_link: str = "",
    facilitators: Iterable[User] = (),
    part: int = 1,
    title: str = "",
    registration_closes_at: datetime.datetime | None = None,
    series: LiveSeries | None = None,
) -> LiveSession:
    """Schedule one session of a module's live part, in the organisation's time zone."""
    _ensure_staff_of(actor, organization)
    _ensure_module_has_live_part(module, part)
    facilitators = _ensure_may_facilitate(facilitators, organization)
    if timezone.is_naive(starts_at) or timezone.is_naive(ends_at):
        raise ValueError("Pass aware datetimes (see local_datetime).")
    session = LiveSession(
        organization=organization,
        module=module,
        series=series,
        part=part,
        title=title.strip(),
        delivery=delivery,
        place=place.strip(),
        meeting_link=meeting_link.strip(),
        starts_at=starts_at,
        ends_at=ends_at,
        time_zone=organization.time_zone,
        capacity=capacity,
        registration_closes_at=registration_closes_at or starts_at,
        created_by=actor,
    )
    _full_clean(session)
    with transaction.atomic():
        session.save()
        session.facilitators.set(facilitators)
    return session


def local_datetime(day: datetime.date, time: datetime.time, time_zone: str) -> datetime.datetime:
    """A wall-clock time in a zone as an aware datetime (18:00 stays 18:00 across a change to or
    from daylight saving time). A time the clocks skip is moved forward by the gap."""
    zone = zoneinfo.ZoneInfo(time_zone)
    naive = datetime.datetime.combine(day, time)
    aware = naive.replace(tzinfo=zone)
    # Round-trip through UTC: a wall time that does not exist (the spring gap) normalises.
    return aware.astimezone(datetime.UTC).astimezone(zone)


@dataclass(frozen=True)
class SeriesPlan:
    """A weekly (or other) series, in the organisation's wall-clock time."""

    first_day: datetime.date
    start_time: datetime.time
    duration_minutes: int
    count: int
    every_days: int = 7
    first_part: int = 1
    each_session_next_part: bool = True


def live_series_schedule(
    *,
    actor: User,
    organization: Organization,
    module: ModulePage,
    plan: SeriesPlan,
    capacity: int,
    delivery: str = SessionDelivery.IN_PERSON,
    place: str = "",
    meeting_link: str = "",
    facilitators: Iterable[User] = (),
    title: str = "",
) -> LiveSeries:
    """Schedule a series in one step: ``plan.count`` sessions, ``plan.every_days`` apart, each at
    the same local time. Sessions cover parts ``first_part``, ``first_part + 1``... (a course), or
    all the same part (the same session offered on several days)."""
    _ensure_staff_of(actor, organization)
    if not 1 <= plan.count <= MAX_SERIES_SESSIONS:
        raise ValidationError(
            {"count": _("A series has 1 to %(max)s sessions.") % {"max": MAX_SERIES_SESSIONS}}
        )
    if plan.duration_minutes < 15 or plan.duration_minutes > 12 * 60:
        raise ValidationError(
            {"duration_minutes": _("A session lasts from 15 minutes to 12 hours.")}
        )
    if plan.every_days < 1:
        raise ValidationError({"every_days": _("Sessions are at least a day apart.")})
    last_part = plan.first_part + (plan.count - 1 if plan.each_session_next_part else 0)
    _ensure_module_has_live_part(module, plan.first_part)
    _ensure_module_has_live_part(module, last_part)
    facilitators = _ensure_may_facilitate(facilitators, organization)
    with transaction.atomic():
        series = LiveSeries.objects.create(
            organization=organization, module=module, title=title.strip(), created_by=actor
        )
        for index in range(plan.count):
            day = plan.first_day + datetime.timedelta(days=plan.every_days * index)
            starts_at = local_datetime(day, plan.start_time, organization.time_zone)
            live_session_schedule(
                actor=actor,
                organization=organization,
                module=module,
                starts_at=starts_at,
                ends_at=starts_at + datetime.timedelta(minutes=plan.duration_minutes),
                capacity=capacity,
                delivery=delivery,
                place=place,
                meeting_link=meeting_link,
                facilitators=facilitators,
                part=plan.first_part + (index if plan.each_session_next_part else 0),
                title=title,
                series=series,
            )
    return series


def _promote_from_waiting_list(session: LiveSession, *, now: datetime.datetime) -> list[int]:
    """Fill free seats from the waiting list, first come first served (session row locked)."""
    if session.is_cancelled or now >= session.starts_at:
        return []
    registered = session.registrations.filter(status=RegistrationStatus.REGISTERED).count()
    free = session.capacity - registered
    if free <= 0:
        return []
    waiting = list(
        session.registrations.filter(status=RegistrationStatus.WAITLISTED).order_by(
            "waitlisted_at", "pk"
        )[:free]
    )
    for registration in waiting:
        registration.status = RegistrationStatus.REGISTERED
        registration.promoted_at = now
        registration.save(update_fields=["status", "promoted_at"])
    return [registration.pk for registration in waiting]


def live_session_update(*, actor: User, session: LiveSession, **changes) -> LiveSession:
    """Change a session; the people registered (and waiting) hear about a new time or place."""
    unknown = set(changes) - set(SESSION_FIELDS) - {"facilitators"}
    if unknown:
        raise ValueError(f"Not session fields: {sorted(unknown)}")
    if not access.live_sessions_scheduled_by(actor).filter(pk=session.pk).exists():
        raise PermissionDenied(_("Only the organisation's staff change its sessions."))
    now = timezone.now()
    with transaction.atomic():
        session = LiveSession.objects.select_for_update().get(pk=session.pk)
        if session.is_cancelled:
            raise ValidationError(_("This session was cancelled, so it cannot change."))
        if hasattr(session, "roster_signature"):
            raise ValidationError(_("The roster of this session is signed, so it cannot change."))
        facilitators = changes.pop("facilitators", None)
        before = {name: getattr(session, name) for name in NOTEWORTHY_FIELDS}
        for name, value in changes.items():
            setattr(session, name, value.strip() if isinstance(value, str) else value)
        registered = session.registrations.filter(status=RegistrationStatus.REGISTERED).count()
        if session.capacity < registered:
            raise ValidationError(
                {
                    "capacity": _(
                        "%(count)s people are registered: keep at least %(count)s seats, or "
                        "cancel the session."
                    )
                    % {"count": registered}
                }
            )
        _full_clean(session)
        session.save()
        if facilitators is not None:
            session.facilitators.set(_ensure_may_facilitate(facilitators, session.organization))
        promoted = _promote_from_waiting_list(session, now=now)
        changed = [name for name in NOTEWORTHY_FIELDS if getattr(session, name) != before[name]]
        if changed:
            affected = list(
                session.registrations.filter(
                    status__in=[RegistrationStatus.REGISTERED, RegistrationStatus.WAITLISTED]
                )
                .exclude(pk__in=promoted)
                .values_list("pk", flat=True)
            )
            _queue_notice("changed", affected)
        _queue_notice("promoted", promoted)
    return session


def live_session_cancel(*, actor: User, session: LiveSession, reason: str) -> LiveSession:
    """Cancel a session; everyone registered or waiting hears why. No reminders follow."""
    if not access.live_sessions_scheduled_by(actor).filter(pk=session.pk).exists():
        raise PermissionDenied(_("Only the organisation's staff cancel its sessions."))
    if not reason.strip():
        raise ValidationError(
            {"reason": _("Say in a few words why, so the people registered understand.")}
        )
    with transaction.atomic():
        session = LiveSession.objects.select_for_update().get(pk=session.pk)
        if session.is_cancelled:
            return session
        if hasattr(session, "roster_signature"):
            raise ValidationError(_("The roster of this session is signed, so it cannot change."))
        session.cancelled_at = timezone.now()
        session.cancelled_by = actor
        session.cancellation_reason = reason.strip()
        session.save(update_fields=["cancelled_at", "cancelled_by", "cancellation_reason"])
        affected = list(
            session.registrations.filter(
                status__in=[RegistrationStatus.REGISTERED, RegistrationStatus.WAITLISTED]
            ).values_list("pk", flat=True)
        )
        _queue_notice("cancelled", affected)
    return session


# ------------------------------------------------------------------------------
# Registration (trainees)
# ------------------------------------------------------------------------------
def _when(session: LiveSession) -> str:
    return date_format(session.local_starts_at, "DATETIME_FORMAT")


def live_registration_create(
    *, trainee: User, session: LiveSession, now: datetime.datetime | None = None
) -> LiveRegistration:
    """Take a seat, or a place on the waiting list when the session is full. Idempotent.

    The session's row is locked while seats are counted, so of two people asking for the last
    seat at the same moment exactly one gets it; the other waits for a seat.
    """
    now = now or timezone.now()
    if not Membership.objects.filter(
        user=trainee, organization_id=session.organization_id, role=Role.TRAINEE
    ).exists():
        raise PermissionDenied(
            _("This session is for trainees of %(organization)s.")
            % {"organization": session.organization}
        )
    module = ModulePage.objects.get(pk=session.module_id)
    if enrollment_for_module(user=trainee, module=module) is None:
        raise ValidationError(
            _("Enrol in “%(module)s” first; then you can register for its live sessions.")
            % {"module": module.title},
            code="not_enrolled",
        )
    with transaction.atomic():
        session = LiveSession.objects.select_for_update().get(pk=session.pk)
        existing = LiveRegistration.objects.filter(session=session, trainee=trainee).first()
        if existing is not None and existing.status != RegistrationStatus.CANCELLED:
            return existing
        if session.is_cancelled:
            raise ValidationError(_("This session was cancelled."), code="cancelled")
        if now >= session.registration_closes_at:
            raise ValidationError(
                _("Registration for this session has closed."), code="registration_closed"
            )
        other = (
            LiveRegistration.objects.filter(
                trainee=trainee,
                status__in=[RegistrationStatus.REGISTERED, RegistrationStatus.WAITLISTED],
                session__module_id=session.module_id,
                session__part=session.part,
                session__cancelled_at__isnull=True,
                session__ends_at__gt=now,
            )
            .exclude(session=session)
            .select_related("session")
            .first()
        )
        if other is not None:
            raise ValidationError(
                _(
                    "You already have a place in another session of this part, on %(when)s. "
                    "Cancel that one first if this one suits you better."
                )
                % {"when": _when(other.session)},
                code="same_part",
            )
        registered = session.registrations.filter(status=RegistrationStatus.REGISTERED).count()
        status = (
            RegistrationStatus.REGISTERED
            if registered < session.capacity
            else RegistrationStatus.WAITLISTED
        )
        values = {
            "status": status,
            "created_at": now,
            "waitlisted_at": now if status == RegistrationStatus.WAITLISTED else None,
            "promoted_at": None,
            "cancelled_at": None,
            "reminded_day_before_at": None,
            "reminded_hour_before_at": None,
        }
        if existing is None:
            registration = LiveRegistration.objects.create(
                session=session, trainee=trainee, **values
            )
        else:
            for name, value in values.items():
                setattr(existing, name, value)
            existing.save()
            registration = existing
    return registration


def live_registration_cancel(
    *, trainee: User, session: LiveSession, now: datetime.datetime | None = None
) -> LiveRegistration:
    """Give up a seat (or a place on the waiting list) until the session starts; the first
    person waiting gets the seat and a notice."""
    now = now or timezone.now()
    with transaction.atomic():
        session = LiveSession.objects.select_for_update().get(pk=session.pk)
        registration = (
            LiveRegistration.objects.filter(
                session=session,
                trainee=trainee,
                status__in=[RegistrationStatus.REGISTERED, RegistrationStatus.WAITLISTED],
            )
            .select_for_update()
            .first()
        )
        if registration is None:
            raise ValidationError(_("You are not registered for this session."), code="none")
        if now >= session.starts_at:
            raise ValidationError(
                _(
                    "The session has started, so the registration can no longer be cancelled "
                    "here. If you cannot come, let the facilitator know; nothing is held "
                    "against you."
                ),
                code="started",
            )
        was_registered = registration.status == RegistrationStatus.REGISTERED
        registration.status = RegistrationStatus.CANCELLED
        registration.cancelled_at = now
        registration.save(update_fields=["status", "cancelled_at"])
        if was_registered:
            _queue_notice("promoted", _promote_from_waiting_list(session, now=now))
    return registration


# ------------------------------------------------------------------------------
# Attendance: check-in and check-out by the rotating code
# ------------------------------------------------------------------------------
def _session_signed(session: LiveSession) -> bool:
    return LiveRosterSignature.objects.filter(session=session).exists()


@dataclass(frozen=True)
class CheckInResult:
    action: str  # "checked_in", "checked_out", "already_in", "already_out"
    attendance: LiveAttendance
    session: LiveSession


TOKEN_MESSAGES = {
    "forged": lambda: _(
        "This code is not one of ours, so it could not check you in. Please scan the code on "
        "the facilitator's screen again."
    ),
    "expired": lambda: _(
        "This code has expired: the code on the screen changes every 30 seconds. Please scan "
        "the one showing now."
    ),
}


def attendance_check_in(
    *, trainee: User, token: str, now: datetime.datetime | None = None
) -> CheckInResult:
    """A registered trainee scans the code: the first scan checks in, a later one checks out."""
    now = now or timezone.now()
    try:
        parsed = read_check_in_token(token, now=now)
    except TokenProblem as problem:
        raise ValidationError(TOKEN_MESSAGES[problem.code](), code=problem.code) from problem
    with transaction.atomic():
        session = LiveSession.objects.select_for_update().filter(pk=parsed.session_id).first()
        if session is None:
            raise ValidationError(TOKEN_MESSAGES["forged"](), code="forged")
        if session.is_cancelled:
            raise ValidationError(_("This session was cancelled."), code="cancelled")
        if _session_signed(session) or now > session.ends_at + CHECK_IN_CLOSES_AFTER:
            raise ValidationError(
                _(
                    "Attendance for this session is closed. If you were there, please talk to "
                    "the facilitator: they can correct the record."
                ),
                code="closed",
            )
        if now < session.starts_at - CHECK_IN_OPENS_BEFORE:
            raise ValidationError(
                _("Check-in opens 30 minutes before the session starts."), code="not_open"
            )
        attendance = LiveAttendance.objects.filter(session=session, trainee=trainee).first()
        registered = LiveRegistration.objects.filter(
            session=session, trainee=trainee, status=RegistrationStatus.REGISTERED
        ).exists()
        if attendance is None and not registered:
            raise ValidationError(
                _(
                    "You are not registered for this session, so we could not check you in. "
                    "Please talk to the facilitator: they can add you."
                ),
                code="not_registered",
            )
        if attendance is None:
            attendance = LiveAttendance(
                session=session, trainee=trainee, modality=session.default_attendance_modality
            )
        if attendance.checked_in_at is None:
            attendance.checked_in_at = now
            if not attendance.status or attendance.status == AttendanceStatus.ABSENT:
                attendance.status = (
                    AttendanceStatus.LATE
                    if now > session.starts_at + LATE_AFTER
                    else AttendanceStatus.PRESENT
                )
            action = "checked_in"
        elif attendance.checked_out_at is not None:
            return CheckInResult("already_out", attendance, session)
        elif now - attendance.checked_in_at < CHECK_OUT_NOT_BEFORE:
            return CheckInResult("already_in", attendance, session)
        else:
            attendance.checked_out_at = now
            if now < session.ends_at - EARLY_BEFORE:
                attendance.status = AttendanceStatus.LEFT_EARLY
            action = "checked_out"
        attendance.minutes = suggested_minutes(session, attendance)
        attendance.save()
    return CheckInResult(action, attendance, session)


# ------------------------------------------------------------------------------
# Calendar feeds
# ------------------------------------------------------------------------------
def calendar_feed_create(*, user: User) -> tuple[CalendarFeed, str]:
    """A new secret feed address; any earlier one stops working. Returns (feed, token)."""
    token = CalendarFeed.new_token()
    with transaction.atomic(), personal_pages.announce(people=[user.pk]):
        CalendarFeed.objects.filter(user=user, revoked_at__isnull=True).update(
            revoked_at=timezone.now()
        )
        feed = CalendarFeed.objects.create(user=user, token_digest=CalendarFeed.digest(token))
    return feed, token


def calendar_feed_revoke(*, user: User) -> int:
    with personal_pages.announce(people=[user.pk]):
        return CalendarFeed.objects.filter(user=user, revoked_at__isnull=True).update(
            revoked_at=timezone.now()
        )


def calendar_feed_owner(token: str) -> User | None:
    feed = (
        CalendarFeed.objects.filter(
            token_digest=CalendarFeed.digest(token), revoked_at__isnull=True
        )
        .select_related("user")
        .first()
    )
    if feed is None or not feed.user.is_active:
        return None
    return feed.user
