"""Small curriculum trees for learning tests, published the way an editor would."""

import json
import uuid
from decimal import Decimal

from django.utils.text import slugify

from curriculum.models import (
    LessonPage,
    ModuleDomainHours,
    ModuleLiveDomainHours,
    ModuleLiveTopicHours,
    ModulePage,
    ModuleTopicHours,
    ProgramPage,
)


def publish(page):
    page.save_revision().publish()
    return page


def build_program(section, *, title: str) -> ProgramPage:
    program = ProgramPage(
        title=title,
        slug=slugify(title),
        summary=f"{title}: a short program for tests.",
        audience="<p>People starting out in peer work.</p>",
    )
    section.add_child(instance=program)
    return publish(program)


def option(text: str, is_correct: bool, feedback: str = "") -> dict:
    """One answer option, with the item id Wagtail's ListBlock format needs."""
    return {
        "type": "item",
        "id": str(uuid.uuid4()),
        "value": {"text": text, "is_correct": is_correct, "feedback": feedback},
    }


def single_choice(prompt: str, right: str = "The person", wrong: str = "The peer") -> dict:
    return {
        "type": "single_choice",
        "value": {
            "prompt": prompt,
            "options": [
                option(right, True, "Yes: they lead."),
                option(wrong, False, "Think again."),
            ],
            "explanation": f"Explanation of {prompt}",
        },
    }


def multiple_select(prompt: str) -> dict:
    return {
        "type": "multiple_select",
        "value": {
            "prompt": prompt,
            "options": [
                option("Hope", True, ""),
                option("Choice", True, ""),
                option("Shame", False, ""),
            ],
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
    questions: list[dict] | None = None,
    prerequisites=(),
    content_note: str = "",
    lessons: int = 2,
    live_domains=(),
    live_topics=(),
    **settings,
) -> ModulePage:
    module = ModulePage(
        title=title,
        slug=slugify(title),
        summary=f"About {title.lower()}.",
        learning_objectives="<ul><li>Describe the topic in your own words.</li></ul>",
        estimated_minutes=int(hours * 60),
        contact_hours=hours,
        content_note=content_note,
        question_bank=json.dumps(questions or []),
        **settings,
    )
    module.domain_hours = [ModuleDomainHours(domain=d, hours=h) for d, h in domains]
    module.topic_hours = [ModuleTopicHours(topic=t, hours=h) for t, h in topics]
    module.live_domain_hours = [ModuleLiveDomainHours(domain=d, hours=h) for d, h in live_domains]
    module.live_topic_hours = [ModuleLiveTopicHours(topic=t, hours=h) for t, h in live_topics]
    module.prerequisites = list(prerequisites)
    program.add_child(instance=module)
    publish(module)
    for number in range(1, lessons + 1):
        build_lesson(module, title=f"{title} lesson {number}")
    return module


def build_lesson(module, *, title: str) -> LessonPage:
    lesson = LessonPage(
        title=title,
        slug=slugify(title),
        summary=f"{title}.",
        estimated_minutes=20,
        body=json.dumps(
            [
                {"type": "text", "value": f"<p>{title} is part of everyday peer work.</p>"},
                {"type": "reflection", "value": {"prompt": "What would you do?"}},
            ]
        ),
    )
    module.add_child(instance=lesson)
    return publish(lesson)


def attend_every_live_part(trainee, module, organization, *, delivery="in_person"):
    """The trainee attends one past session of each live part of ``module`` in full, and the
    facilitator signs each roster: what a trainee does in the room, done through the services
    (with its own staff member and facilitator in ``organization``)."""
    import datetime

    from django.utils import timezone

    from lms.accounts.models import Role
    from lms.live_training import rosters
    from lms.live_training import services as live
    from tests.factories import person_with_role

    staff = person_with_role(Role.STAFF, organization)
    facilitator = person_with_role(Role.FACILITATOR, organization, display_name="Pat Facilitator")
    minutes = int(module.live_contact_hours * 60 / module.live_session_count)
    for part in range(1, module.live_session_count + 1):
        starts_at = (timezone.now() - datetime.timedelta(days=8 - part)).replace(
            second=0, microsecond=0
        )
        session = live.live_session_schedule(
            actor=staff,
            organization=organization,
            module=module,
            starts_at=starts_at,
            ends_at=starts_at + datetime.timedelta(minutes=minutes),
            capacity=20,
            delivery=delivery,
            place="Group room",
            facilitators=[facilitator],
            part=part,
        )
        rosters.attendance_mark(
            actor=facilitator, session=session, trainee=trainee, status="present", walk_in=True
        )
        rosters.roster_sign(
            actor=facilitator,
            session=session,
            signature=facilitator.display_name,
            attested=True,
            now=session.ends_at,
        )
