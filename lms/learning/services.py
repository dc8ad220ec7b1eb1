"""Writes that matter for learning: enrolment, progress, assessments, completion,
transcripts."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import ProhibitNullCharactersValidator
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from wagtail.models import Page

from curriculum.assessment import (
    MULTIPLE_SELECT,
    OptionSnapshot,
    QuestionSnapshot,
    draw_questions,
    score_answers,
)
from curriculum.models import (
    CompetencyDomain,
    LessonPage,
    ModulePage,
    ProgramPage,
    Topic,
)
from lms import access, outbox, personal_pages, xapi
from lms.accounts.models import Membership, Organization, Role, User
from lms.learning.models import (
    AssessmentAttempt,
    Cohort,
    CompletionCredit,
    CompletionDomainHours,
    CompletionTopicHours,
    ContentNoteAcknowledgement,
    Enrollment,
    LearningPreference,
    LessonProgress,
    ModuleCompletion,
    PackageAttempt,
    ReflectionDraft,
)
from lms.learning.selectors import LessonFacts, latest_lesson_views
from lms.learning.tasks import send_module_completion_email
from lms.live_training.credit import LiveProgress, live_progress, scaled_split, scaled_topics
from lms.signals import module_completed

REFLECTION_MAX_CHARS = 20_000


# ------------------------------------------------------------------------------
# Curriculum structure, as the learning side needs it
# ------------------------------------------------------------------------------
def program_path_of(module: ModulePage) -> str:
    return module.path[: -Page.steplen]


def program_of(module: ModulePage) -> ProgramPage | None:
    return ProgramPage.objects.filter(path=program_path_of(module)).first()


def lessons_of(module: ModulePage):
    """The module's published lessons, in the editor's order."""
    return LessonPage.objects.child_of(module).live().order_by("path")


def module_of(lesson: LessonPage) -> ModulePage:
    return ModulePage.objects.get(path=lesson.path[: -Page.steplen])


def enrollment_for_module(*, user: User, module: ModulePage) -> Enrollment | None:
    """The enrolment that gives this person the module: its own or its program's."""
    if not user.is_authenticated:
        return None
    return (
        Enrollment.objects.filter(user=user)
        .filter(Q(module=module) | Q(program__path=program_path_of(module)))
        .order_by("pk")
        .first()
    )


def completed_module_ids(user: User) -> set[int]:
    return set(
        ModuleCompletion.objects.filter(user=user, module__isnull=False).values_list(
            "module_id", flat=True
        )
    )


def missing_prerequisites(
    *, user: User, module: ModulePage, completed: set[int] | None = None
) -> list[ModulePage]:
    """Published prerequisite modules this person has not completed yet."""
    completed = completed_module_ids(user) if completed is None else completed
    return [
        prerequisite
        for prerequisite in module.prerequisites.filter(live=True).order_by("path")
        if prerequisite.pk not in completed
    ]


def prerequisites_explanation(missing: list[ModulePage]) -> str:
    titles = ", ".join(f"“{module.title}”" for module in missing)
    return _(
        "This module builds on %(titles)s. Once you have completed that, this module opens "
        "for you. There is no rush: everything you have done so far is kept."
    ) % {"titles": titles}


def module_access_problem(
    *, user: User, module: ModulePage, facts: LessonFacts | None = None
) -> str | None:
    """Why this person cannot work in the module right now, kindly worded, or None."""
    if not module.live:
        return _("This module is not published at the moment.")
    enrolled = (
        facts.enrolled
        if facts is not None
        else enrollment_for_module(user=user, module=module) is not None
    )
    if not enrolled:
        return _(
            "You are not enrolled in this module yet. Enrol in it (or its program) to keep "
            "track of your progress."
        )
    missing = (
        facts.missing if facts is not None else missing_prerequisites(user=user, module=module)
    )
    if missing:
        return prerequisites_explanation(missing)
    return None


def _require_module_access(
    *, user: User, module: ModulePage, facts: LessonFacts | None = None
) -> None:
    problem = module_access_problem(user=user, module=module, facts=facts)
    if problem:
        raise PermissionDenied(problem)


# ------------------------------------------------------------------------------
# Enrolment
# ------------------------------------------------------------------------------
def _ensure_may_enrol(*, actor: User, trainee: User, organization: Organization | None) -> None:
    if actor.pk == trainee.pk:
        return
    organizations = access.staffed_organizations(actor)
    if organization is not None:
        organizations = organizations.filter(pk=organization.pk)
    if not Membership.objects.filter(
        user=trainee, role=Role.TRAINEE, organization__in=organizations
    ).exists():
        raise PermissionDenied(_("You can enrol only trainees of your own organisation."))


