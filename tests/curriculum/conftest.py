"""Curriculum fixtures: sections per organisation, a small program, and the starter program."""

from decimal import Decimal

from django.db import transaction

import pytest

from curriculum.editorial import statewide_section_ensure
from curriculum.models import CompetencyDomain, CoreValue, Topic
from curriculum.starter import seed_starter_program
from curriculum.taxonomy import ICRC_PR
from lms.curriculum_sections import organization_curriculum_ensure
from tests.curriculum.builders import build_lesson, build_module, build_program


@pytest.fixture
def statewide(db):
    return statewide_section_ensure()


@pytest.fixture
def own_section(organization, statewide):
    return organization_curriculum_ensure(organization=organization)


@pytest.fixture
def other_section(other_organization, statewide):
    return organization_curriculum_ensure(organization=other_organization)


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
def own_program(own_section):
    return build_program(own_section.section, title="Riverside peer basics")


@pytest.fixture
def own_module(own_program, ethics_domain, ethics_topic):
    module = build_module(
        own_program,
        title="Boundaries at the drop-in centre",
        hours=Decimal("3"),
        domains=[(ethics_domain, Decimal("3"))],
        topics=[(ethics_topic, Decimal("3"))],
        values=list(CoreValue.objects.filter(slug="relationship-focused")),
    )
    build_lesson(module, title="Gifts and favours")
    build_lesson(module, title="Running into people you support")
    return module


@pytest.fixture
def starter_program(db):
    return seed_starter_program()


@pytest.fixture(scope="module")
def shared_starter_program(django_db_setup, django_db_blocker):
    """The starter program seeded once for a whole test module, rolled back after it.

    Seeding publishes about 40 pages; tests that only read them share one copy. Each test
    still runs in its own savepoint inside this transaction (request `db` as usual).
    """
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            yield seed_starter_program()
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)
