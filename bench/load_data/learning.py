"""Step 5: enrolments, lesson progress, passed assessments and module completions.

Completions and their frozen hours are built by the learning service's own constructors
(`module_completion_build`, `completion_hours_build`), so they carry what the product would
have frozen; only the writing is in bulk.
"""

import datetime
from decimal import Decimal

from curriculum.assessment import draw_questions, score_answers
from curriculum.models import ModulePage, Topic
from lms.accounts.models import Role
from lms.learning.models import (
    AssessmentAttempt,
    Cohort,
    CompletionDomainHours,
    CompletionTopicHours,
    Enrollment,
    LessonProgress,
    ModuleCompletion,
)
from lms.learning.services import (
    completion_hours_build,
    lessons_of,
    module_completion_build,
    snapshot_from_dict,
)

from .inserts import copy_rows
from .parameters import BATCH_SIZE, HISTORY_DAYS
from .state import LoadState, at

ELSEWHERE_HOURS = Decimal("2")  # a continuing-education session taken outside the program
ELSEWHERE_ETHICS_HOURS = Decimal("1")


def build_learning(state: LoadState) -> None:
    """Everyone is enrolled in the starter program through their organisation's cohort; each
    completes `completions_per_trainee` modules (the program's own first, then continuing
    education from elsewhere) with the hours frozen as the product freezes them."""
    rng, now, program = state.rng, state.now, state.program
    modules = list(ModulePage.objects.live().descendant_of(program).specific().order_by("path"))
    state.module_page_id = modules[0].pk if modules else 0
    # Each module's rows are read once; every completion of it copies them.
    domain_rows = {
        module.pk: list(module.domain_hours.select_related("domain")) for module in modules
    }
    topic_rows = {module.pk: list(module.topic_hours.select_related("topic")) for module in modules}
    lessons = {
        module.pk: list(lessons_of(module).values_list("pk", flat=True)) for module in modules
    }
    questions = {
        module.pk: [q.as_dict() for q in draw_questions(module, rng=rng)]
        for module in modules
        if module.has_assessment
    }
    cohorts = Cohort.objects.bulk_create(
        Cohort(
            organization=organization,
            name="Foundations cohort",
            program=program,
            starts_on=state.today - datetime.timedelta(days=HISTORY_DAYS),
            created_by=state.by_organization[organization.pk][Role.STAFF][0],
        )
        for organization in state.organizations
    )
    enrollments, progress, attempts, completions = [], [], [], []
    completion_modules: list[ModulePage | None] = []
    for organization, cohort in zip(state.organizations, cohorts, strict=True):
        staff = state.by_organization[organization.pk][Role.STAFF][0]
        for trainee in state.by_organization[organization.pk][Role.TRAINEE]:
            enrollments.append(
                Enrollment(user=trainee, program=program, cohort=cohort, enrolled_by=staff)
            )
            day = state.today - datetime.timedelta(days=rng.randrange(30, HISTORY_DAYS))
            for number in range(state.parameters.completions_per_trainee):
                completed_at = min(at(day, rng.randrange(9, 21)), now)
                day = min(day + datetime.timedelta(days=rng.randrange(3, 40)), state.today)
                module = modules[number] if number < len(modules) else None
                if module is None:
                    completion = ModuleCompletion(
                        user=trainee,
                        module_title=f"Continuing education session {number + 1}",
                        program_title="Continuing education",
                        contact_hours=ELSEWHERE_HOURS,
                        modality="live_online",
                        completed_at=completed_at,
                    )
                else:
                    for lesson_id in lessons[module.pk]:
                        progress.append((trainee.pk, lesson_id, module.pk, completed_at))
                    attempt = None
                    if module.pk in questions:
                        attempt = _passed_attempt(
                            trainee, module, questions[module.pk], completed_at
                        )
                        attempts.append(attempt)
                    completion = module_completion_build(
                        user=trainee,
                        module=module,
                        program=program,
                        attempt=attempt,
                        completed_at=completed_at,
                    )
                completion.congratulated_at = completed_at
                completions.append(completion)
                completion_modules.append(module)
    Enrollment.objects.bulk_create(enrollments, BATCH_SIZE)
    AssessmentAttempt.objects.bulk_create(attempts, BATCH_SIZE)
    for completion in completions:
        completion.attempt_id = completion.attempt.pk if completion.attempt else None
    completions = ModuleCompletion.objects.bulk_create(completions, BATCH_SIZE)
    copy_rows(
        LessonProgress,
        ["user_id", "lesson_id", "module_id", "first_viewed_at", "last_viewed_at", "completed_at"],
        (
            (user_id, lesson_id, module_id, when, when, when)
            for user_id, lesson_id, module_id, when in progress
        ),
    )
    ethics = Topic.objects.filter(slug="ethics").first()
    domain_hours, topic_hours = [], []
    for completion, module in zip(completions, completion_modules, strict=True):
        if module is None:
            _credit_elsewhere(state, completion, ethics, domain_hours, topic_hours)
            continue
        domains, topics = completion_hours_build(
            completion=completion,
            domain_hours=[(row.domain, row.hours) for row in domain_rows[module.pk]],
            topic_hours=[(row.topic, row.hours) for row in topic_rows[module.pk]],
        )
        domain_hours.extend(domains)
        topic_hours.extend(topics)
    CompletionDomainHours.objects.bulk_create(domain_hours, BATCH_SIZE)
    CompletionTopicHours.objects.bulk_create(topic_hours, BATCH_SIZE)
    state.counts.update(
        enrollments=len(enrollments),
        module_completions=len(completions),
        assessment_attempts=len(attempts),
        lesson_progress=len(progress),
    )


def _credit_elsewhere(state, completion, ethics, domain_hours, topic_hours) -> None:
    """A session taken elsewhere credits its hours to one domain, and one hour of ethics."""
    domain = state.domains[completion.pk % len(state.domains)]
    domain_hours.append(
        CompletionDomainHours(
            completion=completion,
            domain=domain,
            framework=domain.framework,
            domain_name=domain.name,
            hours=ELSEWHERE_HOURS,
        )
    )
    if ethics is not None:
        topic_hours.append(
            CompletionTopicHours(
                completion=completion,
                topic=ethics,
                topic_name=ethics.name,
                hours=ELSEWHERE_ETHICS_HOURS,
            )
        )


def _passed_attempt(trainee, module, questions, completed_at) -> AssessmentAttempt:
    """A first attempt that chose every right option, scored as the product scores it."""
    answers = {
        question["id"]: [option["id"] for option in question["options"] if option["is_correct"]]
        for question in questions
    }
    score = score_answers(
        [snapshot_from_dict(question) for question in questions],
        {key: set(value) for key, value in answers.items()},
        pass_mark_percent=module.pass_mark_percent,
    )
    return AssessmentAttempt(
        user=trainee,
        module=module,
        number=1,
        questions=questions,
        answers=answers,
        pass_mark_percent=module.pass_mark_percent,
        started_at=completed_at - datetime.timedelta(minutes=25),
        answered_at=completed_at - datetime.timedelta(minutes=2),
        submitted_at=completed_at - datetime.timedelta(minutes=1),
        correct_count=score.correct,
        question_count=score.total,
        score_percent=score.percent,
        passed=score.passed,
    )
