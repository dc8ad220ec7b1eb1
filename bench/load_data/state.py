"""What the steps of a build share: the parameters, the random source, the clock, the rows
built so far, the counts, and the audit events waiting to be chained at the end."""

import datetime
import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from django.utils import timezone

from certification import audit
from certification.models import AuditEvent
from certification.supervision.models import SupervisionAgreement
from curriculum.models import CompetencyDomain, ProgramPage
from lms.accounts.models import Organization, User

from .parameters import LoadParameters


def weighted(rng: random.Random, weights: dict, k: int) -> list[str]:
    """k draws of the choices' stored values (plain strings, as COPY writes them)."""
    return rng.choices([str(key) for key in weights], weights=list(weights.values()), k=k)


def at(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    """That day at that time, in the site's time zone."""
    return datetime.datetime.combine(
        day, datetime.time(hour, minute), tzinfo=timezone.get_current_timezone()
    )


@dataclass
class AgreementSpan:
    """An agreement being built, and the days it lets hours count."""

    row: SupervisionAgreement
    counts_from: datetime.date
    last_day: datetime.date


@dataclass
class LoadState:
    parameters: LoadParameters
    say: Callable[[str], None]
    rng: random.Random = field(init=False)
    now: datetime.datetime = field(init=False)
    today: datetime.date = field(init=False)
    started: float = field(init=False)
    counts: dict[str, int] = field(default_factory=dict)
    # Where the audit chain stood before the load, and the load's events, chained at the end.
    chain_before: dict = field(default_factory=dict)
    audit_events: list[AuditEvent] = field(default_factory=list)
    # Filled in by the steps, in order.
    domains: list[CompetencyDomain] = field(default_factory=list)
    program: ProgramPage | None = None
    organizations: list[Organization] = field(default_factory=list)
    by_organization: dict[int, dict[str, list[User]]] = field(default_factory=dict)
    by_trainee: dict[int, list[AgreementSpan]] = field(default_factory=dict)
    module_page_id: int = 0
    verification_code: str = ""

    def __post_init__(self) -> None:
        self.rng = random.Random(self.parameters.seed)  # noqa: S311 - reproducible, not secret
        self.now = timezone.now()
        self.today = timezone.localdate()
        self.started = time.perf_counter()

    def step(self, message: str) -> None:
        self.say(f"[{time.perf_counter() - self.started:6.1f} s] {message}")

    def audit(self, *, occurred_at, actor, action, target, before=None, after=None) -> None:
        """Collect an audit event; `audit_trail.chain` chains and stores them all at once."""
        self.audit_events.append(
            audit.unchained_event(
                occurred_at=occurred_at,
                actor=actor,
                action=action,
                target=target,
                before=before,
                after=after,
            )
        )
