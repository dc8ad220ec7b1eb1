"""Learning fixtures: a small published program of two modules, the second building on the first."""

from decimal import Decimal

import pytest

from curriculum.editorial import statewide_section_ensure
from curriculum.models import CompetencyDomain, Topic
from curriculum.taxonomy import ICRC_PR
from tests.lms.builders import build_module, build_program, multiple_select, single_choice


@pytest.fixture
def section(db):
    return statewide_section_ensure().section


@pytest.fixture
def ethics_domain(db):
    return CompetencyDomain.objects.get(framework=ICRC_PR, slug="ethical-responsibility")


@pytest.fixture
def advocacy_domain(db):
    return CompetencyDomain.objects.get(framework=ICRC_PR, slug="advocacy")


@pytest.fixture
def ethics_topic(db):
    return Topic.objects.get(slug="ethics")


@pytest.fixture
def program(section):
    return build_program(section, title="Peer basics")


@pytest.fixture
def module(program, ethics_domain, advocacy_domain, ethics_topic):
    """Two lessons, an assessment of two questions (pass at 100%), 10 minutes between attempts."""
    return build_module(
        program,
        title="Ethics first",
        hours=Decimal("3"),
        domains=[(ethics_domain, Decimal("2")), (advocacy_domain, Decimal("1"))],
        topics=[(ethics_topic, Decimal("2"))],
        questions=[single_choice("Who leads recovery?"), multiple_select("Which are values?")],
        pass_mark_percent=100,
        cooldown_minutes=10,
        attempts_allowed=3,
        shuffle_questions=False,
        shuffle_options=False,
    )


@pytest.fixture
def later_module(program, module, advocacy_domain):
    """Builds on ``module``; no assessment; a content note."""
    return build_module(
        program,
        title="Advocacy next",
        hours=Decimal("1"),
        domains=[(advocacy_domain, Decimal("1"))],
        prerequisites=[module],
        content_note="This module mentions overdose.",
        lessons=1,
    )


@pytest.fixture
def lessons(module):
    from curriculum.models import LessonPage

    return list(LessonPage.objects.child_of(module).live().order_by("path"))