def enrollment_create(
    *,
    trainee: User,
    program: ProgramPage | None = None,
    module: ModulePage | None = None,
    enrolled_by: User | None = None,
    cohort: Cohort | None = None,
) -> Enrollment:
    """Enrol a trainee in a program or in one module. Idempotent: enrolling twice is a no-op.

    A trainee enrols themself; staff enrol trainees of their organisation. A single module
    needs its prerequisites completed; a program never waits (its modules open in turn).
    """
    if (program is None) == (module is None):
        raise ValueError("Enrol in exactly one of a program or a module.")
    enrolled_by = enrolled_by or trainee
    _ensure_may_enrol(
        actor=enrolled_by,
        trainee=trainee,
        organization=cohort.organization if cohort is not None else None,
    )
    page = program or module
    if not page.live:
        raise ValidationError(_("This is not open for enrolment at the moment."))
    if module is not None:
        existing = enrollment_for_module(user=trainee, module=module)
        if existing is not None:
            return existing
        missing = missing_prerequisites(user=trainee, module=module)
        if missing:
            raise ValidationError(prerequisites_explanation(missing), code="prerequisites")
    with transaction.atomic():
        lookup = {"program": program} if program is not None else {"module": module}
        enrollment, created = Enrollment.objects.get_or_create(
            user=trainee, **lookup, defaults={"cohort": cohort, "enrolled_by": enrolled_by}
        )
        if not created and cohort is not None and enrollment.cohort_id is None:
            enrollment.cohort = cohort
            enrollment.save(update_fields=["cohort"])
    return enrollment


# ------------------------------------------------------------------------------
# Progress
# ------------------------------------------------------------------------------
def content_note_acknowledge(*, user: User, module: ModulePage) -> None:
    ContentNoteAcknowledgement.objects.get_or_create(user=user, module=module)


def content_note_pending(
    *, user: User, module: ModulePage, acknowledged: bool | None = None
) -> bool:
    """True when the module has a content note this person has not chosen to go past yet
    (``acknowledged``: whether they chose to, when the caller has read it)."""
    if not module.content_note.strip():
        return False
    if acknowledged is None:
        acknowledged = ContentNoteAcknowledgement.objects.filter(user=user, module=module).exists()
    return not acknowledged


def lesson_view(*, user: User, lesson: LessonPage, module: ModulePage) -> LessonProgress:
    """Record that the trainee opened a lesson (their place to resume from)."""
    _require_module_access(user=user, module=module)
    return _record_lesson_view(user=user, lesson=lesson, module=module)


def lesson_open(
    *, user: User, lesson: LessonPage, module: ModulePage, facts: LessonFacts | None = None
) -> LessonProgress | None:
    """The lesson page's one call, checking access once: PermissionDenied with the kind reason
    when the person cannot work in the module; None, recording nothing, while the module's
    content note waits for their choice; otherwise the view is recorded, as ``lesson_view``.
    ``facts``: what this reads about the person, if the page has read it already."""
    _require_module_access(user=user, module=module, facts=facts)
    acknowledged = facts.note_acknowledged if facts is not None else None
    if content_note_pending(user=user, module=module, acknowledged=acknowledged):
        return None
    return _record_lesson_view(user=user, lesson=lesson, module=module, facts=facts)


def _record_lesson_view(
    *, user: User, lesson: LessonPage, module: ModulePage, facts: LessonFacts | None = None
) -> LessonProgress:
    now = timezone.now()
    progress, created = _view_recorded(
        user=user,
        lesson_id=lesson.pk,
        module_id=module.pk,
        now=now,
        latest=facts.latest_views if facts is not None else None,
        this_view=facts.this_view if facts is not None else None,
    )
    if created:
        xapi.on_commit_record(
            key=("lesson-launched", user.pk, lesson.pk),
            person=user,
            verb="launched",
            obj=_lesson_activity(lesson),
            when=now,
        )
    return progress


def _view_recorded(
    *, user: User, lesson_id: int, module_id: int, now, latest=None, this_view=None
) -> tuple:
    """The person's progress row for the lesson, made on the first view, its last view moved
    to ``now`` after that; (row, whether it was made). ``latest`` (their two latest views) and
    ``this_view`` (their row of this lesson) when the caller has read them."""
    # The last view orders the modules on their /learn/ and says where to resume in each;
    # their staff's trainee list shows its day; nothing else shows it (their recent activity
    # counts a lesson opened the first time). So reading again, on the same day, the lesson
    # read last of all (strictly: no other view at the same moment) changes no page, and the
    # common case costs no query more than before: the two latest rows instead of this one.
    if latest is None:
        latest = list(latest_lesson_views(user.pk))
    if latest and latest[0].lesson_id == lesson_id:
        progress, created = latest[0], False
        read_last = len(latest) == 1 or latest[1].last_viewed_at < progress.last_viewed_at
    elif this_view is not None:
        progress, created, read_last = this_view, False, False
    else:
        progress, created = LessonProgress.objects.get_or_create(
            user=user,
            lesson_id=lesson_id,
            defaults={"module_id": module_id, "first_viewed_at": now, "last_viewed_at": now},
        )
        read_last = False
    if not created:
        same_day = timezone.localdate(progress.last_viewed_at) == timezone.localdate(now)
        if same_day and read_last:
            announced = personal_pages.announce()  # no page shows the difference
        else:
            announced = personal_pages.announce(
                activity_of=[user.pk], activity_day_of=[] if same_day else [user.pk]
            )
        with announced:
            LessonProgress.objects.filter(pk=progress.pk).update(last_viewed_at=now)
        progress.last_viewed_at = now
    return progress, created


