"""Reads behind the curriculum pages, each with a fixed number of queries."""

import re
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from wagtail.models import Page

from curriculum import page_context
from curriculum.filters import ModuleFilter
from curriculum.models import (
    CompetencyDomain,
    CurriculumIndexPage,
    CurriculumSectionPage,
    LessonPage,
    ModuleDomainHours,
    ModuleLiveDomainHours,
    ModulePage,
    ProgramPage,
)

# How many hits of each kind search reads; pages of results come from the modules they find.
SEARCH_HIT_LIMIT = 200
RESULTS_LIMIT = 100


def search_words(text: str) -> str:
    """The words and numbers of what a person typed, separated by spaces.

    Only these reach the search backend: quotes, operators and other punctuation mean
    something to the database's full-text syntax (a lone double quote is an error in SQLite's
    FTS5), and nothing to a person searching a curriculum.
    """
    return " ".join(re.findall(r"\w+", text))


@dataclass
class SearchResult:
    module: ModulePage
    matching_lessons: list[LessonPage] = field(default_factory=list)


@dataclass
class CurriculumSearch:
    form: object
    query: str = ""
    is_active: bool = False
    results: list[SearchResult] = field(default_factory=list)
    total: int = 0


def programs_for_index(*, index_page: Page) -> list[ProgramPage]:
    """Published programs under the curriculum index, each with ``section`` (who wrote it)."""
    sections = {
        section.path: section
        for section in CurriculumSectionPage.objects.child_of(index_page).live().public()
    }
    programs = (
        ProgramPage.objects.descendant_of(index_page)
        .live()
        .public()
        .order_by("path")
        .prefetch_related("credentials")
    )
    listed = []
    for program in programs:
        program.section = sections.get(program.path[: -ProgramPage.steplen])
        if program.section is not None:
            listed.append(program)
    return listed


def program_hours_by_domain(*, program: ProgramPage) -> list[dict]:
    """Total hours the program's published modules credit per domain (online and live parts
    together), in one query."""
    in_program = {
        "module__path__startswith": program.path,
        "module__depth": program.depth + 1,
        "module__live": True,
    }
    columns = ("domain__framework", "domain__name", "domain__sort_order")
    online = ModuleDomainHours.objects.filter(**in_program).values(*columns, "hours")
    live = ModuleLiveDomainHours.objects.filter(**in_program).values(*columns, "hours")
    totals: dict[tuple, Decimal] = defaultdict(Decimal)
    for row in online.union(live, all=True):
        totals[tuple(row[column] for column in columns)] += row["hours"]
    labels = dict(CompetencyDomain.Framework.choices)
    return [
        {
            "domain__framework": framework,
            "domain__name": name,
            "domain__sort_order": sort_order,
            "total": total,
            "framework": labels.get(framework, ""),
        }
        for (framework, name, sort_order), total in sorted(
            totals.items(), key=lambda item: (item[0][0], item[0][2], item[0][1])
        )
    ]


def curriculum_search(*, index_page: Page, params) -> CurriculumSearch:
    """Search published modules by words (titles, objectives, lesson text) and filters.

    Results are modules, the unit a trainee takes; lessons whose text matched are listed under
    their module. Bad input never errors: an invalid filter shows its message and no results.
    """
    base = ModulePage.objects.descendant_of(index_page).live().public()
    filterset = ModuleFilter(params or None, queryset=base)
    search = CurriculumSearch(form=filterset.form)
    if not params or not any(params.get(name) for name in filterset.form.fields):
        return search
    search.is_active = True
    if not filterset.is_valid():
        return search
    modules = filterset.qs
    typed = (filterset.form.cleaned_data.get("q") or "").strip()
    search.query = typed
    query = search_words(typed)
    if typed and not query:
        filterset.form.add_error("q", _("Search with at least one word or number."))
        return search
    lessons_by_module_path: dict[str, list[LessonPage]] = defaultdict(list)
    if query:
        module_ids = [
            page.pk
            for page in ModulePage.objects.live()
            .filter(locale=index_page.locale_id)
            .search(query)[:SEARCH_HIT_LIMIT]
        ]
        lessons = (
            LessonPage.objects.live()
            .filter(locale=index_page.locale_id)
            .search(query)[:SEARCH_HIT_LIMIT]
        )
        for lesson in lessons:
            lessons_by_module_path[lesson.path[: -LessonPage.steplen]].append(lesson)
        modules = modules.filter(Q(pk__in=module_ids) | Q(path__in=list(lessons_by_module_path)))
    modules = list(modules.order_by("path").prefetch_related("core_values")[:RESULTS_LIMIT])
    search.results = [
        SearchResult(module=module, matching_lessons=lessons_by_module_path.get(module.path, []))
        for module in modules
    ]
    search.total = len(search.results)
    return search


@page_context.register(CurriculumIndexPage)
def curriculum_index_context(*, page: CurriculumIndexPage, request) -> dict:
    """The search, and while nobody searches, the programs each section published."""
    search = curriculum_search(index_page=page, params=request.GET)
    if search.is_active:
        return {"search": search}
    return {"search": search, "programs": programs_for_index(index_page=page)}


@page_context.register(ProgramPage)
def program_page_context(*, page: ProgramPage, request) -> dict:
    return {"hours_by_domain": program_hours_by_domain(program=page)}


def hours_total(rows) -> Decimal:
    return sum((row["total"] for row in rows), Decimal(0))
