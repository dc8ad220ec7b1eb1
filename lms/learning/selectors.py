"""Reads behind the trainee's learning pages, each with a fixed number of queries.

A trainee with one completion and one with two hundred cost the same number of queries: rows
are fetched in bulk and grouped in Python, sums are done by the database.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from functools import reduce
from operator import or_

from django.db.models import Count, Exists, Max, OuterRef, Q, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from wagtail.models import Page

from curriculum.hours import format_hours
from curriculum.models import (
    CompetencyDomain,
    Credential,
    LessonPage,
    ModulePage,
    ProgramPage,
)
from lms.accounts.models import User
from lms.learning.cache import CurriculumSnapshot, LessonRef, curriculum_snapshot
from lms.learning.models import (
    AssessmentAttempt,
    CompletionDomainHours,
    ContentNoteAcknowledgement,
    Enrollment,
    LearningPreference,
    LessonProgress,
    ModuleCompletion,
    ReflectionDraft,
)
from lms.one_trip import OneTrip, as_datetime, together

RECENT_ACTIVITY = 6
CATALOG_LIMIT = 20


@dataclass
class ModuleProgress:
    module: ModulePage
    program_title: str
    lessons: list[LessonRef]
    completed_lesson_ids: set[int]
    completed_on: datetime.datetime | None
    missing_prerequisites: list[ModulePage]
    last_viewed_at: datetime.datetime | None = None
    last_viewed_lesson_id: int | None = None

    @property
    def lesson_count(self) -> int:
        return len(self.lessons)

    @property
    def completed_count(self) -> int:
        return sum(1 for lesson in self.lessons if lesson.pk in self.completed_lesson_ids)

    @property
    def percent(self) -> int:
        if self.completed_on:
            return 100
        steps = self.lesson_count + (1 if self.module.has_assessment else 0)
        if not steps:
            return 0
        return round(100 * self.completed_count / steps)

    @property
    def is_open(self) -> bool:
        return not self.missing_prerequisites

    @property
    def is_completed(self) -> bool:
        return self.completed_on is not None

    @property
    def next_lesson(self) -> LessonRef | None:
        return next(
            (lesson for lesson in self.lessons if lesson.pk not in self.completed_lesson_ids),
            None,
        )

    @property
    def lessons_done(self) -> bool:
        return self.next_lesson is None

    @property
    def is_started(self) -> bool:
        return self.last_viewed_at is not None or bool(self.completed_lesson_ids)

    @property
    def resume_lesson(self) -> LessonRef | None:
        """The lesson opened last if it is not completed yet, else the first one still to do."""
        opened = next(
            (lesson for lesson in self.lessons if lesson.pk == self.last_viewed_lesson_id), None
        )
        if opened is not None and opened.pk not in self.completed_lesson_ids:
            return opened
        return self.next_lesson


@dataclass(frozen=True)
class NextStep:
    kind: str  # "lesson", "assessment", "prerequisite", "browse"
    module: ModulePage | None = None
    lesson: LessonRef | None = None
    started: bool = False  # False: a module the person has not opened yet ("Next: ...")


@dataclass(frozen=True)
class Bar:
    label: str
    hours: Decimal
    percent: Decimal  # of the longest bar, for the bar's width

    @property
    def hours_text(self) -> str:
        return format_hours(self.hours)


@dataclass
class HoursChart:
    framework: str
    title: str
    bars: list[Bar]
    total: Decimal

    @property
    def total_text(self) -> str:
        return format_hours(self.total)

    @property
    def height(self) -> int:
        return len(self.bars) * BAR_ROW_HEIGHT


BAR_ROW_HEIGHT = 48


@dataclass(frozen=True)
class Activity:
    when: datetime.datetime
    kind: str  # "lesson", "attempt", "completion"
    text: str
    url_name: str = ""
    url_arg: int | None = None


@dataclass
class ProgramProgress:
    program: ProgramPage
    modules: list[ModuleProgress]

    @property
    def completed_count(self) -> int:
        return sum(1 for module in self.modules if module.is_completed)

    @property
    def percent(self) -> int:
        if not self.modules:
            return 0
        return round(100 * self.completed_count / len(self.modules))


@dataclass(frozen=True)
class CatalogProgram:
    """A program the person could join, with what decides its place in the list."""

    program: ProgramPage
    for_holders: bool  # continuing education for people who already hold a credential
    ready: bool  # the modules it builds on outside itself are completed (or there are none)
    toward_goal: bool  # prepares for a credential one of the person's programs prepares for


# Programs that count only toward keeping a credential someone already holds.
HOLDER_CREDENTIALS = frozenset({Credential.CONTINUING_EDUCATION.value})


def _catalog(
    *,
    curriculum: CurriculumSnapshot,
    enrolled: list[ProgramPage],
    completed_module_ids: set[int],
) -> list[CatalogProgram]:
    """Programs to join, those a person can use first: starter programs before renewal ones,
    toward the credential they already work on, with nothing left to complete beforehand."""
    enrolled_ids = {program.pk for program in enrolled}
    goals = {
        code
        for program in enrolled
        for code in curriculum.program_credentials.get(program.pk, ())
        if code not in HOLDER_CREDENTIALS
    }
    modules_by_parent: dict[str, list[ModulePage]] = defaultdict(list)
    for module in curriculum.modules:
        modules_by_parent[module.path[: -Page.steplen]].append(module)
    items = []
    for program in curriculum.public_programs:
        if program.pk in enrolled_ids:
            continue
        codes = curriculum.program_credentials.get(program.pk, frozenset())
        own = {module.pk for module in modules_by_parent.get(program.path, [])}
        needed = {
            prerequisite.pk
            for module in modules_by_parent.get(program.path, [])
            for prerequisite in module.prerequisites.all()
            if prerequisite.live and prerequisite.pk not in own
        }
        items.append(
            CatalogProgram(
                program=program,
                for_holders=bool(codes) and codes <= HOLDER_CREDENTIALS,
                ready=needed <= completed_module_ids,
                toward_goal=bool(codes & goals),
            )
        )
    # Stable sort: within each rank the editors' order (the page tree) stays.
    items.sort(key=lambda item: (item.for_holders, not item.ready, not item.toward_goal))
    return items[:CATALOG_LIMIT]


@dataclass
class LearningSummary:
    programs: list[ProgramProgress]
    standalone_modules: list[ModuleProgress]
    next_step: NextStep
    charts: list[HoursChart]
    total_hours: Decimal
    completion_count: int
    recent: list[Activity]
    catalog: list[CatalogProgram]

    @property
    def current_modules(self) -> list[ModuleProgress]:
        """Modules started and not yet completed, most recently used first.

        Before anything is started, the first open module, so a phone screen is not a wall of
        empty progress bars.
        """
        modules = [
            module
            for program in self.programs
            for module in program.modules
            if not module.is_completed and module.is_open
        ] + [module for module in self.standalone_modules if not module.is_completed]
        started = [module for module in modules if module.last_viewed_at is not None]
        if not started:
            return modules[:1]
        return sorted(started, key=lambda module: module.last_viewed_at, reverse=True)

    @property
    def total_hours_text(self) -> str:
        return format_hours(self.total_hours)

    @property
    def is_enrolled(self) -> bool:
        return bool(self.programs or self.standalone_modules)


def _children_filter(parents, child_depth_offset: int = 1) -> Q:
    return reduce(
        or_,
        (
            Q(path__startswith=parent.path, depth=parent.depth + child_depth_offset)
            for parent in parents
        ),
        Q(pk__in=[]),
    )


def _lessons_by_module(modules: list[ModulePage]) -> dict[str, list[LessonRef]]:
    """Live lessons of modules that are not in the cached curriculum (one query)."""
    lessons_by_module: dict[str, list[LessonRef]] = defaultdict(list)
    for row in (
        LessonPage.objects.live()
        .originals()
        .filter(_children_filter(modules))
        .order_by("path")
        .values("pk", "title", "path")
    ):
        lessons_by_module[row["path"][: -Page.steplen]].append(
            LessonRef(row["pk"], row["title"], row["path"])
        )
    return lessons_by_module


def _module_progress(
    *,
    user: User,
    modules: list[ModulePage],
    programs_by_path: dict[str, ProgramPage],
    lessons_by_module: dict[str, list[LessonRef]] | None = None,
    completions: dict[int, datetime.datetime] | None = None,
    lesson_rows: list | None = None,
) -> dict[int, ModuleProgress]:
    """Progress for these modules in a fixed number of queries (progress, completions; the
    lessons too unless the cached curriculum gives them). ``lesson_rows``: the person's
    lesson progress as (module id, lesson id, completed at, last viewed at), if already read."""
    if not modules:
        return {}
    if lessons_by_module is None:
        lessons_by_module = _lessons_by_module(modules)
    module_ids = {module.pk for module in modules}
    if lesson_rows is None:
        lesson_rows = _lesson_progress_rows(user.pk).filter(module_id__in=module_ids)
    completed_lessons: dict[int, set[int]] = defaultdict(set)
    last_viewed: dict[int, datetime.datetime] = {}
    last_viewed_lesson: dict[int, int] = {}
    for module_id, lesson_id, completed_at, last_viewed_at in lesson_rows:
        if module_id not in module_ids:
            continue
        if completed_at:
            completed_lessons[module_id].add(lesson_id)
        last_viewed_at = as_datetime(last_viewed_at)
        seen = last_viewed.get(module_id)
        if seen is None or last_viewed_at > seen:
            last_viewed[module_id] = last_viewed_at
            last_viewed_lesson[module_id] = lesson_id
    if completions is None:
        completions = _completions(user=user)
    progress = {}
    for module in modules:
        program = programs_by_path.get(module.path[: -Page.steplen])
        progress[module.pk] = ModuleProgress(
            module=module,
            program_title=program.title if program else "",
            lessons=lessons_by_module.get(module.path, []),
            completed_lesson_ids=completed_lessons.get(module.pk, set()),
            completed_on=completions.get(module.pk),
            missing_prerequisites=[
                prerequisite
                for prerequisite in module.prerequisites.all()
                if prerequisite.live and prerequisite.pk not in completions
            ],
            last_viewed_at=last_viewed.get(module.pk),
            last_viewed_lesson_id=last_viewed_lesson.get(module.pk),
        )
    return progress


def _completions(*, user: User) -> dict[int, datetime.datetime]:
    """When the person completed each module (one query)."""
    return dict(_completions_query(user.pk))


def _completions_query(user_id: int):
    return (
        ModuleCompletion.objects.filter(user_id=user_id, module__isnull=False)
        .order_by()
        .values_list("module_id", "completed_at")
    )


def _lesson_progress_rows(user_id: int):
    return (
        LessonProgress.objects.filter(user_id=user_id)
        .order_by()
        .values_list("module_id", "lesson_id", "completed_at", "last_viewed_at")
    )


def _modules_queryset():
    return (
        ModulePage.objects.live()
        .originals()
        .order_by("path")
        .defer("learning_objectives")
        .prefetch_related("prerequisites")
    )


def hours_charts(
    *, user: User, curriculum: CurriculumSnapshot | None = None, rows: list | None = None
) -> list[HoursChart]:
    """Hours credited per competency domain, one chart per framework (one query unless
    ``rows``, (framework, domain id, hours), were read with the rest of /learn/; the domains
    come from the cached curriculum)."""
    if rows is None:
        rows = list(_domain_hours_rows(user.pk))
    if not rows:
        return []
    totals = {domain_id: total for _framework, domain_id, total in rows}
    frameworks = {framework for framework, _domain_id, _total in rows}
    labels = dict(CompetencyDomain.Framework.choices)
    charts = []
    curriculum = curriculum or curriculum_snapshot()
    domains = [domain for domain in curriculum.domains if domain.framework in frameworks]
    by_framework: dict[str, list] = defaultdict(list)
    for domain in domains:
        by_framework[domain.framework].append(domain)
    for framework, framework_domains in by_framework.items():
        hours = [
            (_(domain.name), totals.get(domain.pk, Decimal(0))) for domain in framework_domains
        ]
        longest = max((value for _label, value in hours), default=Decimal(0)) or Decimal(1)
        charts.append(
            HoursChart(
                framework=framework,
                title=str(labels.get(framework, framework)),
                bars=[
                    Bar(label, value, (value * 100 / longest).quantize(Decimal("0.1")))
                    for label, value in hours
                ],
                total=sum((value for _label, value in hours), Decimal(0)),
            )
        )
    charts.sort(key=lambda chart: chart.total, reverse=True)
    return charts


def recent_activity(*, user: User, rows: dict | None = None) -> list[Activity]:
    """The latest few things the trainee did (three small queries, plain rows, unless
    ``rows`` holds them: ``summary_queries``)."""
    if rows is None:
        rows = {name: list(qs) for name, qs in _recent_queries(user.pk).items()}
    completed_lesson = _("Completed the lesson “%(title)s”")
    opened_lesson = _("Opened the lesson “%(title)s”")
    passed = _("Passed the assessment of “%(title)s”")
    tried = _("Tried the assessment of “%(title)s”")
    completed_module = _("Completed the module “%(title)s”")
    # Each kind newest first, as its query ordered it (one statement may hand them over in
    # any order); the sort below is stable, so equal moments keep that order.
    items = [
        Activity(
            when=done_at,
            kind="lesson",
            text=(completed_lesson if completed_at else opened_lesson) % {"title": title},
            url_name="lms:lesson",
            url_arg=lesson_id,
        )
        for _pk, completed_at, done_at, lesson_id, title in _newest_first(
            rows["recent_lessons"], when=2
        )
    ]
    items += [
        Activity(
            when=submitted_at,
            kind="attempt",
            text=(passed if was_passed else tried) % {"title": title},
            url_name="lms:attempt",
            url_arg=pk,
        )
        for pk, submitted_at, was_passed, title in _newest_first(rows["recent_attempts"], when=1)
    ]
    items += [
        Activity(
            when=completed_at,
            kind="completion",
            text=completed_module % {"title": title},
            url_name="lms:transcript",
        )
        for _pk, completed_at, title in _newest_first(rows["recent_completions"], when=1)
    ]
    items.sort(key=lambda item: item.when, reverse=True)
    return items[:RECENT_ACTIVITY]


def _newest_first(rows, *, when: int) -> list:
    """Rows (id first) with their moment (column ``when``) read as a datetime, newest first,
    then the highest id: the order each recent-activity query asks for."""
    rows = [(*row[:when], as_datetime(row[when]), *row[when + 1 :]) for row in rows]
    return sorted(rows, key=lambda row: (row[when], row[0]), reverse=True)


def _recent_queries(user_id: int) -> dict:
    # A lesson counts once opened (the first time) and once completed: reading it again is not
    # something new done, and does not move it up the list.
    return {
        "recent_lessons": LessonProgress.objects.filter(user_id=user_id)
        .annotate(done_at=Coalesce("completed_at", "first_viewed_at"))
        .order_by("-done_at", "-pk")
        .values_list("pk", "completed_at", "done_at", "lesson_id", "lesson__title")[
            :RECENT_ACTIVITY
        ],
        "recent_attempts": AssessmentAttempt.objects.filter(
            user_id=user_id, submitted_at__isnull=False
        )
        .order_by("-submitted_at", "-pk")
        .values_list("pk", "submitted_at", "passed", "module__title")[:RECENT_ACTIVITY],
        "recent_completions": ModuleCompletion.objects.filter(user_id=user_id)
        .order_by("-completed_at", "-pk")
        .values_list("pk", "completed_at", "module_title")[:RECENT_ACTIVITY],
    }


def _domain_hours_rows(user_id: int):
    return (
        CompletionDomainHours.objects.filter(completion__user_id=user_id)
        .order_by()
        .values("framework", "domain_id")
        .annotate(total=Sum("hours"))
        .values_list("framework", "domain_id", "total")
    )


def summary_queries(*, user_id: int) -> dict:
    """Every row of the person's own that /learn/ shows (``learning_summary``)."""
    return {
        "enrollments": Enrollment.objects.filter(user_id=user_id)
        .order_by("pk")
        .values_list("pk", "program_id", "module_id"),
        "completions": ModuleCompletion.objects.filter(user_id=user_id)
        .order_by()
        .values_list("module_id", "completed_at", "contact_hours"),
        "lessons": _lesson_progress_rows(user_id),
        "domain_hours": _domain_hours_rows(user_id),
        **_recent_queries(user_id),
    }


