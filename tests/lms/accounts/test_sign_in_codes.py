"""Staff help a trainee with no stable email sign in with a one-time code."""

from datetime import timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator

from certification.models import AuditEvent
from certification.supervision import services as certification_services
from certification.supervision.models import EntryStatus
from curriculum.models import CompetencyDomain
from lms import access
from lms.accounts.models import PersonalAccessToken, Role, SignInCode, hash_secret
from lms.accounts.services import (
    membership_grant,
    sign_in_code_issue,
    sign_in_code_redeem,
    trainee_create_without_email,
)
from tests.certification.conftest import entry_values, make_signed_agreement
from tests.factories import OrganizationFactory, person_with_role

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


# ------------------------------------------------------------------------------
# Issue 22, finding 1: a staff-issued code never opens more than a trainee's pages
# ------------------------------------------------------------------------------
@pytest.fixture
def trainee_here_supervisor_there(organization, other_organization):
    """A trainee of `organization` who supervises in `other_organization`, with TOTP set up."""
    person = person_with_role(Role.TRAINEE, organization, display_name="Jordan Both")
    membership_grant(user=person, organization=other_organization, role=Role.SUPERVISOR)
    Authenticator.objects.create(user=person, type=Authenticator.Type.TOTP, data={})
    return person


def submitted_entry_of(trainee):
    return certification_services.practice_entry_create(
        trainee=trainee, submit=True, **entry_values(CompetencyDomain.objects.first())
    )


def test_finding_1_staff_of_a_cannot_take_over_a_supervisor_of_b_through_a_code(
    client, staff, organization, other_organization, trainee_here_supervisor_there
):
    """The reported path, step by step: issue a code, redeem it, approve an entry in B."""
    person = trainee_here_supervisor_there
    trainee_of_b = person_with_role(Role.TRAINEE, other_organization, display_name="Kit B")
    make_signed_agreement(trainee=trainee_of_b, supervisor=person, organization=other_organization)
    entry = submitted_entry_of(trainee_of_b)
    approvals_before = AuditEvent.objects.filter(action="practice.approve").count()

    # 1. Staff of A ask for a sign-in code for this person: refused, no code exists.
    client.force_login(staff)
    response = client.post(reverse("lms:staff_issue_sign_in_code", args=[person.pk]))
    assert response.status_code == 302
    assert "sign_in_code" not in (response.context or {})
    assert not person.sign_in_codes.exists()
    page = client.get(response.url).content.decode()
    assert "A sign-in code can only be issued for someone who is a trainee and nothing else" in (
        page
    )
    client.logout()

    # 2. Even a code that exists for them (issued before they took on a role elsewhere) does
    #    not sign them in past their second factor.
    SignInCode.objects.create(
        user=person,
        organization=organization,
        issued_by=staff,
        code_digest=hash_secret("ABCDEFGHJK"),
        expires_at=timezone.now() + timedelta(hours=1),
    )
    response = client.post(reverse("lms:sign_in_with_code"), {"code": "ABCDEFGHJK"})
    assert response.status_code == 400
    assert "has a role beyond trainee or a sign-in of its own" in response.content.decode()
    assert "_auth_user_id" not in client.session

    # 3. So nothing in B can be reached or approved.
    assert client.get("/supervise/").status_code == 302  # to the sign-in page
    response = client.post(
        reverse("certification:supervise_approve", args=[entry.pk]),
        {"signature": "Jordan Both", "attestation": "on"},
    )
    assert response.status_code == 302 and "/accounts/login/" in response.url
    entry.refresh_from_db()
    assert entry.status == EntryStatus.SUBMITTED
    assert AuditEvent.objects.filter(action="practice.approve").count() == approvals_before


# Issuing: only for trainees and nothing else, of the issuer's organisations, with no sign-in
# of their own.
def test_no_code_for_a_trainee_who_also_holds_another_role_here(staff, organization):
    person = trainee_create_without_email(
        organization=organization, display_name="Dee", created_by=staff
    )
    membership_grant(user=person, organization=organization, role=Role.SUPERVISOR)
    with pytest.raises(PermissionDenied):
        sign_in_code_issue(trainee=person, organization=organization, issued_by=staff)
    assert not person.sign_in_codes.exists()


