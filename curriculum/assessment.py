"""A module's question bank as plain data: what an assessment attempt draws, shows and scores.

The learning app stores ``QuestionSnapshot.as_dict()`` of every question an attempt drew, in
the order shown, so the attempt can be reviewed exactly as the trainee saw it even after the
module is edited. Ids are the StreamField block ids, stable across revisions of the page.

Scoring is all or nothing per question: a multiple-select question counts as correct only when
exactly the correct options were chosen.
"""

import random
from dataclasses import asdict, dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext as _


class AnswerFeedback:
    """When a trainee sees which answers were correct (a setting of each question bank)."""

    AFTER_LIMIT_OR_PASS = "after_limit_or_pass"  # noqa: S105 - a setting, not a secret
    AFTER_ANY_ATTEMPT = "after_any_attempt"
    AFTER_PASS = "after_pass"  # noqa: S105 - a setting, not a secret
    NEVER = "never"


def shows_correct_answers(
    *, policy: str, passed: bool, attempts_used: int, attempts_allowed: int | None
) -> bool:
    """Whether the result of a submitted attempt names the correct answers.

    The default shows them after a pass, or once no attempt is left, so trainees learn from
    their last try rather than guess their way through the next one.
    """
    if policy == AnswerFeedback.NEVER:
        return False
    if policy == AnswerFeedback.AFTER_ANY_ATTEMPT:
        return True
    if passed:
        return True
    if policy == AnswerFeedback.AFTER_PASS:
        return False
    return attempts_allowed is not None and attempts_used >= attempts_allowed


SINGLE_CHOICE = "single_choice"
MULTIPLE_SELECT = "multiple_select"
TRUE_FALSE = "true_false"


@dataclass(frozen=True)
class OptionSnapshot:
    id: str
    text: str
    is_correct: bool
    feedback: str


@dataclass(frozen=True)
class QuestionSnapshot:
    id: str
    kind: str
    prompt: str
    options: tuple[OptionSnapshot, ...]
    explanation: str

    @property
    def correct_option_ids(self) -> frozenset[str]:
        return frozenset(option.id for option in self.options if option.is_correct)

    def as_dict(self) -> dict:
        return asdict(self)

    def is_answered_by(self, chosen) -> bool:
        """All or nothing: exactly the correct options were chosen."""
        return set(chosen) == set(self.correct_option_ids)


@dataclass(frozen=True)
class Score:
    correct: int
    total: int
    percent: Decimal
    passed: bool


def _snapshot(block) -> QuestionSnapshot:
    value = block.value
    if block.block_type == TRUE_FALSE:
        answer = value["correct_answer"]
        options = (
            OptionSnapshot(f"{block.id}:true", _("True"), answer == "true", value["feedback_true"]),
            OptionSnapshot(
                f"{block.id}:false", _("False"), answer == "false", value["feedback_false"]
            ),
        )
    else:
        options = tuple(
            OptionSnapshot(
                id=item.id,
                text=item.value["text"],
                is_correct=bool(item.value["is_correct"]),
                feedback=item.value["feedback"],
            )
            for item in value["options"].bound_blocks
        )
    return QuestionSnapshot(
        id=block.id,
        kind=block.block_type,
        prompt=value["prompt"],
        options=options,
        explanation=value["explanation"],
    )


def question_bank(module) -> list[QuestionSnapshot]:
    """Every question in the module's bank, in the editor's order."""
    return [_snapshot(block) for block in module.question_bank]


def draw_questions(module, *, rng: random.Random | None = None) -> list[QuestionSnapshot]:
    """The questions one attempt asks, applying the module's draw and shuffle settings."""
    rng = rng or random.SystemRandom()
    questions = question_bank(module)
    count = module.questions_per_attempt or len(questions)
    if module.shuffle_questions or count < len(questions):
        questions = rng.sample(questions, k=min(count, len(questions)))
    if module.shuffle_options:
        questions = [
            QuestionSnapshot(
                id=question.id,
                kind=question.kind,
                prompt=question.prompt,
                options=tuple(rng.sample(question.options, k=len(question.options))),
                explanation=question.explanation,
            )
            if question.kind != TRUE_FALSE
            else question
            for question in questions
        ]
    return questions


def score_answers(
    questions: list[QuestionSnapshot], answers: dict[str, set[str]], *, pass_mark_percent: int
) -> Score:
    """Score chosen option ids per question id against the snapshot the trainee was shown."""
    correct = sum(
        1 for question in questions if question.is_answered_by(answers.get(question.id, ()))
    )
    total = len(questions)
    percent = (
        (Decimal(correct) * 100 / total).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
        if total
        else Decimal(0)
    )
    return Score(correct=correct, total=total, percent=percent, passed=percent >= pass_mark_percent)