# Read in one statement on PostgreSQL, its SQL built once per process (lms.one_trip).
_SUMMARY = OneTrip(summary_queries, stand_ins=({"user_id": -7_000_001}, {"user_id": -7_000_002}))


def _next_step(programs: list[ProgramProgress], standalone: list[ModuleProgress]) -> NextStep:
    """Resume where the trainee left off: the module used last, then the first one open."""
    modules = [module for program in programs for module in program.modules] + standalone
    candidates = [module for module in modules if not module.is_completed and module.is_open]
    if not candidates:
        blocked = next(
            (module for module in modules if not module.is_completed and not module.is_open),
            None,
        )
        if blocked is not None:
            return NextStep("prerequisite", module=blocked.module)
        return NextStep("browse")
    epoch = datetime.datetime.min.replace(tzinfo=datetime.UTC)
    started = [module for module in candidates if module.last_viewed_at]
    current = max(started, key=lambda module: module.last_viewed_at or epoch) if started else None
    current = current or candidates[0]
    if current.resume_lesson is not None:
        return NextStep(
            "lesson",
            module=current.module,
            lesson=current.resume_lesson,
            started=current.is_started,
        )
    return NextStep("assessment", module=current.module, started=current.is_started)


def learning_summary(*, user: User, rows: dict | None = None) -> LearningSummary:
    """Everything /learn/ shows, in one statement (the curriculum is cached). ``rows``: those
    of ``summary_queries``, when the page read them with the rest of it."""
    curriculum = curriculum_snapshot()
    modules_by_pk = curriculum.modules_by_pk()
    if rows is None:
        rows = _SUMMARY.read(user_id=user.pk)
    live_programs = curriculum.live_programs_by_pk
    programs = []
    single_modules = []
    enrollments = sorted(rows["enrollments"])  # in the order they were made
    for _pk, program_id, module_id in enrollments:  # live ones only, pages from the cache
        if program_id in live_programs:
            programs.append(live_programs[program_id])
        if module_id in modules_by_pk:
            single_modules.append(modules_by_pk[module_id])
    program_paths = {program.path for program in programs}
    single_ids = {module.pk for module in single_modules}
    modules = [
        module
        for module in curriculum.modules
        if module.pk in single_ids or module.path[: -Page.steplen] in program_paths
    ]
    completions = {
        module_id: as_datetime(completed_at)
        for module_id, completed_at, _hours in rows["completions"]
        if module_id is not None
    }
    progress = _module_progress(
        user=user,
        modules=modules,
        programs_by_path=curriculum.programs_by_path,
        lessons_by_module=curriculum.lessons_by_module_path,
        completions=completions,
        lesson_rows=rows["lessons"],
    )
    program_progress = [
        ProgramProgress(
            program=program,
            modules=[
                progress[module.pk]
                for module in modules
                if module.path.startswith(program.path) and module.depth == program.depth + 1
            ],
        )
        for program in programs
    ]
    in_programs = {item.module.pk for program in program_progress for item in program.modules}
    standalone = [
        progress[module.pk]
        for module in single_modules
        if module.pk in modules_by_pk and module.pk not in in_programs
    ]
    hours = [Decimal(hours) for _module_id, _completed_at, hours in rows["completions"]]
    catalog = _catalog(
        curriculum=curriculum,
        enrolled=programs,
        completed_module_ids=set(completions),
    )
    return LearningSummary(
        programs=program_progress,
        standalone_modules=standalone,
        next_step=_next_step(program_progress, standalone),
        charts=hours_charts(user=user, curriculum=curriculum, rows=rows["domain_hours"]),
        total_hours=sum(hours, Decimal(0)),
        completion_count=len(hours),
        recent=recent_activity(user=user, rows=rows),
        catalog=catalog,
    )


