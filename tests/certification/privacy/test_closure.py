"""Closing an account: nothing changes in the grace period, cancelling keeps everything, and
afterwards the person is a number, what boards rely on is still there, and the chain holds."""

import datetime

from django.contrib.auth import authenticate
from django.urls import reverse
from django.utils import timezone

import pytest

from certification.audit import verify_chain
from certification.issuance.services import (
    credential_application_approve,
    credential_application_submit,
)
from certification.models import AuditEvent, Notice
from certification.privacy import services
from certification.privacy.models import AccountClosure
from certification.supervision.models import EntryStatus, PracticeLogEntry
from lms.learning.models import ReflectionDraft
from tests.certification.issuance.test_applications import make_definition, meet

pytestmark = pytest.mark.django_db

PASSWORD = "a long enough passphrase 42"


@pytest.fixture
def credential(trainee, staff):
    meet(trainee)
    application = credential_application_submit(
        applicant=trainee, definition=make_definition(code="privacy_cred")
    )
    return credential_application_approve(application=application, reviewer=staff)


def _ask_to_close(client, trainee):
    client.force_login(trainee)
    page = client.get(reverse("certification:account_close")).content.decode()
    # Said plainly before anything happens: what goes, what stays, and the grace period.
    for words in ("What is deleted", "What is kept, and why", "14 days", "Former trainee"):
        assert words in page
    refused = client.post(reverse("certification:account_close"), {})
    assert "Tick the box to confirm" in refused.content.decode()
    assert not AccountClosure.objects.exists()
    client.post(reverse("certification:account_close"), {"understood": "on"})
    return AccountClosure.objects.get(person=trainee)


def test_asking_changes_nothing_and_cancelling_keeps_everything(
    client, trainee, lived_in, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        closure = _ask_to_close(client, trainee)
    # The person hears it by email, with the way to keep the account.
    closing = [m for m in mailoutbox if "set to close" in m.subject]
    assert [message.to for message in closing] == [[trainee.email]]
    assert "Keep my account" in closing[0].body
    assert Notice.objects.filter(recipient=trainee, subject__contains="set to close").exists()
    assert closure.closes_on == timezone.localdate() + datetime.timedelta(days=14)
    assert services.closures_complete_due(today=closure.closes_on - datetime.timedelta(days=1)) == 0
    trainee.refresh_from_db()
    assert trainee.email and trainee.is_active
    assert ReflectionDraft.objects.filter(user=trainee).exists()

    response = client.post(reverse("certification:account_close_cancel"), follow=True)
    assert "Your account stays open" in response.content.decode()
    assert not AccountClosure.objects.exists()
    assert services.closures_complete_due(today=closure.closes_on) == 0
    trainee.refresh_from_db()
    assert trainee.is_active and trainee.display_name == "Jamie Trainee"
    assert PracticeLogEntry.objects.filter(trainee=trainee).count() == 2
    assert Notice.objects.filter(recipient=trainee).exists()
    assert list(
        AuditEvent.objects.filter(target_id=str(trainee.pk), action__startswith="account.")
        .order_by("pk")
        .values_list("action", flat=True)
    ) == ["account.close_request", "account.close_cancel"]


def test_after_the_grace_period_the_account_is_pseudonymised(client, trainee, lived_in, credential):
    trainee.set_password(PASSWORD)
    trainee.save()
    email = trainee.email
    closure = _ask_to_close(client, trainee)
    signed = lived_in["entry"]

    assert services.closures_complete_due(today=closure.closes_on) == 1
    trainee.refresh_from_db()
    assert trainee.display_name == f"Former trainee {trainee.pk}"
    assert trainee.email is None and not trainee.is_active
    assert not trainee.has_usable_password()
    assert authenticate(email=email, password=PASSWORD) is None
    # The session of that browser ended too.
    assert client.get(reverse("lms:account_home")).status_code == 302

    # Deleted: reflections, messages, the entry nobody signed; answers emptied.
    assert not ReflectionDraft.objects.filter(user=trainee).exists()
    assert not Notice.objects.filter(recipient=trainee).exists()
    assert not PracticeLogEntry.objects.filter(pk=lived_in["draft"].pk).exists()
    # Kept: the signed entry exactly as signed, and the credential's public verification.
    signed_now = PracticeLogEntry.objects.get(pk=signed.pk)
    assert signed_now.status == EntryStatus.APPROVED
    assert signed_now.description == signed.description
    verification = client.get(reverse("lms:verify", args=[credential.verification_code]))
    assert verification.status_code == 200
    assert credential.number in verification.content.decode()
    assert verify_chain().ok
    closure.refresh_from_db()
    assert closure.removed["reflections"] == 1 and closure.removed["notices"] == 1
    # Running again changes nothing.
    assert services.closures_complete_due(today=closure.closes_on) == 0


def test_the_supervisor_still_reads_the_signed_entry_under_the_former_name(
    client, trainee, supervisor, lived_in
):
    closure = services.closure_request(person=trainee)
    services.closures_complete_due(today=closure.closes_on)
    client.force_login(supervisor)
    response = client.get("/api/v1/practice-entries/", HTTP_ACCEPT="application/json")
    assert response.status_code == 200
    rows = {row["id"]: row for row in response.json()["results"]}
    signed = rows[lived_in["entry"].pk]
    assert signed["status"] == "approved"
    assert signed["trainee_name"] == f"Former trainee {trainee.pk}"


def test_audit_events_hold_people_by_id_so_a_new_name_changes_no_hash(trainee, lived_in):
    event = AuditEvent.objects.filter(actor=trainee).latest("pk")
    assert event.actor_name == ""
    stored_hash = event.hash
    closure = services.closure_request(person=trainee)
    services.closures_complete_due(today=closure.closes_on)
    event.refresh_from_db()
    assert event.hash == stored_hash
    assert event.actor_label == f"Former trainee {trainee.pk}"
