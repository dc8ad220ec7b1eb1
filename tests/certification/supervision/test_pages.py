"""Supervision through the pages: agreements, sessions, corrections and who sees which entries."""

from django.utils import timezone

import pytest

from certification.supervision.models import (
    EntryStatus,
    PracticeLogEntry,
    SessionAttendance,
    SupervisionAgreement,
    SupervisionSession,
)
from certification.supervision.selectors import practice_entries_visible_to
from lms.accounts.models import Role
from lms.accounts.services import membership_grant
from tests.certification.conftest import days_ago
from tests.factories import person_with_role


def agreement_post(trainee, **overrides):
    data = {
        "trainee_email": trainee.email,
        "start_date": days_ago(0).isoformat(),
        "end_date": days_ago(-365).isoformat(),
        "credential_name": "Certified Peer Recovery Specialist",
        "credential_number": "CPRS-77",
        "credential_expires_on": days_ago(-500).isoformat(),
        "signature": "Sam Supervisor",
        "attestation": "on",
    }
    data.update(overrides)
    return data


def test_supervisor_creates_and_signs_an_agreement_then_the_trainee_signs(
    client, supervisor, trainee
):
    client.force_login(supervisor)
    response = client.post("/supervise/agreements/new/", agreement_post(trainee))
    assert response.status_code == 302
    agreement = SupervisionAgreement.objects.get()
    assert agreement.supervisor_signed_at and not agreement.trainee_signed_at

    client.force_login(trainee)
    assert "needs your signature" in client.get("/practice/").content.decode()
    response = client.post(
        f"/agreements/{agreement.pk}/sign/", {"signature": "Jamie Trainee", "attestation": "on"}
    )
    assert response.status_code == 302
    agreement.refresh_from_db()
    assert agreement.is_fully_signed
    assert agreement.counts_from == timezone.localdate()


