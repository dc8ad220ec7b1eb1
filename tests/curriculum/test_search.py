"""Public curriculum search: Wagtail search over titles, objectives and lesson text, filtered
by core value, recovery pathway, competency domain and modality (django-filter)."""

from decimal import Decimal

import pytest

from curriculum.models import CoreValue, RecoveryPathway
from tests.curriculum.builders import build_lesson, build_module, build_program


@pytest.fixture
def catalogue(own_section, ethics_domain, advocacy_domain):
    program = build_program(own_section.section, title="Riverside foundations")
    trauma_informed = CoreValue.objects.get(slug="trauma-informed")
    hope = CoreValue.objects.get(slug="hope")
    harm_reduction = RecoveryPathway.objects.get(slug="harm-reduction")
    safety = build_module(
        program,
        title="Safety first",
        summary="Creating safety after trauma.",
        domains=[(ethics_domain, Decimal("2"))],
        values=[trauma_informed],
        pathways=[harm_reduction],
        modality="in_person",
    )
    build_lesson(safety, title="Grounding together", text="Grounding helps after a flashback")
    speaking = build_module(
        program,
        title="Speaking up",
        summary="Advocacy with people, not for them.",
        domains=[(advocacy_domain, Decimal("2"))],
        values=[hope],
    )
    build_lesson(speaking, title="Benefits offices", text="Going along to a trauma clinic visit")
    draft = build_module(
        program,
        title="Trauma draft",
        summary="Not published yet: about trauma.",
        domains=[(ethics_domain, Decimal("2"))],
        values=[trauma_informed],
        publish=False,
    )
    return {"safety": safety, "speaking": speaking, "draft": draft}


def _titles(response):
    return [result.module.title for result in response.context["search"].results]


def test_search_finds_modules_by_their_text_and_lessons_by_theirs(client, catalogue):
    response = client.get("/curriculum/", {"q": "trauma"})
    assert response.status_code == 200
    assert _titles(response) == ["Safety first", "Speaking up"]
    speaking = response.context["search"].results[1]
    assert [lesson.title for lesson in speaking.matching_lessons] == ["Benefits offices"]


def test_search_never_shows_unpublished_modules(client, catalogue):
    response = client.get("/curriculum/", {"q": "draft"})
    assert _titles(response) == []
    assert "No modules match that search yet" in response.content.decode()


def test_filter_by_core_value(client, catalogue):
    response = client.get("/curriculum/", {"core_value": "hope"})
    assert _titles(response) == ["Speaking up"]


def test_filter_by_pathway_and_modality(client, catalogue):
    assert _titles(client.get("/curriculum/", {"pathway": "harm-reduction"})) == ["Safety first"]
    assert _titles(client.get("/curriculum/", {"modality": "in_person"})) == ["Safety first"]
    assert _titles(client.get("/curriculum/", {"modality": "live_online"})) == []


def test_filter_by_domain_combined_with_words(client, catalogue, advocacy_domain):
    response = client.get("/curriculum/", {"q": "trauma", "domain": advocacy_domain.pk})
    assert _titles(response) == ["Speaking up"]


@pytest.mark.parametrize(
    "params",
    [
        {"core_value": "no-such-value"},
        {"domain": "abc"},
        {"domain": "999999"},
        {"modality": "<script>"},
        {"q": "x" * 500},
        {"q": "'); DROP TABLE wagtailcore_page; --"},
        {"q": "&&& |||"},
        {"q": "trauma\x00"},
        {"core_value": "hope\x00"},
    ],
)
def test_bad_search_input_answers_kindly_never_500(client, catalogue, params):
    response = client.get("/curriculum/", params)
    assert response.status_code == 200


def test_invalid_filter_is_explained_next_to_the_field(client, catalogue):
    response = client.get("/curriculum/", {"core_value": "no-such-value"})
    assert response.context["search"].form.errors["core_value"]
    assert 'role="alert"' in response.content.decode()


def test_index_without_a_search_lists_the_programs(client, catalogue):
    response = client.get("/curriculum/")
    assert [program.title for program in response.context["programs"]] == ["Riverside foundations"]