@dataclass(frozen=True)
class LessonFacts:
    """What opening a lesson reads about the person, when the page has read it already
    (lms.learning.selectors.lesson_page reads it with the rest of the page, in one statement)."""

    enrolled: bool  # their own enrolment in the module, or in its program
    missing: list  # the module's published prerequisites they have not completed
    note_acknowledged: bool  # they chose to go past the module's content note
    latest_views: list  # their two latest lesson views (LessonProgress), newest first
    this_view: object = None  # their LessonProgress of this lesson, if they opened it before


def latest_lesson_views(user_id: int):
    """The person's two latest lesson views, newest first."""
    return LessonProgress.objects.filter(user_id=user_id).order_by("-last_viewed_at", "-pk")[:2]


def _module_reads_queries(*, user_id: int, module_id: int, program_path: str) -> dict:
    """What a module's pages read about the person besides the curriculum."""
    return {
        # As services.enrollment_for_module: their own enrolment, or their program's.
        "enrollment": Enrollment.objects.filter(user_id=user_id)
        .filter(Q(module_id=module_id) | Q(program__path=program_path))
        .order_by("pk")[:1],
        "completions": _completions_query(user_id),
        "lesson_rows": _lesson_progress_rows(user_id).filter(module_id=module_id),
        "acknowledged": ContentNoteAcknowledgement.objects.filter(
            user_id=user_id, module_id=module_id
        ).values_list("pk")[:1],
    }


