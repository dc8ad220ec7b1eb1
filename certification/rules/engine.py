"""The rules engine: judge one person's records against one credential definition.

Pure functions over the plain records of ``rules.records`` and the specs of
``rules.specs``; no database access here (``rules.collect`` reads the records, ``rules.bulk``
judges many people at once in SQL)."""

import datetime
from collections.abc import Iterable
from decimal import ROUND_UP, Decimal
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from certification.rules.kinds import (
    CENT,
    HUNDRED,
    PRIVATE_ATTESTATION_KINDS,
    ZERO,
    RequirementKind,
    Unit,
)
from certification.rules.records import (
    PersonRecords,
    PracticeRecord,
    SupervisionRecord,
    TrainingRecord,
)
from certification.rules.results import Check, Evaluation, RequirementResult
from certification.rules.specs import CredentialSpec, RequirementSpec
from certification.rules.windows import (
    add_months,
    in_window,
    one_per_event,
    whole_months_between,
    window_start,
)
from certification.rules.wording import (
    ATTESTATION_MISSING,
    describe,
    format_day,
    format_hours,
    hours_phrase,
    modality_phrase,
    plural_count,
    subject_phrase,
    title_of,
    window_suffix,
)


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
        title=title_of(spec),
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
        missing = hours_phrase(spec.kind, short, subject_phrase(spec), more=True)
        missing += window_suffix(spec, window_start)
    return Check(met=short <= 0, have=have, need=need, unit=Unit.HOURS, missing=missing)


def _judge_education(spec, records: PersonRecords, context) -> RequirementResult:
    as_of, start = context["as_of"], window_start(spec, context["as_of"], context["since"])
    counted_refs, total, capped, subset, shared = [], ZERO, ZERO, ZERO, ZERO
    for record in context["training"]:
        if not in_window(record.date, start, as_of):
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
        if spec.share_modality:
            shared += record.share_in_modality(amount, spec.share_modality)
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
                    plural_count(short),
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
                    plural_count(short),
                )
                % {
                    "hours": format_hours(short),
                    "modality": modality_phrase(spec.share_modality),
                    "percent": format_hours(spec.share_percent),
                    "total": format_hours(spec.hours or ZERO),
                },
            )
        )
    return _result(spec, checks, counted_refs, notes=tuple(notes))


def _judge_practice(spec, records: PersonRecords, context) -> RequirementResult:
    as_of, start = context["as_of"], window_start(spec, context["as_of"], context["since"])
    counted_refs, total = [], ZERO
    for record in records.practice:
        amount = _practice_amount(spec, record) if in_window(record.date, start, as_of) else ZERO
        if amount > 0:
            counted_refs.append(record.ref)
            total += amount
    if spec.include_supervision:
        # Some boards let supervision hours count inside the practice hours as well.
        for record in records.supervision:
            if not in_window(record.date, start, as_of):
                continue
            amount = _supervision_amount(spec, record)
            if amount > 0:
                counted_refs.append(record.ref)
                total += amount
    return _result(spec, [_minimum_check(spec, total, start)], counted_refs)


def _judge_supervision(spec, records: PersonRecords, context) -> RequirementResult:
    as_of, start = context["as_of"], window_start(spec, context["as_of"], context["since"])
    counted = [
        record
        for record in records.supervision
        if in_window(record.date, start, as_of) and _supervision_amount(spec, record) > 0
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
                % {"date": format_day(until), "months": months, "span": span}
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
    as_of, start = context["as_of"], window_start(spec, context["as_of"], context["since"])
    pool = records.modules if spec.kind == RequirementKind.MODULE_COMPLETED else records.assessments
    refs = [
        record.ref
        for record in pool
        if record.module_key == spec.module_key and in_window(record.date, start, as_of)
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
        missing="" if met else missing + window_suffix(spec, start),
    )
    return _result(spec, [check], refs)


def _judge_exam(spec, records: PersonRecords, context) -> RequirementResult:
    as_of, start = context["as_of"], window_start(spec, context["as_of"], context["since"])
    pass_score = spec.pass_score or ZERO
    results = [
        record
        for record in records.exams
        if record.exam_code == spec.exam_code and in_window(record.date, start, as_of)
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
    return _result(spec, [check], passing, subject=spec.exam_code)


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
        missing="" if met else str(ATTESTATION_MISSING.get(spec.attestation_kind, describe(spec))),
    )
    return _result(
        spec,
        [check],
        [latest.ref] if met else [],
        private=spec.attestation_kind in PRIVATE_ATTESTATION_KINDS,
        subject=spec.attestation_kind,
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
