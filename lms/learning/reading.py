"""The learning pages in the reader's language, with every record kept on the English page.

A trainee reading Spanish sees the Spanish translation of a module or lesson where an editor
has published one, and the English page (with a note) where none exists. Whatever they read,
enrolment, progress, reflections, attempts and completions point to the English page: one
module, one record, in either language (curriculum/translation.py).

The texts lists and headings show come from the cached curriculum snapshot, and a lesson's
Spanish body is read in the same query as its English page, so a page in Spanish runs the same
number of queries as in English.
"""

from __future__ import annotations

import copy
import dataclasses

from django.db.models import Q
from django.http import Http404

from wagtail.models import Page

from wagtail_localize.fields import TranslatableField, get_translatable_fields

from curriculum.translation import reader_language, source_language
from lms.learning.cache import curriculum_snapshot


def _translated_field_names(model) -> list[str]:
    return [
        field.field_name
        for field in get_translatable_fields(model)
        if isinstance(field, TranslatableField)
    ]


def reads_source() -> bool:
    return reader_language() == source_language()


def in_reader_language(item):
    """A copy of a page (or cached reference to one) with its title, summary and content note
    in the reader's language; the item itself when it has no translation. Never saved."""
    if item is None or reads_source():
        return item
    text = curriculum_snapshot().translations.get(reader_language(), {}).get(item.pk)
    if text is None:
        return item
    changes = {"title": text.title}
    if hasattr(item, "summary"):
        changes["summary"] = text.summary
    if hasattr(item, "content_note"):
        changes["content_note"] = text.content_note
    if dataclasses.is_dataclass(item):
        return dataclasses.replace(item, **changes)
    shown = copy.copy(item)
    for name, value in changes.items():
        setattr(shown, name, value)
    shown.shown_in_translation = True
    return shown


def all_in_reader_language(items) -> list:
    return [in_reader_language(item) for item in items]


def is_translated_for_reader(pk: int) -> bool:
    """Whether the reader sees this English page in their own language (False: a note says
    it is shown in English)."""
    if reads_source():
        return True
    return pk in curriculum_snapshot().translation_pks.get(reader_language(), {})


def page_for_reader(queryset, pk: int):
    """``(page, shown)``: the live English page ``pk`` (every record points to it) and a copy of
    it in the reader's language (its text fields read from the translation), in one query."""
    source_only = Q(pk=pk, locale__language_code=source_language())
    translation_pk = None
    if not reads_source():
        translation_pk = curriculum_snapshot().translation_pks.get(reader_language(), {}).get(pk)
    condition = source_only | Q(pk=translation_pk) if translation_pk else source_only
    rows = {page.pk: page for page in queryset.live().filter(condition)}
    page = rows.get(pk)
    if page is None:
        raise Http404
    translation = rows.get(translation_pk)
    if translation is None:
        return page, page
    shown = copy.copy(page)
    for name in _translated_field_names(type(page)):
        if name != "slug":
            setattr(shown, name, getattr(translation, name))
    shown.shown_in_translation = True
    return page, shown


def module_progress_in_reader_language(progress):
    """A module's progress with its module, lessons and prerequisites titled for the reader."""
    if progress is None or reads_source():
        return progress
    program = curriculum_snapshot().programs_by_path.get(progress.module.path[: -Page.steplen])
    return dataclasses.replace(
        progress,
        program_title=in_reader_language(program).title if program else progress.program_title,
        module=in_reader_language(progress.module),
        lessons=all_in_reader_language(progress.lessons),
        missing_prerequisites=all_in_reader_language(progress.missing_prerequisites),
    )


def program_progress_in_reader_language(progress):
    if progress is None or reads_source():
        return progress
    return dataclasses.replace(
        progress, modules=[module_progress_in_reader_language(item) for item in progress.modules]
    )


def summary_in_reader_language(summary):
    """The learning home's programs, modules, next step and catalogue titled for the reader
    (the records it counts stay the English ones)."""
    if reads_source():
        return summary
    next_step = summary.next_step
    if next_step is not None:
        next_step = dataclasses.replace(
            next_step,
            module=in_reader_language(next_step.module),
            lesson=in_reader_language(next_step.lesson),
        )
    return dataclasses.replace(
        summary,
        programs=[
            dataclasses.replace(
                program_progress_in_reader_language(item),
                program=in_reader_language(item.program),
            )
            for item in summary.programs
        ],
        standalone_modules=[
            module_progress_in_reader_language(item) for item in summary.standalone_modules
        ],
        next_step=next_step,
        catalog=[
            dataclasses.replace(item, program=in_reader_language(item.program))
            for item in summary.catalog
        ],
    )