def _lesson_page_queries(
    *, user_id: int, module_id: int, program_path: str, lesson_id: int
) -> dict:
    return together(
        _module_reads_queries(user_id=user_id, module_id=module_id, program_path=program_path),
        {
            "latest_views": latest_lesson_views(user_id),
            "this_view": LessonProgress.objects.filter(user_id=user_id, lesson_id=lesson_id)[:1],
            "drafts": ReflectionDraft.objects.filter(user_id=user_id, lesson_id=lesson_id)
            .order_by()
            .values_list("block_id", "text"),
        },
    )


def _module_page_queries(*, user_id: int, module_id: int, program_path: str) -> dict:
    return together(
        _module_reads_queries(user_id=user_id, module_id=module_id, program_path=program_path),
        {
            "attempts": AssessmentAttempt.objects.filter(
                user_id=user_id, module_id=module_id
            ).order_by("number"),
            "completion": ModuleCompletion.objects.filter(
                user_id=user_id, module_id=module_id
            ).order_by("pk")[:1],
        },
    )


_MODULE_STAND_INS = (
    {"user_id": -7_000_001, "module_id": -7_000_003, "program_path": "-1"},
    {"user_id": -7_000_002, "module_id": -7_000_004, "program_path": "-2"},
)
_MODULE_PAGE = OneTrip(_module_page_queries, stand_ins=_MODULE_STAND_INS)
_LESSON_PAGE = OneTrip(
    _lesson_page_queries,
    stand_ins=tuple(
        {**arguments, "lesson_id": lesson_id}
        for arguments, lesson_id in zip(_MODULE_STAND_INS, (-7_000_005, -7_000_006), strict=True)
    ),
)