def test_no_code_for_a_trainee_who_is_also_a_trainee_elsewhere(
    staff, organization, other_organization
):
    person = trainee_create_without_email(
        organization=organization, display_name="Dee", created_by=staff
    )
    membership_grant(user=person, organization=other_organization, role=Role.TRAINEE)
    with pytest.raises(PermissionDenied):
        sign_in_code_issue(trainee=person, organization=organization, issued_by=staff)

    # Staff of both organisations may: every membership is a trainee one in a place they staff.
    membership_grant(user=staff, organization=other_organization, role=Role.STAFF)
    access.forget_roles(staff)
    assert sign_in_code_issue(trainee=person, organization=organization, issued_by=staff)


def test_no_code_for_a_trainee_with_two_factor_sign_in(staff, organization, trainee_without_email):
    Authenticator.objects.create(user=trainee_without_email, type=Authenticator.Type.TOTP, data={})
    with pytest.raises(PermissionDenied):
        sign_in_code_issue(
            trainee=trainee_without_email, organization=organization, issued_by=staff
        )


def test_no_code_for_a_trainee_who_signs_in_with_a_verified_email_and_password(
    staff, organization, trainee
):
    with pytest.raises(PermissionDenied):
        sign_in_code_issue(trainee=trainee, organization=organization, issued_by=staff)


def test_a_code_for_a_trainee_whose_email_was_never_verified(staff, organization, trainee):
    """An unverified address with a password is no sign-in: allauth asks to verify it first."""
    EmailAddress.objects.filter(user=trainee).update(verified=False)
    assert sign_in_code_issue(trainee=trainee, organization=organization, issued_by=staff)


def test_no_code_for_a_site_administrator(staff, organization, trainee_without_email):
    trainee_without_email.is_staff = True
    trainee_without_email.save(update_fields=["is_staff"])
    with pytest.raises(PermissionDenied):
        sign_in_code_issue(
            trainee=trainee_without_email, organization=organization, issued_by=staff
        )


def test_staff_page_offers_a_code_only_to_those_who_may_have_one(
    client, staff, organization, trainee, trainee_without_email
):
    client.force_login(staff)
    offered = client.get(reverse("lms:staff_person", args=[trainee_without_email.pk]))
    assert "Issue a sign-in code" in offered.content.decode()
    not_offered = client.get(reverse("lms:staff_person", args=[trainee.pk])).content.decode()
    assert "Issue a sign-in code" not in not_offered
    assert "they can reset their password from the sign-in page" in not_offered


# Redeeming: the rule is checked again, and a refused code is spent.
def test_a_code_is_refused_once_the_person_set_up_two_factor(
    client, staff, organization, trainee_without_email
):
    code = sign_in_code_issue(
        trainee=trainee_without_email, organization=organization, issued_by=staff
    )
    Authenticator.objects.create(user=trainee_without_email, type=Authenticator.Type.TOTP, data={})
    response = client.post(reverse("lms:sign_in_with_code"), {"code": code})
    assert response.status_code == 400
    assert "_auth_user_id" not in client.session
    assert trainee_without_email.sign_in_codes.get().used_at is not None  # spent, not reusable


def test_a_code_is_refused_once_the_person_took_on_another_role(
    staff, organization, other_organization, trainee_without_email
):
    code = sign_in_code_issue(
        trainee=trainee_without_email, organization=organization, issued_by=staff
    )
    membership_grant(
        user=trainee_without_email, organization=other_organization, role=Role.SUPERVISOR
    )
    with pytest.raises(ValidationError) as refused:
        sign_in_code_redeem(code=code)
    assert refused.value.code == "refused"


