"""Page tree rules, the contact-hour split, and the editor's validation messages."""

from decimal import Decimal

from django.urls import reverse

import pytest

from cms.models import HomePage, StandardPage
from curriculum.hours import domain_split_errors, topic_split_errors, validate_quarter_hours
from curriculum.models import (
    CurriculumIndexPage,
    CurriculumSectionPage,
    LessonPage,
    ModulePage,
    ProgramPage,
)
from tests.curriculum.admin_forms import module_form_data


@pytest.mark.parametrize(
    ("parent", "child"),
    [
        (HomePage, CurriculumIndexPage),
        (CurriculumIndexPage, CurriculumSectionPage),
        (CurriculumSectionPage, ProgramPage),
        (ProgramPage, ModulePage),
        (ModulePage, LessonPage),
    ],
)
def test_curriculum_pages_nest_index_section_program_module_lesson(parent, child):
    assert child in parent.allowed_subpage_models()
    assert parent in child.allowed_parent_page_models()


@pytest.mark.parametrize(
    ("parent", "child"),
    [
        (HomePage, ModulePage),
        (CurriculumIndexPage, ProgramPage),
        (ProgramPage, LessonPage),
        (ModulePage, ModulePage),
        (LessonPage, LessonPage),
        (StandardPage, ProgramPage),
        (ModulePage, StandardPage),
    ],
)
def test_curriculum_pages_refuse_other_parents(parent, child):
    assert child not in parent.allowed_subpage_models()


def test_curriculum_index_lives_at_slash_curriculum(statewide):
    index = CurriculumIndexPage.objects.get()
    assert index.url == "/curriculum/"
    assert statewide.section.url == "/curriculum/statewide/"


def test_only_one_curriculum_index_can_exist(statewide):
    home = HomePage.objects.get()
    assert not CurriculumIndexPage.can_create_at(home)


# ------------------------------------------------------------------------------
# The hour rules
# ------------------------------------------------------------------------------
def test_domain_split_adding_up_to_the_contact_hours_is_accepted(ethics_domain, advocacy_domain):
    rows = [(ethics_domain, Decimal("2.25")), (advocacy_domain, Decimal("0.75"))]
    assert domain_split_errors(contact_hours=Decimal("3"), domain_rows=rows) == []


def test_domain_split_that_does_not_add_up_says_by_how_much(ethics_domain, advocacy_domain):
    rows = [(ethics_domain, Decimal("2")), (advocacy_domain, Decimal("0.5"))]
    errors = domain_split_errors(contact_hours=Decimal("3"), domain_rows=rows)
    assert errors == [
        "The IC&RC Peer Recovery / Illinois CPRS domain hours add up to 2.5 h, "
        "but the module credits 3 contact hours. "
        "Change the domain hours or the contact hours so they match."
    ]


def test_module_with_hours_but_no_domains_is_refused(db):
    errors = domain_split_errors(contact_hours=Decimal("1.5"), domain_rows=[])
    assert "at least one competency domain" in errors[0]


def test_each_framework_is_checked_on_its_own(ethics_domain):
    from curriculum.models import CompetencyDomain

    crss = CompetencyDomain.objects.get(framework="il_crss", slug="professional-responsibility")
    rows = [(ethics_domain, Decimal("3")), (crss, Decimal("1"))]
    errors = domain_split_errors(contact_hours=Decimal("3"), domain_rows=rows)
    assert len(errors) == 1
    assert "Illinois CRSS" in errors[0]


def test_a_domain_listed_twice_is_refused(ethics_domain):
    rows = [(ethics_domain, Decimal("1")), (ethics_domain, Decimal("1"))]
    errors = domain_split_errors(contact_hours=Decimal("2"), domain_rows=rows)
    assert any("listed twice" in error for error in errors)


def test_a_topic_cannot_claim_more_than_the_contact_hours(ethics_topic):
    errors = topic_split_errors(
        contact_hours=Decimal("2"), topic_rows=[(ethics_topic, Decimal("2.5"))]
    )
    assert errors == ["Ethics claims 2.5 h, more than the module's 2 contact hours."]


@pytest.mark.parametrize("value", ["0", "-1", "1.1", "2.3"])
def test_hours_must_be_positive_quarter_hours(value):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        validate_quarter_hours(Decimal(value))


# ------------------------------------------------------------------------------
# The editor: the same rules, as messages in the Wagtail admin
# ------------------------------------------------------------------------------
def _add_module_url(program):
    return reverse("wagtailadmin_pages:add", args=["curriculum", "modulepage", program.pk])


def test_editor_refuses_a_module_whose_domain_split_does_not_add_up(
    client, staff, own_program, ethics_domain, advocacy_domain
):
    client.force_login(staff)
    data = module_form_data(
        title="Peer ethics refresher",
        contact_hours="3",
        domains=[(ethics_domain, "2"), (advocacy_domain, "0.5")],
    )
    response = client.post(_add_module_url(own_program), data)
    assert response.status_code == 200
    assert not ModulePage.objects.filter(slug="peer-ethics-refresher").exists()
    errors = response.context["form"].errors["contact_hours"]
    assert errors == [
        "The IC&RC Peer Recovery / Illinois CPRS domain hours add up to 2.5 h, "
        "but the module credits 3 contact hours. "
        "Change the domain hours or the contact hours so they match."
    ]
    assert "add up to 2.5 h" in response.content.decode()