@dataclass
class LessonPageReads:
    """What the lesson page reads about the person, together (``lesson_page_reads``)."""

    facts: LessonFacts  # for services.lesson_open
    progress: ModuleProgress  # the module's, as module_progress_for gives it
    drafts: dict[str, str]  # their reflection drafts in the lesson, by block


def cached_module(pk: int) -> ModulePage | None:
    """The published module ``pk`` from the shared curriculum (read-only), or None."""
    return curriculum_snapshot().modules_by_pk().get(pk)


def cached_module_of(lesson: LessonPage) -> ModulePage | None:
    """The lesson's module from the shared curriculum when it is published (None otherwise:
    read it from the database). Read-only, as everything in the curriculum snapshot."""
    path = lesson.path[: -Page.steplen]
    return next((module for module in curriculum_snapshot().modules if module.path == path), None)


def _module_curriculum(module: ModulePage) -> tuple[dict, dict | None]:
    """(programs by path, lessons by module path) for one module's progress: the shared
    curriculum's for a module in it; otherwise its program, read now, and None for its lessons
    (``_module_progress`` reads them)."""
    curriculum = curriculum_snapshot()
    if module.pk in curriculum.modules_by_pk():
        return curriculum.programs_by_path, curriculum.lessons_by_module_path
    program = ProgramPage.objects.filter(path=module.path[: -Page.steplen]).first()
    return ({program.path: program} if program else {}), None


