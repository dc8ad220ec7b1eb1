"""Training completed on PeerPath reaches the rules engine: module completions (with their
frozen hour snapshot), modules completed and assessments passed."""

import datetime
from decimal import Decimal

from django.utils import timezone, translation

import pytest

from certification.rules.collect import collect_records, evaluate_for_person
from lms.learning.models import AssessmentAttempt
from tests.certification.credential_builders import (
    icrc_definition,
    make_completion,
    meet_icrc_peer_recovery,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def module_page(db):
    from curriculum.editorial import statewide_section_ensure
    from tests.lms.builders import build_module, build_program

    program = build_program(statewide_section_ensure().section, title="Peer basics")
    return build_module(program, title="Ethics first", lessons=0)


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def test_a_module_completion_is_training_with_its_snapshot_hours(trainee, domains):
    completion = make_completion(
        trainee,
        hours="3",
        domains={"ethical-responsibility": "2", "advocacy": "1"},
        topics={"ethics": "2"},
        modality="live_online",
    )
    (record,) = collect_records(trainee).training
    assert record.ref == f"module-completion:{completion.pk}"
    assert record.hours == Decimal(3)
    assert record.modality == "live_online"
    assert record.hours_in_domain(("icrc_pr", "ethical-responsibility")) == Decimal(2)
    assert record.hours_in_topic("ethics") == Decimal(2)
    assert record.date == timezone.localdate(completion.completed_at)


def test_completions_after_as_of_do_not_count(trainee, domains):
    make_completion(trainee, hours="2", completed_days_ago=30)
    make_completion(trainee, hours="2", completed_days_ago=2)
    as_of = timezone.localdate() - datetime.timedelta(days=10)
    assert len(collect_records(trainee, as_of=as_of).training) == 1
    assert len(collect_records(trainee).training) == 2


def test_another_persons_completions_are_never_collected(trainee, other_trainee, domains):
    make_completion(other_trainee, hours="2")
    assert collect_records(trainee).training == ()


def test_completed_modules_and_passed_assessments_match_module_requirements(
    trainee, domains, module_page
):
    make_completion(trainee, hours="1", module=module_page)
    attempt = AssessmentAttempt.objects.create(
        user=trainee,
        module=module_page,
        number=1,
        pass_mark_percent=80,
        submitted_at=timezone.now(),
        passed=True,
        score_percent=Decimal(90),
    )
    AssessmentAttempt.objects.create(
        user=trainee, module=module_page, number=2, pass_mark_percent=80,
        submitted_at=timezone.now(), passed=False, score_percent=Decimal(10),
    )  # fmt: skip
    records = collect_records(trainee)
    assert [m.module_key for m in records.modules] == [str(module_page.pk)]
    assert [a.ref for a in records.assessments] == [f"assessment-attempt:{attempt.pk}"]
    # Completing the same module twice is impossible; its event key is the module.
    assert records.training[0].event_key == f"module:{module_page.pk}"


def test_completed_training_meets_the_icrc_domain_requirements(
    trainee, supervisor, staff, organization, domains
):
    definition = icrc_definition()
    meet_icrc_peer_recovery(
        trainee=trainee, supervisor=supervisor, staff=staff, organization=organization
    )
    evaluation = evaluate_for_person(definition=definition, person=trainee)
    assert evaluation.missing == []
    assert evaluation.met


def test_collecting_runs_a_fixed_number_of_queries_with_completions(
    trainee, domains, django_assert_num_queries
):
    for number in range(12):
        make_completion(
            trainee, hours="2", domains={"advocacy": "2"}, topics={"ethics": "1"},
            completed_days_ago=number + 1,
        )  # fmt: skip
    # Every kind of row in one statement (lms.one_trip), whatever the number of completions.
    with django_assert_num_queries(1):
        records = collect_records(trainee, as_of=timezone.localdate())
    assert len(records.training) == 12
