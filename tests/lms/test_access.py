"""Role scoping: who sees whose records. One matrix, viewer role × record owner."""

import pytest

from lms import access
from lms.accounts.models import Role
from tests.factories import person_with_role

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(organization, other_organization):
    """One person per role in `organization`, plus a trainee and staff member elsewhere."""
    return {
        "trainee": person_with_role(Role.TRAINEE, organization),
        "other_trainee": person_with_role(Role.TRAINEE, organization),
        "supervisor": person_with_role(Role.SUPERVISOR, organization),
        "staff": person_with_role(Role.STAFF, organization),
        "org_admin": person_with_role(Role.ORG_ADMIN, organization),
        "outside_trainee": person_with_role(Role.TRAINEE, other_organization),
        "outside_staff": person_with_role(Role.STAFF, other_organization),
    }


# viewer → owners whose records the viewer may see (everyone else must be invisible).
# Supervisors see only themselves until they hold a supervision agreement (certification app).
VISIBLE = {
    "trainee": {"trainee"},
    "other_trainee": {"other_trainee"},
    "supervisor": {"supervisor"},
    "staff": {"trainee", "other_trainee", "supervisor", "staff", "org_admin"},
    "org_admin": {"trainee", "other_trainee", "supervisor", "staff", "org_admin"},
    "outside_trainee": {"outside_trainee"},
    "outside_staff": {"outside_trainee", "outside_staff"},
}


@pytest.mark.parametrize("viewer", sorted(VISIBLE))
@pytest.mark.parametrize(
    "owner",
    [
        "trainee",
        "other_trainee",
        "supervisor",
        "staff",
        "org_admin",
        "outside_trainee",
        "outside_staff",
    ],
)
def test_people_visible_to_matrix(people, viewer, owner):
    visible = access.people_visible_to(people[viewer]).filter(pk=people[owner].pk).exists()
    assert visible is (owner in VISIBLE[viewer])


def test_superuser_sees_everyone(people, superuser):
    assert set(access.people_visible_to(superuser)) >= set(people.values())


def test_anonymous_sees_no_one(people):
    from django.contrib.auth.models import AnonymousUser

    assert not access.people_visible_to(AnonymousUser()).exists()


def test_person_with_two_roles_in_two_organisations_sees_the_union(
    organization, other_organization, people
):
    # Trainee at one RCO, staff at another: sees themself and the other RCO's people only.
    person = person_with_role(Role.TRAINEE, organization)
    from lms.accounts.services import membership_grant

    membership_grant(user=person, organization=other_organization, role=Role.STAFF)
    visible = set(access.people_visible_to(person))
    assert people["outside_trainee"] in visible
    assert people["trainee"] not in visible
    assert person in visible


def test_staff_see_only_their_own_organisations_invitations(staff, other_staff, organization):
    from lms.accounts.services import invitation_create

    invitation, _token = invitation_create(
        organization=organization, email="new@example.org", role=Role.TRAINEE, invited_by=staff
    )
    assert list(access.invitations_visible_to(staff)) == [invitation]
    assert not access.invitations_visible_to(other_staff).exists()


def test_memberships_visible_to_trainee_are_only_their_own(people):
    memberships = access.memberships_visible_to(people["trainee"])
    assert {membership.user for membership in memberships} == {people["trainee"]}
