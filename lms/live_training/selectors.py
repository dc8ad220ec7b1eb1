"""Reads behind the live-training pages, each with a fixed number of queries whatever the number
of sessions, registrations and people (pinned in tests/lms/live_training/test_queries.py)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce, Left, Length
from django.utils import timezone

from wagtail.models import Page

from lms import access
from lms.accounts.models import Role, User
from lms.learning.models import Enrollment
from lms.live_training.credit import (
    effective_attendance,
    session_credit_hours,
    suggested_minutes,
)
from lms.live_training.models import (
    AttendanceStatus,
    LiveAttendance,
    LiveAttendanceCorrection,
    LiveRegistration,
    LiveRosterSignature,
    LiveSession,
    RegistrationStatus,
)
from lms.one_trip import OneTrip, as_datetime

ACTIVE = (RegistrationStatus.REGISTERED, RegistrationStatus.WAITLISTED)
OPEN_SESSIONS_SHOWN = 50


def with_seat_counts(sessions: QuerySet[LiveSession]) -> QuerySet[LiveSession]:
    """Annotate ``seats_taken``, ``waiting`` and ``is_signed`` (no extra query)."""
    return sessions.annotate(
        seats_taken=Count(
            "registrations",
            filter=Q(registrations__status=RegistrationStatus.REGISTERED),
            distinct=True,
        ),
        waiting=Count(
            "registrations",
            filter=Q(registrations__status=RegistrationStatus.WAITLISTED),
            distinct=True,
        ),
        is_signed=Exists(LiveRosterSignature.objects.filter(session=OuterRef("pk"))),
    )


# ------------------------------------------------------------------------------
# Trainees: their sessions, and the sessions they may register for
# ------------------------------------------------------------------------------
@dataclass
class TraineeSessions:
    upcoming: list[LiveRegistration] = field(default_factory=list)
    available: list[LiveSession] = field(default_factory=list)

    def changes_at(self) -> datetime.datetime | None:
        """When time alone next changes these lists: a session ends, or its registration
        closes (a page showing them is kept no longer: lms/personal_pages.py)."""
        moments = [registration.session.ends_at for registration in self.upcoming]
        moments += [session.registration_closes_at for session in self.available]
        return min(moments, default=None)


def _enrolled_modules_filter(user: User) -> tuple[Q, Left]:
    """Sessions of modules this person is enrolled in, on their own or through their program
    (the program is the module page's parent: its path less the last step). Returns the filter
    and the ``parent_path`` alias it needs; no query of its own (two subqueries)."""
    module_enrolments = Enrollment.objects.filter(user=user, module__isnull=False).values(
        "module_id"
    )
    parent_path = Left("module__path", Length("module__path") - Page.steplen)
    program_enrolment = Enrollment.objects.filter(
        user=user, program__isnull=False, program__path=OuterRef("parent_path")
    )
    return Q(module_id__in=module_enrolments) | Q(Exists(program_enrolment)), parent_path


def _upcoming_registrations(user: User, now: datetime.datetime) -> QuerySet[LiveRegistration]:
    """The person's registrations for sessions not yet over, with their place on a waiting
    list."""
    position = (
        LiveRegistration.objects.filter(
            session=OuterRef("session"),
            status=RegistrationStatus.WAITLISTED,
            waitlisted_at__lte=OuterRef("waitlisted_at"),
        )
        .order_by()
        .values("session")
        .annotate(ahead=Count("pk"))
        .values("ahead")[:1]
    )
    return (
        LiveRegistration.objects.filter(trainee=user, status__in=ACTIVE, session__ends_at__gt=now)
        .select_related("session__organization", "session__module")
        .annotate(waitlist_position=Coalesce(Subquery(position), 0))
        .order_by("session__starts_at", "pk")
    )


def _open_sessions(user: User, now: datetime.datetime, *, mine) -> QuerySet[LiveSession]:
    """Sessions open to the person for registration, but those in ``mine`` (session ids)."""
    enrolled, parent_path = _enrolled_modules_filter(user)
    return (
        access.live_sessions_open_to_trainee(user)
        .alias(parent_path=parent_path)
        .filter(enrolled)
        .filter(cancelled_at__isnull=True, registration_closes_at__gt=now)
        .exclude(pk__in=mine)
    )


def overview_queries(*, user_id: int, now: datetime.datetime) -> dict:
    """What /learn/ needs to know, as plain rows: which registrations are upcoming, and the
    open sessions' ids and closing moments."""
    user = User(pk=user_id)  # only its id is read (a superuser's sessions are read apart)
    upcoming = _upcoming_registrations(user, now)
    return {
        "upcoming": upcoming.values_list("pk"),
        "available": _open_sessions(user, now, mine=upcoming.values("session_id"))
        .order_by("starts_at", "pk")
        .values_list("pk", "registration_closes_at")[:OPEN_SESSIONS_SHOWN],
    }


_OVERVIEW = OneTrip(
    overview_queries,
    stand_ins=(
        {"user_id": -7_000_001, "now": datetime.datetime(1901, 2, 3, 4, 5, tzinfo=datetime.UTC)},
        {"user_id": -7_000_002, "now": datetime.datetime(1902, 3, 4, 5, 6, tzinfo=datetime.UTC)},
    ),
)


def trainee_sessions(
    *,
    user: User,
    now: datetime.datetime | None = None,
    detail: bool = True,
    overview_rows: dict | None = None,
) -> TraineeSessions:
    """What /learn/ and /learn/sessions/ show a trainee: their upcoming registrations (with their
    place on a waiting list) and the sessions open to them. Two queries (/learn/: one, and a
    second only for someone with registrations).

    Without ``detail`` (/learn/, which shows how many sessions are open, not which), the open
    sessions carry only their id and the moment their registration closes (``changes_at``):
    no seat counts, organisation or module; both are read in one statement (lms.one_trip), and
    the registrations whole only when there are some. ``overview_rows``: those of
    ``overview_queries`` for ``now``, when /learn/ read them with the rest of the page."""
    now = now or timezone.now()
    if not detail and not user.is_superuser:
        rows = (
            overview_rows if overview_rows is not None else _OVERVIEW.read(user_id=user.pk, now=now)
        )
        upcoming_ids = [pk for (pk,) in rows["upcoming"]]
        upcoming = (
            list(_upcoming_registrations(user, now).filter(pk__in=upcoming_ids))
            if upcoming_ids
            else []
        )
        fields = ["id", "registration_closes_at"]
        available = [
            LiveSession.from_db("default", fields, [pk, as_datetime(closes_at)])
            for pk, closes_at in rows["available"]
        ]
        return TraineeSessions(upcoming=upcoming, available=available)
    upcoming = list(_upcoming_registrations(user, now))
    open_sessions = _open_sessions(
        user, now, mine={registration.session_id for registration in upcoming}
    )
    if detail:
        open_sessions = with_seat_counts(open_sessions).select_related("organization", "module")
    else:
        open_sessions = open_sessions.only("pk", "registration_closes_at")
    available = list(open_sessions.order_by("starts_at", "pk")[:OPEN_SESSIONS_SHOWN])
    return TraineeSessions(upcoming=upcoming, available=available)


def session_for_trainee(*, user: User, pk: int) -> LiveSession | None:
    """One session as a trainee may see it (their organisation's), with their registration."""
    session = (
        with_seat_counts(access.live_sessions_open_to_trainee(user))
        .select_related("organization", "module")
        .filter(pk=pk)
        .first()
    )
    if session is not None:
        session.my_registration = LiveRegistration.objects.filter(
            session=session, trainee=user
        ).first()
    return session


def calendar_sessions(*, user: User, now: datetime.datetime | None = None) -> list[LiveSession]:
    """Sessions for a person's calendar feed: registered ones from the last 30 days on, and the
    ones they facilitate. One query."""
    now = now or timezone.now()
    since = now - datetime.timedelta(days=30)
    registered = LiveRegistration.objects.filter(
        trainee=user, status=RegistrationStatus.REGISTERED
    ).values("session_id")
    return list(
        LiveSession.objects.filter(Q(pk__in=registered) | Q(facilitators=user), ends_at__gt=since)
        .select_related("organization", "module")
        .distinct()
        .order_by("starts_at", "pk")
    )


# ------------------------------------------------------------------------------
# Facilitators: their sessions, and one session's roster
# ------------------------------------------------------------------------------
def facilitator_sessions(*, user: User, now: datetime.datetime | None = None) -> list[LiveSession]:
    """Sessions the person runs: from two weeks ago (to sign what is left) onwards. One query."""
    now = now or timezone.now()
    return list(
        with_seat_counts(
            access.live_sessions_run_by(user).filter(ends_at__gt=now - datetime.timedelta(days=14))
        )
        .select_related("organization", "module")
        .order_by("starts_at", "pk")[:200]
    )


@dataclass
class RosterRow:
    trainee: User
    registration: LiveRegistration | None
    attendance: LiveAttendance | None
    status: str
    minutes: int
    modality: str
    corrected: bool
    credit_hours: Decimal

    @property
    def walk_in(self) -> bool:
        return bool(self.attendance and self.attendance.walk_in)

    @property
    def status_label(self) -> str:
        return AttendanceStatus(self.status).label if self.status else ""


@dataclass
class Roster:
    session: LiveSession
    rows: list[RosterRow]
    waiting: list[LiveRegistration]
    signature: LiveRosterSignature | None

    @property
    def is_signed(self) -> bool:
        return self.signature is not None

    @property
    def checked_in_count(self) -> int:
        return sum(1 for row in self.rows if row.attendance and row.attendance.checked_in_at)


def roster_for(session: LiveSession) -> Roster:
    """Everyone registered, on the waiting list, or marked (walk-ins), with what their
    attendance says now and what it would credit. Four queries, whatever the numbers."""
    module = session.module
    registrations = list(
        LiveRegistration.objects.filter(session=session, status__in=ACTIVE)
        .select_related("trainee")
        .order_by("waitlisted_at", "created_at", "pk")
    )
    attendances = {
        attendance.trainee_id: attendance
        for attendance in LiveAttendance.objects.filter(session=session)
        .select_related("trainee")
        .prefetch_related(
            Prefetch(
                "corrections",
                queryset=LiveAttendanceCorrection.objects.order_by("signed_at", "pk"),
            )
        )
    }
    signature = LiveRosterSignature.objects.filter(session=session).first()
    rows = []
    people = [
        (registration.trainee, registration)
        for registration in registrations
        if registration.status == RegistrationStatus.REGISTERED
    ]
    seen = {trainee.pk for trainee, _registration in people}
    people += [
        (attendance.trainee, None)
        for trainee_id, attendance in attendances.items()
        if trainee_id not in seen
    ]
    for trainee, registration in people:
        attendance = attendances.get(trainee.pk)
        if attendance is None:
            status, minutes, modality, corrected = "", 0, session.default_attendance_modality, False
        else:
            effective = effective_attendance(attendance)
            status, modality, corrected = effective.status, effective.modality, effective.corrected
            minutes = effective.minutes
            if not corrected and attendance.signed_at is None and not attendance.minutes:
                minutes = suggested_minutes(session, attendance) if status else 0
        rows.append(
            RosterRow(
                trainee=trainee,
                registration=registration,
                attendance=attendance,
                status=status,
                minutes=minutes,
                modality=modality,
                corrected=corrected,
                credit_hours=session_credit_hours(
                    scheduled_minutes=session.duration_minutes,
                    attended_minutes=minutes,
                    status=status,
                    rule=module.partial_attendance_rule,
                    minimum_share_percent=module.minimum_share_percent,
                ),
            )
        )
    rows.sort(key=lambda row: (row.trainee.display_name.casefold(), row.trainee.pk))
    waiting = [
        registration
        for registration in registrations
        if registration.status == RegistrationStatus.WAITLISTED
    ]
    return Roster(session=session, rows=rows, waiting=waiting, signature=signature)


def walk_in_candidates(session: LiveSession) -> QuerySet[User]:
    """Trainees of the session's organisation not on its roster yet (for adding a walk-in)."""
    on_roster = LiveAttendance.objects.filter(session=session).values("trainee_id")
    registered = LiveRegistration.objects.filter(
        session=session, status=RegistrationStatus.REGISTERED
    ).values("trainee_id")
    return (
        User.objects.filter(
            memberships__organization_id=session.organization_id,
            memberships__role=Role.TRAINEE,
            is_active=True,
        )
        .exclude(pk__in=on_roster)
        .exclude(pk__in=registered)
        .distinct()
        .order_by("display_name", "pk")
    )


# ------------------------------------------------------------------------------
# Staff: the organisation's sessions and attendance reports
# ------------------------------------------------------------------------------
def organization_sessions(
    *, user: User, past: bool = False, now: datetime.datetime | None = None
) -> QuerySet[LiveSession]:
    """The sessions of the organisations this person is staff of, upcoming (or past), with
    seats taken: one query per page."""
    now = now or timezone.now()
    sessions = with_seat_counts(access.live_sessions_scheduled_by(user)).select_related(
        "organization", "module"
    )
    if past:
        return sessions.filter(ends_at__lte=now).order_by("-starts_at", "-pk")
    return sessions.filter(ends_at__gt=now).order_by("starts_at", "pk")


def trainee_attendance(*, person: User) -> list[LiveAttendance]:
    """One person's signed attendance, with corrections, newest first: two queries."""
    return list(
        LiveAttendance.objects.filter(trainee=person, signed_at__isnull=False)
        .select_related("session__module", "session__organization")
        .prefetch_related(
            Prefetch(
                "corrections",
                queryset=LiveAttendanceCorrection.objects.order_by("signed_at", "pk"),
            )
        )
        .order_by("-session__starts_at", "-pk")
    )


# ------------------------------------------------------------------------------
# Reminders
# ------------------------------------------------------------------------------
def reminders_due(*, now: datetime.datetime | None = None) -> list[tuple[int, str]]:
    """(registration id, "day" or "hour") for each reminder due: a day before (until an hour
    before) and an hour before the start; registered people only, never for a cancelled
    session, never twice."""
    now = now or timezone.now()
    hour = datetime.timedelta(hours=1)
    base = LiveRegistration.objects.filter(
        status=RegistrationStatus.REGISTERED,
        session__cancelled_at__isnull=True,
        session__starts_at__gt=now,
    )
    day = base.filter(
        reminded_day_before_at__isnull=True,
        session__starts_at__gt=now + hour,
        session__starts_at__lte=now + datetime.timedelta(hours=24),
    ).values_list("pk", flat=True)
    within_hour = base.filter(
        reminded_hour_before_at__isnull=True, session__starts_at__lte=now + hour
    ).values_list("pk", flat=True)
    return [(pk, "day") for pk in day] + [(pk, "hour") for pk in within_hour]