def test_the_editors_autosave_of_a_refused_module_is_the_silent_400_in_the_log(
    client, staff, own_program, ethics_domain, advocacy_domain
):
    """After a refused save the editor page has unsaved changes, so Wagtail's autosave posts
    the same form to the same URL asking for JSON; while it is still invalid Wagtail answers
    400 with a JSON reason for its autosave indicator, and nothing else shows on screen."""
    client.force_login(staff)
    data = module_form_data(
        title="Peer ethics refresher",
        contact_hours="3",
        domains=[(ethics_domain, "2"), (advocacy_domain, "0.5")],
    )
    response = client.post(_add_module_url(own_program), data, HTTP_ACCEPT="application/json")
    assert response.status_code == 400
    assert response.json()["error_code"] == "validation_error"
    assert not ModulePage.objects.filter(slug="peer-ethics-refresher").exists()


def test_editor_saves_a_module_whose_split_adds_up(
    client, staff, own_program, ethics_domain, ethics_topic
):
    client.force_login(staff)
    data = module_form_data(
        title="Peer ethics refresher",
        contact_hours="3",
        domains=[(ethics_domain, "3")],
        topics=[(ethics_topic, "3")],
    )
    response = client.post(_add_module_url(own_program), data)
    assert response.status_code == 302, response.context["form"].errors
    module = ModulePage.objects.get(slug="peer-ethics-refresher")
    assert module.contact_hours == Decimal("3.00")
    assert [(row.domain, row.hours) for row in module.domain_hours.all()] == [
        (ethics_domain, Decimal("3.00"))
    ]
    assert not module.live  # staff draft; publishing goes through review


def test_editor_refuses_non_quarter_hours(client, staff, own_program, ethics_domain):
    client.force_login(staff)
    data = module_form_data(
        title="Odd hours", contact_hours="1.1", domains=[(ethics_domain, "1.1")]
    )
    response = client.post(_add_module_url(own_program), data)
    assert response.status_code == 200
    assert "Use quarter hours" in str(response.context["form"].errors["contact_hours"])


def test_editor_saves_a_blended_module_with_its_own_live_split(
    client, staff, own_program, ethics_domain, advocacy_domain
):
    client.force_login(staff)
    data = module_form_data(
        title="Boundaries in groups",
        contact_hours="6",
        domains=[(ethics_domain, "2")],
        live_domains=[(ethics_domain, "3"), (advocacy_domain, "1")],
        credit_mode="blended",
        live_contact_hours="4",
        live_session_count="2",
    )
    response = client.post(_add_module_url(own_program), data)
    assert response.status_code == 302, response.context["form"].errors
    module = ModulePage.objects.get(slug="boundaries-in-groups")
    assert (module.online_contact_hours, module.live_contact_hours) == (Decimal("2"), Decimal("4"))
    assert sorted(row.hours for row in module.live_domain_hours.all()) == [
        Decimal("1.00"),
        Decimal("3.00"),
    ]


def test_editor_refuses_a_live_split_that_does_not_add_up_to_the_live_hours(
    client, staff, own_program, ethics_domain
):
    client.force_login(staff)
    data = module_form_data(
        title="Boundaries in groups",
        contact_hours="6",
        domains=[(ethics_domain, "2")],
        live_domains=[(ethics_domain, "3")],
        credit_mode="blended",
        live_contact_hours="4",
    )
    response = client.post(_add_module_url(own_program), data)
    assert response.status_code == 200
    assert response.context["form"].errors["live_contact_hours"] == [
        "Live sessions: The IC&RC Peer Recovery / Illinois CPRS domain hours add up to 3 h, "
        "but the module credits 4 contact hours. Change the domain hours or the contact hours "
        "so they match."
    ]
    assert not ModulePage.objects.filter(slug="boundaries-in-groups").exists()


def test_editor_refuses_live_hours_that_do_not_fit_the_way_hours_are_earned(
    client, staff, own_program, ethics_domain
):
    client.force_login(staff)
    data = module_form_data(
        title="All live",
        contact_hours="3",
        live_domains=[(ethics_domain, "2")],
        credit_mode="live",
        live_contact_hours="2",
    )
    response = client.post(_add_module_url(own_program), data)
    assert response.status_code == 200
    assert "must be 3 too" in response.context["form"].errors["live_contact_hours"][0]


def test_questions_drawn_per_attempt_cannot_exceed_the_bank(own_program, ethics_domain):
    from django.core.exceptions import ValidationError

    module = ModulePage.objects.child_of(own_program).first() or ModulePage(
        title="x",
        slug="x",
        summary="x",
        learning_objectives="<p>x</p>",
        estimated_minutes=10,
        contact_hours=Decimal("1"),
    )
    module.questions_per_attempt = 3
    module.question_bank = []
    with pytest.raises(ValidationError) as error:
        module.clean()
    assert "questions_per_attempt" in error.value.message_dict
