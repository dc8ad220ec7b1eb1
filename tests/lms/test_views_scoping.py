"""Each role's home is for that role; anonymous visitors are asked to sign in."""

from django.urls import reverse

import pytest

from lms.accounts.models import Role
from tests.factories import person_with_role

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("role", "path", "expected"),
    [
        (Role.TRAINEE, "/learn/", 200),
        (Role.TRAINEE, "/staff/", 403),
        (Role.TRAINEE, "/supervise/", 403),
        (Role.SUPERVISOR, "/supervise/", 200),
        (Role.SUPERVISOR, "/staff/", 403),
        (Role.STAFF, "/staff/", 200),
        (Role.ORG_ADMIN, "/staff/", 200),
    ],
)
def test_role_homes_are_for_their_roles(client, organization, role, path, expected):
    client.force_login(person_with_role(role, organization))
    assert client.get(path).status_code == expected


@pytest.mark.parametrize("path", ["/learn/", "/supervise/", "/staff/"])
def test_role_homes_ask_anonymous_visitors_to_sign_in(client, path):
    response = client.get(path)
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))
