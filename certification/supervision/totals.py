"""Practice totals (``PracticeTotal``) compared with the entries they sum, and rebuilt.

PostgreSQL keeps the totals (migration 0022's trigger); this module is the check on it, written
apart from the trigger's SQL, through the ORM and ``PracticeLogEntry.objects.counted()``: a
difference means the trigger was disabled, dropped or wrong, or a row was written by hand.
``manage.py check_practice_totals`` reports it; ``--repair`` rebuilds the agreements that drifted.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.db import connection, transaction
from django.db.models import Count, Max, Min, Sum

from certification.supervision.models import PracticeLogEntry, PracticeTotal

FIELDS = ("trainee_id", "hours", "entries", "first_date", "last_date")


def totals_are_kept() -> bool:
    """Only PostgreSQL keeps the totals; on SQLite the table stays empty."""
    return connection.vendor == "postgresql"


@dataclass(frozen=True)
class Drift:
    agreement_id: int
    domain_id: int
    kept: tuple | None  # FIELDS as the table holds them (None: no row)
    counted: tuple | None  # FIELDS as the entries give them (None: nothing counted)

    def __str__(self) -> str:
        return (
            f"agreement {self.agreement_id}, domain {self.domain_id}: "
            f"kept {self._show(self.kept)}, entries give {self._show(self.counted)}"
        )

    @staticmethod
    def _show(values: tuple | None) -> str:
        if values is None:
            return "nothing"
        return ", ".join(f"{name}={value}" for name, value in zip(FIELDS, values, strict=True))


def _counted(agreement_ids: Iterable[int] | None = None) -> dict[tuple, tuple]:
    entries = PracticeLogEntry.objects.counted()
    if agreement_ids is not None:
        entries = entries.filter(agreement_id__in=list(agreement_ids))
    rows = (
        entries.order_by()
        .values("agreement_id", "domain_id", "trainee_id")
        .annotate(
            hours=Sum("duration_hours"),
            entries=Count("pk"),
            first_date=Min("date"),
            last_date=Max("date"),
        )
    )
    return {
        (row["agreement_id"], row["domain_id"]): tuple(row[name] for name in FIELDS) for row in rows
    }


def _kept() -> dict[tuple, tuple]:
    return {
        (agreement_id, domain_id): tuple(values)
        for agreement_id, domain_id, *values in PracticeTotal.objects.values_list(
            "agreement_id", "domain_id", *FIELDS
        )
    }


def practice_total_drift() -> list[Drift]:
    """Every (agreement, domain) whose kept total differs from what its entries give now."""
    kept, counted = _kept(), _counted()
    drift = []
    for key in sorted(kept.keys() | counted.keys()):
        if kept.get(key) != counted.get(key):
            drift.append(Drift(*key, kept=kept.get(key), counted=counted.get(key)))
    return drift


def rebuild_practice_totals(agreement_ids: Iterable[int]) -> int:
    """Replace the totals of these agreements with what their entries give; how many rows."""
    agreement_ids = sorted(set(agreement_ids))
    with transaction.atomic():
        PracticeTotal.objects.filter(agreement_id__in=agreement_ids).delete()
        rows = [
            PracticeTotal(
                agreement_id=agreement_id,
                domain_id=domain_id,
                **dict(zip(FIELDS, values, strict=True)),
            )  # fmt: skip
            for (agreement_id, domain_id), values in _counted(agreement_ids).items()
        ]
        PracticeTotal.objects.bulk_create(rows)
    return len(rows)
