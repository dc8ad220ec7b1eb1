"""Two-factor sign-in: required for supervisors when the setting is on, with generated codes."""

import time

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from playwright.sync_api import expect

from lms.accounts.models import Role
from tests.e2e.conftest import assert_accessible, sign_in
from tests.factories import TEST_PASSWORD, person_with_role

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def current_code(secret: str) -> str:
    """The authenticator app's code now, never one about to roll over (the server allows no
    drift), so a slow page cannot turn a right code into a wrong one."""
    if 30 - time.time() % 30 < 8:
        time.sleep(30 - time.time() % 30 + 0.5)
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


def sign_out(page):
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_load_state()


def test_supervisor_sets_up_two_factor_then_signs_in_with_a_code_and_a_recovery_code(
    page, live_server, settings, organization
):
    settings.PEERPATH_REQUIRE_MFA_FOR_PRIVILEGED_ROLES = True
    supervisor = person_with_role(Role.SUPERVISOR, organization, email="sup@example.org")

    # First sign-in: the supervisor is asked to set up an authenticator before the queue.
    sign_in(page, live_server, "sup@example.org", TEST_PASSWORD)
    expect(page.get_by_text("set up two-factor sign-in first")).to_be_visible()
    # allauth asks for the password once more before changing security settings.
    page.get_by_label("Password").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Confirm").click()
    page.wait_for_url("**/accounts/2fa/totp/activate/")
    assert_accessible(page, context="two-factor set-up")
    secret = page.locator("#authenticator_secret").input_value()
    page.get_by_label("Authenticator code").fill(current_code(secret))
    page.get_by_role("button", name="Activate").click()
    page.wait_for_load_state()
    assert Authenticator.objects.filter(user=supervisor, type=Authenticator.Type.TOTP).exists()
    page.goto(live_server.url + "/supervise/")
    assert page.get_by_role("heading", level=1).inner_text() == "Supervision"

    # Second sign-in: password, then the code from the authenticator app.
    sign_out(page)
    sign_in(page, live_server, "sup@example.org", TEST_PASSWORD)
    assert "/accounts/2fa/authenticate" in page.url
    assert_accessible(page, context="two-factor code page")
    right_code = current_code(secret)
    page.get_by_label("Code").fill("000000" if right_code != "000000" else "111111")
    page.get_by_role("button", name="Sign In").click()
    expect(page.get_by_role("alert")).to_be_visible()  # a wrong code is refused, kindly
    page.get_by_label("Code").fill(current_code(secret))
    page.get_by_role("button", name="Sign In").click()
    page.wait_for_url(live_server.url + "/supervise/")

    # Third sign-in: a recovery code works once, for a lost phone.
    recovery = Authenticator.objects.get(user=supervisor, type=Authenticator.Type.RECOVERY_CODES)
    code = RecoveryCodes(recovery).get_unused_codes()[0]
    sign_out(page)
    sign_in(page, live_server, "sup@example.org", TEST_PASSWORD)
    page.get_by_label("Code").fill(code)
    page.get_by_role("button", name="Sign In").click()
    page.wait_for_url(live_server.url + "/supervise/")
    recovery.refresh_from_db()
    assert code not in RecoveryCodes(recovery).get_unused_codes()
