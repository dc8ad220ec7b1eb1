"""Sign-up, sign-in, throttling and the two-factor requirement."""

from django.urls import reverse

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator

from lms.accounts.models import Role, User
from tests.factories import TEST_PASSWORD, person_with_role

pytestmark = pytest.mark.django_db


def test_sign_up_creates_an_account_with_a_display_name_and_language(client):
    response = client.post(
        reverse("account_signup"),
        {
            "email": "new.trainee@example.org",
            "display_name": "Taylor",
            "preferred_language": "es",
            "password1": "a-long-pass-phrase",
            "password2": "a-long-pass-phrase",
        },
    )
    assert response.status_code == 302
    user = User.objects.get(email="new.trainee@example.org")
    assert (user.display_name, user.preferred_language) == ("Taylor", "es")


def test_sign_up_errors_are_clear_and_keep_what_was_typed(client):
    response = client.post(
        reverse("account_signup"),
        {
            "email": "new.trainee@example.org",
            "display_name": "Taylor Q",
            "password1": "short",
            "password2": "short",
        },
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "Please check the form" in page
    assert "This password is too short." in page
    assert 'value="new.trainee@example.org"' in page
    assert 'value="Taylor Q"' in page
    assert not User.objects.filter(email="new.trainee@example.org").exists()


def test_sign_up_with_a_taken_email_does_not_reveal_the_account(client, trainee):
    """Enumeration protection: the same answer whether or not the address has an account."""
    response = client.post(
        reverse("account_signup"),
        {
            "email": trainee.email,
            "display_name": "Someone",
            "password1": "a-long-pass-phrase",
            "password2": "a-long-pass-phrase",
        },
    )
    assert response.status_code == 302
    assert User.objects.filter(email=trainee.email).count() == 1


def test_sign_in_lands_each_role_on_its_home(client, organization):
    staff = person_with_role(Role.STAFF, organization, email="staff@example.org")
    response = client.post(
        reverse("account_login"), {"login": staff.email, "password": TEST_PASSWORD}
    )
    assert response.url == "/staff/"


def test_a_superuser_signs_in_to_the_platform_admin_as_the_readme_says(client):
    root = User.objects.create_superuser(email="root@example.org", password=TEST_PASSWORD)
    EmailAddress.objects.create(user=root, email=root.email, verified=True, primary=True)
    response = client.post(
        reverse("account_login"), {"login": "root@example.org", "password": TEST_PASSWORD}
    )
    assert response.url == "/django-admin/"


def test_sign_in_and_sign_up_are_written_in_sentence_case(client):
    sign_in = client.get(reverse("account_login")).content.decode()
    sign_up = client.get(reverse("account_signup")).content.decode()
    assert "Sign In" not in sign_in and "Sign Up" not in sign_in
    assert "Sign Up" not in sign_up
    assert "Sign in" in sign_in
    assert "Sign up" in sign_up


def test_wrong_password_is_refused_and_the_email_kept(client, trainee):
    response = client.post(reverse("account_login"), {"login": trainee.email, "password": "nope"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "The email address and/or password you specified are not correct." in page
    assert f'value="{trainee.email}"' in page


def test_repeated_failed_sign_ins_are_throttled(client, trainee):
    for _attempt in range(5):
        client.post(reverse("account_login"), {"login": trainee.email, "password": "nope"})
    response = client.post(
        reverse("account_login"), {"login": trainee.email, "password": TEST_PASSWORD}
    )
    assert "Too many failed login attempts" in response.content.decode()
    assert "_auth_user_id" not in client.session


@pytest.mark.parametrize("role", [Role.SUPERVISOR, Role.STAFF, Role.ORG_ADMIN])
def test_privileged_roles_must_set_up_two_factor_before_acting(
    client, settings, organization, role
):
    settings.PEERPATH_REQUIRE_MFA_FOR_PRIVILEGED_ROLES = True
    person = person_with_role(role, organization)
    client.force_login(person)
    home = "/supervise/" if role == Role.SUPERVISOR else "/staff/"
    response = client.get(home)
    assert response.status_code == 302
    assert response.url == reverse("mfa_activate_totp")
    # The account pages stay open so they can set it up.
    assert client.get(reverse("mfa_index")).status_code == 200

    Authenticator.objects.create(user=person, type=Authenticator.Type.TOTP, data={})
    assert client.get(home).status_code == 200


def test_trainees_are_offered_but_not_required_two_factor(client, settings, trainee):
    settings.PEERPATH_REQUIRE_MFA_FOR_PRIVILEGED_ROLES = True
    client.force_login(trainee)
    assert client.get("/learn/").status_code == 200
    assert client.get(reverse("mfa_index")).status_code == 200


def test_the_demo_setting_relaxes_the_requirement(client, settings, staff):
    settings.PEERPATH_REQUIRE_MFA_FOR_PRIVILEGED_ROLES = False
    client.force_login(staff)
    assert client.get("/staff/").status_code == 200


def test_preferred_language_is_used_for_the_pages(client, trainee):
    trainee.preferred_language = "es"
    trainee.save()
    client.force_login(trainee)
    response = client.get("/learn/")
    assert response.headers["Content-Language"] == "es"


def test_the_service_workers_offline_page_leaves_a_waiting_message_for_the_next_page(
    client, settings, organization
):
    # The service worker fetches /offline/ in the background as it installs, which can fall
    # between the redirect that sets a message and the page that shows it.
    settings.PEERPATH_REQUIRE_MFA_FOR_PRIVILEGED_ROLES = True
    client.force_login(person_with_role(Role.SUPERVISOR, organization))
    assert client.get("/supervise/").status_code == 302

    offline = client.get(reverse("lms:offline")).content.decode()
    assert "set up two-factor sign-in first" not in offline

    page = client.get(reverse("mfa_activate_totp"), follow=True).content.decode()
    assert "set up two-factor sign-in first" in page