def lesson_seen_again(*, user: User, lesson_id: int, module_id: int) -> None:
    """A lesson page served as it was kept for the person (lms/personal_pages.py): access was
    checked when it was kept and nothing it depends on has changed since; record the view."""
    _view_recorded(user=user, lesson_id=lesson_id, module_id=module_id, now=timezone.now())


def _lesson_activity(lesson: LessonPage) -> dict:
    return xapi.activity("lesson", f"/learn/lessons/{lesson.pk}/", lesson.title)


def lesson_complete(*, user: User, lesson: LessonPage) -> ModuleCompletion | None:
    """Mark a lesson complete; returns the module completion when this finished the module."""
    module = module_of(lesson)
    if not lesson.live:
        raise PermissionDenied(_("This lesson is not published at the moment."))
    _require_module_access(user=user, module=module)
    if not packages_done(user=user, lesson=lesson):
        raise PermissionDenied(
            _("Finish the packaged activity in this lesson first; it completes the lesson.")
        )
    now = timezone.now()
    with transaction.atomic():
        progress, _created = LessonProgress.objects.select_for_update().get_or_create(
            user=user,
            lesson=lesson,
            defaults={"module": module, "first_viewed_at": now, "last_viewed_at": now},
        )
        if progress.completed_at is None:
            progress.completed_at = now
            progress.last_viewed_at = now
            progress.save(update_fields=["completed_at", "last_viewed_at"])
            xapi.statement_record(
                key=("lesson-completed", user.pk, lesson.pk),
                person=user,
                verb="completed",
                obj=_lesson_activity(lesson),
                result={"completion": True},
                when=now,
            )
        return module_completion_check(user=user, module=module)


# ------------------------------------------------------------------------------
# Packaged activities: the runtime data a SCORM package saves, the score an H5P activity
# reports, and completing the lesson
# ------------------------------------------------------------------------------
PACKAGE_CMI_MAX_BYTES = 256 * 1024
COMPLETE_12 = {"completed", "passed"}


def package_blocks(lesson: LessonPage) -> dict:
    """The lesson's packaged-activity blocks by id (those whose package still exists)."""
    return {
        block.id: block.value
        for block in lesson.body
        if block.block_type == "package" and block.value.get("package") is not None
    }


def package_status(kind: str, cmi: dict) -> tuple[str, str, str, object]:
    """(location, completion, success, raw score) from the runtime data, for either version."""
    cmi = cmi if isinstance(cmi, dict) else {}
    if kind == "scorm12":
        core = cmi.get("core") if isinstance(cmi.get("core"), dict) else {}
        status = str(core.get("lesson_status") or "")
        score = core.get("score") if isinstance(core.get("score"), dict) else {}
        completion = "completed" if status in COMPLETE_12 else ("incomplete" if status else "")
        success = status if status in ("passed", "failed") else ""
        return str(core.get("lesson_location") or ""), completion, success, score.get("raw")
    score = cmi.get("score") if isinstance(cmi.get("score"), dict) else {}
    return (
        str(cmi.get("location") or ""),
        str(cmi.get("completion_status") or ""),
        str(cmi.get("success_status") or ""),
        score.get("raw"),
    )


def _package_finished(package, completion: str, success: str) -> bool:
    if completion != "completed":
        return False
    return package.mastery_score is None or success == "passed"


def packages_done(*, user: User, lesson: LessonPage) -> bool:
    """Whether every packaged activity of the lesson is complete for the person."""
    blocks = package_blocks(lesson)
    if not blocks:
        return True
    done = set(
        PackageAttempt.objects.filter(
            user=user, lesson=lesson, block_id__in=list(blocks), completed_at__isnull=False
        ).values_list("block_id", flat=True)
    )
    return set(blocks) <= done


