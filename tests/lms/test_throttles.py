"""Wrong sign-in codes and wrong API tokens are throttled per client and per target."""

import re

from django.conf import settings as django_settings
from django.test import RequestFactory
from django.urls import reverse

import pytest
import redis
from rest_framework.test import APIClient

from lms.accounts.models import Role, SignInCode
from lms.accounts.services import (
    access_token_create,
    sign_in_code_issue,
    trainee_create_without_email,
)
from lms.accounts.throttles import client_address
from tests.conftest import require_stack

pytestmark = pytest.mark.django_db

HOME = "198.51.100.7"
ELSEWHERE = "203.0.113.9"
WRONG_CODE = "ZZZZZZZZZZ"


@pytest.fixture
def limits(settings):
    """Small budgets, so a test reaches them in a few requests."""
    settings.PEERPATH_GUESS_LIMITS = {
        "sign_in_code": {"client": (3, 900), "target": (6, 900)},
        "access_token": {"client": (3, 900), "target": (4, 900)},
    }
    return settings.PEERPATH_GUESS_LIMITS


@pytest.fixture
def code(staff, organization):
    person = trainee_create_without_email(
        organization=organization, display_name="Dee", created_by=staff
    )
    return sign_in_code_issue(trainee=person, organization=organization, issued_by=staff)


def try_code(client, code, address=HOME):
    return client.post(reverse("lms:sign_in_with_code"), {"code": code}, REMOTE_ADDR=address)


# ------------------------------------------------------------------------------
# Sign-in codes
# ------------------------------------------------------------------------------
def test_wrong_codes_from_one_address_are_throttled_with_a_clear_page(client, limits, code):
    assert [try_code(client, WRONG_CODE).status_code for _ in range(3)] == [400, 400, 400]

    # Even the right code is refused now, before it is looked up, and stays usable.
    response = try_code(client, code)
    assert response.status_code == 429
    page = response.content.decode()
    assert "Too many sign-in codes that did not work were tried recently" in page
    assert re.search(r"please wait (1 minute|\d+ minutes) and try again", page)
    assert f'value="{code}"' in page  # what the person typed is kept
    assert 0 < int(response["Retry-After"]) <= 900
    assert "_auth_user_id" not in client.session
    assert SignInCode.objects.get().used_at is None

    # Another address is not held back by this one.
    assert try_code(client, code, address=ELSEWHERE).status_code == 302


def test_wrong_codes_spread_over_many_addresses_are_throttled_together(client, limits, code):
    for number in range(6):
        assert try_code(client, WRONG_CODE, address=f"192.0.2.{number}").status_code == 400
    response = try_code(client, code, address="192.0.2.200")
    assert response.status_code == 429
    assert SignInCode.objects.get().used_at is None


def test_malformed_codes_are_not_counted_as_guesses(client, limits, code):
    for _ in range(5):
        assert try_code(client, "ABC").status_code == 400
    assert try_code(client, code).status_code == 302


def test_a_used_code_tried_again_counts_as_a_wrong_guess(client, limits, code):
    assert try_code(client, code).status_code == 302
    client.logout()
    assert [try_code(client, code).status_code for _ in range(4)] == [400, 400, 400, 429]


def test_guess_counts_live_in_the_shared_redis_cache(client, limits, code):
    """Every web node must see the same counts: they are in Redis, not in one process."""
    cache_url = require_stack("CACHE_URL")
    assert django_settings.CACHES["default"]["BACKEND"].endswith("RedisCache")
    try_code(client, WRONG_CODE)
    server = redis.Redis.from_url(cache_url)
    assert server.keys("*peerpath:guesses:sign_in_code:client:*")
    assert server.keys("*peerpath:guesses:sign_in_code:target:*")


# ------------------------------------------------------------------------------
# API access tokens
# ------------------------------------------------------------------------------
def call_api(token, address=HOME):
    client = APIClient()
    return client.get("/api/v1/me/", HTTP_AUTHORIZATION=f"Bearer {token}", REMOTE_ADDR=address)


@pytest.fixture
def secret(organization):
    from tests.factories import person_with_role

    person = person_with_role(Role.TRAINEE, organization)
    _token, secret = access_token_create(user=person, name="export", scope="read")
    return secret


def test_wrong_tokens_from_one_address_are_throttled_in_the_api_error_shape(limits, secret):
    statuses = [call_api(f"pp_wrong{number}-token").status_code for number in range(3)]
    assert statuses == [401, 401, 401]

    response = call_api(secret)  # even the right token, from this address
    assert response.status_code == 429
    body = response.json()
    assert "Too many access tokens that did not work" in body["errors"]["non_field_errors"][0]
    assert body["input"] == {}
    assert 0 < int(response["Retry-After"]) <= 900

    assert call_api(secret, address=ELSEWHERE).status_code == 200


def test_guesses_at_one_token_from_many_addresses_are_throttled(limits, secret):
    """A guesser who knows a token's visible start cannot spread guesses over addresses."""
    start = secret[:8]  # "pp_" and the five characters the token list shows
    for number in range(4):
        response = call_api(f"{start}guess{number}", address=f"192.0.2.{number}")
        assert response.status_code == 401
    assert call_api(secret, address="192.0.2.200").status_code == 429
    # Other tokens are not held back by guesses at this one.
    assert call_api(f"pp_other{secret[8:]}", address="192.0.2.201").status_code == 401


def test_malformed_tokens_are_not_counted_as_guesses(limits, secret):
    for _ in range(5):
        assert call_api("not-a-token").status_code == 401
    assert call_api(secret).status_code == 200


# ------------------------------------------------------------------------------
# Who the client is
# ------------------------------------------------------------------------------
def test_an_ipv6_client_is_counted_by_its_network():
    request = RequestFactory().get("/", REMOTE_ADDR="2001:db8:1:2:aaaa::1")
    neighbour = RequestFactory().get("/", REMOTE_ADDR="2001:db8:1:2:bbbb::9")
    assert client_address(request) == client_address(neighbour) == "2001:db8:1:2::/64"


def test_forwarded_addresses_count_only_behind_trusted_proxies(settings):
    request = RequestFactory().get(
        "/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="1.2.3.4, 198.51.100.7"
    )
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 0
    assert client_address(request) == "10.0.0.2"  # a client can write any header it likes
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    assert client_address(request) == "198.51.100.7"  # what our load balancer saw
