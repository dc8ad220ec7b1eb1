"""A trainee with no email signs in with a staff-issued code and reaches only their learning."""

import pytest
from playwright.sync_api import expect

from lms.accounts.models import Role
from lms.accounts.services import membership_grant, trainee_create_without_email
from tests.e2e.conftest import assert_accessible, sign_in
from tests.factories import TEST_PASSWORD, OrganizationFactory, person_with_role

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_code_sign_in_reaches_learning_only_until_a_password_is_set(
    page, live_server, organization
):
    staff = person_with_role(Role.STAFF, organization, email="staff@example.org")
    trainee = trainee_create_without_email(
        organization=organization, display_name="Dee Walker", created_by=staff
    )

    # Staff issue the code from the trainee's page.
    sign_in(page, live_server, "staff@example.org", TEST_PASSWORD)
    page.goto(f"{live_server.url}/staff/people/{trainee.pk}/")
    page.get_by_role("button", name="Issue a sign-in code").click()
    code = page.locator(".code-display").inner_text()
    assert_accessible(page, context="staff page with a new code")
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_load_state()

    # The trainee signs in with it and lands on their learning.
    page.goto(f"{live_server.url}/sign-in/code/")
    page.get_by_label("Sign-in code").fill(code.lower())
    page.get_by_role("button", name="Sign in").click()
    assert page.url == f"{live_server.url}/learn/"

    # A role the account gains meanwhile does not count in this session.
    membership_grant(
        user=trainee, organization=OrganizationFactory(slug="hillside"), role=Role.SUPERVISOR
    )
    page.goto(f"{live_server.url}/supervise/")
    assert page.url == f"{live_server.url}/accounts/password/set/"
    expect(page.get_by_text("You signed in with a one-time code")).to_be_visible()
    assert_accessible(page, context="set a password after a code sign-in")

    # Setting a password lifts the limit.
    page.get_by_label("Password", exact=True).fill("a-long-pass-phrase-9")
    page.get_by_label("Password (again)").fill("a-long-pass-phrase-9")
    page.get_by_role("button", name="Set Password").click()
    page.goto(f"{live_server.url}/supervise/")
    assert page.url == f"{live_server.url}/supervise/"


def test_too_many_wrong_codes_answer_a_clear_accessible_page(page, live_server, settings):
    settings.PEERPATH_GUESS_LIMITS = {
        **settings.PEERPATH_GUESS_LIMITS,
        "sign_in_code": {"client": (2, 900), "target": (100, 900)},
    }
    page.goto(f"{live_server.url}/sign-in/code/")
    for _attempt in range(3):
        page.get_by_label("Sign-in code").fill("ZZZZZZZZZZ")
        page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_text("Too many sign-in codes that did not work")).to_be_visible()
    assert page.get_by_label("Sign-in code").input_value() == "ZZZZZZZZZZ"
    assert_accessible(page, context="sign-in code page, throttled")
