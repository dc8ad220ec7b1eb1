"""Publish the starter program into the statewide section (``seed_demo`` calls this).

Idempotent: pages are found by slug under their parent and created only when missing, so
running it again never duplicates pages nor overwrites what editors changed since. Block ids
are derived from the slugs (uuid5), so the same seeded question has the same id everywhere.
"""

import json
import math
import uuid
from decimal import Decimal

from django.db import transaction
from django.utils.html import escape

from curriculum import hours as hour_rules
from curriculum.editorial import statewide_section_ensure
from curriculum.models import (
    CompetencyDomain,
    CoreValue,
    CreditMode,
    LessonPage,
    ModuleDomainHours,
    ModuleLiveDomainHours,
    ModuleLiveTopicHours,
    ModulePage,
    ModuleTopicHours,
    ProgramCredential,
    ProgramPage,
    RecoveryPathway,
    Topic,
)
from curriculum.starter_content import MODULES, PROGRAM
from curriculum.taxonomy import ICRC_PR, seed_taxonomy

NAMESPACE = uuid.UUID("5b1f2f8e-8d0c-4b7e-9b59-0f2a43c1d7a1")
STORY_CONSENT_DATE = "2026-01-15"


class StarterProgramError(Exception):
    """The starter content breaks a curriculum rule (a bug in starter_content.py)."""


def seed_current_taxonomy() -> None:
    """Load the reference sets into today's models (the data migration loads them first)."""
    seed_taxonomy(
        core_value=CoreValue,
        recovery_pathway=RecoveryPathway,
        competency_domain=CompetencyDomain,
        topic=Topic,
    )


def _id(*parts) -> str:
    return str(uuid.uuid5(NAMESPACE, "/".join(str(part) for part in parts)))


def _html(paragraphs) -> str:
    html = []
    for item in paragraphs:
        if isinstance(item, list):
            html.append("<ul>" + "".join(f"<li>{escape(text)}</li>" for text in item) + "</ul>")
        else:
            html.append(f"<p>{escape(item)}</p>")
    return "".join(html)


def _question(question, key: str) -> dict:
    kind = question[0]
    if kind == "true_false":
        _kind, prompt, answer, feedback_true, feedback_false, explanation = question
        return {
            "type": "true_false",
            "id": _id(key),
            "value": {
                "prompt": prompt,
                "correct_answer": "true" if answer else "false",
                "feedback_true": feedback_true,
                "feedback_false": feedback_false,
                "explanation": explanation,
            },
        }
    _kind, prompt, options, explanation = question
    return {
        "type": {"single": "single_choice", "multiple": "multiple_select"}[kind],
        "id": _id(key),
        "value": {
            "prompt": prompt,
            "options": [
                {
                    "type": "item",
                    "id": _id(key, "option", number),
                    "value": {"text": text, "is_correct": correct, "feedback": feedback},
                }
                for number, (text, correct, feedback) in enumerate(options)
            ],
            "explanation": explanation,
        },
    }


# Said under each illustrative story, in the language of the lesson.
STORY_NOTE = {
    "en": "(an illustrative story written for this course)",
    "es": "(una historia ilustrativa escrita para este curso)",
}


def lesson_key(module_spec: dict, lesson_spec: dict) -> str:
    """What a lesson's block ids derive from: the same in every language."""
    return f"{module_spec['slug']}/{lesson_spec['slug']}"


def question_bank(spec: dict) -> str:
    """A module's question bank as StreamField JSON (ids from the slugs, the same in every
    language, so an answer means the same option whichever text was shown)."""
    return json.dumps(
        [
            _question(question, f"{spec['slug']}/bank/{number}")
            for number, question in enumerate(spec["questions"])
        ]
    )


def lesson_body(body, key: str, *, language: str = "en") -> str:
    blocks = []
    for number, (kind, *args) in enumerate(body):
        block_key = f"{key}/{number}"
        if kind == "text":
            block = {"type": "text", "value": _html(args[0])}
        elif kind == "callout":
            tone, heading, text = args
            block = {"type": "callout", "value": {"tone": tone, "heading": heading, "text": text}}
        elif kind == "reflection":
            block = {"type": "reflection", "value": {"prompt": args[0]}}
        elif kind == "story":
            quote, attribution = args
            block = {
                "type": "story",
                "value": {
                    "quote": quote,
                    "attribution": f"{attribution} {STORY_NOTE[language]}",
                    "consent_recorded": True,
                    "consent_date": STORY_CONSENT_DATE,
                },
            }
        elif kind == "check":
            block = {"type": "knowledge_check", "value": [_question(args[0], block_key + "/q")]}
        else:  # pragma: no cover - guarded by the content tests
            raise StarterProgramError(f"Unknown lesson block {kind!r}")
        block["id"] = _id(block_key)
        blocks.append(block)
    return json.dumps(blocks)


def _words(value) -> int:
    """Words a reader reads in a piece of the lesson vocabulary (strings, lists, tuples)."""
    if isinstance(value, str):
        return len(value.split())
    if isinstance(value, list | tuple):
        return sum(_words(item) for item in value if not isinstance(item, bool))
    return 0


def lesson_minutes(body) -> int:
    """What a lesson takes a trainee, measured from its text: reading every block, writing
    each reflection, answering each knowledge check (see curriculum/hours.py)."""
    words = sum(_words(args) for _kind, *args in body)
    return hour_rules.effort_minutes(
        words=words,
        reflections=sum(1 for kind, *_args in body if kind == "reflection"),
        questions=sum(1 for kind, *_args in body if kind == "check"),
    )


