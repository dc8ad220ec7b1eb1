"""Properties of the rules engine, checked on generated records (hypothesis, no database).

- The evaluation does not depend on the order of the records.
- Adding a record never turns a met requirement unmet. This holds with caps and recency
  windows too (a cap limits what one topic adds, a window ignores what falls outside it; neither
  ever takes away). Two documented exceptions are left out of the generated additions: a
  record of an event already recorded (one credit per event: the fuller record replaces the
  other) and an attestation that says "no" (it withdraws the earlier "yes").
- Records dated after ``as_of`` change nothing.
"""

import dataclasses
import datetime
from decimal import Decimal

from django.utils import translation

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from certification.rules.engine import evaluate
from certification.rules.kinds import AttestationKind, RequirementKind, TrainingModality
from certification.rules.records import (
    AssessmentRecord,
    AttestationRecord,
    ExamRecord,
    HeldCredential,
    ModuleRecord,
    PersonRecords,
    PracticeRecord,
    SupervisionRecord,
    TrainingRecord,
)
from tests.certification.rules_builders import (
    ADVOCACY,
    AS_OF,
    ETHICS_DOMAIN,
    ICRC,
    MENTORING,
    credential,
    requirement,
)

PROPERTY_SETTINGS = settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)

DOMAINS = [ADVOCACY, ETHICS_DOMAIN, MENTORING, ("il_crss", "mentoring")]
TOPICS = ["ethics", "core-functions", "peer-recovery-specific", "hiv"]
MODULE_KEYS = ["1", "2"]
EXAM_CODES = ["icrc_pr_exam", "other_exam"]
CREDENTIAL_CODES = ["icrc_pr", "il_cprs"]

# Every requirement kind, with every option, in one definition.
SPEC = credential(
    requirement(RequirementKind.EDUCATION_HOURS, key="total", hours=20),
    requirement(RequirementKind.EDUCATION_HOURS, key="domain", hours=10, domain=ETHICS_DOMAIN),
    requirement(RequirementKind.EDUCATION_HOURS, key="topic", hours=6, topic="ethics"),
    requirement(RequirementKind.EDUCATION_HOURS, key="framework", hours=12, framework=ICRC),
    requirement(
        RequirementKind.EDUCATION_HOURS, key="cap", hours=12, cap_topic="core-functions",
        cap_hours=4,
    ),
    requirement(RequirementKind.EDUCATION_HOURS, key="window", hours=8, within_months=24),
    requirement(
        RequirementKind.EDUCATION_HOURS, key="subset", hours=10,
        subset_topic="peer-recovery-specific", subset_hours=4,
    ),
    requirement(
        RequirementKind.EDUCATION_HOURS, key="share", hours=10,
        share_modality=TrainingModality.IN_PERSON, share_percent=50,
    ),
    requirement(RequirementKind.PRACTICE_HOURS, key="practice", hours=40),
    requirement(RequirementKind.PRACTICE_HOURS, key="practice-domain", hours=4, domain=ADVOCACY),
    requirement(
        RequirementKind.PRACTICE_HOURS, key="practice-with-supervision", hours=40,
        include_supervision=True,
    ),
    requirement(RequirementKind.SUPERVISION_HOURS, key="supervision", hours=10),
    requirement(
        RequirementKind.SUPERVISION_HOURS, key="sustained", hours=2, sustained_months=3,
    ),
    requirement(RequirementKind.MODULE_COMPLETED, key="module", module_key="1"),
    requirement(RequirementKind.ASSESSMENT_PASSED, key="assessment", module_key="2"),
    requirement(
        RequirementKind.EXAM_RESULT, key="exam", exam_code="icrc_pr_exam", pass_score=500,
        within_months=36,
    ),
    requirement(
        RequirementKind.ATTESTATION, key="ethics-code",
        attestation_kind=AttestationKind.CODE_OF_ETHICS,
    ),
    requirement(RequirementKind.PREREQUISITE, key="prerequisite", prerequisite_code="icrc_pr"),
)  # fmt: skip

dates = st.dates(min_value=AS_OF - datetime.timedelta(days=1500), max_value=AS_OF)
hours = st.integers(min_value=1, max_value=80).map(lambda quarters: Decimal(quarters) / 4)
splits = st.dictionaries(st.sampled_from(DOMAINS), hours, max_size=3)
topic_splits = st.dictionaries(st.sampled_from(TOPICS), hours, max_size=3)


