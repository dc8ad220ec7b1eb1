"""Curriculum journeys: the demo staff member writes a module in the Wagtail admin and submits
it; the demo organisation admin approves it; it is published under /curriculum/. The public
curriculum pages pass axe and fit a phone's width."""

import re

import pytest
from playwright.sync_api import expect

from curriculum.models import ModulePage, ProgramPage
from lms.curriculum_sections import seed_demo_curriculum
from lms.demo import DEMO_PASSWORD, seed_people
from tests.curriculum.builders import ensure_site_tree
from tests.e2e.conftest import DESKTOP, assert_accessible, assert_fits_width, sign_in

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def demo(db):
    # Not serialized_rollback: it would leave later tests without permissions (Django skips
    # post_migrate after such a test); rebuild what an earlier test's flush removed instead.
    ensure_site_tree()
    organization, _accounts = seed_people()
    starter = seed_demo_curriculum(organization=organization)
    own_program = ProgramPage.objects.get(slug="continuing-education")
    return {"starter": starter, "own_program": own_program}


def _open_more_actions(page):
    page.locator("footer [data-w-dropdown-target='toggle']").first.click()


def test_staff_writes_a_module_a_reviewer_approves_it_and_it_is_published(
    page, chromium, live_server, demo
):
    program = demo["own_program"]
    sign_in(page, live_server, "staff@demo.peerpath.test", DEMO_PASSWORD)
    page.goto(f"{live_server.url}/admin/pages/add/curriculum/modulepage/{program.pk}/")
    page.locator("#id_title").fill("Ethics update: social media")
    page.locator("#id_summary").fill("Keeping boundaries online with the people you support.")
    objectives = page.locator("[data-field-wrapper] .Draftail-Editor [contenteditable='true']")
    objectives.first.click()
    page.keyboard.type("Set a social media boundary and explain it kindly.")
    page.locator("#id_estimated_minutes").fill("120")

    page.get_by_role("tab", name=re.compile(r"^Hours")).click()
    page.locator("#id_contact_hours").fill("2")
    page.locator("#id_domain_hours-ADD").click()
    page.locator("#id_domain_hours-0-domain").select_option(
        label="Ethical Responsibility (IC&RC Peer Recovery / Illinois CPRS)"
    )
    # Any 400 from the add URL is Wagtail's autosave asking for JSON while the form is still
    # invalid (its indicator shows the reason), never the save a person clicked.
    refused = []
    page.on(
        "response",
        lambda response: (
            refused.append(response)
            if response.status == 400 and "/admin/pages/add/" in response.url
            else None
        ),
    )
    # First a split that does not add up: the editor explains, nothing is saved.
    page.locator("#id_domain_hours-0-hours").fill("1.5")
    _open_more_actions(page)
    page.get_by_role("button", name=re.compile("Submit to")).click()
    page.wait_for_load_state()
    expect(page.get_by_text(re.compile("domain hours add up to 1.5 h")).first).to_be_visible()
    assert not ModulePage.objects.filter(slug="ethics-update-social-media").exists()

    page.get_by_role("tab", name=re.compile(r"^Hours")).click()
    page.locator("#id_domain_hours-0-hours").fill("2")
    _open_more_actions(page)
    page.get_by_role("button", name=re.compile("Submit to")).click()
    page.wait_for_load_state()
    module = ModulePage.objects.get(slug="ethics-update-social-media")
    assert module.current_workflow_state is not None
    for response in refused:
        assert "application/json" in response.request.headers.get("accept", "")
    assert not module.live

    reviewer_context = chromium.new_context(viewport=DESKTOP, locale="en-US")
    try:
        reviewer = reviewer_context.new_page()
        sign_in(reviewer, live_server, "orgadmin@demo.peerpath.test", DEMO_PASSWORD)
        reviewer.goto(f"{live_server.url}/admin/pages/{module.pk}/edit/")
        _open_more_actions(reviewer)
        with reviewer.expect_navigation():
            reviewer.get_by_role("button", name="Approve and Publish", exact=True).click()
        assert reviewer.url.endswith(f"/admin/pages/{program.pk}/")  # back in the explorer
    finally:
        reviewer_context.close()

    module.refresh_from_db()
    assert module.live
    page.goto(live_server.url + "/curriculum/riverbend-recovery/continuing-education/")
    page.get_by_role("link", name="Ethics update: social media").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Ethics update: social media"
    assert_accessible(page, context="a module published through review")


def test_curriculum_pages_are_accessible_and_fit_a_phone(phone_page, live_server, demo):
    page = phone_page
    starter = demo["starter"]
    page.goto(live_server.url + "/curriculum/")
    expect(page.get_by_role("link", name="Foundations of Peer Recovery Support")).to_be_visible()
    assert_accessible(page, context="curriculum index")
    assert_fits_width(page)

    page.get_by_label("Search words").fill("trauma")
    page.get_by_label("Core value").select_option(label="Trauma-informed")
    page.get_by_role("button", name="Search").click()
    expect(page.get_by_role("link", name="Trauma-informed peer support")).to_be_visible()
    assert_accessible(page, context="curriculum search results")
    assert_fits_width(page)

    page.goto(live_server.url + starter.url)
    assert_accessible(page, context="program page")
    assert_fits_width(page)
    page.get_by_role("link", name="Trauma-informed peer support").click()
    expect(page.get_by_role("heading", name="Content note")).to_be_visible()
    assert_accessible(page, context="module page with a content note")
    assert_fits_width(page)
    page.get_by_role("link", name="The six principles in peer practice").click()
    page.get_by_text("Show the answer").click()
    assert_accessible(page, context="lesson page with a knowledge check")
    assert_fits_width(page)


def test_the_module_editors_tabs_fit_a_phone(phone_page, live_server, demo):
    """Issue 25, item 8: our five tab labels made Wagtail's tab bar 449 px wide at a 390 px
    phone's width, so the last tabs sat off screen. The hours tab is now called "Hours"."""
    page = phone_page
    page.set_viewport_size({"width": 390, "height": 844})
    sign_in(page, live_server, "staff@demo.peerpath.test", DEMO_PASSWORD)
    program = demo["own_program"]
    page.goto(f"{live_server.url}/admin/pages/add/curriculum/modulepage/{program.pk}/")
    tabs = page.get_by_role("tab")
    names = [tabs.nth(index).inner_text().strip() for index in range(tabs.count())]
    assert names[:4] == ["Content", "Hours", "Assessment", "Promote"], names
    rightmost = page.evaluate(
        "Math.max(...[...document.querySelectorAll('[role=tab]')]"
        ".map(tab => tab.getBoundingClientRect().right))"
    )
    assert rightmost <= 390, f"the last tab ends at {rightmost} px"
    last = tabs.nth(tabs.count() - 1)
    last.click()
    assert last.get_attribute("aria-selected") == "true"