def test_agreement_form_keeps_values_when_the_dates_are_backwards(client, supervisor, trainee):
    client.force_login(supervisor)
    response = client.post(
        "/supervise/agreements/new/",
        agreement_post(trainee, end_date=days_ago(10).isoformat(), credential_number="KEEP-ME"),
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "end date must be on or after" in body
    assert 'value="KEEP-ME"' in body
    assert not SupervisionAgreement.objects.exists()


def test_supervisor_cannot_make_an_agreement_with_a_trainee_of_another_organisation(
    client, supervisor, outside_trainee
):
    client.force_login(supervisor)
    response = client.post("/supervise/agreements/new/", agreement_post(outside_trainee))
    assert response.status_code == 400
    assert not SupervisionAgreement.objects.exists()


def test_the_new_agreement_page_does_not_list_the_organisations_trainees(
    client, supervisor, trainee, other_trainee
):
    client.force_login(supervisor)
    body = client.get("/supervise/agreements/new/").content.decode()
    assert 'name="trainee_email"' in body
    for person in (trainee, other_trainee):
        assert person.display_name not in body
        assert person.email not in body


def test_supervisor_proposes_an_agreement_by_the_trainees_email_in_any_case(
    client, supervisor, trainee, organization
):
    client.force_login(supervisor)
    typed = f"  {trainee.email.upper()} "
    response = client.post(
        "/supervise/agreements/new/", agreement_post(trainee, trainee_email=typed)
    )
    assert response.status_code == 302
    agreement = SupervisionAgreement.objects.get()
    assert (agreement.trainee, agreement.organization) == (trainee, organization)


@pytest.mark.parametrize(
    "whose_address",
    ["nobody", "outside_trainee", "staff", "other_supervisor", "the_supervisor", "inactive"],
)
def test_an_address_that_is_not_a_trainee_here_gets_one_kind_message_whoever_it_is(
    request, client, supervisor, organization, whose_address
):
    address = {
        "nobody": lambda: "no-such-person@example.org",
        "outside_trainee": lambda: request.getfixturevalue("outside_trainee").email,
        "staff": lambda: request.getfixturevalue("staff").email,
        "other_supervisor": lambda: person_with_role(Role.SUPERVISOR, organization).email,
        "the_supervisor": lambda: supervisor.email,
        "inactive": lambda: person_with_role(Role.TRAINEE, organization, is_active=False).email,
    }[whose_address]()
    client.force_login(supervisor)
    response = client.post(
        "/supervise/agreements/new/",
        agreement_post(supervisor, trainee_email=address, credential_number="KEEP-ME"),
    )
    assert response.status_code == 400
    assert response.context["form"].errors == {
        "trainee_email": [
            "We could not propose an agreement to this address. Check with the trainee that "
            "it is the address they sign in with, at an organisation where you supervise; your "
            "organisation's staff can also prepare the agreement for you."
        ]
    }
    body = response.content.decode()
    assert f'value="{address}"' in body
    assert 'value="KEEP-ME"' in body
    assert not SupervisionAgreement.objects.exists()


def test_a_supervisor_who_is_also_a_trainee_here_cannot_propose_to_themselves(
    client, supervisor, organization
):
    membership_grant(user=supervisor, organization=organization, role=Role.TRAINEE)
    client.force_login(supervisor)
    response = client.post("/supervise/agreements/new/", agreement_post(supervisor))
    assert response.status_code == 400
    assert "We could not propose an agreement" in response.content.decode()
    assert not SupervisionAgreement.objects.exists()


def test_someone_else_cannot_open_an_agreement_to_sign_it(client, other_trainee, agreement):
    client.force_login(other_trainee)
    assert client.get(f"/agreements/{agreement.pk}/sign/").status_code == 404


def test_supervisor_records_a_session_and_the_trainee_confirms_it(
    client, supervisor, trainee, agreement, domain
):
    client.force_login(supervisor)
    response = client.post(
        "/supervise/sessions/new/",
        {
            "date": days_ago(1).isoformat(),
            "duration_hours": "1",
            "format": "individual",
            "modality": "video",
            "trainees": [trainee.pk],
            "domains": [domain.pk],
        },
    )
    assert response.status_code == 302
    attendance = SessionAttendance.objects.get()
    client.force_login(trainee)
    client.post(f"/practice/sessions/{attendance.pk}/confirm/")
    attendance.refresh_from_db()
    assert attendance.confirmed_at is not None
    assert SupervisionSession.objects.get().domains.get() == domain


def test_session_with_zero_hours_is_refused_on_the_form(client, supervisor, trainee, agreement):
    client.force_login(supervisor)
    response = client.post(
        "/supervise/sessions/new/",
        {
            "date": days_ago(1).isoformat(),
            "duration_hours": "0",
            "format": "individual",
            "modality": "video",
            "trainees": [trainee.pk],
        },
    )
    assert response.status_code == 400
    assert "above zero" in response.content.decode()


def test_trainee_starts_a_correction_of_a_signed_entry(client, trainee, approved_entry):
    client.force_login(trainee)
    page = client.get(f"/practice/entries/{approved_entry.pk}/").content.decode()
    assert "Start a correction" in page
    response = client.post(f"/practice/entries/{approved_entry.pk}/correct/")
    correction = PracticeLogEntry.objects.exclude(pk=approved_entry.pk).get()
    assert response.url == f"/practice/entries/{correction.pk}/"
    assert correction.corrects == approved_entry


def test_posting_changes_to_a_signed_entry_changes_nothing(client, trainee, approved_entry):
    client.force_login(trainee)
    client.post(
        f"/practice/entries/{approved_entry.pk}/",
        {
            "date": approved_entry.date.isoformat(),
            "duration_hours": "9",
            "domain": approved_entry.domain_id,
            "setting": "community",
            "activity_type": "outreach",
            "modality": "phone",
            "description": "Changed afterwards",
            "action": "save",
        },
    )
    approved_entry.refresh_from_db()
    assert approved_entry.description != "Changed afterwards"


@pytest.mark.parametrize(
    ("viewer", "sees_draft", "sees_submitted"),
    [
        ("trainee", True, True),
        ("supervisor", False, True),
        ("staff", False, True),
        ("other_staff", False, False),
        ("other_trainee", False, False),
    ],
)
def test_entry_scope_by_role(
    request, make_entry, trainee, agreement, viewer, sees_draft, sees_submitted
):
    draft = make_entry(trainee=trainee, submit=False, date=days_ago(2))
    submitted = make_entry(trainee=trainee, date=days_ago(3))
    visible = set(practice_entries_visible_to(request.getfixturevalue(viewer)))
    assert (draft in visible, submitted in visible) == (sees_draft, sees_submitted)
    assert submitted.status == EntryStatus.SUBMITTED


def test_staff_prepare_an_agreement_both_sides_then_sign(
    client, staff, trainee, supervisor, organization
):
    client.force_login(staff)
    assert "Prepare a supervision agreement" in client.get("/staff/").content.decode()
    response = client.post(
        "/staff/agreements/new/",
        {
            "organization": organization.pk,
            "trainee": trainee.pk,
            "supervisor": supervisor.pk,
            "start_date": days_ago(0).isoformat(),
            "end_date": days_ago(-365).isoformat(),
            "credential_name": "CPRS",
            "credential_number": "CPRS-9",
            "credential_expires_on": days_ago(-400).isoformat(),
        },
    )
    assert response.status_code == 302
    agreement = SupervisionAgreement.objects.get()
    assert not agreement.supervisor_signed_at and not agreement.trainee_signed_at
    client.force_login(supervisor)
    assert "waiting for your signature" in client.get("/supervise/").content.decode()


def test_staff_cannot_prepare_an_agreement_for_another_organisations_trainee(
    client, staff, outside_trainee, supervisor, organization
):
    client.force_login(staff)
    response = client.post(
        "/staff/agreements/new/",
        {
            "organization": organization.pk,
            "trainee": outside_trainee.pk,
            "supervisor": supervisor.pk,
            "start_date": days_ago(0).isoformat(),
            "end_date": days_ago(-365).isoformat(),
            "credential_name": "CPRS",
            "credential_number": "CPRS-9",
            "credential_expires_on": days_ago(-400).isoformat(),
        },
    )
    assert response.status_code == 400
    assert not SupervisionAgreement.objects.exists()


def test_staff_home_counts_agreements_and_entries_waiting(client, staff, submitted_entry):
    client.force_login(staff)
    body = client.get("/staff/").content.decode()
    assert "0 agreements are waiting for signatures." in body
    assert "1 practice entry is waiting for a supervisor" in body
