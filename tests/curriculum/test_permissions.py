"""Each RCO's staff edit their own section; the statewide section and other RCOs' are off limits."""

from django.urls import reverse

import pytest

from curriculum.models import ModulePage
from lms.accounts.models import Role
from tests.curriculum.builders import build_program
from tests.factories import person_with_role


@pytest.fixture
def statewide_program(statewide):
    return build_program(statewide.section, title="Statewide ethics update")


@pytest.fixture
def other_program(other_section):
    return build_program(other_section.section, title="Lakeshore youth peer support")


def test_granting_a_staff_role_puts_the_person_in_their_organisations_editors(staff, own_section):
    assert staff.groups.filter(pk=own_section.editors.pk).exists()
    assert not staff.groups.filter(pk=own_section.reviewers.pk).exists()


def test_granting_org_admin_makes_the_person_a_reviewer(org_admin, own_section):
    assert org_admin.groups.filter(pk=own_section.reviewers.pk).exists()


def test_trainees_and_supervisors_get_no_curriculum_group(trainee, supervisor, own_section):
    assert not trainee.groups.exists()
    assert not supervisor.groups.exists()


def test_staff_edit_and_add_in_their_own_section_but_cannot_publish(staff, own_program):
    permissions = own_program.permissions_for_user(staff)
    assert permissions.can_edit()
    assert permissions.can_add_subpage()
    assert not permissions.can_publish()


def test_staff_cannot_edit_the_statewide_section(staff, own_section, statewide_program):
    permissions = statewide_program.permissions_for_user(staff)
    assert not permissions.can_edit()
    assert not permissions.can_add_subpage()
    assert not permissions.can_publish()


def test_staff_cannot_edit_another_organisations_section(staff, own_section, other_program):
    permissions = other_program.permissions_for_user(staff)
    assert not permissions.can_edit()
    assert not permissions.can_add_subpage()


def test_reviewers_publish_only_in_their_own_section(org_admin, own_program, other_program):
    assert own_program.permissions_for_user(org_admin).can_publish()
    assert not other_program.permissions_for_user(org_admin).can_publish()


def test_editor_view_of_a_statewide_page_is_refused_to_rco_staff(
    client, staff, own_section, statewide_program
):
    client.force_login(staff)
    response = client.get(reverse("wagtailadmin_pages:edit", args=[statewide_program.pk]))
    assert response.status_code in (302, 403)
    response = client.get(
        reverse("wagtailadmin_pages:add", args=["curriculum", "modulepage", statewide_program.pk])
    )
    assert response.status_code in (302, 403)


def test_staff_cannot_create_a_module_in_another_organisations_program(
    client, staff, own_section, other_program, ethics_domain
):
    from tests.curriculum.admin_forms import module_form_data

    client.force_login(staff)
    url = reverse("wagtailadmin_pages:add", args=["curriculum", "modulepage", other_program.pk])
    data = module_form_data(title="Sneaky", contact_hours="1", domains=[(ethics_domain, "1")])
    response = client.post(url, data)
    # Refused for want of permission (not merely an invalid form that an editor could fix).
    assert (response.status_code, response.get("Location")) in {
        (403, None),
        (302, reverse("wagtailadmin_home")),
    }
    assert not ModulePage.objects.filter(slug="sneaky").exists()


def test_statewide_pages_are_readable_by_everyone(client, statewide_program, staff):
    assert client.get(statewide_program.url).status_code == 200
    client.force_login(staff)
    assert client.get(statewide_program.url).status_code == 200


def test_staff_upload_images_to_their_own_collection_only(staff, own_section, other_section):
    from wagtail.images import get_image_model
    from wagtail.permissions import policy_registry

    policy = policy_registry.get_by_type(get_image_model())
    collections = policy.collections_user_has_permission_for(staff, "add")
    names = set(collections.values_list("name", flat=True))
    assert names == {"Riverside Recovery Community"}


def test_second_staff_member_joins_the_same_groups_without_duplicates(organization, own_section):
    from wagtail.models import GroupPagePermission

    before = GroupPagePermission.objects.count()
    person_with_role(Role.STAFF, organization, display_name="Another Staff")
    assert GroupPagePermission.objects.count() == before


def test_sync_command_gives_existing_organisations_sections_and_groups(
    organization, other_organization, statewide
):
    from django.core.management import call_command

    from lms.accounts.models import CurriculumSection, Membership

    staff_member = person_with_role(Role.STAFF, organization, display_name="Early Staff")
    CurriculumSection.objects.all().delete()  # as before sections existed
    staff_member.groups.clear()
    call_command("curriculum_sections_sync", verbosity=0)
    assert CurriculumSection.objects.count() == 2
    section = CurriculumSection.objects.get(organization=organization)
    assert staff_member.groups.filter(pk=section.editors.pk).exists()
    assert Membership.objects.filter(user=staff_member).count() == 1
