"""Likely identifiers of people served in hours-log text (issue 17 item 4): each kind is caught,
plain descriptions of a peer's work pass, in English and Spanish."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.urls import reverse

import pytest

from certification.supervision import services, sessions
from certification.supervision.identifiers import find_identifiers
from certification.supervision.models import PracticeLogEntry
from tests.certification.conftest import days_ago, entry_values
from tests.certification.supervision.test_api import entry_body, token_client

CAUGHT = [
    ("Called her back at (312) 555-0142 to check in.", "phone", "(312) 555-0142"),
    ("Gave my number 312-555-0142 to the front desk.", "phone", "312-555-0142"),
    ("Texted 773.555.0199 about the meeting time.", "phone", "773.555.0199"),
    ("Le llamé al +1 312 555 0142 para acompañarlo.", "phone", "+1 312 555 0142"),
    ("Emailed jordan.r@example.org the meeting list.", "email", "jordan.r@example.org"),
    ("Intake for a man, DOB 03/14/1987, at the ED.", "birth_date", "DOB 03/14/1987"),
    ("Person born on March 3, 1987 asked about housing.", "birth_date", "born on March 3, 1987"),
    (
        "Mujer nacida el 3 de marzo de 1987 pidió apoyo.",
        "birth_date",
        "nacida el 3 de marzo de 1987",
    ),
    ("Walked with him to 4500 N Sheridan Rd for intake.", "address", "4500 N Sheridan Rd"),
    ("Met at 123 Main Street after the group.", "address", "123 Main Street"),
    ("Lo acompañé a la calle Ashland 1200 para su cita.", "address", "calle Ashland 1200"),
    ("Reviewed the plan for MRN 4481923 with the nurse.", "record_number", "MRN 4481923"),
    ("Case #20931 asked for a ride to court.", "record_number", "Case #20931"),
    ("Expediente 558812 pidió una reunión.", "record_number", "Expediente 558812"),
    ("Supported Maria Lopez after her discharge.", "name", "Maria Lopez"),
    ("Helped John Smith fill in the housing form.", "name", "John Smith"),
    ("Acompañé a Rosa Medina a su primera reunión.", "name", "Rosa Medina"),
]

PLAIN = [
    "Co-facilitated a recovery support group on coping skills at the drop-in centre.",
    "Helped a person in early recovery plan their first week back at work.",
    "One-to-one peer support in the emergency department after an overdose reversal.",
    "Attended a SMART Recovery meeting with a participant and debriefed afterwards.",
    "Connected a person to the Recovery Community Center and Narcotics Anonymous.",
    "Drove to the County Health Department for a naloxone training, 2 hours.",
    "Met on Monday at the Recovery Café to set goals for March.",
    "Apoyo entre pares en la sala de emergencias después de una sobredosis.",
    "Acompañé a una persona a su primera reunión de ayuda mutua en el Centro Comunitario.",
    "Facilité un grupo de apoyo sobre el manejo del estrés, 1.5 horas.",
    "Shared my recovery story at the Illinois peer network event in Springfield.",
]


@pytest.mark.parametrize(("text", "kind", "found"), CAUGHT)
def test_each_kind_of_identifier_is_found(text, kind, found):
    assert (kind, found) in {(f.kind, f.found) for f in find_identifiers(text)}


@pytest.mark.parametrize("text", PLAIN)
def test_plain_descriptions_of_peer_work_pass(text):
    assert find_identifiers(text) == []


# ------------------------------------------------------------------------------
# Where it is checked: services (web, API), shown to the writer, flagged to the supervisor
# ------------------------------------------------------------------------------
NAMED = "Walked Maria Lopez to her first mutual-help meeting."


def test_an_entry_naming_someone_is_refused_until_the_trainee_confirms(trainee, agreement, domain):
    with pytest.raises(ValidationError) as excinfo:
        services.practice_entry_create(trainee=trainee, **entry_values(domain, description=NAMED))
    error = excinfo.value.error_dict["description"][0]
    assert error.code == "possible_identifier"
    assert "Maria Lopez" in excinfo.value.message_dict["description"][0]
    assert not PracticeLogEntry.objects.exists()
    entry = services.practice_entry_create(
        trainee=trainee, identifiers_confirmed=True, **entry_values(domain, description=NAMED)
    )
    assert entry.identifier_kinds == ["name"]


def test_a_plain_entry_carries_no_flag(trainee, agreement, domain):
    entry = services.practice_entry_create(trainee=trainee, **entry_values(domain))
    assert entry.identifier_kinds == []


def test_editing_a_draft_checks_the_new_description(trainee, draft_entry):
    with pytest.raises(ValidationError):
        services.practice_entry_update(
            entry=draft_entry, trainee=trainee, description="Called 312-555-0142 back."
        )
    draft_entry.refresh_from_db()
    assert "312" not in draft_entry.description


def test_the_web_form_names_what_it_found_keeps_the_text_and_offers_the_confirmation(
    client, trainee, supervisor, agreement, domain
):
    client.force_login(trainee)
    values = entry_values(domain, description=NAMED)
    form = {**values, "domain": domain.pk, "date": values["date"].isoformat(), "action": "submit"}
    response = client.post(reverse("certification:practice_entry_create"), form)
    page = response.content.decode()
    assert response.status_code == 400
    assert "Maria Lopez" in page and 'name="identifiers_confirmed"' in page
    assert NAMED in page
    response = client.post(
        reverse("certification:practice_entry_create"), {**form, "identifiers_confirmed": "on"}
    )
    assert response.status_code == 302
    entry = PracticeLogEntry.objects.get()
    assert entry.identifier_kinds == ["name"]
    # The supervisor sees the flag beside the description.
    client.force_login(supervisor)
    queue = client.get(reverse("certification:supervise_home")).content.decode()
    assert "confirmed it is not about a person served" in queue


def test_the_form_asks_nothing_extra_for_a_plain_description(client, trainee, agreement):
    client.force_login(trainee)
    page = client.get(reverse("certification:practice_home")).content.decode()
    assert 'name="identifiers_confirmed"' not in page


def test_the_api_refuses_then_accepts_with_the_confirmation(trainee, agreement, domain):
    client = token_client(trainee)
    body = entry_body(domain, description="Emailed the plan to jordan.r@example.org.")
    refused = client.post("/api/v1/practice-entries/", body, format="json")
    assert refused.status_code == 400
    assert "jordan.r@example.org" in refused.json()["errors"]["description"][0]
    accepted = client.post(
        "/api/v1/practice-entries/", {**body, "identifiers_confirmed": True}, format="json"
    )
    assert accepted.status_code == 201
    assert accepted.json()["identifier_kinds"] == ["email"]


def test_session_notes_are_checked_too(supervisor, trainee, agreement, domain):
    values = {
        "supervisor": supervisor,
        "date": days_ago(2),
        "duration_hours": Decimal("1"),
        "format": "individual",
        "modality": "in_person",
        "domains": [domain],
        "trainees": [trainee],
        "notes": "Talked through the visit to 4500 N Sheridan Rd.",
    }
    with pytest.raises(ValidationError) as excinfo:
        sessions.supervision_session_record(**values)
    assert "4500 N Sheridan Rd" in excinfo.value.message_dict["notes"][0]
    session = sessions.supervision_session_record(**values, identifiers_confirmed=True)
    assert session.notes_identifier_kinds == ["address"]