def _training(ref):
    return st.builds(
        TrainingRecord,
        ref=st.just(ref),
        event_key=st.just(f"event-{ref}"),
        date=dates,
        hours=hours,
        modality=st.sampled_from(TrainingModality.values),
        domain_hours=splits,
        topic_hours=topic_splits,
        organization_id=st.sampled_from([1, 2]),
    )


def _record(ref):
    """Any one record, with a fresh reference (and so a fresh training event)."""
    return st.one_of(
        _training(ref),
        st.builds(PracticeRecord, ref=st.just(ref), date=dates, hours=hours,
                  domain=st.sampled_from(DOMAINS)),
        st.builds(SupervisionRecord, ref=st.just(ref), date=dates, hours=hours,
                  domains=st.frozensets(st.sampled_from(DOMAINS), max_size=2)),
        st.builds(ModuleRecord, ref=st.just(ref), module_key=st.sampled_from(MODULE_KEYS),
                  date=dates),
        st.builds(AssessmentRecord, ref=st.just(ref), module_key=st.sampled_from(MODULE_KEYS),
                  date=dates),
        st.builds(ExamRecord, ref=st.just(ref), exam_code=st.sampled_from(EXAM_CODES),
                  date=dates, score=st.integers(200, 800).map(Decimal)),
        st.builds(AttestationRecord, ref=st.just(ref), kind=st.sampled_from(AttestationKind.values),
                  date=dates, affirmed=st.just(True)),
        st.builds(HeldCredential, ref=st.just(ref), code=st.sampled_from(CREDENTIAL_CODES),
                  issued_on=dates, expires_on=st.none() | dates),
    )  # fmt: skip


_FIELD_FOR = {
    TrainingRecord: "training",
    PracticeRecord: "practice",
    SupervisionRecord: "supervision",
    ModuleRecord: "modules",
    AssessmentRecord: "assessments",
    ExamRecord: "exams",
    AttestationRecord: "attestations",
    HeldCredential: "credentials",
}


def as_person_records(records) -> PersonRecords:
    grouped = {name: [] for name in _FIELD_FOR.values()}
    for record in records:
        grouped[_FIELD_FOR[type(record)]].append(record)
    return PersonRecords(**grouped)


def _with_ref(record, ref: str):
    """Give a generated record its own reference (and, for training, its own event)."""
    if isinstance(record, TrainingRecord):
        return dataclasses.replace(record, ref=ref, event_key=f"event-{ref}")
    return dataclasses.replace(record, ref=ref)


def record_lists(max_size=10):
    return st.lists(_record("r"), max_size=max_size).map(
        lambda records: [_with_ref(record, f"r{index}") for index, record in enumerate(records)]
    )


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@PROPERTY_SETTINGS
@given(records=record_lists(), randomness=st.randoms(use_true_random=False))
def test_evaluation_does_not_depend_on_record_order(records, randomness):
    shuffled = list(records)
    randomness.shuffle(shuffled)
    assert evaluate(SPEC, as_person_records(records), AS_OF) == evaluate(
        SPEC, as_person_records(shuffled), AS_OF
    )


@PROPERTY_SETTINGS
@given(records=record_lists(), extra=_record("added"))
def test_adding_a_record_never_turns_a_met_requirement_unmet(records, extra):
    before = evaluate(SPEC, as_person_records(records), AS_OF)
    after = evaluate(SPEC, as_person_records([*records, extra]), AS_OF)
    for was, now in zip(before.results, after.results, strict=True):
        if was.met:
            assert now.met, (was.key, was, now)
        assert now.have >= was.have or was.kind == RequirementKind.ATTESTATION


@PROPERTY_SETTINGS
@given(records=record_lists(max_size=10), extra=_record("later"), days=st.integers(1, 400))
def test_records_after_as_of_change_nothing(records, extra, days):
    later = AS_OF + datetime.timedelta(days=days)
    date_field = "issued_on" if isinstance(extra, HeldCredential) else "date"
    extra = dataclasses.replace(extra, **{date_field: later})
    assert evaluate(SPEC, as_person_records(records), AS_OF) == evaluate(
        SPEC, as_person_records([*records, extra]), AS_OF
    )
