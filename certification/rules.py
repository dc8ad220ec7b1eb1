"""The credential rules engine: judge one person's records against one credential definition.

``evaluate(definition, records, as_of)`` is pure and deterministic: it reads only the plain,
immutable dataclasses below (never the database, never the clock), so the same inputs always
give the same answer, in any order. ``records.collect_records()`` builds the inputs from the
database; ``CredentialDefinition.as_spec()`` turns a stored definition into a ``CredentialSpec``.

How each requirement kind is judged (see ``_judge_*`` below):

- Hours (education, practice, supervision): the hours of the records in scope (a domain, a
  topic or a whole framework; nothing means all), dated on or before ``as_of`` and inside the
  recency window, add up against the minimum. Options:
  a cap (at most N hours tagged with one topic count), a nested subset (at least N of the hours
  tagged with one topic), a modality share (at least P% of the *required* hours in one modality,
  so more hours of another modality never hurt), supervision hours that also count as practice,
  and, for supervision, a time span (first to last session at least N months apart).
- One credit per training event: when several training records share an event key (the same
  day of training recorded twice, say as a module and as an external certificate), only one
  counts: the one with the most hours (then the highest reference, so the choice never depends
  on order).
- Module completed, assessment passed: a record for that module dated on or before ``as_of``.
- Exam: the best result for that exam at or above the pass mark.
- Attestation: the latest attestation of that kind on or before ``as_of`` says yes. A lived
  experience attestation is private: its result carries ``private=True`` and must never be
  printed or exported.
- Prerequisite: a credential with that code held (issued, not expired, not revoked) on ``as_of``.

Organisation: records carry the organisation they were earned in, but count wherever they were
earned. A credential belongs to the person, and boards accept hours from any RCO; which records
a person's evaluation may show to whom is decided by the selectors, not here.
"""

import calendar
import datetime
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import ROUND_UP, Decimal
from functools import cached_property
from typing import Any

from django.db import models
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

ZERO = Decimal("0")
HUNDRED = Decimal("100")
CENT = Decimal("0.01")

DomainKey = tuple[str, str]  # (framework, slug) of a curriculum.CompetencyDomain


# ------------------------------------------------------------------------------
# Vocabularies shared with the models
# ------------------------------------------------------------------------------
class RequirementKind(models.TextChoices):
    EDUCATION_HOURS = "education_hours", gettext_lazy("Education hours")
    PRACTICE_HOURS = "practice_hours", gettext_lazy("Practice hours")
    SUPERVISION_HOURS = "supervision_hours", gettext_lazy("Supervision hours")
    MODULE_COMPLETED = "module_completed", gettext_lazy("Module completed")
    ASSESSMENT_PASSED = "assessment_passed", gettext_lazy("Assessment passed")
    EXAM_RESULT = "exam_result", gettext_lazy("Exam result")
    ATTESTATION = "attestation", gettext_lazy("Attestation")
    PREREQUISITE = "prerequisite", gettext_lazy("Credential held first")


HOURS_KINDS = frozenset(
    {
        RequirementKind.EDUCATION_HOURS,
        RequirementKind.PRACTICE_HOURS,
        RequirementKind.SUPERVISION_HOURS,
    }
)


class TrainingModality(models.TextChoices):
    """How training was delivered (the same values as curriculum modules use)."""

    IN_PERSON = "in_person", gettext_lazy("In person")
    LIVE_ONLINE = "live_online", gettext_lazy("Live online")
    SELF_PACED = "self_paced", gettext_lazy("Self-paced online")


class AttestationKind(models.TextChoices):
    CODE_OF_ETHICS = "code_of_ethics", gettext_lazy("Signed code of ethics")
    DIPLOMA = "diploma", gettext_lazy("High school diploma or equivalent")
    RECOVERY_SUPPORT_ROLE = (
        "recovery_support_role",
        gettext_lazy("Job description at least 51% recovery support"),
    )
    LIVED_EXPERIENCE = "lived_experience", gettext_lazy("Lived experience of recovery")


# Attestations that are visible to the person and to staff reviewing their application only:
# never printed on a packet or certificate, never exported.
PRIVATE_ATTESTATION_KINDS = frozenset({AttestationKind.LIVED_EXPERIENCE})


