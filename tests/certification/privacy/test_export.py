"""A copy of a person's data: every kind of record about them, nobody else's, for 7 days."""

import datetime

from django.urls import reverse
from django.utils import timezone

import pytest

from certification.models import AuditEvent
from certification.privacy import services
from certification.privacy.export import KINDS, export_build
from certification.privacy.models import DataExport, ExportStatus
from lms.accounts.models import Role
from tests.certification.privacy.conftest import (
    OTHER_DESCRIPTION,
    OWN_DESCRIPTION,
    json_files,
    read_zip,
)
from tests.factories import person_with_role

pytestmark = pytest.mark.django_db


@pytest.fixture
def built(django_capture_on_commit_callbacks):
    """Ask for a copy and let the task build it, as the worker would after the commit."""

    def build(person, *, by=None, reason=""):
        with django_capture_on_commit_callbacks(execute=True):
            export = services.export_request(
                person=person, requested_by=by or person, reason=reason
            )
        export.refresh_from_db()
        return export

    return build


def _download(client, export) -> bytes:
    response = client.get(reverse("certification:privacy_export_download", args=[export.pk]))
    assert response.status_code == 200
    return b"".join(response.streaming_content)


def test_a_trainee_gets_every_kind_of_record_and_their_documents(
    client, trainee, lived_in, django_capture_on_commit_callbacks
):
    client.force_login(trainee)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("certification:privacy_export_create"), follow=True)
    assert "preparing a copy of your data" in response.content.decode()
    export = DataExport.objects.get(person=trainee)
    # Tasks run at once in tests: the copy is ready, for 7 days.
    assert export.status == ExportStatus.READY and export.progress == 100
    assert export.expires_at - export.finished_at == datetime.timedelta(days=7)

    files = read_zip(_download(client, export))
    assert {kind.filename for kind in KINDS} <= set(files)
    assert {"documents/transcript.pdf", "documents/supervised-hours-log.pdf"} <= set(files)
    assert files["documents/transcript.pdf"].startswith(b"%PDF")
    data = json_files(files)
    assert data["profile.json"]["email"] == trainee.email
    assert [e["description"] for e in data["practice_entries.json"]] == [
        OWN_DESCRIPTION,
        "A draft never sent.",
    ]
    assert [r["text"] for r in data["reflections.json"]] == ["What hope means to me today."]
    assert data["notices.json"][0]["subject"] == "Hello"
    assert data["module_completions.json"][0]["domain_hours"][0]["hours"] == "6.00"
    assert data["supervision_agreements.json"][0]["supervisor_name"] == "Sam Supervisor"
    actions = {event["action"] for event in data["audit_events.json"]}
    assert {"practice.create", "practice.submit", "practice.approve"} <= actions


def test_the_copy_holds_nothing_about_another_trainee_of_the_same_supervisor(
    trainee, other_trainee, lived_in, built
):
    export = built(trainee)
    with export.file.open("rb") as handle:
        files = read_zip(handle.read())
    text = b"".join(body for name, body in files.items() if not name.endswith(".pdf")).decode()
    for trace in (
        OTHER_DESCRIPTION,
        other_trainee.display_name,
        other_trainee.email,
        "Casey's private reflection.",
        "Casey's module",
    ):
        assert trace not in text
    other_entry_ids = {str(lived_in["other_entry"].pk)}
    events = json_files(files)["audit_events.json"]
    assert not [
        e
        for e in events
        if e["target_type"] == "certification.practicelogentry"
        and e["target_id"] in other_entry_ids
    ]


def test_no_secrets_travel_in_the_copy(trainee, lived_in, built):
    from lms.accounts.services import access_token_create

    access_token_create(user=trainee, name="My script", scope="read")
    export = built(trainee)
    with export.file.open("rb") as handle:
        data = json_files(read_zip(handle.read()))
    assert "password" not in data["profile.json"]
    assert data["access_tokens.json"][0]["name"] == "My script"
    assert "digest" not in data["access_tokens.json"][0]


def test_only_the_person_downloads_and_only_for_seven_days(
    client, trainee, other_trainee, staff, lived_in, built
):
    export = built(trainee)
    url = reverse("certification:privacy_export_download", args=[export.pk])
    for someone in (other_trainee, staff):
        client.force_login(someone)
        assert client.get(url).status_code == 404
    client.force_login(trainee)
    _download(client, export)
    assert AuditEvent.objects.filter(action="privacy.export_download", actor=trainee).count() == 1
    DataExport.objects.filter(pk=export.pk).update(expires_at=timezone.now())
    assert client.get(url).status_code == 404


def test_asking_again_while_a_copy_is_prepared_returns_that_copy(trainee):
    first = DataExport.objects.create(person=trainee, requested_by=trainee)
    assert services.export_request(person=trainee, requested_by=trainee) == first


def test_the_request_is_audited_with_who_asked(trainee, lived_in, built):
    export = built(trainee)
    event = AuditEvent.objects.get(action="privacy.export")
    assert (event.actor_id, event.target_id) == (trainee.pk, str(export.pk))
    assert event.after == {"person_id": trainee.pk, "on_behalf": False}


def test_the_status_line_shows_progress_then_the_link(client, trainee):
    export = DataExport.objects.create(
        person=trainee, requested_by=trainee, status=ExportStatus.BUILDING, progress=40
    )
    client.force_login(trainee)
    url = reverse("certification:privacy_export_status", args=[export.pk])
    body = client.get(url).content.decode()
    assert 'value="40"' in body and "hx-get" in body
    export_build(export_id=export.pk)
    body = client.get(url).content.decode()
    assert "Download the copy" in body and "hx-get" not in body


# ------------------------------------------------------------------------------
# Staff, for a trainee who has no email
# ------------------------------------------------------------------------------
@pytest.fixture
def trainee_without_email(organization):
    return person_with_role(Role.TRAINEE, organization, display_name="Dee Nomail", email=None)


def test_staff_prepare_a_copy_with_a_reason_and_may_download_it(
    client, staff, trainee_without_email, django_capture_on_commit_callbacks
):
    client.force_login(staff)
    url = reverse("certification:staff_export", args=[trainee_without_email.pk])
    refused = client.post(url, {"reason": "  "})
    assert refused.status_code == 200
    assert "Say why" in refused.content.decode()
    assert not DataExport.objects.exists()

    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"reason": "Asked for it at the front desk today."})
    export = DataExport.objects.get(person=trainee_without_email)
    assert export.requested_by == staff
    assert export.reason == "Asked for it at the front desk today."
    event = AuditEvent.objects.get(action="privacy.export")
    assert event.after == {"person_id": trainee_without_email.pk, "on_behalf": True}
    files = read_zip(_download(client, export))
    assert json_files(files)["profile.json"]["display_name"] == "Dee Nomail"


def test_staff_cannot_ask_for_someone_with_an_email_or_outside_their_organisation(
    client, staff, trainee, outside_trainee
):
    client.force_login(staff)
    for person in (trainee, outside_trainee):
        url = reverse("certification:staff_export", args=[person.pk])
        assert client.get(url).status_code == 404
