"""Time rules: months, recency windows and one credit per training event."""

import calendar
import datetime
from collections.abc import Iterable

from certification.rules.records import TrainingRecord
from certification.rules.specs import RequirementSpec


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The same day ``months`` later (or earlier, if negative), clamped to the month's end."""
    index = day.year * 12 + (day.month - 1) + months
    year, month = divmod(index, 12)
    month += 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def whole_months_between(start: datetime.date, end: datetime.date) -> int:
    months = (end.year - start.year) * 12 + (end.month - start.month)
    if months > 0 and add_months(start, months) > end:
        months -= 1
    return max(months, 0)


def window_start(
    spec: RequirementSpec, as_of: datetime.date, counting_from: datetime.date | None
) -> datetime.date | None:
    """The earliest date that counts: the recency window and the renewal cycle, if any."""
    starts = []
    if spec.within_months:
        starts.append(add_months(as_of, -spec.within_months))
    if counting_from is not None:
        starts.append(counting_from)
    return max(starts) if starts else None


def in_window(day: datetime.date, start: datetime.date | None, as_of: datetime.date) -> bool:
    return day <= as_of and (start is None or day >= start)


def one_per_event(records: Iterable[TrainingRecord]) -> tuple[TrainingRecord, ...]:
    """One record per training event: the one with the most hours, then the highest ref."""
    best: dict[str, TrainingRecord] = {}
    for record in records:
        current = best.get(record.event_key)
        if current is None or (record.hours, record.ref) > (current.hours, current.ref):
            best[record.event_key] = record
    return tuple(sorted(best.values(), key=lambda r: r.ref))
