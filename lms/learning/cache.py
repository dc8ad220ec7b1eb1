"""Shared reference data cached for everyone: the live curriculum tree and taxonomy.

/learn/, the module pages and /learn/credentials/ read the same curriculum structure (modules
with their prerequisites, lessons, programs, competency domains) on every request, for every
trainee. It changes only when an editor saves something, so it is built once and kept in the
cache (Redis in production, shared by every web node), under a *generation* token:

- any save or delete of a page, a page view restriction, a competency domain or a topic (and,
  registered by certification, a credential definition or requirement) replaces the token, so
  every entry built under the old one is never read again;
- the token is replaced at once (so a later read in the same transaction, or a test, sees the
  change) and again when the transaction commits (so a request that read the old rows while
  the editor's transaction was still open cannot leave them behind under the new token).

Nothing about one person is kept here: per-person progress is always read from the database.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from dataclasses import dataclass

from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import Signal

from wagtail.models import Page, PageViewRestriction
from wagtail.signals import page_unpublished, post_page_move

from curriculum.models import (
    CompetencyDomain,
    LessonPage,
    ModulePage,
    ProgramCredential,
    ProgramPage,
    Topic,
)
from curriculum.translation import source_language
from lms.kept_pages import (
    REFERENCE_GENERATION_KEY,
    reference_generation_read,
    reference_generation_seen,
)

# Shared with the pages kept for people (lms/personal_pages.py), which accounts uses too.
GENERATION_KEY = REFERENCE_GENERATION_KEY
# Part of every entry's key: raise it whenever the shape of a cached value changes (a field of
# CurriculumSnapshot, of a credential spec...), so a new release never reads an old pickle.
SHAPE_VERSION = 4
# A safety net only (a bulk queryset.update() sends no signal): entries are replaced on save.
ENTRY_TIMEOUT = 60 * 60

# Sent once the change that retired every entry has committed (no arguments): whatever keeps
# copies outside this cache (a CDN in front of the public pages, cms/frontend_cache.py) is told.
reference_data_changed = Signal()


@dataclass(frozen=True)
class LessonRef:
    pk: int
    title: str
    path: str


@dataclass(frozen=True)
class PageText:
    """What a translation says in place of its English page, where lists and headings show it."""

    title: str
    summary: str = ""
    content_note: str = ""


@dataclass(frozen=True)
class DomainRef:
    pk: int
    framework: str
    name: str


@dataclass
class CurriculumSnapshot:
    """The live curriculum, as the learning pages read it (no one's progress)."""

    modules: list[ModulePage]  # live, by path, prerequisites prefetched
    lessons_by_module_path: dict[str, list[LessonRef]]  # live lessons, by path
    programs_by_path: dict[str, ProgramPage]  # every program, live or not
    live_programs_by_pk: dict[int, ProgramPage]
    public_programs: list[ProgramPage]  # live and public, by path: the catalogue
    domains: list[DomainRef]  # by framework, sort order, name
    program_credentials: dict[int, frozenset[str]]  # credential codes each program prepares for
    # language -> English page pk -> its live translation's text (curriculum/translation.py)
    translations: dict[str, dict[int, PageText]]
    translation_pks: dict[str, dict[int, int]]  # language -> English page pk -> translation pk

    def modules_by_pk(self) -> dict[int, ModulePage]:
        return {module.pk: module for module in self.modules}


def reference_generation() -> str:
    """The current token; a new one if the cache lost it (everything is then rebuilt). Read
    once per request: the curriculum, the definitions and the page's kept copy then all answer
    for the same generation."""
    generation = reference_generation_read()
    if generation:
        return generation
    generation = cache.get(GENERATION_KEY)
    if generation is None:
        cache.add(GENERATION_KEY, uuid.uuid4().hex, timeout=None)
        generation = cache.get(GENERATION_KEY) or ""
    reference_generation_seen(generation)
    return generation


# This process's copies of the entries of the current generation, so a request reads one small
# key (the generation) rather than unpickling the curriculum again. Read-only by contract: the
# pages and specs are shared by every request this process serves until the generation changes.
_local: dict[str, object] = {}
LOCAL_ENTRIES_MAX = 32  # the curriculum, and definitions per day and language
_local_generation: list[str] = [""]


def cached_reference(name: str, build):
    """``build()``'s result, shared by everyone until the reference data changes."""
    generation = reference_generation()
    if _local_generation[0] != generation or len(_local) > LOCAL_ENTRIES_MAX:
        _local.clear()
        _local_generation[0] = generation
    key = f"peerpath:reference-data:v{SHAPE_VERSION}:{generation}:{name}"
    value = _local.get(key)
    if value is None:
        value = cache.get(key)
        if value is None:
            value = build()
            cache.set(key, value, timeout=ENTRY_TIMEOUT)
        _local[key] = value
    return value


def invalidate_reference_data(**_signal_kwargs) -> None:
    """Retire every cached entry: now, and once more when the transaction commits."""

    def replace_generation():
        cache.set(GENERATION_KEY, uuid.uuid4().hex, timeout=None)
        reference_generation_seen(None)  # this request reads the new one

    def committed():
        replace_generation()
        reference_data_changed.send(sender=None)

    replace_generation()
    transaction.on_commit(committed)


def _invalidate_on_page_change(sender, instance=None, **kwargs) -> None:
    if isinstance(instance, Page):
        invalidate_reference_data()


def connect_invalidation(*senders) -> None:
    """Invalidate on save and delete of these models (used by higher apps for theirs)."""
    for sender in senders:
        post_save.connect(invalidate_reference_data, sender=sender, weak=False)
        post_delete.connect(invalidate_reference_data, sender=sender, weak=False)


def connect_curriculum_invalidation() -> None:
    """Called from LmsConfig.ready(): pages (any type), restrictions and taxonomy."""
    post_save.connect(_invalidate_on_page_change, weak=False)
    post_delete.connect(_invalidate_on_page_change, weak=False)
    page_unpublished.connect(invalidate_reference_data, weak=False)
    post_page_move.connect(invalidate_reference_data, weak=False)
    m2m_changed.connect(
        invalidate_reference_data, sender=ModulePage.prerequisites.through, weak=False
    )
    connect_invalidation(
        PageViewRestriction, CompetencyDomain, Topic, ModulePage.prerequisites.through
    )


def _build_curriculum() -> CurriculumSnapshot:
    modules = list(
        ModulePage.objects.live()
        .originals()
        .order_by("path")
        .defer("learning_objectives")
        .prefetch_related("prerequisites")
    )
    lessons: dict[str, list[LessonRef]] = defaultdict(list)
    source_pks = {module.translation_key: module.pk for module in modules}
    for row in (
        LessonPage.objects.live()
        .originals()
        .order_by("path")
        .values("pk", "title", "path", "translation_key")
    ):
        lessons[row["path"][: -Page.steplen]].append(
            LessonRef(row["pk"], row["title"], row["path"])
        )
        source_pks[row["translation_key"]] = row["pk"]
    programs = list(ProgramPage.objects.originals().order_by("path").defer_streamfields())
    public_programs = list(
        ProgramPage.objects.live()
        .originals()
        .public()
        .order_by("path")
        .only("title", "summary", "path", "url_path")
    )
    domains = [
        DomainRef(pk, framework, name)
        for pk, framework, name in CompetencyDomain.objects.order_by(
            "framework", "sort_order", "name"
        ).values_list("pk", "framework", "name")
    ]
    program_credentials: dict[int, set[str]] = defaultdict(set)
    for program_id, credential in ProgramCredential.objects.values_list("program_id", "credential"):
        program_credentials[program_id].add(credential)
    source_pks.update((program.translation_key, program.pk) for program in programs)
    translations, translation_pks = _translations(source_pks)
    return CurriculumSnapshot(
        modules=modules,
        lessons_by_module_path=dict(lessons),
        programs_by_path={program.path: program for program in programs},
        live_programs_by_pk={program.pk: program for program in programs if program.live},
        public_programs=public_programs,
        domains=domains,
        program_credentials={pk: frozenset(codes) for pk, codes in program_credentials.items()},
        translations=translations,
        translation_pks=translation_pks,
    )


def _translations(source_pks: dict) -> tuple[dict, dict]:
    """The live translations (not aliases) of the curriculum's pages, in one query."""
    texts: dict[str, dict[int, PageText]] = defaultdict(dict)
    pks: dict[str, dict[int, int]] = defaultdict(dict)
    rows = (
        Page.objects.live()
        .filter(alias_of__isnull=True, translation_key__in=list(source_pks))
        .exclude(locale__language_code=source_language())
        .values(
            "pk",
            "translation_key",
            "title",
            "locale__language_code",
            "modulepage__summary",
            "modulepage__content_note",
            "lessonpage__summary",
            "programpage__summary",
        )
    )
    for row in rows:
        source_pk = source_pks[row["translation_key"]]
        language = row["locale__language_code"]
        texts[language][source_pk] = PageText(
            title=row["title"],
            summary=row["modulepage__summary"]
            or row["lessonpage__summary"]
            or row["programpage__summary"]
            or "",
            content_note=row["modulepage__content_note"] or "",
        )
        pks[language][source_pk] = row["pk"]
    return dict(texts), dict(pks)


def curriculum_snapshot() -> CurriculumSnapshot:
    """The live curriculum from the cache: no query unless an editor changed something."""
    return cached_reference("curriculum", _build_curriculum)