def package_commit(*, user: User, lesson: LessonPage, block_id: str, cmi: dict) -> PackageAttempt:
    """Keep what the package saved; when it reports completed (and passed, where the package
    sets a mastery score), the lesson is complete, with its module as ever."""
    module = module_of(lesson)
    _require_module_access(user=user, module=module)
    block = package_blocks(lesson).get(block_id)
    if block is None:
        raise ValidationError(_("This activity is not part of the lesson."))
    if not isinstance(cmi, dict):
        raise ValidationError(_("The activity sent data PeerPath cannot read."))
    if len(json.dumps(cmi)) > PACKAGE_CMI_MAX_BYTES:
        raise ValidationError(_("The activity sent more data than PeerPath keeps (256 KB)."))
    package = block["package"]
    if package.is_h5p:
        raise ValidationError(_("This activity reports a score, not runtime data."))
    location, completion, success, raw = package_status(package.kind, cmi)
    try:
        score = Decimal(str(raw)) if raw not in (None, "") else None
    except ArithmeticError:
        score = None
    if score is not None and not Decimal(-1e6) < score < Decimal(1e6):
        score = None
    finished = _package_finished(package, completion, success)
    with transaction.atomic():
        attempt, _created = PackageAttempt.objects.select_for_update().get_or_create(
            user=user, lesson=lesson, block_id=block_id, defaults={"package": package}
        )
        attempt.package = package
        attempt.cmi = cmi
        attempt.location = location[:1000]
        attempt.completion_status = completion[:20]
        attempt.success_status = success[:20]
        attempt.score_raw = score
        attempt.commits += 1
        newly_finished = finished and attempt.completed_at is None
        if newly_finished:
            attempt.completed_at = timezone.now()
        attempt.save()
        if newly_finished:
            result = {"completion": True}
            if success in ("passed", "failed"):
                result["success"] = success == "passed"
            if score is not None:
                result["score"] = {"raw": float(score)}
            xapi.statement_record(
                key=("package-finished", user.pk, lesson.pk, block_id),
                person=user,
                verb="passed" if success == "passed" else "completed",
                obj=xapi.activity(
                    "package", f"/packages/{package.key}/{package.launch}", package.title
                ),
                result=result,
                when=attempt.completed_at,
            )
    if newly_finished and packages_done(user=user, lesson=lesson):
        lesson_complete(user=user, lesson=lesson)
    return attempt


H5P_RESULT_VERBS = ("completed", "answered")


def _h5p_package(*, user: User, lesson: LessonPage, block_id: str):
    """The lesson's module and the H5P activity in block ``block_id``, once the person may work
    in the module (PermissionDenied) and the block is an H5P activity (ValidationError)."""
    module = module_of(lesson)
    _require_module_access(user=user, module=module)
    block = package_blocks(lesson).get(block_id)
    if block is None:
        raise ValidationError(_("This activity is not part of the lesson."))
    package = block["package"]
    if not package.is_h5p:
        raise ValidationError(_("This activity saves runtime data, not a score."))
    return module, package


def h5p_result_record(
    *,
    user: User,
    lesson: LessonPage,
    block_id: str,
    verb: str,
    raw: Decimal,
    maximum: Decimal,
) -> PackageAttempt:
    """Keep the score an H5P activity reported (its xAPI "completed" or "answered"). A score at
    or above the editor's pass mark completes the activity, and the lesson once every packaged
    activity in it is complete, with its module as ever. The best score is kept: a later,
    lower try never undoes a completion."""
    module, package = _h5p_package(user=user, lesson=lesson, block_id=block_id)
    if verb not in H5P_RESULT_VERBS:
        raise ValidationError(_("Only a completed or answered activity has a result to keep."))
    if not (raw.is_finite() and maximum.is_finite() and maximum > 0 and 0 <= raw <= maximum):
        raise ValidationError(_("A score is between 0 and its maximum, which is above 0."))
    percent = (raw * 100 / maximum).quantize(Decimal("0.01"))
    pass_mark = package.pass_mark if package.pass_mark is not None else Decimal(100)
    passed = percent >= pass_mark
    with transaction.atomic():
        attempt, _created = PackageAttempt.objects.select_for_update().get_or_create(
            user=user, lesson=lesson, block_id=block_id, defaults={"package": package}
        )
        attempt.package = package
        attempt.commits += 1
        best = attempt.score_percent
        if best is None or percent >= best:
            attempt.score_raw = raw
            attempt.score_max = maximum
            attempt.cmi = {"verb": verb, "score": {"raw": str(raw), "max": str(maximum)}}
            attempt.completion_status = "completed"
            attempt.success_status = "passed" if passed else "failed"
        newly_finished = passed and attempt.completed_at is None
        if newly_finished:
            attempt.completed_at = timezone.now()
            attempt.success_status = "passed"
        attempt.save()
        if newly_finished:
            xapi.statement_record(
                key=("package-finished", user.pk, lesson.pk, block_id),
                person=user,
                verb="passed",
                obj=xapi.activity(
                    "package", f"/packages/{package.key}/{package.launch}", package.title
                ),
                result={
                    "completion": True,
                    "success": True,
                    "score": {
                        "raw": float(raw),
                        "min": 0,
                        "max": float(maximum),
                        "scaled": float((raw / maximum).quantize(Decimal("0.0001"))),
                    },
                },
                when=attempt.completed_at,
            )
    if newly_finished and packages_done(user=user, lesson=lesson):
        lesson_complete(user=user, lesson=lesson)
    return attempt


