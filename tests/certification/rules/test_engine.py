"""The rules engine, one requirement kind and one edge case at a time (no database)."""

import datetime

from django.utils import translation
from django.utils.formats import date_format

import pytest

from certification.rules.engine import evaluate
from certification.rules.kinds import AttestationKind, RequirementKind, TrainingModality
from certification.rules.records import PersonRecords, TrainingRecord
from certification.rules.windows import add_months, one_per_event
from certification.rules.wording import format_hours
from tests.certification.rules_builders import (
    ADVOCACY,
    AS_OF,
    ETHICS_DOMAIN,
    ICRC,
    MENTORING,
    assessment,
    attestation,
    credential,
    d,
    day,
    exam,
    held,
    judge,
    module,
    practice,
    requirement,
    supervision,
    training,
)

EDUCATION = RequirementKind.EDUCATION_HOURS
PRACTICE = RequirementKind.PRACTICE_HOURS
SUPERVISION = RequirementKind.SUPERVISION_HOURS


def long_day(value: datetime.date) -> str:
    return date_format(value, "DATE_FORMAT")


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def ethics_domain_requirement(**extra):
    return requirement(
        EDUCATION, hours=16, domain=ETHICS_DOMAIN, domain_name="Ethical Responsibility", **extra
    )


# ------------------------------------------------------------------------------
# Education hours
# ------------------------------------------------------------------------------
def test_education_hours_by_domain_says_what_is_missing_in_plain_words():
    record = training("9.5", domains={ETHICS_DOMAIN: "9.5"})
    result = judge(ethics_domain_requirement(), training=[record])
    assert not result.met
    assert (result.have, result.need) == (d("9.5"), d(16))
    assert result.missing == "6.5 more hours of Ethical Responsibility training"
    assert result.counted_refs == (record.ref,)
    assert result.title == "16 hours of Ethical Responsibility training"


def test_education_hours_by_domain_met_and_only_that_domain_counts():
    records = [
        training(10, domains={ETHICS_DOMAIN: 10}),
        training(6, domains={ETHICS_DOMAIN: 6}),
        training(20, domains={ADVOCACY: 20}),
    ]
    result = judge(ethics_domain_requirement(), training=records)
    assert result.met
    assert result.have == d(16)
    assert result.missing == ""
    assert result.counted_refs == tuple(sorted(r.ref for r in records[:2]))


def test_split_record_credits_each_domain_its_own_share():
    record = training(8, domains={ETHICS_DOMAIN: 3, ADVOCACY: 5})
    result = judge(ethics_domain_requirement(), training=[record])
    assert result.have == d(3)


def test_education_hours_total_counts_every_record():
    result = judge(requirement(EDUCATION, hours=46), training=[training(40), training(5)])
    assert result.missing == "1 more hour of training"


def test_education_hours_by_topic():
    spec = requirement(EDUCATION, hours=6, topic="ethics", topic_name="Ethics")
    records = [training(6, topics={"ethics": 4}), training(3, topics={"youth": 3})]
    result = judge(spec, training=records)
    assert result.have == d(4)
    assert result.missing == "2 more hours of Ethics training"


def test_education_hours_by_framework_sums_its_domains():
    spec = requirement(EDUCATION, hours=40, framework=ICRC, framework_name="IC&RC Peer Recovery")
    records = [
        training(10, domains={ADVOCACY: 10}),
        training(12, domains={MENTORING: 6, ("il_crss", "mentoring"): 6}),
    ]
    result = judge(spec, training=records)
    assert result.have == d(16)
    assert result.missing == "24 more hours of IC&RC Peer Recovery training"


def test_split_hours_never_exceed_the_record_hours():
    record = training(2, domains={ETHICS_DOMAIN: 5})
    assert judge(ethics_domain_requirement(), training=[record]).have == d(2)


# Caps ---------------------------------------------------------------------------
def crss_total(**extra):
    return requirement(
        EDUCATION,
        hours=100,
        cap_topic="core-functions",
        cap_topic_name="Core functions",
        cap_hours=54,
        **extra,
    )


def test_cap_limits_what_one_topic_contributes():
    records = [training(70, topics={"core-functions": 70}), training(40)]
    result = judge(crss_total(), training=records)
    assert result.have == d(94)  # 40 + at most 54 of the 70
    assert result.missing == "6 more hours of training"
    assert result.notes == (
        "Up to 54 hours of Core functions training count here; 16 of your hours are over that "
        "limit.",
    )


def test_cap_does_not_touch_hours_of_other_topics():
    records = [training(54, topics={"core-functions": 54}), training(46)]
    result = judge(crss_total(), training=records)
    assert result.met
    assert result.notes == ()


