"""API v1 for people: authentication by session or token, scopes, errors, scoping."""

import re
from datetime import timedelta

from django.core.management import call_command
from django.utils import timezone

import pytest
from rest_framework.test import APIClient

from lms.accounts.api_auth import AccessTokenRateThrottle
from lms.accounts.models import PersonalAccessToken, Role
from lms.accounts.services import access_token_create, access_token_revoke
from tests.factories import person_with_role

pytestmark = pytest.mark.django_db


def token_client(user, scope=PersonalAccessToken.Scope.READ):
    _token, secret = access_token_create(user=user, name="integration", scope=scope)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {secret}")
    return client


def test_me_with_the_browser_session(client, trainee, organization):
    client.force_login(trainee)
    body = client.get("/api/v1/me/").json()
    assert body["display_name"] == trainee.display_name
    assert body["memberships"] == [
        {
            "organization": organization.slug,
            "organization_name": organization.name,
            "role": "trainee",
        }
    ]


def test_me_with_a_token_records_when_it_was_used(trainee):
    client = token_client(trainee)
    assert client.get("/api/v1/me/").json()["email"] == trainee.email
    assert PersonalAccessToken.objects.get().last_used_at is not None


def test_anonymous_requests_are_refused(db):
    assert APIClient().get("/api/v1/me/").status_code in (401, 403)


def test_a_read_token_cannot_write(trainee):
    response = token_client(trainee).patch("/api/v1/me/", {"display_name": "New"}, format="json")
    assert response.status_code == 403
    assert "can only read" in response.json()["detail"]
    trainee.refresh_from_db()
    assert trainee.display_name != "New"


def test_a_write_token_can_write(trainee):
    client = token_client(trainee, PersonalAccessToken.Scope.WRITE)
    response = client.patch("/api/v1/me/", {"preferred_language": "es"}, format="json")
    assert response.status_code == 200
    trainee.refresh_from_db()
    assert trainee.preferred_language == "es"


def test_a_revoked_token_answers_401(trainee):
    token, secret = access_token_create(user=trainee, name="old", scope="read")
    access_token_revoke(user=trainee, token_id=token.pk)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {secret}")
    response = client.get("/api/v1/me/")
    assert response.status_code == 401
    assert "revoked" in response.json()["detail"]


def test_an_expired_or_malformed_token_answers_401(trainee):
    token, secret = access_token_create(user=trainee, name="old", scope="read")
    PersonalAccessToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() - timedelta(1))
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {secret}")
    assert client.get("/api/v1/me/").status_code == 401
    client.credentials(HTTP_AUTHORIZATION="Bearer not-a-token")
    assert client.get("/api/v1/me/").status_code == 401


def test_tokens_are_stored_only_as_digests(trainee):
    _token, secret = access_token_create(user=trainee, name="x", scope="read")
    assert not PersonalAccessToken.objects.filter(digest__contains=secret[3:]).exists()


def test_validation_errors_name_the_field_and_echo_the_input(trainee):
    client = token_client(trainee, PersonalAccessToken.Scope.WRITE)
    response = client.patch(
        "/api/v1/me/", {"display_name": "", "preferred_language": "xx"}, format="json"
    )
    assert response.status_code == 400
    body = response.json()
    assert set(body["errors"]) == {"display_name", "preferred_language"}
    assert body["input"] == {"display_name": "", "preferred_language": "xx"}


def test_staff_list_only_their_own_organisations_people(staff, trainee, outside_trainee):
    body = token_client(staff).get("/api/v1/staff/people/").json()
    ids = {person["id"] for person in body["results"]}
    assert trainee.pk in ids
    assert outside_trainee.pk not in ids


def test_staff_people_filters_by_role_and_search(staff, trainee, supervisor):
    client = token_client(staff)
    trainees = client.get("/api/v1/staff/people/", {"role": "trainee"}).json()["results"]
    assert [person["id"] for person in trainees] == [trainee.pk]
    found = client.get("/api/v1/staff/people/", {"search": supervisor.display_name[:5]}).json()
    assert supervisor.pk in {person["id"] for person in found["results"]}