H5P_STATE_MAX_BYTES = 64 * 1024


def h5p_state_save(
    *, user: User, lesson: LessonPage, block_id: str, state: str | None
) -> PackageAttempt:
    """Keep an H5P activity's own state (the JSON text its getCurrentState() gives), replacing
    the last; None forgets it (H5P deletes the state when the person starts over). The state is
    handed back to the activity when the person opens the lesson again, on any device; it
    never completes anything (the score does)."""
    _module, package = _h5p_package(user=user, lesson=lesson, block_id=block_id)
    if state is not None:
        if len(state.encode("utf-8")) > H5P_STATE_MAX_BYTES:
            raise ValidationError(_("The activity's state is larger than PeerPath keeps (64 KB)."))
        try:
            json.loads(state)
        except ValueError as error:
            raise ValidationError(_("The activity's state is not JSON.")) from error
    with transaction.atomic():
        attempt, _created = PackageAttempt.objects.select_for_update().get_or_create(
            user=user, lesson=lesson, block_id=block_id, defaults={"package": package}
        )
        attempt.package = package
        attempt.h5p_state = state or ""
        attempt.save(update_fields=["package", "h5p_state", "updated_at"])
    return attempt


def h5p_saved_state(attempt: PackageAttempt | None, package) -> str:
    """The state to hand the activity as it opens: the person's last, if it was saved by this
    very package (a replaced package's state would not fit its content)."""
    if attempt is None or attempt.package_id != package.pk:
        return ""
    return attempt.h5p_state


def package_resume_data(attempt: PackageAttempt | None, kind: str) -> dict:
    """What the player hands the runtime before the package starts: where the person was and
    what the package kept, marked as a resumed attempt (read-only values left out)."""
    if attempt is None:
        return {}
    cmi = attempt.cmi or {}
    if kind == "scorm12":
        core = cmi.get("core") if isinstance(cmi.get("core"), dict) else {}
        resume_core = {
            key: core[key] for key in ("lesson_location", "lesson_status") if core.get(key)
        }
        if isinstance(core.get("score"), dict):
            resume_core["score"] = core["score"]
        resume_core["entry"] = "resume"
        data = {"core": resume_core}
    else:
        data = {
            key: cmi[key]
            for key in ("location", "completion_status", "success_status", "progress_measure")
            if cmi.get(key)
        }
        if isinstance(cmi.get("score"), dict):
            data["score"] = cmi["score"]
        data["entry"] = "resume"
    if cmi.get("suspend_data"):
        data["suspend_data"] = cmi["suspend_data"]
    return data


def reflection_draft_save(
    *, user: User, lesson: LessonPage, block_id: str, text: str
) -> ReflectionDraft:
    """Save a private reflection draft. Only prompts of this lesson, only the author's own."""
    module = module_of(lesson)
    _require_module_access(user=user, module=module)
    prompt_ids = {block.id for block in lesson.body if block.block_type == "reflection"}
    if block_id not in prompt_ids:
        raise ValidationError(_("This reflection prompt is not part of the lesson."))
    if len(text) > REFLECTION_MAX_CHARS:
        raise ValidationError(
            _("A reflection can be up to %(max)d characters.") % {"max": REFLECTION_MAX_CHARS}
        )
    ProhibitNullCharactersValidator()(text)  # the database cannot store them
    draft, _created = ReflectionDraft.objects.update_or_create(
        user=user, lesson=lesson, block_id=block_id, defaults={"text": text}
    )
    return draft


def learning_preference_set(
    *, user: User, reminders_enabled: bool, reminder_every_days: int
) -> LearningPreference:
    preference, _created = LearningPreference.objects.update_or_create(
        user=user,
        defaults={
            "reminders_enabled": reminders_enabled,
            "reminder_every_days": reminder_every_days,
        },
    )
    return preference


# ------------------------------------------------------------------------------
# Assessments
# ------------------------------------------------------------------------------
def snapshot_from_dict(data: dict) -> QuestionSnapshot:
    return QuestionSnapshot(
        id=data["id"],
        kind=data["kind"],
        prompt=data["prompt"],
        options=tuple(OptionSnapshot(**option) for option in data["options"]),
        explanation=data["explanation"],
    )


@dataclass(frozen=True)
class AttemptAvailability:
    """Whether a new attempt may start, and if not, a kind sentence saying why and when."""

    can_start: bool
    reason: str = ""
    available_from: object = None  # aware datetime, when waiting for the pause to end
    attempts_used: int = 0
    attempts_allowed: int | None = None