def test_cap_applies_to_the_tagged_part_of_a_mixed_record():
    record = training(100, topics={"core-functions": 60})
    assert judge(crss_total(), training=[record]).have == d(94)


# Recency windows -----------------------------------------------------------------
def test_window_counts_only_recent_records():
    spec = requirement(EDUCATION, hours=6, topic="hiv", topic_name="HIV", within_months=72)
    old = training(6, topics={"hiv": 6}, on=add_months(AS_OF, -72) - datetime.timedelta(days=1))
    result = judge(spec, training=[old])
    assert not result.met
    assert result.counted_refs == ()
    assert (
        result.missing == "6 more hours of HIV training "
        f"(only hours since {long_day(add_months(AS_OF, -72))} count)"
    )


def test_window_includes_its_first_day():
    spec = requirement(EDUCATION, hours=6, within_months=72)
    edge = training(6, on=add_months(AS_OF, -72))
    assert judge(spec, training=[edge]).met


def test_records_after_as_of_never_count():
    later = training(46, on=AS_OF + datetime.timedelta(days=1))
    assert not judge(requirement(EDUCATION, hours=46), training=[later]).met


def test_as_of_in_the_past_judges_what_was_true_that_day():
    spec = requirement(EDUCATION, hours=10)
    records = [
        training(6, on=datetime.date(2025, 1, 10)),
        training(6, on=datetime.date(2025, 3, 1)),
    ]
    assert not judge(spec, as_of=datetime.date(2025, 2, 1), training=records).met
    assert judge(spec, as_of=datetime.date(2025, 3, 1), training=records).met


def test_renewal_cycle_counts_only_from_its_start():
    spec = requirement(EDUCATION, hours=20)
    cycle_start = datetime.date(2025, 1, 1)
    records = [training(15, on=datetime.date(2024, 12, 31)), training(10, on=cycle_start)]
    result = judge(spec, counting_from=cycle_start, training=records)
    assert result.have == d(10)
    assert (
        result.missing
        == f"10 more hours of training (only hours since {long_day(cycle_start)} count)"
    )


# Nested subsets ------------------------------------------------------------------
def ncprss_training(**extra):
    return requirement(
        EDUCATION,
        hours=60,
        subset_topic="peer-recovery-specific",
        subset_topic_name="Peer-recovery-specific",
        subset_hours=48,
        **extra,
    )


def test_nested_subset_must_be_met_inside_the_total():
    records = [training(40, topics={"peer-recovery-specific": 40}), training(20)]
    result = judge(ncprss_training(), training=records)
    assert not result.met
    assert result.have == d(60)  # the total is met...
    assert result.missing == (
        "8 more hours of Peer-recovery-specific training (at least 48 of the 60 hours)"
    )
    subset = result.checks[1]
    assert (subset.have, subset.need, subset.met) == (d(40), d(48), False)


def test_nested_subset_met():
    records = [training(50, topics={"peer-recovery-specific": 48}), training(10)]
    assert judge(ncprss_training(), training=records).met


def test_both_shortfalls_are_listed():
    result = judge(
        ncprss_training(), training=[training(30, topics={"peer-recovery-specific": 30})]
    )
    assert result.missing_items == [
        "30 more hours of training",
        "18 more hours of Peer-recovery-specific training (at least 48 of the 60 hours)",
    ]


# Modality share ------------------------------------------------------------------
def face_to_face(**extra):
    return requirement(
        EDUCATION, hours=60, share_modality=TrainingModality.IN_PERSON, share_percent=50, **extra
    )


def test_modality_share_of_the_required_hours():
    records = [
        training(20, modality=TrainingModality.IN_PERSON),
        training(60, modality=TrainingModality.SELF_PACED),
    ]
    result = judge(face_to_face(), training=records)
    assert not result.met
    assert result.missing == "10 more hours of in-person training (at least 50% of the 60 hours)"


def test_modality_share_met_and_more_online_hours_never_hurt():
    records = [
        training(30, modality=TrainingModality.IN_PERSON),
        training(300, modality=TrainingModality.LIVE_ONLINE),
    ]
    assert judge(face_to_face(), training=records).met


# One credit per training event ---------------------------------------------------
def test_one_credit_per_training_event():
    first = training(6, domains={ETHICS_DOMAIN: 6}, event="ethics-day-2026-03-01", ref="a")
    again = training(6, domains={ETHICS_DOMAIN: 6}, event="ethics-day-2026-03-01", ref="b")
    result = judge(ethics_domain_requirement(), training=[first, again])
    assert result.have == d(6)
    assert result.counted_refs == ("b",)


