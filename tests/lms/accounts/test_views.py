"""The staff pages of lms accounts: the organisation's people, each person's page, sign-in codes.

Someone else's record answers 404 (never 403: we do not confirm it exists).
"""

from django.urls import reverse

import pytest

from lms.accounts.models import Role
from tests.factories import person_with_role

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("viewer_fixture", "owner_fixture", "expected"),
    [
        ("staff", "trainee", 200),
        ("org_admin", "trainee", 200),
        ("staff", "outside_trainee", 404),
        ("other_staff", "trainee", 404),
        ("superuser", "outside_trainee", 200),
    ],
)
def test_staff_person_page_answers_404_outside_the_viewers_organisation(
    client, request, viewer_fixture, owner_fixture, expected
):
    viewer = request.getfixturevalue(viewer_fixture)
    owner = request.getfixturevalue(owner_fixture)
    client.force_login(viewer)
    response = client.get(reverse("lms:staff_person", args=[owner.pk]))
    assert response.status_code == expected


def test_staff_cannot_issue_a_sign_in_code_for_another_organisations_trainee(
    client, staff, outside_trainee
):
    client.force_login(staff)
    response = client.post(reverse("lms:staff_issue_sign_in_code", args=[outside_trainee.pk]))
    assert response.status_code == 404
    assert not outside_trainee.sign_in_codes.exists()


def test_staff_home_runs_a_fixed_number_of_queries(
    client, staff, organization, django_assert_max_num_queries
):
    client.force_login(staff)
    client.get("/staff/")  # warm caches (content types, site)
    for _ in range(30):
        person_with_role(Role.TRAINEE, organization)
    # Panels of higher apps add theirs (supervision: two, credential applications: one).
    with django_assert_max_num_queries(18) as few:
        client.get("/staff/")
    for _ in range(60):
        person_with_role(Role.TRAINEE, organization)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get("/staff/")
    assert response.status_code == 200
    people = response.context["people_page"]
    assert people.paginator.count == 91  # the staff member and 90 trainees
    assert response.content.decode().count('href="/staff/people/') == len(people.object_list)
