"""A person's records as plain, frozen dataclasses: what the engine judges."""

import datetime
from dataclasses import dataclass
from decimal import ROUND_DOWN, Decimal
from functools import cached_property

from certification.rules.kinds import CENT, ZERO, DomainKey, as_decimal, freeze_split


@dataclass(frozen=True)
class TrainingRecord:
    """Training hours from one source: a module completed here, or verified external training.

    ``event_key`` identifies the training event; records sharing it earn one credit.
    ``domain_hours`` maps (framework, slug) to hours; ``topic_hours`` maps a topic slug to
    hours. Topics are tags, so they may overlap (ethics hours can also be peer-specific).
    ``modality_hours`` maps a modality to hours when the record mixes several (a module taken
    partly online, partly in live sessions); empty means all its hours are ``modality``.
    """

    ref: str
    event_key: str
    date: datetime.date
    hours: Decimal
    modality: str
    domain_hours: tuple = ()
    topic_hours: tuple = ()
    organization_id: int | None = None
    title: str = ""
    modality_hours: tuple = ()

    def __post_init__(self):
        object.__setattr__(self, "hours", as_decimal(self.hours))
        object.__setattr__(self, "domain_hours", freeze_split(self.domain_hours))
        object.__setattr__(self, "topic_hours", freeze_split(self.topic_hours))
        object.__setattr__(self, "modality_hours", freeze_split(self.modality_hours))
        if self.hours < 0:
            raise ValueError("Training hours cannot be negative.")

    def share_in_modality(self, amount: Decimal, modality: str) -> Decimal:
        """How much of ``amount`` (hours of this record counted somewhere) was delivered in
        ``modality``. A mixed record shares it pro rata, rounded down to the hundredth."""
        if not self.modality_hours:
            return amount if self.modality == modality else ZERO
        part = dict(self.modality_hours).get(modality, ZERO)
        if part <= 0 or self.hours <= 0:
            return ZERO
        if part >= self.hours:
            return amount
        return (amount * part / self.hours).quantize(CENT, rounding=ROUND_DOWN)

    @cached_property
    def _domains(self) -> dict:
        return dict(self.domain_hours)

    @cached_property
    def _topics(self) -> dict:
        return dict(self.topic_hours)

    def hours_in_domain(self, key: DomainKey) -> Decimal:
        return min(self._domains.get(tuple(key), ZERO), self.hours)

    def hours_in_topic(self, slug: str) -> Decimal:
        return min(self._topics.get(slug, ZERO), self.hours)

    def hours_in_framework(self, framework: str) -> Decimal:
        total = sum((h for (fw, _slug), h in self.domain_hours if fw == framework), ZERO)
        return min(total, self.hours)


@dataclass(frozen=True)
class PracticeRecord:
    """An approved practice log entry that counts (inside a signed supervision agreement)."""

    ref: str
    date: datetime.date
    hours: Decimal
    domain: DomainKey | None
    modality: str = ""
    organization_id: int | None = None

    def __post_init__(self):
        object.__setattr__(self, "hours", as_decimal(self.hours))
        if self.domain is not None:
            object.__setattr__(self, "domain", tuple(self.domain))


@dataclass(frozen=True)
class SupervisionRecord:
    """A confirmed supervision session the person attended, with the domains it covered."""

    ref: str
    date: datetime.date
    hours: Decimal
    domains: frozenset = frozenset()
    modality: str = ""
    organization_id: int | None = None

    def __post_init__(self):
        object.__setattr__(self, "hours", as_decimal(self.hours))
        object.__setattr__(self, "domains", frozenset(tuple(d) for d in self.domains))


@dataclass(frozen=True)
class ModuleRecord:
    """A module the person completed (``module_key`` is the module page's id, as text)."""

    ref: str
    module_key: str
    date: datetime.date
    title: str = ""


@dataclass(frozen=True)
class AssessmentRecord:
    """A module assessment the person passed."""

    ref: str
    module_key: str
    date: datetime.date


@dataclass(frozen=True)
class ExamRecord:
    ref: str
    exam_code: str
    date: datetime.date
    score: Decimal

    def __post_init__(self):
        object.__setattr__(self, "score", as_decimal(self.score))


@dataclass(frozen=True)
class AttestationRecord:
    """Yes or no, and when. Nothing else is kept, so a lived-experience answer reveals nothing
    beyond itself."""

    ref: str
    kind: str
    date: datetime.date
    affirmed: bool = True


@dataclass(frozen=True)
class HeldCredential:
    """A credential the person holds (issued here, or recorded by staff)."""

    ref: str
    code: str
    issued_on: datetime.date
    expires_on: datetime.date | None = None
    revoked_on: datetime.date | None = None

    def is_valid_on(self, day: datetime.date) -> bool:
        if self.issued_on > day:
            return False
        if self.expires_on is not None and day > self.expires_on:
            return False
        return self.revoked_on is None or self.revoked_on > day


@dataclass(frozen=True)
class PersonRecords:
    """Everything the engine may count for one person. Order never matters."""

    training: tuple = ()
    practice: tuple = ()
    supervision: tuple = ()
    modules: tuple = ()
    assessments: tuple = ()
    exams: tuple = ()
    attestations: tuple = ()
    credentials: tuple = ()

    def __post_init__(self):
        for name in (
            "training",
            "practice",
            "supervision",
            "modules",
            "assessments",
            "exams",
            "attestations",
            "credentials",
        ):
            object.__setattr__(self, name, tuple(getattr(self, name)))
