"""Credential definitions in the Wagtail admin: who may edit, inline requirements, versions."""

from django.utils import translation

from wagtail.test.utils.form_data import inline_formset, nested_form_data

import pytest

from certification.credentials.models import CredentialDefinition, DefinitionStatus
from certification.credentials.seed import seed_credential_definitions
from certification.credentials.services import credential_definition_freeze
from certification.rules.kinds import RequirementKind
from curriculum.models import Topic
from curriculum.starter import seed_current_taxonomy

pytestmark = pytest.mark.django_db

URLS = "/admin/snippets/certification/credentialdefinition"


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.fixture
def seeded(db):
    if not Topic.objects.exists():
        seed_current_taxonomy()
    seed_credential_definitions()
    return CredentialDefinition.objects.get(code="icrc_pr")


@pytest.fixture
def admin_client(client, superuser):
    client.force_login(superuser)
    return client


def definition_form(**overrides):
    data = {
        "code": "test_credential",
        "name": "Test credential",
        "issuing_body": "Test board",
        "description": "",
        "effective_from": "2026-01-01",
        "effective_to": "",
        "validity_months": "24",
        "reapplication_wait_days": "0",
        "issuance": "board",
        "status": DefinitionStatus.DRAFT,
        "requirements": inline_formset(
            [
                {
                    "kind": RequirementKind.EDUCATION_HOURS,
                    "purpose": "initial",  # the form's default: to earn the credential
                    "title": "",
                    "hours": "60",
                    "subset_topic": str(Topic.objects.get(slug="peer-recovery-specific").pk),
                    "subset_hours": overrides.pop("subset_hours", "48"),
                }
            ]
        ),
    }
    data.update(overrides)
    return nested_form_data(data)


def test_superuser_lists_the_seeded_credentials(admin_client, seeded):
    response = admin_client.get(f"{URLS}/")
    assert response.status_code == 200
    assert "IC&amp;RC Peer Recovery (PR)" in response.content.decode()
    assert "New version" in response.content.decode()


def test_rco_staff_without_the_permission_cannot_edit_board_rules(client, staff, seeded):
    client.force_login(staff)
    assert client.get(f"{URLS}/").status_code in {302, 403}
    assert client.get(f"{URLS}/edit/{seeded.pk}/").status_code in {302, 403}
    assert client.post(f"{URLS}/new-version/{seeded.pk}/").status_code in {302, 403}
    assert CredentialDefinition.objects.filter(code="icrc_pr").count() == 1


def test_edit_form_has_the_requirements_inline(admin_client, seeded):
    response = admin_client.get(f"{URLS}/edit/{seeded.pk}/")
    assert response.status_code == 200
    assert 'name="requirements-TOTAL_FORMS"' in response.content.decode()


def test_create_a_definition_with_a_requirement(admin_client, seeded):
    response = admin_client.post(f"{URLS}/add/", definition_form())
    assert response.status_code == 302
    created = CredentialDefinition.objects.get(code="test_credential")
    (requirement,) = created.requirements.all()
    assert (requirement.hours, requirement.subset_hours) == (60, 48)


def test_inconsistent_requirement_shows_a_clear_message(admin_client, seeded):
    response = admin_client.post(f"{URLS}/add/", definition_form(subset_hours="70"))
    assert response.status_code == 200
    assert "The subset cannot be larger than the minimum hours (60)." in response.content.decode()
    assert not CredentialDefinition.objects.filter(code="test_credential").exists()


def test_a_version_in_use_opens_read_only(admin_client, seeded):
    credential_definition_freeze(definition=seeded)
    response = admin_client.get(f"{URLS}/edit/{seeded.pk}/")
    assert response.status_code == 302
    assert response.url == f"{URLS}/inspect/{seeded.pk}/"
    response = admin_client.post(f"{URLS}/edit/{seeded.pk}/", definition_form(code="icrc_pr"))
    assert response.status_code == 302
    seeded.refresh_from_db()
    assert seeded.name == "IC&RC Peer Recovery (PR)"


def test_new_version_from_the_admin(admin_client, seeded):
    confirm = admin_client.get(f"{URLS}/new-version/{seeded.pk}/")
    assert "Make version 2" in confirm.content.decode()
    response = admin_client.post(f"{URLS}/new-version/{seeded.pk}/")
    copy = CredentialDefinition.objects.get(code="icrc_pr", version=2)
    assert response.status_code == 302
    assert response.url == f"{URLS}/edit/{copy.pk}/"
    assert copy.requirements.count() == seeded.requirements.count()


def test_credential_editors_group_may_edit(client, staff, seeded):
    from certification.credentials.services import credential_editors_group

    staff.groups.add(credential_editors_group())
    client.force_login(staff)
    assert client.get(f"{URLS}/edit/{seeded.pk}/").status_code == 200
    assert client.post(f"{URLS}/new-version/{seeded.pk}/").status_code == 302
    assert CredentialDefinition.objects.filter(code="icrc_pr", version=2).exists()