def online_minutes(spec: dict) -> int:
    """A module's online work: its lessons, then its assessment (each question read, with
    its options, and answered)."""
    assessment = hour_rules.effort_minutes(
        words=_words(spec["questions"]), questions=len(spec["questions"])
    )
    return sum(lesson_minutes(lesson["body"]) for lesson in spec["lessons"]) + assessment


def _topic_parts(topics: dict, *, online: Decimal, whole: Decimal):
    """Each topic tag divided like the hours: its online share rounded down to the quarter
    hour, the rest live (tags overlap, so they need not add up)."""
    quarter = hour_rules.QUARTER_HOUR
    online_rows, live_rows = [], []
    for slug, value in topics.items():
        hours = Decimal(value)
        online_part = min(
            (hours * online / whole / quarter).to_integral_value("ROUND_DOWN") * quarter, online
        )
        live_part = min(hours - online_part, whole - online)
        if online_part:
            online_rows.append((slug, online_part))
        if live_part:
            live_rows.append((slug, live_part))
    return online_rows, live_rows


def _publish(page) -> None:
    page.save_revision().publish()


def _module(program: ProgramPage, spec: dict, *, prerequisites: list) -> ModulePage:
    existing = ModulePage.objects.child_of(program).filter(slug=spec["slug"]).first()
    if existing is not None:
        return existing
    domains = {domain.slug: domain for domain in CompetencyDomain.objects.filter(framework=ICRC_PR)}
    topics = {topic.slug: topic for topic in Topic.objects.all()}
    # Honest hours: the online lessons credit what they take to read and do, measured from
    # their text; the rest of the module's hours are earned in live sessions, by attendance.
    hours = Decimal(spec["hours"])
    minutes_online = online_minutes(spec)
    online = hour_rules.quarter_hours_covering(minutes_online)
    if online >= hours:
        raise StarterProgramError(f"{spec['slug']}: its online work alone fills its hours")
    live = hours - online
    module = ModulePage(
        title=spec["title"],
        slug=spec["slug"],
        summary=spec["summary"],
        learning_objectives="<ul>"
        + "".join(f"<li>{escape(text)}</li>" for text in spec["objectives"])
        + "</ul>",
        estimated_minutes=minutes_online + int(live * 60),
        contact_hours=hours,
        modality=spec["modality"],
        credit_mode=CreditMode.BLENDED,
        live_contact_hours=live,
        live_session_count=math.ceil(live / hour_rules.LIVE_SESSION_HOURS),
        content_note=spec["content_note"],
        question_bank=question_bank(spec),
        questions_per_attempt=len(spec["questions"]),
        pass_mark_percent=80,
        attempts_allowed=None,
        cooldown_minutes=10,
    )
    domain_rows = [(domains[slug], Decimal(value)) for slug, value in spec["domains"].items()]
    online_domains = dict(hour_rules.split_by_share(domain_rows, part=online, whole=hours))
    module.domain_hours = [
        ModuleDomainHours(domain=domain, hours=value) for domain, value in online_domains.items()
    ]
    module.live_domain_hours = [
        ModuleLiveDomainHours(domain=domain, hours=value - online_domains.get(domain, 0))
        for domain, value in domain_rows
        if value - online_domains.get(domain, 0) > 0
    ]
    online_topics, live_topics = _topic_parts(spec["topics"], online=online, whole=hours)
    module.topic_hours = [
        ModuleTopicHours(topic=topics[slug], hours=value) for slug, value in online_topics
    ]
    module.live_topic_hours = [
        ModuleLiveTopicHours(topic=topics[slug], hours=value) for slug, value in live_topics
    ]
    module.core_values = list(CoreValue.objects.filter(slug__in=spec["values"]))
    module.recovery_pathways = list(RecoveryPathway.objects.filter(slug__in=spec["pathways"]))
    module.prerequisites = prerequisites
    errors = module.domain_split_errors()
    if errors:
        raise StarterProgramError(f"{spec['slug']}: {errors}")
    module.full_clean(exclude=["path", "depth"])
    program.add_child(instance=module)
    _publish(module)
    for lesson_spec in spec["lessons"]:
        lesson = LessonPage(
            title=lesson_spec["title"],
            slug=lesson_spec["slug"],
            summary=lesson_spec["summary"],
            estimated_minutes=lesson_minutes(lesson_spec["body"]),
            content_note=lesson_spec.get("content_note", ""),
            body=lesson_body(lesson_spec["body"], lesson_key(spec, lesson_spec)),
        )
        module.add_child(instance=lesson)
        _publish(lesson)
    return module


@transaction.atomic
def seed_starter_program() -> ProgramPage:
    """Publish "Foundations of Peer Recovery Support" in the statewide section. Idempotent."""
    seed_current_taxonomy()
    section = statewide_section_ensure().section
    program = ProgramPage.objects.child_of(section).filter(slug=PROGRAM["slug"]).first()
    if program is None:
        program = ProgramPage(
            title=PROGRAM["title"],
            slug=PROGRAM["slug"],
            summary=PROGRAM["summary"],
            audience=PROGRAM["audience"],
        )
        program.credentials = [
            ProgramCredential(credential=code) for code in PROGRAM["credentials"]
        ]
        section.add_child(instance=program)
        _publish(program)
    # Every module after the first builds on "Recovery and its many pathways".
    first = _module(program, MODULES[0], prerequisites=[])
    for spec in MODULES[1:]:
        _module(program, spec, prerequisites=[first])
    return program
