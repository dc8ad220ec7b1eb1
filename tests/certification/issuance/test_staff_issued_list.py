"""The staff list of issued credentials, and the wording fixes of issue 23 finding 7."""

from django.urls import reverse
from django.utils import translation

import pytest

from certification.issuance.services import (
    credential_application_approve,
    credential_application_submit,
    issued_credential_revoke,
)
from lms.accounts.models import Role
from tests.certification.issuance.test_applications import make_definition, meet
from tests.factories import person_with_role

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def issue(person, staff, definition):
    meet(person)
    application = credential_application_submit(applicant=person, definition=definition)
    return credential_application_approve(application=application, reviewer=staff)


def test_staff_list_their_organisations_credentials_and_filter_by_status(
    client, staff, trainee, other_trainee, outside_trainee, other_staff
):
    definition = make_definition()
    active = issue(trainee, staff, definition)
    revoked = issue(other_trainee, staff, definition)
    issued_credential_revoke(credential=revoked, actor=staff, reason="Issued in error.")
    elsewhere = issue(outside_trainee, other_staff, definition)

    client.force_login(staff)
    url = reverse("certification:staff_issued_credentials")
    page = client.get(url).content.decode()
    assert active.number in page and revoked.number in page
    assert elsewhere.number not in page
    assert reverse("certification:staff_application", args=[active.application_id]) in page

    only_revoked = client.get(url, {"status": "revoked"}).content.decode()
    assert revoked.number in only_revoked and active.number not in only_revoked
    by_number = client.get(url, {"search": active.number.lower()}).content.decode()
    assert active.number in by_number and revoked.number not in by_number
    assert client.get(url, {"status": "nonsense"}).status_code == 200


def test_the_issued_list_runs_the_same_queries_whatever_its_length(
    client, staff, organization, django_assert_max_num_queries
):
    definition = make_definition()
    issue(person_with_role(Role.TRAINEE, organization), staff, definition)
    client.force_login(staff)
    url = reverse("certification:staff_issued_credentials")
    client.get(url)
    with django_assert_max_num_queries(12) as one:
        client.get(url)
    for _ in range(8):
        issue(person_with_role(Role.TRAINEE, organization), staff, definition)
    with django_assert_max_num_queries(len(one)):
        assert client.get(url).status_code == 200


def test_waiting_for_review_is_listed_once_in_the_status_filter(client, staff):
    client.force_login(staff)
    page = client.get(reverse("certification:staff_applications")).content.decode()
    assert page.count(">Waiting for review</option>") == 1


def test_the_application_note_says_optional_once(client, staff, trainee):
    meet(trainee)
    application = credential_application_submit(applicant=trainee, definition=make_definition())
    client.force_login(staff)
    page = client.get(reverse("certification:staff_application", args=[application.pk]))
    text = page.content.decode()
    assert "Note for the applicant" in text
    assert "(optional) (optional)" not in text
