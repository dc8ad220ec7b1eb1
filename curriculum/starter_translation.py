"""The Spanish curriculum tree, and the starter program translated into it (``seed_demo``).

Spanish pages are made by wagtail-localize itself, the way an editor's translation is:

1. Spanish follows English (``LocaleSynchronization``): every English page gets a Spanish
   *alias* that serves the English text (with a note) until someone translates it, and pages
   created later in the admin get theirs as they are created;
2. for each page of the starter program, the Spanish text of ``starter_content_es.py`` is built
   into an unsaved twin of the page with the same block ids; wagtail-localize extracts the
   segments of both, and each Spanish segment is stored as the translation of its English
   segment (what uploading a PO file in the translation editor stores); saving the translation
   turns the alias into a Spanish page.

So the translation editor shows every string of the starter program translated, and an English
change later shows up there as a new string to translate. Idempotent: a page that already has a
Spanish translation (an editor's work, perhaps) is left alone.
"""

from __future__ import annotations

from django.db import transaction
from django.utils.html import escape

from wagtail.models import Locale

from wagtail_localize.models import (
    LocaleSynchronization,
    StringSegment,
    StringTranslation,
    Translation,
    TranslationSource,
)
from wagtail_localize.segments import StringSegmentValue
from wagtail_localize.segments.extract import extract_segments
from wagtail_localize.synctree import synchronize_tree

from curriculum import starter_content_es
from curriculum.editorial import STATEWIDE_SLUG
from curriculum.models import (
    CurriculumIndexPage,
    CurriculumSectionPage,
    LessonPage,
    ModulePage,
    ProgramPage,
)
from curriculum.starter import lesson_body, lesson_key, question_bank
from curriculum.starter_content import PROGRAM

SPANISH = "es"
TOOL_NAME = "PeerPath starter program"

INDEX_ES = {
    "title": "Currículo",
    "introduction": (
        "Todo lo que enseña PeerPath, escrito por organizaciones comunitarias de recuperación y "
        "por la red de pares del estado. Explore los programas o busque un tema."
    ),
}
# The site's front page (cms.HomePage; its fields are read by name, cms builds on curriculum).
HOME_ES = {
    "title": "PeerPath",
    "introduction": (
        "Capacitación y credenciales para especialistas en apoyo de recuperación entre pares, a "
        "su ritmo, en su teléfono o su computadora."
    ),
    "for_trainees": (
        "Aprenda en línea y en sesiones en vivo, registre sus horas de práctica supervisada y "
        "vea exactamente qué le falta para obtener su credencial."
    ),
    "for_supervisors": (
        "Firme las horas de práctica de sus participantes, una entrada o muchas a la vez, con "
        "un registro que no se puede cambiar en silencio."
    ),
    "for_organisations": (
        "Escriba y publique su currículo, organice capacitaciones en vivo con asistencia "
        "firmada y prepare y respalde las solicitudes de sus participantes."
    ),
    "for_boards": (
        "Verifique cualquier credencial, historial de formación o registro de horas con su "
        "código de verificación, y decida las solicitudes con todos sus registros a la vista."
    ),
}

STATEWIDE_ES = {
    "title": "Currículo estatal",
    "introduction": (
        "Programas compartidos por todas las organizaciones comunitarias de recuperación de "
        "PeerPath, mantenidos por la red estatal de recuperación entre pares."
    ),
}


def spanish_follows_english() -> Locale:
    """Spanish pages mirror the English tree: aliases now, and for every page created later."""
    spanish, _created = Locale.objects.get_or_create(language_code=SPANISH)
    english = Locale.get_default()
    LocaleSynchronization.objects.get_or_create(locale=spanish, defaults={"sync_from": english})
    synchronize_tree(english, spanish)
    return spanish


