"""How attendance becomes credit: the rules, in one place, and the read that applies them.

- A session credits quarter hours, never more than it lasted. With the *proportional* rule a
  person is credited the quarter hours they attended (50 minutes of a 2-hour session: 0.75 h);
  with the *minimum share* rule they are credited the whole session once they attended at
  least the module's share of it (75% by default), and nothing below it.
- Absent and excused people are credited nothing: an excused absence is made up by attending
  another session of the same part.
- Each part of the module's live hours credits once: when a person attended several sessions
  of the same part (a make-up), the best one counts. The total never exceeds the module's live
  hours.
- Only signed attendance counts, with its latest signed correction.

The learning side (``lms.learning.services``) reads ``live_progress`` when it checks whether a
module is complete; this module reads only the live-training models, never the services.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Prefetch

from curriculum.models import ModulePage, PartialAttendanceRule
from lms.accounts.models import User
from lms.live_training.models import (
    ATTENDED_STATUSES,
    LiveAttendance,
    LiveAttendanceCorrection,
    LiveSession,
)

QUARTER_HOUR = Decimal("0.25")
MINUTES_PER_QUARTER = 15
ZERO = Decimal("0")


def quarter_hours_in(minutes: int) -> Decimal:
    """Whole quarter hours in a number of minutes, rounded down (44 minutes: 0.5 h)."""
    return QUARTER_HOUR * (max(int(minutes), 0) // MINUTES_PER_QUARTER)


def session_credit_hours(
    *,
    scheduled_minutes: int,
    attended_minutes: int | None,
    status: str,
    rule: str,
    minimum_share_percent: int,
) -> Decimal:
    """The hours one attendance of one session credits (see the module docstring)."""
    if status not in ATTENDED_STATUSES or not attended_minutes:
        return ZERO
    attended = min(int(attended_minutes), int(scheduled_minutes))
    if rule == PartialAttendanceRule.MINIMUM_SHARE:
        if attended * 100 >= scheduled_minutes * minimum_share_percent:
            return quarter_hours_in(scheduled_minutes)
        return ZERO
    return quarter_hours_in(attended)


@dataclass(frozen=True)
class Effective:
    """What signed attendance says now: the original, or its latest signed correction."""

    status: str
    minutes: int
    modality: str
    corrected: bool


def effective_attendance(attendance: LiveAttendance) -> Effective:
    """Uses ``attendance.corrections`` (prefetch it, ordered by signing)."""
    corrections = list(attendance.corrections.all())
    if corrections:
        latest = corrections[-1]
        return Effective(latest.status, latest.minutes, latest.modality, True)
    return Effective(attendance.status, attendance.minutes or 0, attendance.modality, False)


@dataclass(frozen=True)
class LiveCredit:
    """The credit one part of a module earned, from the best signed session of that part."""

    part: int
    hours: Decimal
    modality: str
    attendance_id: int
    session_title: str
    attended_on: datetime.date


@dataclass
class LiveProgress:
    """A person's live credit in one module."""

    module_id: int
    parts_needed: int
    live_hours: Decimal
    credits: list[LiveCredit] = field(default_factory=list)

    @property
    def parts_attended(self) -> set[int]:
        return {credit.part for credit in self.credits}

    @property
    def parts_missing(self) -> list[int]:
        return [part for part in range(1, self.parts_needed + 1) if part not in self.parts_attended]

    @property
    def complete(self) -> bool:
        return not self.parts_missing

    @property
    def hours(self) -> Decimal:
        return sum((credit.hours for credit in self.credits), ZERO)


def _signed_attendances(user: User, module_ids: Iterable[int]):
    return (
        LiveAttendance.objects.filter(
            trainee=user,
            signed_at__isnull=False,
            session__module_id__in=list(module_ids),
            session__cancelled_at__isnull=True,
        )
        .select_related("session")
        .prefetch_related(
            Prefetch(
                "corrections",
                queryset=LiveAttendanceCorrection.objects.order_by("signed_at", "pk"),
            )
        )
        .order_by("session__starts_at", "pk")
    )


