"""Staff invite people to their organisation; the link works once and expires."""

from datetime import timedelta

from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

import pytest

from lms.accounts.models import Invitation, Membership, Role, User
from lms.accounts.services import invitation_accept, invitation_create

pytestmark = pytest.mark.django_db


def invite(staff, organization, email="new.peer@example.org", role=Role.TRAINEE):
    return invitation_create(organization=organization, email=email, role=role, invited_by=staff)


def test_invitation_emails_a_link_and_stores_only_a_digest_of_the_token(
    staff, organization, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        invitation, token = invite(staff, organization)
    assert token not in invitation.token_digest
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["new.peer@example.org"]
    assert reverse("lms:invitation_accept", args=[token]) in mail.outbox[0].body
    assert organization.name in mail.outbox[0].subject


def test_staff_cannot_invite_to_another_organisation(other_staff, organization):
    with pytest.raises(PermissionDenied):
        invite(other_staff, organization)
    assert not Invitation.objects.exists()


def test_only_an_org_admin_can_invite_another_org_admin(staff, org_admin, organization):
    with pytest.raises(PermissionDenied):
        invite(staff, organization, role=Role.ORG_ADMIN)
    invitation, _token = invite(org_admin, organization, role=Role.ORG_ADMIN)
    assert invitation.role == Role.ORG_ADMIN


def test_accepting_creates_a_verified_account_with_the_role(staff, organization, client):
    _invitation, token = invite(staff, organization)
    response = client.post(
        reverse("lms:invitation_accept", args=[token]),
        {
            "display_name": "Riley",
            "password1": "a-long-pass-phrase",
            "password2": "a-long-pass-phrase",
        },
    )
    assert response.status_code == 302
    assert response.url == reverse("lms:learn_home")
    user = User.objects.get(email="new.peer@example.org")
    assert user.display_name == "Riley"
    assert user.emailaddress_set.get().verified
    assert Membership.objects.filter(
        user=user, organization=organization, role=Role.TRAINEE
    ).exists()
    # Signed in straight away.
    assert client.get(reverse("lms:learn_home")).status_code == 200


def test_link_works_only_once(staff, organization, client):
    _invitation, token = invite(staff, organization)
    invitation_accept(token=token, display_name="Riley", password="a-long-pass-phrase")
    response = client.get(reverse("lms:invitation_accept", args=[token]))
    assert response.status_code == 410
    assert "already been used, or it has expired" in response.content.decode()
    with pytest.raises(ValidationError):
        invitation_accept(token=token, display_name="Someone", password="another-long-phrase")


def test_expired_link_is_refused(staff, organization, client):
    invitation, token = invite(staff, organization)
    invitation.expires_at = timezone.now() - timedelta(minutes=1)
    invitation.save()
    assert client.get(reverse("lms:invitation_accept", args=[token])).status_code == 410
    assert not User.objects.filter(email="new.peer@example.org").exists()


def test_unknown_token_is_refused_kindly(client, db):
    response = client.get(reverse("lms:invitation_accept", args=["not-a-token"]))
    assert response.status_code == 410


def test_existing_account_links_the_invitation_after_signing_in(
    staff, organization, client, trainee
):
    # The trainee already has an account; staff invite them as a supervisor too.
    _invitation, token = invite(staff, organization, email=trainee.email, role=Role.SUPERVISOR)
    anonymous = client.get(reverse("lms:invitation_accept", args=[token]))
    assert "already have a PeerPath account" in anonymous.content.decode()
    client.force_login(trainee)
    response = client.post(reverse("lms:invitation_accept", args=[token]))
    assert response.status_code == 302
    assert Membership.objects.filter(user=trainee, role=Role.SUPERVISOR).exists()
    # Roles add up: the trainee role is kept.
    assert Membership.objects.filter(user=trainee, role=Role.TRAINEE).exists()


def test_signed_in_person_cannot_take_an_invitation_meant_for_another_address(
    staff, organization, client, other_trainee
):
    _invitation, token = invite(staff, organization, email="someone.else@example.org")
    client.force_login(other_trainee)
    response = client.post(reverse("lms:invitation_accept", args=[token]), follow=True)
    assert "another email address" in response.content.decode()
    assert (
        not Membership.objects.filter(user=other_trainee, role=Role.TRAINEE)
        .exclude(organization=organization)
        .exists()
    )
    assert Invitation.objects.get().accepted_at is None


def test_accept_form_errors_keep_what_was_typed(staff, organization, client):
    _invitation, token = invite(staff, organization)
    response = client.post(
        reverse("lms:invitation_accept", args=[token]),
        {
            "display_name": "Riley Q",
            "password1": "a-long-pass-phrase",
            "password2": "different-phrase",
        },
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "The two passwords do not match." in page
    assert 'value="Riley Q"' in page
    assert not User.objects.filter(email="new.peer@example.org").exists()


def test_invite_form_rejects_a_bad_email_and_keeps_the_input(staff, client):
    client.force_login(staff)
    response = client.post(
        reverse("lms:staff_invite"), {"email": "not-an-email", "role": Role.TRAINEE}
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "Enter a valid email address." in page
    assert 'value="not-an-email"' in page
    assert not Invitation.objects.exists()


def test_invite_form_refuses_someone_who_already_has_the_role(staff, trainee, client):
    # Emails match whatever their case.
    client.force_login(staff)
    response = client.post(
        reverse("lms:staff_invite"),
        {
            "email": trainee.email.upper(),
            "role": Role.TRAINEE,
            "organization": trainee.memberships.get().organization_id,
        },
    )
    assert response.status_code == 400
    assert "already holds that role" in response.content.decode()


def test_invite_form_sends_a_valid_invitation(staff, client, django_capture_on_commit_callbacks):
    client.force_login(staff)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("lms:staff_invite"), {"email": "peer@example.org", "role": Role.SUPERVISOR}
        )
    assert response.status_code == 302
    assert Invitation.objects.get().role == Role.SUPERVISOR
    assert mail.outbox[0].to == ["peer@example.org"]
