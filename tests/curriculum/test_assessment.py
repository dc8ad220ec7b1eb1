"""Question banks: editor validation of questions, and the snapshot, draw and score the
learning app builds attempts on."""

import random
from decimal import Decimal

from django.core.exceptions import ValidationError

import pytest

from curriculum.assessment import draw_questions, question_bank, score_answers
from curriculum.blocks import MultipleSelectQuestionBlock, SingleChoiceQuestionBlock
from tests.curriculum.builders import build_module


def _options(*correct_flags):
    return [
        {"text": f"Option {number}", "is_correct": flag, "feedback": ""}
        for number, flag in enumerate(correct_flags)
    ]


def _value(block, correct_flags):
    return block.to_python(
        {"prompt": "Which?", "options": _options(*correct_flags), "explanation": ""}
    )


def test_single_choice_question_needs_exactly_one_correct_option():
    block = SingleChoiceQuestionBlock()
    block.clean(_value(block, [True, False]))
    for flags in ([True, True], [False, False]):
        with pytest.raises(ValidationError) as error:
            block.clean(_value(block, flags))
        assert "exactly one option" in str(error.value.block_errors["options"])


def test_multiple_select_question_needs_at_least_one_correct_option():
    block = MultipleSelectQuestionBlock()
    block.clean(_value(block, [True, True, False]))
    with pytest.raises(ValidationError):
        block.clean(_value(block, [False, False]))


@pytest.fixture
def module_with_bank(own_program, ethics_domain):
    module = build_module(
        own_program,
        title="Bank module",
        domains=[(ethics_domain, Decimal("2"))],
        questions=6,
    )
    module.questions_per_attempt = 4
    module.save_revision().publish()
    module.refresh_from_db()
    return module


def test_question_bank_snapshot_keeps_stable_ids_across_revisions(module_with_bank):
    before = question_bank(module_with_bank)
    module_with_bank.title = "Bank module, renamed"
    module_with_bank.save_revision().publish()
    module_with_bank.refresh_from_db()
    after = question_bank(module_with_bank)
    assert [question.id for question in before] == [question.id for question in after]
    assert [o.id for o in before[0].options] == [o.id for o in after[0].options]
    snapshot = before[0].as_dict()
    assert set(snapshot) == {"id", "kind", "prompt", "options", "explanation"}
    assert snapshot["options"][0]["feedback"] == "Why."


def test_an_attempt_draws_the_configured_number_of_distinct_questions(module_with_bank):
    drawn = draw_questions(module_with_bank, rng=random.Random(7))
    assert len(drawn) == 4
    assert len({question.id for question in drawn}) == 4


def test_scoring_is_all_or_nothing_per_question_and_uses_the_pass_mark(module_with_bank):
    questions = draw_questions(module_with_bank, rng=random.Random(1))
    right = {q.id: set(q.correct_option_ids) for q in questions}
    assert score_answers(questions, right, pass_mark_percent=80).passed
    three_right = dict(right)
    three_right[questions[0].id] = set()
    score = score_answers(questions, three_right, pass_mark_percent=80)
    assert (score.correct, score.total, score.percent, score.passed) == (
        3,
        4,
        Decimal("75.00"),
        False,
    )
