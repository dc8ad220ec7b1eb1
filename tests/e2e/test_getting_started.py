"""A newcomer finds PeerPath on their own, on a phone: sign up, confirm the email, ask to join
the demo organisation, get accepted by staff, enrol and open the first lesson (issue 24)."""

import re

from django.core import mail

import pytest
from playwright.sync_api import expect

from curriculum.starter import seed_starter_program
from lms.accounts.models import Membership, Role
from tests.e2e.conftest import assert_accessible, assert_fits_width, sign_in
from tests.factories import TEST_PASSWORD, OrganizationFactory, person_with_role

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "a-long-pass-phrase for riley"


def test_a_newcomer_signs_up_joins_an_organisation_and_opens_the_first_lesson(
    phone_page, page, live_server, settings
):
    settings.PEERPATH_BASE_URL = live_server.url  # the address the printed email links to
    seed_starter_program()
    organization = OrganizationFactory(name="Riverbend Recovery Community", slug="riverbend")
    staff = person_with_role(Role.STAFF, organization, display_name="Alex Chen")

    newcomer = phone_page
    newcomer.goto(live_server.url + "/")
    newcomer.get_by_role("link", name="Get started").first.click()
    newcomer.locator('input[name="email"]').fill("riley@example.org")
    newcomer.locator('input[name="display_name"]').fill("Riley Newcomer")
    newcomer.locator('input[name="password1"]').fill(PASSWORD)
    newcomer.locator('input[name="password2"]').fill(PASSWORD)
    newcomer.locator('form button[type="submit"]').last.click()
    newcomer.wait_for_load_state()

    (message,) = [m for m in mail.outbox if m.to == ["riley@example.org"]]
    assert "example.com" not in message.subject + message.body
    link = re.search(r"https?://\S+/accounts/confirm-email/\S+", message.body).group(0)
    assert link.startswith(live_server.url)
    newcomer.goto(link)
    newcomer.get_by_role("button", name="Confirm").click()
    newcomer.wait_for_url(live_server.url + "/get-started/")
    assert_accessible(newcomer, context="getting started")
    assert_fits_width(newcomer)

    newcomer.get_by_label("The organisation you train with").select_option(
        label="Riverbend Recovery Community"
    )
    newcomer.get_by_role("button", name="Ask to join").click()
    expect(newcomer.get_by_text("Your request went to the staff")).to_be_visible()

    sign_in(page, live_server, staff.email, TEST_PASSWORD)
    page.goto(live_server.url + "/staff/")
    page.get_by_role("button", name="Accept Riley Newcomer").click()
    expect(page.get_by_text("Riley Newcomer is now a trainee")).to_be_visible()
    assert Membership.objects.filter(
        user__email="riley@example.org", organization=organization, role=Role.TRAINEE
    ).exists()

    newcomer.goto(live_server.url + "/get-started/")
    newcomer.wait_for_url(live_server.url + "/learn/")
    newcomer.get_by_role("link", name="Foundations of Peer Recovery Support").click()
    newcomer.get_by_role("button", name="Enrol in this program").click()
    newcomer.get_by_role("link", name="Recovery and its many pathways").click()
    newcomer.get_by_role("link", name="Start the first lesson").click()
    newcomer.wait_for_load_state()
    assert "/learn/lessons/" in newcomer.url
    assert_fits_width(newcomer)
