"""Staff help a trainee with no stable email sign in with a one-time code."""

from datetime import timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

import pytest

from lms.models import Role, SignInCode
from lms.services import sign_in_code_issue, sign_in_code_redeem, trainee_create_without_email

pytestmark = pytest.mark.django_db


@pytest.fixture
def trainee_without_email(staff, organization):
    return trainee_create_without_email(
        organization=organization, display_name="Dee", created_by=staff
    )


def test_staff_add_a_trainee_without_email_through_the_form(client, staff, organization):
    client.force_login(staff)
    response = client.post(reverse("lms:staff_add_trainee"), {"display_name": "Dee"})
    assert response.status_code == 302
    person = organization.memberships.get(role=Role.TRAINEE, user__display_name="Dee").user
    assert person.email is None
    assert not person.has_usable_password()


def test_several_trainees_without_email_can_coexist(staff, organization):
    first = trainee_create_without_email(
        organization=organization, display_name="A", created_by=staff
    )
    second = trainee_create_without_email(
        organization=organization, display_name="B", created_by=staff
    )
    assert first.email is None and second.email is None


def test_empty_name_is_refused_and_nothing_is_created(client, staff, organization):
    client.force_login(staff)
    response = client.post(reverse("lms:staff_add_trainee"), {"display_name": "  "})
    assert response.status_code == 400
    assert "This field is required." in response.content.decode()
    assert not organization.memberships.filter(role=Role.TRAINEE).exists()


def test_code_signs_the_trainee_in_once(client, staff, organization, trainee_without_email):
    code = sign_in_code_issue(
        trainee=trainee_without_email, organization=organization, issued_by=staff
    )
    spaced = f"{code[:5].lower()} - {code[5:]}"  # read aloud, typed with spaces and dashes
    response = client.post(reverse("lms:sign_in_with_code"), {"code": spaced})
    assert response.status_code == 302
    assert response.url == reverse("lms:learn_home")
    assert client.get(reverse("lms:learn_home")).status_code == 200

    client.logout()
    again = client.post(reverse("lms:sign_in_with_code"), {"code": code})
    assert again.status_code == 400
    assert "may have been used already or expired" in again.content.decode()


def test_a_new_code_cancels_the_previous_one(staff, organization, trainee_without_email):
    first = sign_in_code_issue(
        trainee=trainee_without_email, organization=organization, issued_by=staff
    )
    second = sign_in_code_issue(
        trainee=trainee_without_email, organization=organization, issued_by=staff
    )
    with pytest.raises(ValidationError):
        sign_in_code_redeem(code=first)
    assert sign_in_code_redeem(code=second) == trainee_without_email


def test_expired_code_is_refused(staff, organization, trainee_without_email):
    code = sign_in_code_issue(
        trainee=trainee_without_email, organization=organization, issued_by=staff
    )
    SignInCode.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    with pytest.raises(ValidationError):
        sign_in_code_redeem(code=code)


def test_codes_are_stored_only_as_digests(staff, organization, trainee_without_email):
    code = sign_in_code_issue(
        trainee=trainee_without_email, organization=organization, issued_by=staff
    )
    assert not SignInCode.objects.filter(code_digest__contains=code).exists()


def test_staff_of_another_organisation_cannot_issue_a_code(
    other_staff, organization, trainee_without_email
):
    with pytest.raises(PermissionDenied):
        sign_in_code_issue(
            trainee=trainee_without_email, organization=organization, issued_by=other_staff
        )


def test_malformed_code_gets_a_clear_message_and_keeps_the_input(client, db):
    response = client.post(reverse("lms:sign_in_with_code"), {"code": "ABC"})
    assert response.status_code == 400
    page = response.content.decode()
    assert "A sign-in code has 10 letters and digits." in page
    assert 'value="ABC"' in page


def test_staff_page_shows_the_new_code_once(client, staff, trainee_without_email):
    client.force_login(staff)
    response = client.post(reverse("lms:staff_issue_sign_in_code", args=[trainee_without_email.pk]))
    assert response.status_code == 200
    code = response.context["sign_in_code"]
    assert code in response.content.decode()
    assert (
        code
        not in client.get(
            reverse("lms:staff_person", args=[trainee_without_email.pk])
        ).content.decode()
    )
