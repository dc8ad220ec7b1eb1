"""API: the credentials a person holds, and public verification by code."""

import pytest
from rest_framework.test import APIClient

from certification.issuance_services import (
    credential_application_approve,
    credential_application_submit,
    issued_credential_revoke,
)
from lms.services import access_token_create

from .test_applications import make_definition, meet

pytestmark = pytest.mark.django_db


@pytest.fixture
def issued(trainee, staff):
    definition = make_definition()
    meet(trainee)
    application = credential_application_submit(applicant=trainee, definition=definition)
    return credential_application_approve(application=application, reviewer=staff)


def token_client(user):
    _token, secret = access_token_create(user=user, name="wallet", scope="read")
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {secret}")
    return client


def test_anyone_can_verify_a_credential_by_its_code_without_signing_in(issued):
    response = APIClient().get(f"/api/v1/verify/{issued.verification_code}/")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "valid"
    assert body["holder_name"] == issued.holder_name
    assert body["title"] == issued.definition.name
    # Only what the holder shares by handing out the code: no email, no records.
    assert issued.holder.email not in response.content.decode()


def test_verification_shows_a_revoked_credential_as_revoked(issued, staff):
    issued_credential_revoke(credential=issued, actor=staff, reason="Issued in error.")
    body = APIClient().get(f"/api/v1/verify/{issued.verification_code}/").json()
    assert body["status"] == "revoked"


def test_an_unknown_code_answers_404_and_says_nothing_more(db):
    response = APIClient().get("/api/v1/verify/CR-AAAA-BBBB-CCCC-DDDD/")
    assert response.status_code == 404
    assert response.json() == {"detail": "No document has this verification code."}


def test_holders_list_their_own_credentials(issued, trainee):
    body = token_client(trainee).get("/api/v1/me/credentials/").json()
    assert [item["number"] for item in body["results"]] == [issued.number]
    assert body["results"][0]["status"] == "active"
    assert body["results"][0]["verification_code"] == issued.verification_code


def test_nobody_else_sees_someone_elses_credentials(issued, other_trainee, staff):
    assert token_client(other_trainee).get("/api/v1/me/credentials/").json()["results"] == []
    assert token_client(staff).get("/api/v1/me/credentials/").json()["results"] == []


def test_anonymous_visitors_cannot_list_credentials(issued):
    assert APIClient().get("/api/v1/me/credentials/").status_code in (401, 403)


def test_my_credentials_runs_a_fixed_number_of_queries(
    issued, trainee, django_assert_max_num_queries
):
    client = token_client(trainee)
    client.get("/api/v1/me/credentials/")
    with django_assert_max_num_queries(6):
        response = client.get("/api/v1/me/credentials/")
    assert response.status_code == 200
