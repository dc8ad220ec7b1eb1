"""Enrolment, progress, assessments and module completion (the services in lms/learning.py)."""

from datetime import timedelta
from decimal import Decimal

from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

import pytest

from lms.learning import services as learning
from lms.learning.models import (
    AssessmentAttempt,
    Enrollment,
    LessonProgress,
    ModuleCompletion,
    ReflectionDraft,
)
from lms.signals import module_completed

pytestmark = pytest.mark.django_db


def correct_answers(attempt) -> dict[str, list[str]]:
    return {
        question["id"]: [option["id"] for option in question["options"] if option["is_correct"]]
        for question in attempt.questions
    }


def wrong_answers(attempt) -> dict[str, list[str]]:
    return {
        question["id"]: [
            next(option["id"] for option in question["options"] if not option["is_correct"])
        ]
        for question in attempt.questions
    }


def complete_lessons(trainee, lessons):
    for lesson in lessons:
        learning.lesson_complete(user=trainee, lesson=lesson)


# ------------------------------------------------------------------------------
# Enrolment and prerequisites
# ------------------------------------------------------------------------------
def test_trainee_enrols_in_a_program_once(trainee, program):
    first = learning.enrollment_create(trainee=trainee, program=program)
    second = learning.enrollment_create(trainee=trainee, program=program)
    assert first == second
    assert Enrollment.objects.filter(user=trainee).count() == 1


def test_enrolling_in_a_module_before_its_prerequisite_is_refused_kindly(
    trainee, module, later_module
):
    with pytest.raises(ValidationError) as error:
        learning.enrollment_create(trainee=trainee, module=later_module)
    assert "builds on “Ethics first”" in error.value.messages[0]
    assert "no rush" in error.value.messages[0]
    assert not Enrollment.objects.filter(user=trainee).exists()


def test_module_of_a_program_stays_closed_until_its_prerequisite_is_completed(
    trainee, program, module, later_module, lessons
):
    learning.enrollment_create(trainee=trainee, program=program)
    assert "builds on" in learning.module_access_problem(user=trainee, module=later_module)
    complete_lessons(trainee, lessons)
    attempt = learning.attempt_start(user=trainee, module=module)
    learning.attempt_submit(user=trainee, attempt=attempt, answers=correct_answers(attempt))
    assert learning.module_access_problem(user=trainee, module=later_module) is None


def test_staff_cannot_enrol_a_trainee_of_another_organisation(other_staff, trainee, program):
    with pytest.raises(PermissionDenied):
        learning.enrollment_create(trainee=trainee, program=program, enrolled_by=other_staff)


def test_staff_enrol_a_trainee_of_their_organisation(staff, trainee, program):
    enrollment = learning.enrollment_create(trainee=trainee, program=program, enrolled_by=staff)
    assert enrollment.enrolled_by == staff


# ------------------------------------------------------------------------------
# Progress
# ------------------------------------------------------------------------------
def test_completing_a_lesson_of_a_module_one_is_not_enrolled_in_is_refused(trainee, lessons):
    with pytest.raises(PermissionDenied) as error:
        learning.lesson_complete(user=trainee, lesson=lessons[0])
    assert "not enrolled" in str(error.value)
    assert not LessonProgress.objects.filter(user=trainee).exists()


def test_lesson_view_then_complete_records_progress(trainee, program, module, lessons):
    learning.enrollment_create(trainee=trainee, program=program)
    learning.lesson_view(user=trainee, lesson=lessons[0], module=module)
    progress = LessonProgress.objects.get(user=trainee, lesson=lessons[0])
    assert progress.completed_at is None
    learning.lesson_complete(user=trainee, lesson=lessons[0])
    progress.refresh_from_db()
    assert progress.completed_at is not None


def test_reflection_draft_is_saved_and_updated(trainee, program, lessons):
    learning.enrollment_create(trainee=trainee, program=program)
    block_id = next(block.id for block in lessons[0].body if block.block_type == "reflection")
    learning.reflection_draft_save(user=trainee, lesson=lessons[0], block_id=block_id, text="I")
    learning.reflection_draft_save(
        user=trainee, lesson=lessons[0], block_id=block_id, text="I would listen."
    )
    assert ReflectionDraft.objects.get(user=trainee).text == "I would listen."


def test_reflection_for_a_prompt_not_in_the_lesson_is_refused(trainee, program, lessons):
    learning.enrollment_create(trainee=trainee, program=program)
    with pytest.raises(ValidationError):
        learning.reflection_draft_save(
            user=trainee, lesson=lessons[0], block_id="not-a-prompt", text="x"
        )


