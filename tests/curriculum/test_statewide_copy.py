"""RCO editors find the statewide modules in the admin and copy one into their own section to
adapt it; the statewide original never changes (issue 24, finding 6)."""

from decimal import Decimal

from django.urls import reverse

import pytest

from curriculum.models import LessonPage, ModulePage
from tests.curriculum.builders import build_lesson, build_module, build_program

pytestmark = pytest.mark.django_db

URL = reverse("curriculum_statewide_modules")


@pytest.fixture
def statewide_module(statewide, ethics_domain):
    program = build_program(statewide.section, title="Statewide foundations")
    module = build_module(
        program,
        title="Recovery-oriented language",
        hours=Decimal("2"),
        domains=[(ethics_domain, Decimal("2"))],
    )
    build_lesson(module, title="Words that respect people")
    return module


def test_an_rco_editor_sees_the_statewide_modules_and_a_menu_entry(
    client, staff, own_program, statewide_module
):
    client.force_login(staff)
    page = client.get(URL).content.decode()
    assert "Recovery-oriented language" in page
    assert "Riverside peer basics" in page  # where a copy can go
    assert URL in client.get(reverse("wagtailadmin_home")).content.decode()
    searched = client.get(URL, {"q": "nothing like this"}).content.decode()
    assert "Recovery-oriented language" not in searched


def test_copying_makes_an_editable_draft_in_the_own_section_and_leaves_the_original(
    client, staff, own_program, statewide_module
):
    client.force_login(staff)
    original_revision = statewide_module.latest_revision_id
    response = client.post(URL, {"module": statewide_module.pk, "destination": own_program.pk})
    copy = ModulePage.objects.child_of(own_program).get(title="Recovery-oriented language")
    assert response["Location"] == reverse("wagtailadmin_pages:edit", args=[copy.pk])
    assert not copy.live
    assert LessonPage.objects.child_of(copy).filter(title="Words that respect people").exists()
    assert client.get(reverse("wagtailadmin_pages:edit", args=[copy.pk])).status_code == 200
    statewide_module.refresh_from_db()
    assert statewide_module.live
    assert statewide_module.latest_revision_id == original_revision
    # The original itself stays out of reach of the RCO's editors.
    edit_original = client.get(reverse("wagtailadmin_pages:edit", args=[statewide_module.pk]))
    assert edit_original.status_code in (302, 403)


def test_copying_into_another_rcos_program_is_refused(
    client, staff, own_program, other_section, statewide_module
):
    other_program = build_program(other_section.section, title="Lakeshore basics")
    client.force_login(staff)
    response = client.post(URL, {"module": statewide_module.pk, "destination": other_program.pk})
    assert response.status_code == 400
    assert "your own section" in response.content.decode()
    assert not ModulePage.objects.child_of(other_program).exists()


def test_only_statewide_modules_can_be_copied_and_bad_ids_get_a_kind_answer(
    client, staff, own_program, other_section, ethics_domain
):
    other_program = build_program(other_section.section, title="Lakeshore basics")
    other_module = build_module(
        other_program, title="Lakeshore only", domains=[(ethics_domain, Decimal("2"))]
    )
    client.force_login(staff)
    response = client.post(URL, {"module": other_module.pk, "destination": own_program.pk})
    assert response.status_code == 400
    for module_id in ("", "abc", "99999999999999999999999"):
        response = client.post(URL, {"module": module_id, "destination": own_program.pk})
        assert response.status_code == 400
    assert not ModulePage.objects.child_of(own_program).exists()


def test_a_trainee_cannot_open_the_statewide_admin_page(client, trainee, statewide):
    client.force_login(trainee)
    assert client.get(URL).status_code in (302, 403)
