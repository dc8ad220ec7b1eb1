"""First journey: each demo role signs in, lands on its own home, and the pages are accessible."""

import pytest
from playwright.sync_api import expect

from lms.demo import DEMO_PASSWORD, seed_people
from tests.e2e.conftest import assert_accessible, assert_fits_width, sign_in

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def demo_people(db):
    seed_people()


@pytest.mark.parametrize(
    ("email", "home", "heading"),
    [
        ("trainee@demo.peerpath.test", "/learn/", "Welcome, Jordan Rivera"),
        ("supervisor@demo.peerpath.test", "/supervise/", "Supervision"),
        ("staff@demo.peerpath.test", "/staff/", "Your organisation"),
        ("orgadmin@demo.peerpath.test", "/staff/", "Your organisation"),
    ],
)
def test_each_demo_role_signs_in_and_lands_on_its_home(
    phone_page, live_server, demo_people, email, home, heading
):
    page = phone_page
    page.goto(live_server.url + "/")
    assert_accessible(page, context="home page")
    sign_in(page, live_server, email, DEMO_PASSWORD)
    assert page.url == live_server.url + home
    assert page.get_by_role("heading", level=1).inner_text() == heading
    assert_accessible(page)
    assert_fits_width(page)


def test_sign_in_page_is_accessible_and_keeps_the_email_after_a_wrong_password(
    page, live_server, demo_people
):
    page.goto(live_server.url + "/accounts/login/")
    assert_accessible(page, context="sign-in page")
    page.get_by_label("Email").fill("trainee@demo.peerpath.test")
    page.get_by_label("Password").fill("not-the-password")
    page.get_by_role("button", name="Sign In").click()
    expect(page.get_by_role("alert")).to_be_visible()
    assert page.get_by_label("Email").input_value() == "trainee@demo.peerpath.test"
    assert_accessible(page, context="sign-in page with an error")