def _segment_pairs(page, twin) -> dict[tuple[str, str], str]:
    """(context, English text) -> Spanish text, for every string segment the two share."""
    english = [s for s in extract_segments(page) if isinstance(s, StringSegmentValue)]
    spanish = [s for s in extract_segments(twin) if isinstance(s, StringSegmentValue)]
    pairs = {}
    for source, target in zip(english, spanish, strict=False):
        if source.path != target.path:
            raise ValueError(
                f"{page.slug}: the Spanish text differs in shape at {source.path} "
                f"(Spanish has {target.path})"
            )
        pairs[(source.path, source.string.data)] = target.string.data
    return pairs


def translate_page(page, twin, *, locale: Locale, user=None) -> bool:
    """Make ``twin``'s text the Spanish translation of ``page``; False if one already exists."""
    existing = page.get_translation_or_none(locale)
    if existing is not None and existing.alias_of_id is None:
        return False
    source, _created = TranslationSource.update_or_create_from_instance(page)
    translation, _created = Translation.objects.get_or_create(source=source, target_locale=locale)
    wanted = _segment_pairs(page, twin)
    # What importing a PO file of these strings does (Translation.import_po), in one write.
    StringTranslation.objects.bulk_create(
        [
            StringTranslation(
                translation_of_id=segment.string_id,
                context_id=segment.context_id,
                locale=locale,
                data=wanted[(segment.context.path, segment.string.data)],
                translation_type="manual",
                tool_name=TOOL_NAME,
                last_translated_by=user,
            )
            for segment in StringSegment.objects.filter(source=source).select_related(
                "string", "context"
            )
            if (segment.context.path, segment.string.data) in wanted
        ],
        ignore_conflicts=True,
    )
    translation.save_target(user=user, publish=True)
    return True


def _module_twin(spec: dict) -> ModulePage:
    return ModulePage(
        title=spec["title"],
        slug=spec["slug"],
        summary=spec["summary"],
        learning_objectives="<ul>"
        + "".join(f"<li>{escape(text)}</li>" for text in spec["objectives"])
        + "</ul>",
        content_note=spec["content_note"],
        question_bank=question_bank(spec),
    )


def _lesson_twin(module_spec: dict, spec: dict) -> LessonPage:
    return LessonPage(
        title=spec["title"],
        slug=spec["slug"],
        summary=spec["summary"],
        content_note=spec.get("content_note", ""),
        body=lesson_body(spec["body"], lesson_key(module_spec, spec), language=SPANISH),
    )


@transaction.atomic
def translate_starter_program(*, user=None) -> int:
    """The starter program, its section and the curriculum index in Spanish. Pages translated."""
    locale = spanish_follows_english()
    program = ProgramPage.objects.originals().filter(slug=PROGRAM["slug"]).first()
    if program is None:
        return 0
    section = CurriculumSectionPage.objects.originals().get(slug=STATEWIDE_SLUG)
    index = CurriculumIndexPage.objects.originals().get()
    es = starter_content_es
    home = index.get_parent().specific
    twins = [
        (home, type(home)(slug=home.slug, **HOME_ES)),
        (index, CurriculumIndexPage(slug=index.slug, **INDEX_ES)),
        (section, CurriculumSectionPage(slug=section.slug, **STATEWIDE_ES)),
        (
            program,
            ProgramPage(
                title=es.PROGRAM["title"],
                slug=program.slug,
                summary=es.PROGRAM["summary"],
                audience=es.PROGRAM["audience"],
            ),
        ),
    ]
    modules = {module.slug: module for module in ModulePage.objects.child_of(program)}
    for module_spec in es.MODULES:
        module = modules.get(module_spec["slug"])
        if module is None:
            continue
        twins.append((module, _module_twin(module_spec)))
        lessons = {lesson.slug: lesson for lesson in LessonPage.objects.child_of(module)}
        for lesson_spec in module_spec["lessons"]:
            if lesson_spec["slug"] in lessons:
                twins.append((lessons[lesson_spec["slug"]], _lesson_twin(module_spec, lesson_spec)))
    return sum(translate_page(page, twin, locale=locale, user=user) for page, twin in twins)