def test_the_fuller_record_of_an_event_counts():
    short = training(4, event="e", ref="z")
    full = training(6, event="e", ref="a")
    assert one_per_event([short, full]) == (full,)
    assert one_per_event([full, short]) == (full,)


# ------------------------------------------------------------------------------
# Practice hours
# ------------------------------------------------------------------------------
def test_practice_hours_total():
    result = judge(requirement(PRACTICE, hours=500), practice=[practice(450), practice("20.25")])
    assert result.have == d("470.25")
    assert result.missing == "29.75 more hours of supervised practice"


def test_practice_hours_by_domain():
    spec = requirement(PRACTICE, hours=100, domain=ADVOCACY, domain_name="Advocacy")
    records = [practice(60, domain=ADVOCACY), practice(80, domain=MENTORING)]
    result = judge(spec, practice=records)
    assert result.missing == "40 more hours of supervised practice in Advocacy"
    assert result.counted_refs == (records[0].ref,)


def test_supervision_hours_can_also_count_as_practice():
    spec = requirement(PRACTICE, hours=500, include_supervision=True)
    session = supervision(25)
    result = judge(spec, practice=[practice(475)], supervision=[session])
    assert result.met
    assert session.ref in result.counted_refs
    assert not judge(requirement(PRACTICE, hours=500), practice=[practice(475)],
                     supervision=[session]).met  # fmt: skip


def test_records_of_another_organisation_count_for_the_person():
    records = [practice(300, organization_id=1), practice(200, organization_id=2)]
    assert judge(requirement(PRACTICE, hours=500), practice=records).met


# ------------------------------------------------------------------------------
# Supervision hours
# ------------------------------------------------------------------------------
def test_supervision_hours_minimum():
    result = judge(requirement(SUPERVISION, hours=25), supervision=[supervision(20)])
    assert result.missing == "5 more hours of supervision"


def test_supervision_by_domain_counts_sessions_that_covered_it():
    spec = requirement(
        SUPERVISION, hours=2, domain=ETHICS_DOMAIN, domain_name="Ethical Responsibility"
    )
    sessions = [
        supervision(1, domains=[ETHICS_DOMAIN, ADVOCACY]),
        supervision(3, domains=[ADVOCACY]),
    ]
    result = judge(spec, supervision=sessions)
    assert result.have == d(1)
    assert result.missing == "1 more hour of supervision in Ethical Responsibility"


def test_supervision_sustained_over_months():
    spec = requirement(SUPERVISION, hours=100, sustained_months=12)
    sessions = [
        supervision(60, on=datetime.date(2025, 9, 1)),
        supervision(50, on=datetime.date(2026, 6, 1)),
    ]
    result = judge(spec, supervision=sessions)
    assert not result.met
    span = result.checks[1]
    assert (span.have, span.need, span.unit) == (d(9), d(12), "months")
    assert result.missing == (
        f"Supervision that continues until {long_day(datetime.date(2026, 9, 1))} or later "
        "(over at least 12 months; 9 months so far)"
    )
    later = supervision(1, on=datetime.date(2026, 9, 1))
    assert judge(spec, as_of=datetime.date(2026, 9, 1), supervision=[*sessions, later]).met


def test_supervision_span_without_sessions():
    spec = requirement(SUPERVISION, hours=100, sustained_months=12)
    assert judge(spec).missing_items == [
        "100 more hours of supervision",
        "Supervision over at least 12 months",
    ]


# ------------------------------------------------------------------------------
# Modules, assessments, exams, attestations, prerequisites
# ------------------------------------------------------------------------------
def test_module_completed():
    spec = requirement(RequirementKind.MODULE_COMPLETED, module_key="42", module_title="Ethics")
    assert judge(spec, modules=[module("7")]).missing == "Complete the module “Ethics”"
    assert judge(spec, modules=[module("42")]).met


def test_assessment_passed():
    spec = requirement(RequirementKind.ASSESSMENT_PASSED, module_key="42", module_title="Ethics")
    assert judge(spec, modules=[module("42")]).missing == (
        "Pass the assessment of the module “Ethics”"
    )
    assert judge(spec, assessments=[assessment("42")]).met


def ic_rc_exam():
    return requirement(
        RequirementKind.EXAM_RESULT,
        exam_code="icrc_pr_exam",
        exam_name="IC&RC Peer Recovery",
        pass_score=500,
    )


def test_exam_result_at_the_pass_mark_passes():
    result = judge(ic_rc_exam(), exams=[exam(470), exam(500)])
    assert result.met
    assert result.have == d(500)


