"""The role checks every service, view, panel and API permission asks lms/access.py."""

from django.contrib.auth.models import AnonymousUser

import pytest

from lms import access
from lms.accounts.models import Membership, Role
from lms.accounts.services import membership_grant

pytestmark = pytest.mark.django_db


def test_staff_and_admins_staff_their_own_organisation_only(
    staff, org_admin, other_staff, organization, other_organization
):
    assert access.is_staff_of(staff, organization)
    assert access.is_staff_of(org_admin, organization.pk)
    assert not access.is_staff_of(staff, other_organization)
    assert access.is_staff_of(other_staff, other_organization)


def test_trainees_supervisors_and_visitors_staff_no_organisation(trainee, supervisor, organization):
    assert not access.is_staff_of(trainee, organization)
    assert not access.is_staff_of(supervisor, organization)
    assert not access.is_staff_of(AnonymousUser(), organization)


def test_superusers_staff_every_organisation(superuser, organization, other_organization):
    assert access.is_staff_of(superuser, organization)
    assert access.is_staff_of(superuser, other_organization)


def test_staff_act_for_the_people_of_their_organisation_only(
    staff, trainee, outside_trainee, superuser
):
    assert access.is_staff_for_person(staff, trainee)
    assert not access.is_staff_for_person(staff, outside_trainee)
    assert not access.is_staff_for_person(trainee, staff)
    assert access.is_staff_for_person(superuser, outside_trainee)


def test_the_role_gate_lets_through_the_roles_named_and_superusers(trainee, staff, superuser):
    assert access.may_act_as(staff, Role.STAFF, Role.ORG_ADMIN)
    assert not access.may_act_as(trainee, Role.STAFF, Role.ORG_ADMIN)
    assert access.may_act_as(superuser, Role.STAFF)
    assert not access.may_act_as(AnonymousUser(), Role.TRAINEE)


def test_a_code_session_passes_only_the_trainee_gate(trainee, organization):
    Membership.objects.create(user=trainee, organization=organization, role=Role.STAFF)
    access.act_as_trainee_only(trainee)
    assert access.may_act_as(trainee, Role.TRAINEE)
    assert not access.may_act_as(trainee, Role.STAFF)


def test_forget_roles_lets_a_role_granted_in_the_same_request_count(trainee, organization):
    assert not access.has_role(trainee, Role.SUPERVISOR)  # now cached on the person
    Membership.objects.create(user=trainee, organization=organization, role=Role.SUPERVISOR)
    assert not access.has_role(trainee, Role.SUPERVISOR)
    access.forget_roles(trainee)
    assert access.has_role(trainee, Role.SUPERVISOR)


def test_granting_a_membership_is_seen_at_once(trainee, organization):
    assert not access.is_staff_of(trainee, organization)
    assert not access.has_role(trainee, Role.STAFF)
    membership_grant(user=trainee, organization=organization, role=Role.STAFF)
    assert access.has_role(trainee, Role.STAFF)
    assert access.is_staff_of(trainee, organization)