def attempt_availability(
    *, user: User, module: ModulePage, attempts: list[AssessmentAttempt] | None = None
) -> AttemptAvailability:
    """Apply the module's limits to this person's attempts (submitted ones count)."""
    if attempts is None:
        attempts = list(AssessmentAttempt.objects.filter(user=user, module=module))
    submitted = [attempt for attempt in attempts if attempt.submitted_at is not None]
    used = len(submitted)
    allowed = module.attempts_allowed
    if any(attempt.passed for attempt in submitted):
        return AttemptAvailability(
            False, _("You passed this assessment. Well done."), None, used, allowed
        )
    if allowed is not None and used >= allowed:
        return AttemptAvailability(
            False,
            _(
                "You have used all %(allowed)d attempts for this assessment. Please talk to "
                "your organisation's staff about what comes next; they are there to help."
            )
            % {"allowed": allowed},
            None,
            used,
            allowed,
        )
    if submitted and module.cooldown_minutes:
        last = max(attempt.submitted_at for attempt in submitted)
        available_from = last + timedelta(minutes=module.cooldown_minutes)
        if available_from > timezone.now():
            local = timezone.localtime(available_from)
            return AttemptAvailability(
                False,
                _(
                    "Take a short break before trying again; looking back over the lessons in "
                    "the meantime can help. Your next attempt opens on %(time)s"
                )
                % {"time": date_format(local, "DATETIME_FORMAT")},
                available_from,
                used,
                allowed,
            )
    return AttemptAvailability(True, "", None, used, allowed)


def attempt_start(
    *, user: User, module: ModulePage, shown: ModulePage | None = None
) -> AssessmentAttempt:
    """Start an attempt, or return the one already open (a dropped connection loses nothing).

    ``shown`` is the module as the reader reads it (its translation's questions, with the same
    ids): the attempt keeps the text in the language it was shown in.
    """
    _require_module_access(user=user, module=module)
    if not module.has_assessment:
        raise ValidationError(_("This module has no assessment."))
    with transaction.atomic():
        # Serialise this person's starts: two tabs pressing Start get the same attempt.
        User.objects.select_for_update().filter(pk=user.pk).first()
        attempts = list(AssessmentAttempt.objects.filter(user=user, module=module))
        open_attempt = next((attempt for attempt in attempts if attempt.is_open), None)
        if open_attempt is not None:
            return open_attempt
        availability = attempt_availability(user=user, module=module, attempts=attempts)
        if not availability.can_start:
            raise PermissionDenied(availability.reason)
        questions = draw_questions(shown or module)
        return AssessmentAttempt.objects.create(
            user=user,
            module=module,
            number=max((attempt.number for attempt in attempts), default=0) + 1,
            questions=[question.as_dict() for question in questions],
            question_count=len(questions),
            pass_mark_percent=module.pass_mark_percent,
        )


def _refuse_if_submitted(attempt: AssessmentAttempt) -> None:
    if attempt.submitted_at is not None:
        raise ValidationError(
            _(
                "This attempt was already submitted, so its answers can no longer change. "
                "Its result stands; you can see it below."
            ),
            code="submitted",
        )


def _validated_choice(attempt: AssessmentAttempt, question_id: str, option_ids) -> list[str]:
    question = next((q for q in attempt.questions if q["id"] == question_id), None)
    if question is None:
        raise ValidationError(
            _("That question is not part of this attempt. Please reload the page."),
            code="unknown_question",
        )
    option_ids = [str(option_id) for option_id in option_ids]
    allowed = {option["id"] for option in question["options"]}
    if not set(option_ids) <= allowed:
        raise ValidationError(
            _(
                "That answer does not belong to this question, so it was not saved. Please "
                "reload the page and choose again."
            ),
            code="foreign_option",
        )
    if len(set(option_ids)) != len(option_ids):
        raise ValidationError(_("Each option can be chosen once."), code="duplicate_option")
    if question["kind"] != MULTIPLE_SELECT and len(option_ids) > 1:
        raise ValidationError(_("Choose one answer for this question."), code="too_many")
    return option_ids


def attempt_answer(
    *, user: User, attempt: AssessmentAttempt, question_id: str, option_ids
) -> AssessmentAttempt:
    """Save one answer as it is chosen (an empty choice clears it)."""
    if attempt.user_id != user.pk:
        raise PermissionDenied(_("This attempt is not yours."))
    with transaction.atomic():
        attempt = AssessmentAttempt.objects.select_for_update().get(pk=attempt.pk)
        _refuse_if_submitted(attempt)
        chosen = _validated_choice(attempt, question_id, option_ids)
        answers = dict(attempt.answers)
        if chosen:
            answers[question_id] = chosen
        else:
            answers.pop(question_id, None)
        attempt.answers = answers
        attempt.answered_at = timezone.now()
        attempt.save(update_fields=["answers", "answered_at"])
    return attempt