def test_exam_result_below_the_pass_mark_says_what_to_do_not_the_score():
    result = judge(ic_rc_exam(), exams=[exam(470), exam(620, code="other")])
    assert not result.met
    assert result.missing == "Pass the IC&RC Peer Recovery exam with a score of 500 or more"
    assert "470" not in result.missing


@pytest.mark.parametrize(
    ("kind", "sentence"),
    [
        (AttestationKind.CODE_OF_ETHICS, "Sign the code of ethics"),
        (AttestationKind.DIPLOMA, "Confirm your high school diploma or equivalent (such as a GED)"),
        (AttestationKind.LIVED_EXPERIENCE, "Confirm your lived experience of recovery"),
    ],
)
def test_attestation_missing(kind, sentence):
    result = judge(requirement(RequirementKind.ATTESTATION, attestation_kind=kind))
    assert result.missing == sentence


def test_attestation_met_by_latest_yes_and_withdrawn_by_a_later_no():
    spec = requirement(RequirementKind.ATTESTATION, attestation_kind=AttestationKind.CODE_OF_ETHICS)
    yes = attestation(AttestationKind.CODE_OF_ETHICS, on=day(30))
    assert judge(spec, attestations=[yes]).met
    no = attestation(AttestationKind.CODE_OF_ETHICS, affirmed=False, on=day(5))
    assert not judge(spec, attestations=[yes, no]).met


def test_lived_experience_result_is_marked_private():
    spec = requirement(
        RequirementKind.ATTESTATION, attestation_kind=AttestationKind.LIVED_EXPERIENCE
    )
    result = judge(spec, attestations=[attestation(AttestationKind.LIVED_EXPERIENCE)])
    assert result.met and result.private
    code = requirement(RequirementKind.ATTESTATION, attestation_kind=AttestationKind.CODE_OF_ETHICS)
    assert not judge(code).private


def test_prerequisite_held_on_the_day():
    spec = requirement(RequirementKind.PREREQUISITE, prerequisite_code="icrc_pr",
                       prerequisite_name="IC&RC Peer Recovery")  # fmt: skip
    assert judge(spec).missing == "Hold the IC&RC Peer Recovery credential first"
    assert judge(spec, credentials=[held("icrc_pr")]).met
    assert not judge(spec, credentials=[held("icrc_pr", expires=day(1))]).met
    assert not judge(spec, credentials=[held("icrc_pr", revoked=day(1))]).met
    assert not judge(spec, credentials=[held("icrc_pr", issued=AS_OF + datetime.timedelta(1))]).met
    assert not judge(spec, credentials=[held("other")]).met


# ------------------------------------------------------------------------------
# The whole definition
# ------------------------------------------------------------------------------
def test_evaluation_is_met_only_when_every_requirement_is():
    spec = credential(
        requirement(EDUCATION, key="training", hours=10),
        requirement(RequirementKind.ATTESTATION, key="ethics",
                    attestation_kind=AttestationKind.CODE_OF_ETHICS),
    )  # fmt: skip
    records = PersonRecords(training=[training(10)])
    evaluation = evaluate(spec, records, AS_OF)
    assert not evaluation.met
    assert evaluation.missing == ["Sign the code of ethics"]
    assert evaluation.result_for("training").met
    signed = PersonRecords(training=[training(10)], attestations=[attestation("code_of_ethics")])
    assert evaluate(spec, signed, AS_OF).met


def test_evaluation_says_whether_the_version_was_in_effect():
    spec = credential(
        effective_from=datetime.date(2026, 1, 1), effective_to=datetime.date(2026, 12, 31)
    )
    assert evaluate(spec, PersonRecords(), AS_OF).in_effect
    assert not evaluate(spec, PersonRecords(), datetime.date(2025, 12, 31)).in_effect


def test_evaluation_as_dict_is_json_ready():
    import json

    spec = credential(ethics_domain_requirement())
    evaluation = evaluate(
        spec, PersonRecords(training=[training(3, domains={ETHICS_DOMAIN: 3})]), AS_OF
    )
    data = json.loads(json.dumps(evaluation.as_dict()))
    assert data["results"][0]["have"] == "3"
    assert data["met"] is False


def test_progress_percent():
    result = judge(ethics_domain_requirement(), training=[training(8, domains={ETHICS_DOMAIN: 8})])
    assert result.progress_percent == 50


def test_hours_are_decimal_never_float():
    with pytest.raises(TypeError):
        TrainingRecord(ref="t", event_key="e", date=AS_OF, hours=1.5, modality="in_person")


def test_hours_format_drops_trailing_zeros():
    assert [format_hours(d(x)) for x in ("6.50", "10.00", "0.25")] == ["6.5", "10", "0.25"]