def _module_reads(user: User, module: ModulePage, rows: dict) -> tuple:
    """(the module's progress, their enrolment or None, whether they chose to go past the
    content note) from ``_module_reads_queries``' rows."""
    programs_by_path, lessons_by_module = _module_curriculum(module)
    progress = _module_progress(
        user=user,
        modules=[module],
        programs_by_path=programs_by_path,
        lessons_by_module=lessons_by_module,
        completions={module_id: as_datetime(day) for module_id, day in rows["completions"]},
        lesson_rows=rows["lesson_rows"],
    )[module.pk]
    return progress, next(iter(rows["enrollment"]), None), bool(rows["acknowledged"])


def lesson_page_reads(
    *, user: User, lesson: LessonPage, module: ModulePage, one_trip: bool | None = None
) -> LessonPageReads:
    """Whether the person may open the lesson, the module's progress and their drafts: one
    statement (one query each where the database cannot). ``module``: from
    ``cached_module_of`` (published, its prerequisites at hand)."""
    rows = _LESSON_PAGE.read(
        one_trip=one_trip,
        user_id=user.pk,
        module_id=module.pk,
        program_path=module.path[: -Page.steplen],
        lesson_id=lesson.pk,
    )
    progress, enrollment, acknowledged = _module_reads(user, module, rows)
    latest = sorted(rows["latest_views"], key=lambda view: (view.last_viewed_at, view.pk))
    return LessonPageReads(
        facts=LessonFacts(
            enrolled=enrollment is not None,
            missing=progress.missing_prerequisites,
            note_acknowledged=acknowledged,
            latest_views=latest[::-1],
            this_view=next(iter(rows["this_view"]), None),
        ),
        progress=progress,
        drafts=dict(rows["drafts"]),
    )