def test_trainees_cannot_list_people(trainee):
    assert token_client(trainee).get("/api/v1/staff/people/").status_code == 403


def test_staff_people_is_paginated_with_a_fixed_number_of_queries(
    staff, organization, django_assert_max_num_queries
):
    client = token_client(staff)
    client.get("/api/v1/staff/people/")
    for _ in range(5):
        person_with_role(Role.TRAINEE, organization)
    with django_assert_max_num_queries(10) as few:
        client.get("/api/v1/staff/people/")
    for _ in range(60):
        person_with_role(Role.TRAINEE, organization)
    with django_assert_max_num_queries(len(few.captured_queries)):
        body = client.get("/api/v1/staff/people/", {"page_size": 20}).json()
    assert body["count"] == 66  # the staff member and 65 trainees
    assert len(body["results"]) == 20
    assert body["next"]


def test_token_clients_are_throttled(trainee, monkeypatch):
    monkeypatch.setattr(AccessTokenRateThrottle, "THROTTLE_RATES", {"token": "3/minute"})
    client = token_client(trainee)
    statuses = [client.get("/api/v1/me/").status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]


def test_privileged_sessions_need_two_factor_for_the_api_when_required(client, staff, settings):
    settings.PEERPATH_REQUIRE_MFA_FOR_PRIVILEGED_ROLES = True
    client.force_login(staff)
    response = client.get("/api/v1/me/")
    assert response.status_code == 403
    assert "two-factor" in response.json()["detail"]


def test_privileged_tokens_need_two_factor_when_required(staff, settings):
    settings.PEERPATH_REQUIRE_MFA_FOR_PRIVILEGED_ROLES = True
    response = token_client(staff).get("/api/v1/me/")
    assert response.status_code == 401
    assert "two-factor" in response.json()["detail"]


def test_schema_describes_only_our_api_and_validates(tmp_path):
    out = tmp_path / "schema.yaml"
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(out))
    text = out.read_text()
    assert "/api/v1/me/" in text
    assert "/admin/api/" not in text


def test_interactive_docs_render_without_a_cdn(client):
    response = client.get("/api/docs/")
    page = response.content.decode()
    assert response.status_code == 200
    assert "/static/drf_spectacular_sidecar/" in page
    # Nothing is loaded from another host (a random CSRF token may well contain "cdn").
    assert not re.search(r'(?:src|href)="(?:https?:)?//', page), "an asset from another host"


def test_people_create_and_revoke_tokens_on_their_account_page(client, trainee):
    client.force_login(trainee)
    response = client.post("/account/tokens/", {"name": "Phone app", "scope": "write"})
    secret = response.context["new_secret"]
    assert secret.startswith("pp_") and secret in response.content.decode()
    token = PersonalAccessToken.objects.get()
    # Shown once: the list afterwards shows only the hint.
    assert secret not in client.get("/account/tokens/").content.decode()
    client.post(f"/account/tokens/{token.pk}/revoke/")
    token.refresh_from_db()
    assert token.revoked_at is not None


def test_token_form_errors_keep_the_input(client, trainee):
    client.force_login(trainee)
    yesterday = (timezone.localdate() - timedelta(days=1)).isoformat()
    response = client.post(
        "/account/tokens/", {"name": "Reports", "scope": "read", "expires_on": yesterday}
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "Choose a date after today." in page
    assert 'value="Reports"' in page
    assert not PersonalAccessToken.objects.exists()


def test_nobody_can_revoke_someone_elses_token(client, trainee, other_trainee):
    token, _secret = access_token_create(user=other_trainee, name="theirs", scope="read")
    client.force_login(trainee)
    assert client.post(f"/account/tokens/{token.pk}/revoke/").status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None