def test_issuing_redeeming_and_refusing_codes_are_audited(
    staff, organization, trainee_without_email
):
    code = sign_in_code_issue(
        trainee=trainee_without_email, organization=organization, issued_by=staff
    )
    assert sign_in_code_redeem(code=code) == trainee_without_email
    second = sign_in_code_issue(
        trainee=trainee_without_email, organization=organization, issued_by=staff
    )
    Authenticator.objects.create(user=trainee_without_email, type=Authenticator.Type.TOTP, data={})
    with pytest.raises(ValidationError):
        sign_in_code_redeem(code=second)

    events = list(AuditEvent.objects.filter(target_type="lms.signincode").order_by("pk"))
    assert [(event.action, event.actor_id) for event in events] == [
        ("sign_in_code.issue", staff.pk),
        ("sign_in_code.redeem", trainee_without_email.pk),
        ("sign_in_code.issue", staff.pk),
        ("sign_in_code.refuse", None),
    ]
    assert events[0].after["user_id"] == trainee_without_email.pk
    assert events[3].after["refused_because"] == "second_factor"
    assert events[0].action_label == "Sign-in code issued"


# The session a code opens: a trainee's pages only, until a password is set.
@pytest.fixture
def code_session(client, staff, organization, other_organization, trainee_without_email):
    """Signed in with a code; afterwards the account gains a supervisor and a staff role."""
    code = sign_in_code_issue(
        trainee=trainee_without_email, organization=organization, issued_by=staff
    )
    response = client.post(reverse("lms:sign_in_with_code"), {"code": code})
    assert response.url == reverse("lms:learn_home")
    membership_grant(
        user=trainee_without_email, organization=other_organization, role=Role.SUPERVISOR
    )
    membership_grant(
        user=trainee_without_email,
        organization=OrganizationFactory(slug="hillside"),
        role=Role.STAFF,
    )
    return client


@pytest.mark.parametrize(
    "path", ["/supervise/", "/staff/", "/admin/", "/django-admin/", "/account/tokens/"]
)
def test_a_code_session_cannot_open_supervisor_staff_admin_or_token_pages(code_session, path):
    response = code_session.get(path)
    assert response.status_code == 302
    assert response.url == reverse("account_set_password")
    page = code_session.get(response.url).content.decode()
    assert "You signed in with a one-time code" in page


def test_a_code_session_cannot_create_an_api_token_or_use_the_api(
    code_session, trainee_without_email
):
    code_session.post(reverse("lms:access_tokens"), {"name": "export", "scope": "write"})
    assert not PersonalAccessToken.objects.filter(user=trainee_without_email).exists()
    response = code_session.get("/api/v1/staff/people/")
    assert response.status_code == 403
    assert "one-time code" in response.json()["detail"]


def test_a_code_session_cannot_approve_hours_it_would_otherwise_supervise(
    code_session, trainee_without_email, other_organization
):
    trainee_of_b = person_with_role(Role.TRAINEE, other_organization)
    make_signed_agreement(
        trainee=trainee_of_b, supervisor=trainee_without_email, organization=other_organization
    )
    entry = submitted_entry_of(trainee_of_b)
    code_session.post(
        reverse("certification:supervise_approve", args=[entry.pk]),
        {"signature": "Dee", "attestation": "on"},
    )
    entry.refresh_from_db()
    assert entry.status == EntryStatus.SUBMITTED


def test_a_code_session_sees_the_learning_pages_and_only_the_trainee_navigation(code_session):
    response = code_session.get(reverse("lms:learn_home"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "My learning" in page
    assert "Supervision" not in page
    assert "Curriculum editor" not in page


def set_password(client):
    response = client.post(
        reverse("account_set_password"),
        {"password1": "a-long-pass-phrase-9", "password2": "a-long-pass-phrase-9"},
    )
    assert response.status_code == 302


def test_setting_a_password_lifts_the_limit(code_session):
    set_password(code_session)
    assert code_session.get("/supervise/").status_code == 200
    assert code_session.get("/staff/").status_code == 200
    assert code_session.get(reverse("lms:access_tokens")).status_code == 200


def test_after_the_password_a_required_second_factor_is_still_asked_for(code_session, settings):
    settings.PEERPATH_REQUIRE_MFA_FOR_PRIVILEGED_ROLES = True
    set_password(code_session)
    response = code_session.get("/supervise/")
    assert response.status_code == 302
    assert response.url == reverse("mfa_activate_totp")
