"""Curriculum review: staff submit, a reviewer of the same organisation approves or asks for
changes; reviewers of another organisation can do neither."""

from django.urls import reverse

import pytest

from curriculum.models import ModulePage
from lms.accounts.models import Role
from tests.curriculum.admin_forms import module_form_data
from tests.factories import person_with_role


@pytest.fixture
def reviewer(organization, own_section):
    return person_with_role(Role.ORG_ADMIN, organization, display_name="Rene Reviewer")


@pytest.fixture
def other_reviewer(other_organization, other_section):
    return person_with_role(Role.ORG_ADMIN, other_organization, display_name="Lee Elsewhere")


@pytest.fixture
def submitted_module(client, staff, own_program, ethics_domain):
    """A module a staff member created in the editor and submitted to review."""
    client.force_login(staff)
    data = module_form_data(
        title="Peer ethics refresher",
        contact_hours="2",
        domains=[(ethics_domain, "2")],
        **{"action-submit": "Submit for review"},
    )
    url = reverse("wagtailadmin_pages:add", args=["curriculum", "modulepage", own_program.pk])
    response = client.post(url, data)
    assert response.status_code == 302
    client.logout()
    return ModulePage.objects.get(slug="peer-ethics-refresher")


def _act(client, user, page, action, comment=""):
    client.force_login(user)
    task_state = page.current_workflow_task_state
    url = reverse("wagtailadmin_pages:workflow_action", args=[page.pk, action, task_state.pk])
    return client.post(url, {"comment": comment})


def test_staff_submission_starts_the_sections_review_workflow(submitted_module, own_section):
    workflow_state = submitted_module.current_workflow_state
    assert workflow_state is not None
    assert workflow_state.workflow == own_section.section.get_workflow()
    assert workflow_state.workflow.name == "Curriculum review: Riverside Recovery Community"
    assert not submitted_module.live


def test_reviewer_of_the_same_organisation_approves_and_the_module_is_published(
    client, submitted_module, reviewer
):
    response = _act(client, reviewer, submitted_module, "approve")
    assert response.status_code in (200, 302)
    submitted_module.refresh_from_db()
    assert submitted_module.live
    assert submitted_module.current_workflow_state is None
    public = client.get(submitted_module.url)
    assert public.status_code == 200
    assert "Peer ethics refresher" in public.content.decode()


def test_reviewer_can_request_changes_with_a_comment(client, submitted_module, reviewer):
    _act(client, reviewer, submitted_module, "reject", comment="Please add a content note.")
    submitted_module.refresh_from_db()
    assert not submitted_module.live
    task_state = submitted_module.workflow_states.get().current_task_state
    assert task_state.status == "rejected"
    assert task_state.comment == "Please add a content note."


def test_reviewer_of_another_organisation_cannot_approve(client, submitted_module, other_reviewer):
    response = _act(client, other_reviewer, submitted_module, "approve")
    assert response.status_code in (302, 403)
    submitted_module.refresh_from_db()
    assert not submitted_module.live
    assert submitted_module.current_workflow_task_state.status == "in_progress"


def test_reviewer_of_another_organisation_is_not_asked_to_review(
    submitted_module, reviewer, other_reviewer
):
    from wagtail.models import TaskState

    assert TaskState.objects.reviewable_by(reviewer).count() == 1
    assert TaskState.objects.reviewable_by(other_reviewer).count() == 0


def test_the_author_cannot_approve_their_own_submission(client, submitted_module, staff):
    _act(client, staff, submitted_module, "approve")
    submitted_module.refresh_from_db()
    assert not submitted_module.live


def test_scheduled_module_goes_live_when_the_periodic_task_runs(submitted_module, reviewer):
    from datetime import timedelta

    from django.utils import timezone

    from curriculum.tasks import publish_scheduled_pages

    submitted_module.go_live_at = timezone.now() + timedelta(minutes=5)
    submitted_module.save_revision(user=reviewer).publish(user=reviewer)
    publish_scheduled_pages.delay()
    submitted_module.refresh_from_db()
    assert not submitted_module.live

    # Five minutes pass: move the scheduled time into the past instead of waiting.
    past = timezone.now() - timedelta(minutes=1)
    revision = submitted_module.scheduled_revision
    revision.approved_go_live_at = past
    revision.content["go_live_at"] = past.isoformat()
    revision.save(update_fields=["approved_go_live_at", "content"])
    publish_scheduled_pages.delay()
    submitted_module.refresh_from_db()
    assert submitted_module.live


def test_approving_in_the_editor_says_the_module_was_approved_and_published(
    client, submitted_module, reviewer, ethics_domain
):
    client.force_login(reviewer)
    data = module_form_data(
        title="Peer ethics refresher",
        contact_hours="2",
        domains=[(ethics_domain, "2")],
        **{"action-workflow-action": "true", "workflow-action-name": "approve"},
    )
    url = reverse("wagtailadmin_pages:edit", args=[submitted_module.pk])
    response = client.post(url, data, follow=True)
    submitted_module.refresh_from_db()
    assert submitted_module.live
    page = response.content.decode()
    assert "“Peer ethics refresher” was approved and is now published." in page
    assert "has been updated" not in page
