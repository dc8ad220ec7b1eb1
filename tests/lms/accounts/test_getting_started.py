"""A person who signed up on their own finds a way in: join an organisation, or start alone."""

from django.core import mail
from django.urls import reverse

import pytest

from lms.accounts.models import JoinRequest, Membership, Role
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def newcomer(db):
    return UserFactory(display_name="Riley Newcomer", email="riley@example.org")


def test_home_page_offers_getting_started_to_a_signed_out_visitor(client):
    page = client.get("/").content.decode()
    assert "Get started" in page
    assert reverse("account_signup") in page


def test_a_person_without_a_role_is_shown_the_way_in_not_a_refusal(client, newcomer):
    client.force_login(newcomer)
    response = client.get(reverse("lms:learn_home"))
    assert response.status_code == 302
    assert response["Location"] == reverse("lms:get_started")
    page = client.get(reverse("lms:get_started")).content.decode()
    assert "I train with an organisation" in page
    assert "Start on my own" in page


def test_organisation_list_names_the_organisations(client, newcomer, organization):
    client.force_login(newcomer)
    page = client.get(reverse("lms:get_started")).content.decode()
    assert organization.name in page


def test_asking_to_join_tells_staff_and_the_person_and_staff_accept_with_one_click(
    client, newcomer, organization, staff, other_staff, django_capture_on_commit_callbacks
):
    client.force_login(newcomer)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("lms:get_started"), {"organization": organization.pk})
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "Your request went to the staff of" in page
    assert "You asked to join" in page
    recipients = sorted(address for message in mail.outbox for address in message.to)
    assert recipients == sorted([staff.email, newcomer.email])
    assert other_staff.email not in recipients
    staff_mail = next(message for message in mail.outbox if message.to == [staff.email])
    assert "http://testserver/staff/#join-requests" in staff_mail.body

    client.force_login(staff)
    staff_page = client.get(reverse("lms:staff_home")).content.decode()
    assert "People asking to join" in staff_page and "Riley Newcomer" in staff_page
    join_request = JoinRequest.objects.get(user=newcomer)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("lms:staff_join_request_accept", args=[join_request.pk]))
    assert response.status_code == 302
    assert Membership.objects.filter(
        user=newcomer, organization=organization, role=Role.TRAINEE
    ).exists()
    assert [message.to for message in mail.outbox] == [[newcomer.email]]
    assert "accepted" in mail.outbox[0].subject

    client.force_login(newcomer)
    assert client.get(reverse("lms:learn_home")).status_code == 200
    assert client.get(reverse("lms:get_started"))["Location"] == reverse("lms:learn_home")


def test_staff_of_another_organisation_cannot_accept_the_request(
    client, newcomer, organization, other_staff
):
    join_request = JoinRequest.objects.create(user=newcomer, organization=organization)
    client.force_login(other_staff)
    assert "Riley" not in client.get(reverse("lms:staff_home")).content.decode()
    response = client.post(reverse("lms:staff_join_request_accept", args=[join_request.pk]))
    assert response.status_code == 404
    assert not Membership.objects.filter(user=newcomer).exists()


def test_asking_twice_sends_one_request(client, newcomer, organization, staff):
    client.force_login(newcomer)
    client.post(reverse("lms:get_started"), {"organization": organization.pk})
    client.post(reverse("lms:get_started"), {"organization": organization.pk})
    assert JoinRequest.objects.filter(user=newcomer).count() == 1


def test_choosing_nothing_gets_a_kind_message(client, newcomer, organization):
    client.force_login(newcomer)
    response = client.post(reverse("lms:get_started"), {"organization": ""})
    assert response.status_code == 400
    assert "Choose the organisation you train with." in response.content.decode()
    response = client.post(reverse("lms:get_started"), {"organization": "99999999999999999999"})
    assert response.status_code == 400


def test_starting_alone_opens_learning_at_once(client, newcomer):
    client.force_login(newcomer)
    response = client.post(reverse("lms:get_started"), {"choice": "alone"})
    assert response["Location"] == reverse("lms:learn_home")
    assert client.get(reverse("lms:learn_home")).status_code == 200
    membership = Membership.objects.get(user=newcomer)
    assert membership.role == Role.TRAINEE
    assert membership.organization.slug == "independent-learners"


def test_the_independent_learners_are_not_offered_as_an_organisation_to_join(client, newcomer):
    other = UserFactory(email="first@example.org")
    client.force_login(other)
    client.post(reverse("lms:get_started"), {"choice": "alone"})
    client.force_login(newcomer)
    page = client.get(reverse("lms:get_started")).content.decode()
    assert "Independent learners" not in page