# ------------------------------------------------------------------------------
# Assessments
# ------------------------------------------------------------------------------
@pytest.fixture
def enrolled(trainee, program):
    learning.enrollment_create(trainee=trainee, program=program)
    return trainee


def test_attempt_snapshots_the_questions_and_keeps_them_after_the_bank_changes(enrolled, module):
    attempt = learning.attempt_start(user=enrolled, module=module)
    assert [q["prompt"] for q in attempt.questions] == ["Who leads recovery?", "Which are values?"]
    module.question_bank = []
    module.save_revision().publish()
    attempt.refresh_from_db()
    assert attempt.questions[0]["options"][0]["text"] == "The person"


def test_starting_twice_resumes_the_open_attempt(enrolled, module):
    first = learning.attempt_start(user=enrolled, module=module)
    assert learning.attempt_start(user=enrolled, module=module) == first


def test_answers_are_saved_as_chosen(enrolled, module):
    attempt = learning.attempt_start(user=enrolled, module=module)
    question = attempt.questions[0]
    learning.attempt_answer(
        user=enrolled,
        attempt=attempt,
        question_id=question["id"],
        option_ids=[question["options"][1]["id"]],
    )
    attempt.refresh_from_db()
    assert attempt.answers == {question["id"]: [question["options"][1]["id"]]}


def test_answer_naming_an_option_of_another_question_is_refused(enrolled, module):
    attempt = learning.attempt_start(user=enrolled, module=module)
    first, second = attempt.questions
    with pytest.raises(ValidationError) as error:
        learning.attempt_answer(
            user=enrolled,
            attempt=attempt,
            question_id=first["id"],
            option_ids=[second["options"][0]["id"]],
        )
    assert "does not belong to this question" in error.value.messages[0]
    attempt.refresh_from_db()
    assert attempt.answers == {}


def test_submit_naming_an_option_of_another_question_is_refused(enrolled, module):
    attempt = learning.attempt_start(user=enrolled, module=module)
    first, second = attempt.questions
    with pytest.raises(ValidationError):
        learning.attempt_submit(
            user=enrolled, attempt=attempt, answers={first["id"]: [second["options"][0]["id"]]}
        )
    attempt.refresh_from_db()
    assert attempt.submitted_at is None


def test_two_answers_to_a_single_choice_question_are_refused(enrolled, module):
    attempt = learning.attempt_start(user=enrolled, module=module)
    question = attempt.questions[0]
    with pytest.raises(ValidationError) as error:
        learning.attempt_answer(
            user=enrolled,
            attempt=attempt,
            question_id=question["id"],
            option_ids=[option["id"] for option in question["options"]],
        )
    assert "Choose one answer" in error.value.messages[0]


def test_resubmitting_a_submitted_attempt_is_refused(enrolled, module):
    attempt = learning.attempt_start(user=enrolled, module=module)
    learning.attempt_submit(user=enrolled, attempt=attempt, answers=wrong_answers(attempt))
    with pytest.raises(ValidationError) as error:
        learning.attempt_submit(user=enrolled, attempt=attempt, answers=correct_answers(attempt))
    assert "already submitted" in error.value.messages[0]
    attempt.refresh_from_db()
    assert attempt.passed is False


def test_answering_a_submitted_attempt_is_refused(enrolled, module):
    attempt = learning.attempt_start(user=enrolled, module=module)
    learning.attempt_submit(user=enrolled, attempt=attempt)
    question = attempt.questions[0]
    with pytest.raises(ValidationError):
        learning.attempt_answer(
            user=enrolled,
            attempt=attempt,
            question_id=question["id"],
            option_ids=[question["options"][0]["id"]],
        )


def test_someone_elses_attempt_is_refused(enrolled, other_trainee, program, module):
    attempt = learning.attempt_start(user=enrolled, module=module)
    learning.enrollment_create(trainee=other_trainee, program=program)
    with pytest.raises(PermissionDenied):
        learning.attempt_submit(user=other_trainee, attempt=attempt)


def test_submit_scores_and_fails_with_feedback_data(enrolled, module):
    attempt = learning.attempt_start(user=enrolled, module=module)
    answers = correct_answers(attempt)
    first_id = attempt.questions[0]["id"]
    answers[first_id] = wrong_answers(attempt)[first_id]
    attempt = learning.attempt_submit(user=enrolled, attempt=attempt, answers=answers)
    assert (attempt.correct_count, attempt.question_count) == (1, 2)
    assert attempt.score_percent == Decimal("50.00")
    assert attempt.passed is False