class Unit(models.TextChoices):
    HOURS = "hours", gettext_lazy("hours")
    MONTHS = "months", gettext_lazy("months")
    SCORE = "score", gettext_lazy("score")
    ITEMS = "items", gettext_lazy("items")


# ------------------------------------------------------------------------------
# Records: what a person has done, as plain immutable values
# ------------------------------------------------------------------------------
def _as_decimal(value: Any) -> Decimal:
    if isinstance(value, float):
        raise TypeError("Hours are Decimal, never float.")
    return value if isinstance(value, Decimal) else Decimal(value)


def _freeze_split(split: Mapping | Iterable) -> tuple:
    """A {key: hours} split as a sorted tuple of pairs (hashable, order-free)."""
    pairs = split.items() if isinstance(split, Mapping) else split
    merged: dict = {}
    for key, hours in pairs:
        merged[key] = merged.get(key, ZERO) + _as_decimal(hours)
    return tuple(sorted(merged.items()))


@dataclass(frozen=True)
class TrainingRecord:
    """Training hours from one source: a module completed here, or verified external training.

    ``event_key`` identifies the training event; records sharing it earn one credit.
    ``domain_hours`` maps (framework, slug) to hours; ``topic_hours`` maps a topic slug to
    hours. Topics are tags, so they may overlap (ethics hours can also be peer-specific).
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

    def __post_init__(self):
        object.__setattr__(self, "hours", _as_decimal(self.hours))
        object.__setattr__(self, "domain_hours", _freeze_split(self.domain_hours))
        object.__setattr__(self, "topic_hours", _freeze_split(self.topic_hours))
        if self.hours < 0:
            raise ValueError("Training hours cannot be negative.")

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
        object.__setattr__(self, "hours", _as_decimal(self.hours))
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
        object.__setattr__(self, "hours", _as_decimal(self.hours))
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
        object.__setattr__(self, "score", _as_decimal(self.score))


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


# ------------------------------------------------------------------------------
# The definition, as plain values
# ------------------------------------------------------------------------------
@dataclass(frozen=True)
class RequirementSpec:
    """One requirement. Which fields apply depends on ``kind`` (the model validates that)."""

    key: str
    kind: str
    title: str = ""
    hours: Decimal | None = None
    # Scope of hours requirements: at most one of the three.
    domain: DomainKey | None = None
    domain_name: str = ""
    topic: str = ""
    topic_name: str = ""
    framework: str = ""
    framework_name: str = ""
    within_months: int | None = None
    cap_topic: str = ""
    cap_topic_name: str = ""
    cap_hours: Decimal | None = None
    subset_topic: str = ""
    subset_topic_name: str = ""
    subset_hours: Decimal | None = None
    share_modality: str = ""
    share_percent: Decimal | None = None
    include_supervision: bool = False
    sustained_months: int | None = None
    module_key: str = ""
    module_title: str = ""
    exam_code: str = ""
    exam_name: str = ""
    pass_score: Decimal | None = None
    attestation_kind: str = ""
    prerequisite_code: str = ""
    prerequisite_name: str = ""

    def __post_init__(self):
        for name in ("hours", "cap_hours", "subset_hours", "share_percent", "pass_score"):
            value = getattr(self, name)
            if value is not None:
                object.__setattr__(self, name, _as_decimal(value))
        if self.domain is not None:
            object.__setattr__(self, "domain", tuple(self.domain))


@dataclass(frozen=True)
class CredentialSpec:
    code: str
    name: str
    version: int
    requirements: tuple
    issuing_body: str = ""
    effective_from: datetime.date | None = None
    effective_to: datetime.date | None = None
    validity_months: int | None = None

    def __post_init__(self):
        object.__setattr__(self, "requirements", tuple(self.requirements))

    def in_effect_on(self, day: datetime.date) -> bool:
        if self.effective_from is not None and day < self.effective_from:
            return False
        return self.effective_to is None or day <= self.effective_to


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


def format_hours(value: Decimal) -> str:
    """6.50 -> "6.5", 10.00 -> "10", localised."""
    value = value.quantize(CENT)
    decimals = 0 if value == value.to_integral_value() else (1 if value * 10 % 1 == 0 else 2)
    return number_format(value, decimal_pos=decimals)


def _plural_count(value: Decimal) -> int:
    return 1 if value == 1 else 2


def _day(day: datetime.date) -> str:
    return date_format(day, "DATE_FORMAT")


def _modality_phrase(modality: str) -> str:
    return {
        TrainingModality.IN_PERSON: _("in-person"),
        TrainingModality.LIVE_ONLINE: _("live online"),
        TrainingModality.SELF_PACED: _("self-paced online"),
    }.get(modality, modality)


def _window_start(
    spec: RequirementSpec, as_of: datetime.date, counting_from: datetime.date | None
) -> datetime.date | None:
    """The earliest date that counts: the recency window and the renewal cycle, if any."""
    starts = []
    if spec.within_months:
        starts.append(add_months(as_of, -spec.within_months))
    if counting_from is not None:
        starts.append(counting_from)
    return max(starts) if starts else None


def _in_window(day: datetime.date, start: datetime.date | None, as_of: datetime.date) -> bool:
    return day <= as_of and (start is None or day >= start)


def one_per_event(records: Iterable[TrainingRecord]) -> tuple[TrainingRecord, ...]:
    """One record per training event: the one with the most hours, then the highest ref."""
    best: dict[str, TrainingRecord] = {}
    for record in records:
        current = best.get(record.event_key)
        if current is None or (record.hours, record.ref) > (current.hours, current.ref):
            best[record.event_key] = record
    return tuple(sorted(best.values(), key=lambda r: r.ref))


# ------------------------------------------------------------------------------
# Describing requirements in words
# ------------------------------------------------------------------------------
def _subject(spec: RequirementSpec) -> str:
    """What the hours are of: a domain, a topic, a framework, or "" for all."""
    if spec.domain:
        return _(spec.domain_name or spec.domain[1])
    if spec.topic:
        return _(spec.topic_name or spec.topic)
    if spec.framework:
        return _(spec.framework_name or spec.framework)
    return ""


def _hours_phrase(kind: str, hours: Decimal, subject: str, *, more: bool) -> str:
    """ "16 hours of Ethics training", "6.5 more hours of supervised practice in Advocacy"."""
    values = {"hours": format_hours(hours), "subject": subject}
    n = _plural_count(hours)
    if kind == RequirementKind.EDUCATION_HOURS:
        if subject and more:
            return (
                ngettext(
                    "%(hours)s more hour of %(subject)s training",
                    "%(hours)s more hours of %(subject)s training",
                    n,
                )
                % values
            )
        if subject:
            return (
                ngettext(
                    "%(hours)s hour of %(subject)s training",
                    "%(hours)s hours of %(subject)s training",
                    n,
                )
                % values
            )
        if more:
            return (
                ngettext("%(hours)s more hour of training", "%(hours)s more hours of training", n)
                % values
            )
        return ngettext("%(hours)s hour of training", "%(hours)s hours of training", n) % values
    if kind == RequirementKind.PRACTICE_HOURS:
        if subject and more:
            return (
                ngettext(
                    "%(hours)s more hour of supervised practice in %(subject)s",
                    "%(hours)s more hours of supervised practice in %(subject)s",
                    n,
                )
                % values
            )
        if subject:
            return (
                ngettext(
                    "%(hours)s hour of supervised practice in %(subject)s",
                    "%(hours)s hours of supervised practice in %(subject)s",
                    n,
                )
                % values
            )
        if more:
            return (
                ngettext(
                    "%(hours)s more hour of supervised practice",
                    "%(hours)s more hours of supervised practice",
                    n,
                )
                % values
            )
        return (
            ngettext(
                "%(hours)s hour of supervised practice", "%(hours)s hours of supervised practice", n
            )
            % values
        )
    if subject and more:
        return (
            ngettext(
                "%(hours)s more hour of supervision in %(subject)s",
                "%(hours)s more hours of supervision in %(subject)s",
                n,
            )
            % values
        )
    if subject:
        return (
            ngettext(
                "%(hours)s hour of supervision in %(subject)s",
                "%(hours)s hours of supervision in %(subject)s",
                n,
            )
            % values
        )
    if more:
        return (
            ngettext("%(hours)s more hour of supervision", "%(hours)s more hours of supervision", n)
            % values
        )
    return ngettext("%(hours)s hour of supervision", "%(hours)s hours of supervision", n) % values


def _window_suffix(spec: RequirementSpec, start: datetime.date | None) -> str:
    if start is None:
        return ""
    return " " + _("(counting from %(date)s)") % {"date": _day(start)}


_ATTESTATION_TITLES = {
    AttestationKind.CODE_OF_ETHICS: gettext_lazy("Signed code of ethics"),
    AttestationKind.DIPLOMA: gettext_lazy("High school diploma or equivalent"),
    AttestationKind.RECOVERY_SUPPORT_ROLE: gettext_lazy(
        "A job description that is at least 51% recovery support"
    ),
    AttestationKind.LIVED_EXPERIENCE: gettext_lazy("Lived experience of recovery"),
}
_ATTESTATION_MISSING = {
    AttestationKind.CODE_OF_ETHICS: gettext_lazy("Sign the code of ethics"),
    AttestationKind.DIPLOMA: gettext_lazy(
        "Confirm your high school diploma or equivalent (such as a GED)"
    ),
    AttestationKind.RECOVERY_SUPPORT_ROLE: gettext_lazy(
        "Confirm a job description that is at least 51% recovery support"
    ),
    AttestationKind.LIVED_EXPERIENCE: gettext_lazy("Confirm your lived experience of recovery"),
}


def describe(spec: RequirementSpec) -> str:
    """What a requirement asks for, in one plain sentence (the editor's title wins)."""
    if spec.title:
        return spec.title
    kind = spec.kind
    if kind in HOURS_KINDS:
        text = _hours_phrase(kind, spec.hours or ZERO, _subject(spec), more=False)
        if kind == RequirementKind.SUPERVISION_HOURS and spec.sustained_months:
            text += " " + ngettext(
                "over at least %(months)s month",
                "over at least %(months)s months",
                spec.sustained_months,
            ) % {"months": spec.sustained_months}
        return text
    if kind == RequirementKind.MODULE_COMPLETED:
        return _("The module “%(title)s”") % {"title": spec.module_title or spec.module_key}
    if kind == RequirementKind.ASSESSMENT_PASSED:
        return _("The assessment of the module “%(title)s”") % {
            "title": spec.module_title or spec.module_key
        }
    if kind == RequirementKind.EXAM_RESULT:
        return _("The %(exam)s exam, with a score of %(score)s or more") % {
            "exam": spec.exam_name or spec.exam_code,
            "score": format_hours(spec.pass_score or ZERO),
        }
    if kind == RequirementKind.ATTESTATION:
        return str(_ATTESTATION_TITLES.get(spec.attestation_kind, spec.attestation_kind))
    if kind == RequirementKind.PREREQUISITE:
        return _("The %(credential)s credential") % {
            "credential": spec.prerequisite_name or spec.prerequisite_code
        }
    return kind


# ------------------------------------------------------------------------------
# Judging each kind
# ------------------------------------------------------------------------------
def _result(spec: RequirementSpec, checks: list[Check], refs: Iterable[str], **extra):
    main = checks[0]
    met = all(check.met for check in checks)
    missing = "; ".join(check.missing for check in checks if not check.met and check.missing)
    return RequirementResult(
        key=spec.key,
        kind=spec.kind,
        title=describe(spec),
        met=met,
        have=main.have,
        need=main.need,
        unit=main.unit,
        counted_refs=tuple(sorted(set(refs))),
        missing=missing,
        checks=tuple(checks),
        **extra,
    )


def _training_amount(spec: RequirementSpec, record: TrainingRecord) -> Decimal:
    if spec.domain:
        return record.hours_in_domain(spec.domain)
    if spec.topic:
        return record.hours_in_topic(spec.topic)
    if spec.framework:
        return record.hours_in_framework(spec.framework)
    return record.hours


def _practice_amount(spec: RequirementSpec, record: PracticeRecord) -> Decimal:
    if spec.domain:
        return record.hours if record.domain == spec.domain else ZERO
    if spec.framework:
        return record.hours if record.domain and record.domain[0] == spec.framework else ZERO
    return record.hours


def _supervision_amount(spec: RequirementSpec, record: SupervisionRecord) -> Decimal:
    """A session covers whole hours: it counts toward a domain it covered, all of it."""
    if spec.domain:
        return record.hours if spec.domain in record.domains else ZERO
    if spec.framework:
        return record.hours if any(fw == spec.framework for fw, _s in record.domains) else ZERO
    return record.hours


def _minimum_check(spec, have: Decimal, window_start) -> Check:
    need = spec.hours or ZERO
    short = need - have
    missing = ""
    if short > 0:
        missing = _hours_phrase(spec.kind, short, _subject(spec), more=True)
        missing += _window_suffix(spec, window_start)
    return Check(met=short <= 0, have=have, need=need, unit=Unit.HOURS, missing=missing)


def _judge_education(spec, records: PersonRecords, context) -> RequirementResult:
    as_of, start = context["as_of"], _window_start(spec, context["as_of"], context["since"])
    counted_refs, total, capped, subset, shared = [], ZERO, ZERO, ZERO, ZERO
    for record in context["training"]:
        if not _in_window(record.date, start, as_of):
            continue
        amount = _training_amount(spec, record)
        if amount <= 0:
            continue
        counted_refs.append(record.ref)
        total += amount
        if spec.cap_topic:
            capped += min(record.hours_in_topic(spec.cap_topic), amount)
        if spec.subset_topic:
            subset += min(record.hours_in_topic(spec.subset_topic), amount)
        if spec.share_modality and record.modality == spec.share_modality:
            shared += amount
    notes = []
    counted = total
    if spec.cap_topic and spec.cap_hours is not None and capped > spec.cap_hours:
        counted = total - capped + spec.cap_hours
        notes.append(
            _(
                "Up to %(cap)s hours of %(topic)s training count here; %(over)s of your hours "
                "are over that limit."
            )
            % {
                "cap": format_hours(spec.cap_hours),
                "topic": _(spec.cap_topic_name or spec.cap_topic),
                "over": format_hours(capped - spec.cap_hours),
            }
        )
    checks = [_minimum_check(spec, counted, start)]
    if spec.subset_topic and spec.subset_hours:
        have = min(subset, counted)
        short = spec.subset_hours - have
        checks.append(
            Check(
                met=short <= 0,
                have=have,
                need=spec.subset_hours,
                unit=Unit.HOURS,
                missing=""
                if short <= 0
                else ngettext(
                    "%(hours)s more hour of %(subject)s training (at least %(part)s of the "
                    "%(total)s hours)",
                    "%(hours)s more hours of %(subject)s training (at least %(part)s of the "
                    "%(total)s hours)",
                    _plural_count(short),
                )
                % {
                    "hours": format_hours(short),
                    "subject": _(spec.subset_topic_name or spec.subset_topic),
                    "part": format_hours(spec.subset_hours),
                    "total": format_hours(spec.hours or ZERO),
                },
            )
        )
    if spec.share_modality and spec.share_percent:
        # A share of the *required* hours: more hours of another modality never hurt.
        need = ((spec.hours or ZERO) * spec.share_percent / HUNDRED).quantize(CENT, ROUND_UP)
        have = min(shared, counted)
        short = need - have
        checks.append(
            Check(
                met=short <= 0,
                have=have,
                need=need,
                unit=Unit.HOURS,
                missing=""
                if short <= 0
                else ngettext(
                    "%(hours)s more hour of %(modality)s training (at least %(percent)s%% of "
                    "the %(total)s hours)",
                    "%(hours)s more hours of %(modality)s training (at least %(percent)s%% of "
                    "the %(total)s hours)",
                    _plural_count(short),
                )
                % {
                    "hours": format_hours(short),
                    "modality": _modality_phrase(spec.share_modality),
                    "percent": format_hours(spec.share_percent),
                    "total": format_hours(spec.hours or ZERO),
                },
            )
        )
    return _result(spec, checks, counted_refs, notes=tuple(notes))


def _judge_practice(spec, records: PersonRecords, context) -> RequirementResult:
    as_of, start = context["as_of"], _window_start(spec, context["as_of"], context["since"])
    counted_refs, total = [], ZERO
    for record in records.practice:
        amount = _practice_amount(spec, record) if _in_window(record.date, start, as_of) else ZERO
        if amount > 0:
            counted_refs.append(record.ref)
            total += amount
    if spec.include_supervision:
        # Some boards let supervision hours count inside the practice hours as well.
        for record in records.supervision:
            if not _in_window(record.date, start, as_of):
                continue
            amount = _supervision_amount(spec, record)
            if amount > 0:
                counted_refs.append(record.ref)
                total += amount
    return _result(spec, [_minimum_check(spec, total, start)], counted_refs)


def _judge_supervision(spec, records: PersonRecords, context) -> RequirementResult:
    as_of, start = context["as_of"], _window_start(spec, context["as_of"], context["since"])
    counted = [
        record
        for record in records.supervision
        if _in_window(record.date, start, as_of) and _supervision_amount(spec, record) > 0
    ]
    total = sum((_supervision_amount(spec, record) for record in counted), ZERO)
    checks = [_minimum_check(spec, total, start)]
    if spec.sustained_months:
        months = spec.sustained_months
        if counted:
            first = min(record.date for record in counted)
            last = max(record.date for record in counted)
            span = whole_months_between(first, last)
            until = add_months(first, months)
            met = until <= last
            missing = (
                ""
                if met
                else ngettext(
                    "Supervision that continues until %(date)s or later (over at least "
                    "%(months)s months; %(span)s month so far)",
                    "Supervision that continues until %(date)s or later (over at least "
                    "%(months)s months; %(span)s months so far)",
                    span,
                )
                % {"date": _day(until), "months": months, "span": span}
            )
        else:
            span, met = 0, False
            missing = ngettext(
                "Supervision over at least %(months)s month",
                "Supervision over at least %(months)s months",
                months,
            ) % {"months": months}
        checks.append(
            Check(
                met=met,
                have=Decimal(span),
                need=Decimal(months),
                unit=Unit.MONTHS,
                missing=missing,
            )
        )
    return _result(spec, checks, (record.ref for record in counted))


def _judge_module(spec, records: PersonRecords, context) -> RequirementResult:
    as_of, start = context["as_of"], _window_start(spec, context["as_of"], context["since"])
    pool = records.modules if spec.kind == RequirementKind.MODULE_COMPLETED else records.assessments
    refs = [
        record.ref
        for record in pool
        if record.module_key == spec.module_key and _in_window(record.date, start, as_of)
    ]
    title = spec.module_title or spec.module_key
    if spec.kind == RequirementKind.MODULE_COMPLETED:
        missing = _("Complete the module “%(title)s”") % {"title": title}
    else:
        missing = _("Pass the assessment of the module “%(title)s”") % {"title": title}
    met = bool(refs)
    check = Check(
        met=met,
        have=Decimal(1 if met else 0),
        need=Decimal(1),
        unit=Unit.ITEMS,
        missing="" if met else missing + _window_suffix(spec, start),
    )
    return _result(spec, [check], refs)


def _judge_exam(spec, records: PersonRecords, context) -> RequirementResult:
    as_of, start = context["as_of"], _window_start(spec, context["as_of"], context["since"])
    pass_score = spec.pass_score or ZERO
    results = [
        record
        for record in records.exams
        if record.exam_code == spec.exam_code and _in_window(record.date, start, as_of)
    ]
    best = max((record.score for record in results), default=ZERO)
    passing = [record.ref for record in results if record.score >= pass_score]
    met = bool(passing)
    # The sentence never repeats an earlier score: it says what to do, not what went wrong.
    missing = (
        ""
        if met
        else _("Pass the %(exam)s exam with a score of %(score)s or more")
        % {"exam": spec.exam_name or spec.exam_code, "score": format_hours(pass_score)}
    )
    check = Check(met=met, have=best, need=pass_score, unit=Unit.SCORE, missing=missing)
    return _result(spec, [check], passing)


def _judge_attestation(spec, records: PersonRecords, context) -> RequirementResult:
    as_of = context["as_of"]
    latest = max(
        (r for r in records.attestations if r.kind == spec.attestation_kind and r.date <= as_of),
        key=lambda r: (r.date, r.ref),
        default=None,
    )
    met = latest is not None and latest.affirmed
    check = Check(
        met=met,
        have=Decimal(1 if met else 0),
        need=Decimal(1),
        unit=Unit.ITEMS,
        missing="" if met else str(_ATTESTATION_MISSING.get(spec.attestation_kind, describe(spec))),
    )
    return _result(
        spec,
        [check],
        [latest.ref] if met else [],
        private=spec.attestation_kind in PRIVATE_ATTESTATION_KINDS,
    )


def _judge_prerequisite(spec, records: PersonRecords, context) -> RequirementResult:
    as_of = context["as_of"]
    refs = [
        held.ref
        for held in records.credentials
        if held.code == spec.prerequisite_code and held.is_valid_on(as_of)
    ]
    met = bool(refs)
    check = Check(
        met=met,
        have=Decimal(1 if met else 0),
        need=Decimal(1),
        unit=Unit.ITEMS,
        missing=""
        if met
        else _("Hold the %(credential)s credential first")
        % {"credential": spec.prerequisite_name or spec.prerequisite_code},
    )
    return _result(spec, [check], refs)


_JUDGES = {
    RequirementKind.EDUCATION_HOURS: _judge_education,
    RequirementKind.PRACTICE_HOURS: _judge_practice,
    RequirementKind.SUPERVISION_HOURS: _judge_supervision,
    RequirementKind.MODULE_COMPLETED: _judge_module,
    RequirementKind.ASSESSMENT_PASSED: _judge_module,
    RequirementKind.EXAM_RESULT: _judge_exam,
    RequirementKind.ATTESTATION: _judge_attestation,
    RequirementKind.PREREQUISITE: _judge_prerequisite,
}


def _context(records: PersonRecords, as_of, counting_from) -> dict:
    return {
        "as_of": as_of,
        "since": counting_from,
        "training": one_per_event(r for r in records.training if r.date <= as_of),
    }


def evaluate_requirement(
    spec: RequirementSpec,
    records: PersonRecords,
    as_of: datetime.date,
    *,
    counting_from: datetime.date | None = None,
) -> RequirementResult:
    """Judge one requirement (``evaluate`` for a whole definition)."""
    return _JUDGES[spec.kind](spec, records, _context(records, as_of, counting_from))


def evaluate(
    definition: Any,
    records: PersonRecords,
    as_of: datetime.date,
    *,
    counting_from: datetime.date | None = None,
) -> Evaluation:
    """Judge ``records`` against every requirement of ``definition`` on the day ``as_of``.

    ``definition`` is a ``CredentialSpec`` (or anything with ``as_spec()``, such as a stored
    CredentialDefinition with its requirements loaded). Records dated after ``as_of`` are
    ignored, so a past ``as_of`` answers "what did this person meet on that day". A renewal
    cycle passes ``counting_from``: hours, modules and exams before it do not count.
    """
    spec: CredentialSpec = (
        definition if isinstance(definition, CredentialSpec) else (definition.as_spec())
    )
    context = _context(records, as_of, counting_from)
    results = tuple(
        _JUDGES[requirement.kind](requirement, records, context)
        for requirement in spec.requirements
    )
    return Evaluation(
        code=spec.code,
        name=spec.name,
        version=spec.version,
        as_of=as_of,
        in_effect=spec.in_effect_on(as_of),
        results=results,
    )


__all__ = [
    "AssessmentRecord",
    "AttestationKind",
    "AttestationRecord",
    "Check",
    "CredentialSpec",
    "Evaluation",
    "ExamRecord",
    "HeldCredential",
    "ModuleRecord",
    "PersonRecords",
    "PracticeRecord",
    "RequirementKind",
    "RequirementResult",
    "RequirementSpec",
    "SupervisionRecord",
    "TrainingModality",
    "TrainingRecord",
    "evaluate",
    "evaluate_requirement",
]