@dataclass
class ModulePageReads:
    """What a module's page reads about the person, together (``module_page_reads``)."""

    progress: ModuleProgress
    enrollment: Enrollment | None
    note_acknowledged: bool
    attempts: list[AssessmentAttempt]  # by number
    completion: ModuleCompletion | None


def module_page_reads(
    *, user: User, module: ModulePage, one_trip: bool | None = None
) -> ModulePageReads:
    """The module's progress, the person's enrolment, content-note choice, attempts and
    completion: one statement (one query each where the database cannot). ``module``: a
    published module from the shared curriculum (``curriculum_snapshot``)."""
    rows = _MODULE_PAGE.read(
        one_trip=one_trip,
        user_id=user.pk,
        module_id=module.pk,
        program_path=module.path[: -Page.steplen],
    )
    progress, enrollment, acknowledged = _module_reads(user, module, rows)
    return ModulePageReads(
        progress=progress,
        enrollment=enrollment,
        note_acknowledged=acknowledged,
        attempts=sorted(rows["attempts"], key=lambda attempt: (attempt.number, attempt.pk)),
        completion=next(iter(rows["completion"]), None),
    )


def module_progress_for(*, user: User, module: ModulePage) -> ModuleProgress:
    """One module's progress (for its page), in a fixed number of queries."""
    cached = curriculum_snapshot().modules_by_pk().get(module.pk)
    # Not live: read it as before (a draft preview, or an answer of 404 from .get()).
    module = cached or _modules_queryset().get(pk=module.pk)
    programs_by_path, lessons_by_module = _module_curriculum(module)
    return _module_progress(
        user=user,
        modules=[module],
        programs_by_path=programs_by_path,
        lessons_by_module=lessons_by_module,
    )[module.pk]