def attempt_submit(
    *, user: User, attempt: AssessmentAttempt, answers: dict[str, list[str]] | None = None
) -> AssessmentAttempt:
    """Score the attempt against the questions it showed; a pass may complete the module.

    ``answers`` (from a form posted without JavaScript) are validated and merged first.
    """
    if attempt.user_id != user.pk:
        raise PermissionDenied(_("This attempt is not yours."))
    with transaction.atomic():
        attempt = AssessmentAttempt.objects.select_for_update().get(pk=attempt.pk)
        _refuse_if_submitted(attempt)
        merged = dict(attempt.answers)
        for question_id, option_ids in (answers or {}).items():
            chosen = _validated_choice(attempt, question_id, option_ids)
            if chosen:
                merged[question_id] = chosen
        questions = [snapshot_from_dict(question) for question in attempt.questions]
        score = score_answers(
            questions,
            {question_id: set(ids) for question_id, ids in merged.items()},
            pass_mark_percent=attempt.pass_mark_percent,
        )
        attempt.answers = merged
        attempt.submitted_at = timezone.now()
        attempt.correct_count = score.correct
        attempt.question_count = score.total
        attempt.score_percent = score.percent
        attempt.passed = score.passed
        attempt.save()
        xapi.statement_record(
            key=("assessment-attempt", attempt.pk),
            person=user,
            verb="passed" if score.passed else "failed",
            obj=xapi.activity(
                "assessment",
                f"/learn/modules/{attempt.module_id}/assessment/",
                f"Assessment: {attempt.module.title}",
            ),
            result={
                "score": {
                    "scaled": float(score.percent) / 100,
                    "raw": score.correct,
                    "min": 0,
                    "max": score.total,
                },
                "success": bool(score.passed),
                "completion": True,
            },
            when=attempt.submitted_at,
        )
        if score.passed:
            module = ModulePage.objects.get(pk=attempt.module_id)
            module_completion_check(user=user, module=module)
    return attempt


# ------------------------------------------------------------------------------
# Completion
# ------------------------------------------------------------------------------
def module_requirements_met(
    *, user: User, module: ModulePage, live: LiveProgress | None = None
) -> tuple[bool, object]:
    """(met, passed attempt or None): every published lesson completed, assessment passed, and
    for a module with live sessions, every part of them attended (signed attendance)."""
    if module.credits_live:
        live = live or live_progress(user=user, module=module)
        if not live.complete:
            return False, None
    lesson_ids = set(lessons_of(module).values_list("pk", flat=True))
    completed = set(
        LessonProgress.objects.filter(
            user=user, lesson_id__in=lesson_ids, completed_at__isnull=False
        ).values_list("lesson_id", flat=True)
    )
    if lesson_ids - completed:
        return False, None
    if not module.has_assessment:
        return True, None
    passed = (
        AssessmentAttempt.objects.filter(user=user, module=module, passed=True)
        .order_by("submitted_at")
        .first()
    )
    return passed is not None, passed


# How modalities rank when a completion names one: the face-to-face one first.
_MODALITY_ORDER = {"in_person": 0, "live_online": 1, "self_paced": 2}


@dataclass(frozen=True)
class CompletionSnapshot:
    """What a completion credits: its hours, their split, and each credit's modality."""

    contact_hours: object
    modality: str
    domain_rows: list  # (CompetencyDomain, hours)
    topic_rows: list  # (Topic, hours)
    credits: list  # unsaved CompletionCredit rows


def completion_snapshot(*, module: ModulePage, live: LiveProgress | None) -> CompletionSnapshot:
    """The hours a module credits now: its online part (as declared) and the live hours
    attended (the declared live split, scaled to the hours credited)."""
    domain_hours: dict = {}
    topic_hours: dict = {}
    credits = []

    def add(target: dict, rows):
        for key, hours in rows:
            target[key] = target.get(key, Decimal(0)) + hours

    if module.credits_online:
        online = module.online_contact_hours
        add(
            domain_hours,
            [(row.domain, row.hours) for row in module.domain_hours.select_related("domain")],
        )
        add(
            topic_hours,
            [(row.topic, row.hours) for row in module.topic_hours.select_related("topic")],
        )
        credits.append(
            CompletionCredit(
                kind=CompletionCredit.Kind.ONLINE_LESSONS, modality=module.modality, hours=online
            )
        )
    if module.credits_live and live is not None and live.hours > 0:
        declared = module.live_contact_hours
        by_framework: dict = {}
        for row in module.live_domain_hours.select_related("domain"):
            by_framework.setdefault(row.domain.framework, []).append((row.domain, row.hours))
        for rows in by_framework.values():
            add(domain_hours, scaled_split(rows, credited=live.hours, declared=declared))
        add(
            topic_hours,
            scaled_topics(
                [(row.topic, row.hours) for row in module.live_topic_hours.select_related("topic")],
                credited=live.hours,
                declared=declared,
            ),
        )
        credits += [
            CompletionCredit(
                kind=CompletionCredit.Kind.LIVE_SESSION,
                modality=credit.modality,
                hours=credit.hours,
                part=credit.part,
                attendance_id=credit.attendance_id,
                session_title=credit.session_title[:255],
                attended_on=credit.attended_on,
            )
            for credit in live.credits
        ]
    by_modality: dict = {}
    for credit in credits:
        by_modality[credit.modality] = by_modality.get(credit.modality, Decimal(0)) + credit.hours
    modality = (
        min(by_modality, key=lambda name: (-by_modality[name], _MODALITY_ORDER.get(name, 9)))
        if by_modality
        else module.modality
    )
    return CompletionSnapshot(
        contact_hours=sum((credit.hours for credit in credits), Decimal(0)),
        modality=modality,
        domain_rows=list(domain_hours.items()),
        topic_rows=list(topic_hours.items()),
        credits=credits,
    )