def test_starting_during_the_pause_after_a_failed_attempt_is_refused(enrolled, module):
    attempt = learning.attempt_start(user=enrolled, module=module)
    learning.attempt_submit(user=enrolled, attempt=attempt, answers=wrong_answers(attempt))
    with pytest.raises(PermissionDenied) as error:
        learning.attempt_start(user=enrolled, module=module)
    assert "Take a short break" in str(error.value)
    assert ".." not in str(error.value)  # "2:20 p.m.." read as a typo
    AssessmentAttempt.objects.filter(pk=attempt.pk).update(
        submitted_at=timezone.now() - timedelta(minutes=11)
    )
    assert learning.attempt_start(user=enrolled, module=module).number == 2


def test_starting_past_the_attempt_limit_is_refused(enrolled, module):
    for _number in range(3):
        attempt = learning.attempt_start(user=enrolled, module=module)
        learning.attempt_submit(user=enrolled, attempt=attempt, answers=wrong_answers(attempt))
        AssessmentAttempt.objects.filter(pk=attempt.pk).update(
            submitted_at=timezone.now() - timedelta(hours=1)
        )
    with pytest.raises(PermissionDenied) as error:
        learning.attempt_start(user=enrolled, module=module)
    assert "used all 3 attempts" in str(error.value)
    assert AssessmentAttempt.objects.filter(user=enrolled).count() == 3


def test_starting_an_attempt_without_enrolment_is_refused(trainee, module):
    with pytest.raises(PermissionDenied):
        learning.attempt_start(user=trainee, module=module)


# ------------------------------------------------------------------------------
# Completion
# ------------------------------------------------------------------------------
def test_module_completes_once_with_an_hours_snapshot_and_one_email(
    enrolled, module, lessons, ethics_domain, django_capture_on_commit_callbacks
):
    received = []
    module_completed.connect(lambda **kwargs: received.append(kwargs["completion"]), weak=False)
    with django_capture_on_commit_callbacks(execute=True):
        complete_lessons(enrolled, lessons)
        assert not ModuleCompletion.objects.exists()
        attempt = learning.attempt_start(user=enrolled, module=module)
        learning.attempt_submit(user=enrolled, attempt=attempt, answers=correct_answers(attempt))
        # Idempotent: checking again, or completing a lesson again, adds nothing.
        learning.module_completion_check(user=enrolled, module=module)
        learning.lesson_complete(user=enrolled, lesson=lessons[0])
    completion = ModuleCompletion.objects.get(user=enrolled)
    assert completion.contact_hours == Decimal("3")
    assert completion.modality == "self_paced"
    assert completion.attempt == attempt
    assert {(row.domain_name, row.hours) for row in completion.domain_hours.all()} == {
        ("Ethical Responsibility", Decimal("2")),
        ("Advocacy", Decimal("1")),
    }
    assert [(row.topic_name, row.hours) for row in completion.topic_hours.all()] == [
        ("Ethics", Decimal("2"))
    ]
    assert len(received) == 1
    assert len(mail.outbox) == 1
    assert "Ethics first" in mail.outbox[0].subject
    completion.refresh_from_db()
    assert completion.congratulated_at is not None


def test_completion_keeps_its_hours_when_the_module_is_edited_later(enrolled, module, lessons):
    complete_lessons(enrolled, lessons)
    attempt = learning.attempt_start(user=enrolled, module=module)
    learning.attempt_submit(user=enrolled, attempt=attempt, answers=correct_answers(attempt))
    module.title = "Renamed"
    module.contact_hours = Decimal("5")
    module.save_revision().publish()
    completion = ModuleCompletion.objects.get(user=enrolled)
    assert (completion.module_title, completion.contact_hours) == ("Ethics first", Decimal("3"))


def test_module_without_assessment_completes_with_its_lessons(
    enrolled, module, later_module, lessons
):
    complete_lessons(enrolled, lessons)
    attempt = learning.attempt_start(user=enrolled, module=module)
    learning.attempt_submit(user=enrolled, attempt=attempt, answers=correct_answers(attempt))
    from curriculum.models import LessonPage

    for lesson in LessonPage.objects.child_of(later_module):
        completion = learning.lesson_complete(user=enrolled, lesson=lesson)
    assert completion.module_title == "Advocacy next"