def program_progress_for(*, user: User, program: ProgramPage) -> ProgramProgress:
    curriculum = curriculum_snapshot()
    modules = [
        module for module in curriculum.modules if module.path[: -Page.steplen] == program.path
    ]
    progress = _module_progress(
        user=user,
        modules=modules,
        programs_by_path={program.path: program},
        lessons_by_module=curriculum.lessons_by_module_path,
    )
    return ProgramProgress(program=program, modules=[progress[module.pk] for module in modules])


def cohort_members(*, cohort):
    """The cohort's enrolments with each trainee's modules completed, hours and last activity.

    One query whatever the cohort's size (subqueries, so sums are not multiplied by joins).
    Staff see progress and hours only; reflections and answers stay with the trainee.
    """
    from django.db.models import DecimalField, IntegerField, OuterRef, Subquery

    completed = ModuleCompletion.objects.filter(
        user=OuterRef("user"), module__path__startswith=cohort.program.path
    ).values("user")
    return (
        Enrollment.objects.filter(cohort=cohort)
        .select_related("user")
        .annotate(
            modules_completed=Coalesce(
                Subquery(
                    completed.annotate(n=Count("pk")).values("n"), output_field=IntegerField()
                ),
                0,
            ),
            hours=Coalesce(
                Subquery(
                    completed.annotate(total=Sum("contact_hours")).values("total"),
                    output_field=DecimalField(max_digits=7, decimal_places=2),
                ),
                Decimal(0),
            ),
            last_active=Subquery(
                LessonProgress.objects.filter(user=OuterRef("user"))
                .order_by("-last_viewed_at")
                .values("last_viewed_at")[:1]
            ),
        )
        .order_by("user__display_name", "pk")
    )


def learning_reminder_due(*, now=None) -> list[int]:
    """Preferences whose person opted in, has unfinished learning and has been away a while."""
    now = now or timezone.now()
    candidates = (
        LearningPreference.objects.filter(reminders_enabled=True, user__is_active=True)
        .filter(Exists(Enrollment.objects.filter(user=OuterRef("user"))))
        .annotate(last_seen=Max("user__lesson_progress__last_viewed_at"))
        .values_list("pk", "reminder_every_days", "last_seen", "last_reminded_at")
    )
    due = []
    for pk, every_days, last_seen, last_reminded in candidates:
        quiet_since = now - datetime.timedelta(days=every_days)
        if (last_seen is None or last_seen < quiet_since) and (
            last_reminded is None or last_reminded < quiet_since
        ):
            due.append(pk)
    return due
