"""API v1: a person's own completions with their hours, in a fixed number of queries."""

from decimal import Decimal

import pytest

from lms.models import PersonalAccessToken
from tests.lms.test_learning_views import add_completions

pytestmark = pytest.mark.django_db


def test_my_completions_list_only_my_own_with_hours(
    client, trainee, other_trainee, ethics_domain, ethics_topic, django_assert_max_num_queries
):
    add_completions(trainee, 3, domain=ethics_domain, topic=ethics_topic)
    add_completions(other_trainee, 2, domain=ethics_domain, topic=ethics_topic)
    client.force_login(trainee)
    with django_assert_max_num_queries(12):
        body = client.get("/api/v1/me/completions/").json()
    assert body["count"] == 3
    first = body["results"][0]
    assert Decimal(first["contact_hours"]) == Decimal("1.5")
    assert first["domain_hours"][0]["domain"] == "ethical-responsibility"
    assert first["topic_hours"][0]["topic"] == "ethics"


def test_my_completions_with_a_read_token(trainee):
    from rest_framework.test import APIClient

    from lms.services import access_token_create

    _token, secret = access_token_create(
        user=trainee, name="phone", scope=PersonalAccessToken.Scope.READ
    )
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {secret}")
    assert client.get("/api/v1/me/completions/").status_code == 200
