"""Staff find their trainees' progress from /staff/, filter the roster on a phone, and every
state of the page is accessible and fits 360 px."""

from decimal import Decimal

import pytest
from playwright.sync_api import expect

from lms.accounts.models import Role
from lms.learning.models import ModuleCompletion
from tests.e2e.conftest import assert_accessible, assert_fits_width, sign_in
from tests.factories import TEST_PASSWORD, person_with_role

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def staff_with_trainees(organization):
    staff = person_with_role(Role.STAFF, organization, display_name="Alex Staff")
    for name, hours in (("Jamie Trainee", "12.5"), ("Casey Trainee", "3")):
        trainee = person_with_role(Role.TRAINEE, organization, display_name=name)
        ModuleCompletion.objects.create(
            user=trainee,
            module_title="Ethics in peer work",
            contact_hours=Decimal(hours),
            modality="in_person",
        )
    return staff


def test_staff_filter_the_roster_on_a_phone(phone_page, live_server, staff_with_trainees):
    page = phone_page
    sign_in(page, live_server, staff_with_trainees.email, TEST_PASSWORD)
    page.get_by_role("link", name="See your trainees' progress").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Trainees"
    expect(page.get_by_role("link", name="Jamie Trainee")).to_be_visible()
    assert_accessible(page, context="roster")
    assert_fits_width(page)

    page.get_by_text("Filter and order trainees").click()
    page.get_by_label("Name or email").fill("Casey")
    page.get_by_label("Order by").select_option("-training_hours")
    page.get_by_role("button", name="Show").click()
    # Waits for the filtered page to render (a bare is_visible() raced the navigation).
    expect(page.get_by_role("link", name="Casey Trainee")).to_be_visible()
    assert page.get_by_role("link", name="Jamie Trainee").count() == 0
    assert page.get_by_label("Name or email").input_value() == "Casey"
    assert_accessible(page, context="filtered roster")
    assert_fits_width(page)

    page.get_by_label("No activity in the last … days").fill("-3")
    page.get_by_role("button", name="Show").click()
    expect(page.get_by_role("alert")).to_be_visible()
    assert page.get_by_label("Name or email").input_value() == "Casey"
    assert_accessible(page, context="roster with a filter error")
    assert_fits_width(page)