def module_completion_build(
    *,
    user: User,
    module: ModulePage,
    program: ProgramPage | None,
    attempt: AssessmentAttempt | None = None,
    completed_at: datetime | None = None,
    contact_hours: Decimal | None = None,
    modality: str | None = None,
) -> ModuleCompletion:
    """The completion of ``module``, not saved yet: its title, program, contact hours and
    modality frozen as they are now, so a transcript reads the same numbers years later.
    ``contact_hours`` and ``modality`` default to the module's declared ones (what its online
    lessons credit); a completion with live attendance passes what its snapshot credits."""
    completion = ModuleCompletion(
        user=user,
        module=module,
        module_title=module.title,
        program_title=program.title if program else "",
        contact_hours=module.contact_hours if contact_hours is None else contact_hours,
        modality=modality or module.modality,
        attempt=attempt,
    )
    if completed_at is not None:
        completion.completed_at = completed_at
    return completion


def completion_hours_build(
    *,
    completion: ModuleCompletion,
    domain_hours: Iterable[tuple[CompetencyDomain, Decimal]],
    topic_hours: Iterable[tuple[Topic, Decimal]],
) -> tuple[list[CompletionDomainHours], list[CompletionTopicHours]]:
    """The hours a completion credits by competency domain and by topic, not saved yet: each
    (domain, hours) and (topic, hours) pair copied with the names they have now. Pure, so a bulk
    load can read a module's rows once and build the snapshot of every completion of it."""
    return (
        [
            CompletionDomainHours(
                completion=completion,
                domain=domain,
                framework=domain.framework,
                domain_name=domain.name,
                hours=hours,
            )
            for domain, hours in domain_hours
        ],
        [
            CompletionTopicHours(
                completion=completion, topic=topic, topic_name=topic.name, hours=hours
            )
            for topic, hours in topic_hours
        ],
    )


def module_completion_check(*, user: User, module: ModulePage) -> ModuleCompletion | None:
    """Record the completion when the requirements are met. Idempotent.

    Returns the new completion, or the existing one, or None when not yet met.
    """
    existing = ModuleCompletion.objects.filter(user=user, module=module).first()
    if existing is not None:
        return existing
    if enrollment_for_module(user=user, module=module) is None:
        return None
    live = live_progress(user=user, module=module) if module.credits_live else None
    met, passed_attempt = module_requirements_met(user=user, module=module, live=live)
    if not met:
        return None
    snapshot = completion_snapshot(module=module, live=live)
    try:
        with transaction.atomic():
            completion = module_completion_build(
                user=user,
                module=module,
                program=program_of(module),
                attempt=passed_attempt,
                contact_hours=snapshot.contact_hours,
                modality=snapshot.modality,
            )
            completion.save()
            domain_hours, topic_hours = completion_hours_build(
                completion=completion,
                domain_hours=snapshot.domain_rows,
                topic_hours=snapshot.topic_rows,
            )
            with personal_pages.announce(people=[user.pk]):
                CompletionDomainHours.objects.bulk_create(domain_hours)
                CompletionTopicHours.objects.bulk_create(topic_hours)
                for credit in snapshot.credits:
                    credit.completion = completion
                CompletionCredit.objects.bulk_create(snapshot.credits)
            xapi.statement_record(
                key=("module-completed", completion.pk),
                person=user,
                verb="completed",
                obj=xapi.activity(
                    "module", f"/learn/modules/{module.pk}/", completion.module_title
                ),
                result={
                    "completion": True,
                    "extensions": {xapi.HOURS_EXTENSION: float(completion.contact_hours)},
                },
                when=completion.completed_at,
            )
    except IntegrityError:
        # Completed at the same moment by another request (two tabs): theirs stands.
        return ModuleCompletion.objects.get(user=user, module=module)
    module_completed.send(sender=ModuleCompletion, completion=completion)
    outbox.enqueue(send_module_completion_email, completion.pk)
    return completion
