"""API: the credentials a person holds, and public verification by code."""

from django.urls import reverse

import pytest
from rest_framework.test import APIClient

from certification.issuance import open_badges
from certification.issuance.services import (
    credential_application_approve,
    credential_application_submit,
    issued_credential_revoke,
)
from lms.accounts.services import access_token_create
from tests.certification.issuance.test_applications import make_definition, meet

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
    assert [item["verification_code"] for item in response.json()["results"]] == [
        issued.verification_code
    ]


# ------------------------------------------------------------------------------
# The Open Badges 3.0 credential and the certificate
# ------------------------------------------------------------------------------
def badge_url(credential):
    return f"/api/v1/me/credentials/{credential.pk}/open-badge/"


def test_the_holder_gets_their_signed_open_badge_from_the_api(issued, trainee):
    response = token_client(trainee).get(badge_url(issued))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vc+jwt"
    assert response["Content-Disposition"] == f'attachment; filename="{issued.number}.jwt"'
    badge = open_badges.verify(response.content.decode())
    assert badge["name"] == "Ethics credential"
    assert badge["credentialSubject"]["achievement"]["name"] == "Ethics credential"


def test_the_api_and_the_web_give_the_same_badge(client, issued, trainee):
    client.force_login(trainee)
    from_the_web = client.get(reverse("certification:credential_open_badge", args=[issued.pk]))
    from_the_api = client.get(badge_url(issued), HTTP_ACCEPT="application/vc+jwt")
    assert from_the_api.status_code == 200
    assert open_badges.verify(from_the_api.content.decode()) == open_badges.verify(
        from_the_web.content.decode()
    )


def test_nobody_else_gets_the_badge_not_even_staff(issued, other_trainee, staff, superuser):
    for person in (other_trainee, staff, superuser):
        response = token_client(person).get(badge_url(issued))
        assert response.status_code == 404
        assert response["Content-Type"] == "application/json"
    assert APIClient().get(badge_url(issued)).status_code == 401


def test_a_revoked_credential_is_not_signed_anew_and_has_no_links(issued, trainee, staff):
    issued_credential_revoke(credential=issued, actor=staff, reason="Issued in error.")
    client = token_client(trainee)
    assert client.get(badge_url(issued)).status_code == 404
    item = client.get("/api/v1/me/credentials/").json()["results"][0]
    assert item["status"] == "revoked"
    assert item["open_badge_url"] is None
    assert item["certificate_url"] is None


def test_each_credential_links_to_its_badge_and_certificate(client, issued, trainee):
    item = token_client(trainee).get("/api/v1/me/credentials/").json()["results"][0]
    assert item["open_badge_url"] == f"http://testserver{badge_url(issued)}"
    assert item["certificate_url"] == "http://testserver" + reverse(
        "certification:credential_certificate", args=[issued.pk]
    )
    client.force_login(trainee)  # the certificate is the website's, for a signed-in browser
    certificate = client.get(item["certificate_url"])
    assert certificate.status_code == 200
    assert certificate["Content-Type"] == "application/pdf"


def test_badge_errors_are_json_even_when_the_client_asks_for_a_jwt(issued, other_trainee):
    response = token_client(other_trainee).get(badge_url(issued), HTTP_ACCEPT="application/vc+jwt")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json() == {
        "detail": "You hold no credential with this id that can be downloaded."
    }


def test_the_vc_jwt_renderer_sends_a_signed_credential_unchanged():
    from certification.issuance.api import VerifiableCredentialJWTRenderer

    renderer = VerifiableCredentialJWTRenderer()
    assert renderer.render("eyJhbGciOiJFZERTQSJ9.e30.c2ln") == b"eyJhbGciOiJFZERTQSJ9.e30.c2ln"
    assert renderer.render({"detail": "Not found."}) == b'{"detail":"Not found."}'
