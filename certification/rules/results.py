"""What the engine answers: checks, one result per requirement, an evaluation."""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from certification.rules.kinds import HUNDRED


# ------------------------------------------------------------------------------
# Results
# ------------------------------------------------------------------------------
@dataclass(frozen=True)
class Check:
    """One condition inside a requirement (the minimum, a nested subset, a share, a span)."""

    met: bool
    have: Decimal
    need: Decimal
    unit: str
    missing: str = ""


@dataclass(frozen=True)
class RequirementResult:
    key: str
    kind: str
    title: str
    met: bool
    have: Decimal
    need: Decimal
    unit: str
    counted_refs: tuple = ()
    missing: str = ""
    checks: tuple = ()
    notes: tuple = ()
    private: bool = False
    # What the requirement asks for, where a page offers an action: the exam's code or the
    # attestation's kind (empty otherwise).
    subject: str = ""

    @property
    def missing_items(self) -> list[str]:
        """Every shortfall, one sentence each (``missing`` joins them)."""
        return [check.missing for check in self.checks if not check.met and check.missing]

    @property
    def progress_percent(self) -> int:
        """How far along, 0 to 100, for a progress bar (100 only when met)."""
        return progress_percent(have=self.have, need=self.need, met=self.met)

    def as_dict(self) -> dict:
        return {
            "key": self.key,
            "kind": self.kind,
            "title": self.title,
            "met": self.met,
            "have": str(self.have),
            "need": str(self.need),
            "unit": str(self.unit),
            "counted_refs": list(self.counted_refs),
            "missing": self.missing,
            "checks": [
                {
                    "met": c.met,
                    "have": str(c.have),
                    "need": str(c.need),
                    "unit": str(c.unit),
                    "missing": c.missing,
                }
                for c in self.checks
            ],
            "notes": list(self.notes),
            "private": self.private,
        }


@dataclass(frozen=True)
class Evaluation:
    code: str
    name: str
    version: int
    as_of: datetime.date
    in_effect: bool
    results: tuple

    @property
    def met(self) -> bool:
        return all(result.met for result in self.results)

    @property
    def missing(self) -> list[str]:
        return [item for result in self.results for item in result.missing_items]

    def result_for(self, key: str) -> RequirementResult:
        return next(result for result in self.results if result.key == key)

    def as_dict(self) -> dict:
        """A JSON-ready copy, e.g. to freeze inside an application."""
        return {
            "code": self.code,
            "name": self.name,
            "version": self.version,
            "as_of": self.as_of.isoformat(),
            "in_effect": self.in_effect,
            "met": self.met,
            "results": [result.as_dict() for result in self.results],
        }


# ------------------------------------------------------------------------------
# Small helpers
# ------------------------------------------------------------------------------
def progress_percent(*, have: Decimal, need: Decimal, met: bool) -> int:
    """How far along, 0 to 100, for a progress bar: 100 only when met, 99 at most otherwise."""
    if met:
        return 100
    if need <= 0:
        return 0
    return min(99, int(have * HUNDRED / need))