def progress_from(module: ModulePage, attendances: Iterable[LiveAttendance]) -> LiveProgress:
    """Apply the module's rules to a person's signed attendances of its sessions."""
    live_hours = module.live_contact_hours or ZERO
    best: dict[int, LiveCredit] = {}
    for attendance in attendances:
        session = attendance.session
        if session.part > module.live_session_count:
            continue
        effective = effective_attendance(attendance)
        hours = session_credit_hours(
            scheduled_minutes=session.duration_minutes,
            attended_minutes=effective.minutes,
            status=effective.status,
            rule=module.partial_attendance_rule,
            minimum_share_percent=module.minimum_share_percent,
        )
        if hours <= 0:
            continue
        current = best.get(session.part)
        if current is None or hours > current.hours:
            best[session.part] = LiveCredit(
                part=session.part,
                hours=hours,
                modality=effective.modality,
                attendance_id=attendance.pk,
                session_title=session.display_title,
                attended_on=session.local_starts_at.date(),
            )
    credits = []
    remaining = live_hours
    for part in sorted(best):
        credit = best[part]
        hours = min(credit.hours, remaining)
        remaining -= hours
        if hours > 0:
            credits.append(
                LiveCredit(
                    part=credit.part,
                    hours=hours,
                    modality=credit.modality,
                    attendance_id=credit.attendance_id,
                    session_title=credit.session_title,
                    attended_on=credit.attended_on,
                )
            )
    return LiveProgress(
        module_id=module.pk,
        parts_needed=module.live_session_count,
        live_hours=live_hours,
        credits=credits,
    )


def live_progress(*, user: User, module: ModulePage) -> LiveProgress:
    """A person's live credit in one module: two queries."""
    return progress_from(module, _signed_attendances(user, [module.pk]))


def live_progress_by_module(
    *, user: User, modules: Iterable[ModulePage]
) -> dict[int, LiveProgress]:
    """Live credit in several modules at once (two queries whatever their number)."""
    live_modules = {module.pk: module for module in modules if module.credits_live}
    if not live_modules:
        return {}
    by_module: dict[int, list[LiveAttendance]] = {pk: [] for pk in live_modules}
    for attendance in _signed_attendances(user, live_modules):
        by_module[attendance.session.module_id].append(attendance)
    return {pk: progress_from(module, by_module[pk]) for pk, module in live_modules.items()}


CENT = Decimal("0.01")


def scaled_split(rows: list[tuple], *, credited: Decimal, declared: Decimal) -> list[tuple]:
    """A declared split of ``declared`` hours, scaled to the ``credited`` part of them.

    ``rows`` are (key, hours) pairs that add up to ``declared``; the result adds up to exactly
    ``credited``, in hundredths of an hour (largest remainders get the leftover hundredths), so
    a framework's domains still add up to the hours credited. All hours attended: unchanged.
    """
    if credited >= declared:
        return list(rows)
    if credited <= 0 or declared <= 0:
        return []
    exact = [(key, hours * credited / declared) for key, hours in rows]
    floored = [(key, value.quantize(CENT, rounding="ROUND_DOWN")) for key, value in exact]
    leftover = int((credited - sum((value for _key, value in floored), ZERO)) / CENT)
    order = sorted(
        range(len(exact)), key=lambda index: exact[index][1] - floored[index][1], reverse=True
    )
    result = list(floored)
    for index in order[: max(leftover, 0)]:
        key, value = result[index]
        result[index] = (key, value + CENT)
    return [(key, value) for key, value in result if value > 0]


def scaled_topics(rows: list[tuple], *, credited: Decimal, declared: Decimal) -> list[tuple]:
    """Topic hours scaled the same way; topics overlap, so each is rounded down on its own."""
    if credited >= declared:
        return list(rows)
    if credited <= 0 or declared <= 0:
        return []
    scaled = [
        (key, (hours * credited / declared).quantize(CENT, rounding="ROUND_DOWN"))
        for key, hours in rows
    ]
    return [(key, value) for key, value in scaled if value > 0]


def minutes_between(session: LiveSession, start, end) -> int:
    """Minutes of the session between two moments (clipped to its start and end)."""
    start = max(start, session.starts_at)
    end = min(end, session.ends_at)
    return max(int((end - start).total_seconds() // 60), 0)


def suggested_minutes(session: LiveSession, attendance: LiveAttendance) -> int:
    """What the check-in and check-out say: from arrival (or the start) to departure (or the
    end). Walk-ins and people marked without scanning are assumed to have stayed throughout."""
    if attendance.checked_in_at is None:
        return session.duration_minutes
    return minutes_between(
        session, attendance.checked_in_at, attendance.checked_out_at or session.ends_at
    )
