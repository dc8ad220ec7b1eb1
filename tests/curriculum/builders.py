"""Build curriculum pages the way an editor would publish them (a revision, then publish)."""

import json
from decimal import Decimal

from django.utils.text import slugify

from curriculum.models import (
    LessonPage,
    ModuleDomainHours,
    ModulePage,
    ModuleTopicHours,
    ProgramCredential,
    ProgramPage,
)


def _publish(page, publish: bool):
    revision = page.save_revision()
    if publish:
        revision.publish()
    return page


def build_program(section, *, title: str, publish: bool = True) -> ProgramPage:
    program = ProgramPage(
        title=title,
        slug=slugify(title),
        summary=f"{title}: a short program for tests.",
        audience="<p>People starting out in peer work.</p>",
        live=publish,
    )
    program.credentials = [ProgramCredential(credential="icrc_pr")]
    section.add_child(instance=program)
    return _publish(program, publish)


def _option(text: str, correct: bool) -> dict:
    return {"type": "item", "value": {"text": text, "is_correct": correct, "feedback": "Why."}}


def question(prompt: str = "Who leads a person's recovery?") -> dict:
    return {
        "type": "single_choice",
        "value": {
            "prompt": prompt,
            "options": [_option("The person", True), _option("The peer", False)],
            "explanation": "",
        },
    }


def build_module(
    program,
    *,
    title: str,
    hours: Decimal = Decimal("2"),
    domains=(),
    topics=(),
    values=(),
    pathways=(),
    modality: str = "self_paced",
    summary: str = "",
    content_note: str = "",
    questions: int = 0,
    publish: bool = True,
) -> ModulePage:
    module = ModulePage(
        title=title,
        slug=slugify(title),
        summary=summary or f"About {title.lower()}.",
        learning_objectives="<ul><li>Describe the topic in your own words.</li></ul>",
        estimated_minutes=int(hours * 60),
        contact_hours=hours,
        modality=modality,
        content_note=content_note,
        question_bank=json.dumps([question(f"Question {n}?") for n in range(questions)]),
        live=publish,
    )
    module.domain_hours = [ModuleDomainHours(domain=d, hours=h) for d, h in domains]
    module.topic_hours = [ModuleTopicHours(topic=t, hours=h) for t, h in topics]
    module.core_values = list(values)
    module.recovery_pathways = list(pathways)
    program.add_child(instance=module)
    return _publish(module, publish)


def build_lesson(module, *, title: str, text: str = "", publish: bool = True) -> LessonPage:
    lesson = LessonPage(
        title=title,
        slug=slugify(title),
        summary=f"{title}.",
        estimated_minutes=20,
        live=publish,
        body=json.dumps(
            [
                {"type": "text", "value": f"<p>{text or title} is part of everyday peer work.</p>"},
                {"type": "reflection", "value": {"prompt": "What would you do?"}},
            ]
        ),
    )
    module.add_child(instance=lesson)
    return _publish(lesson, publish)


def ensure_site_tree():
    """Recreate what migrations put in the database (Wagtail's root page and collection, the
    home page, the default site): a transactional test's flush empties every table."""
    from wagtail.models import Collection, Locale, Page, Site

    from cms.models import HomePage

    if Site.objects.filter(is_default_site=True).exists():
        return
    locale, _created = Locale.objects.get_or_create(language_code="en")
    if not Collection.objects.exists():
        Collection.add_root(name="Root")
    root = Page.get_first_root_node() or Page.add_root(
        instance=Page(title="Root", slug="root", locale=locale)
    )
    home = HomePage(title="PeerPath", slug="home", locale=locale)
    root.add_child(instance=home)
    Site.objects.create(hostname="localhost", port=80, root_page=home, is_default_site=True)
