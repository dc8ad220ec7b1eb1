"""Hostile and mistyped input (issue 22, findings 3, 6 and 7): each answers 4xx with a message
a person can act on, never a 500; the web forms and the API apply the same rules.

The walk over every URL and form is tests/test_fuzz_forms_and_urls.py; these are the cases the
security review named, one behaviour each.
"""

import datetime
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone, translation

import pytest
from rest_framework.test import APIClient

from certification.external_training.models import ExternalTraining
from certification.supervision.models import (
    PracticeLogEntry,
    SupervisionAgreement,
    SupervisionSession,
)
from curriculum.input_limits import MAX_ID, IdConverter, plausible_date_range
from curriculum.models import CompetencyDomain, Topic
from curriculum.selectors import search_words
from curriculum.starter import seed_current_taxonomy
from lms.accounts.models import PersonalAccessToken
from lms.accounts.services import access_token_create
from tests.certification.conftest import days_ago, make_signed_agreement

pytestmark = pytest.mark.django_db

TOO_BIG_ID = str(MAX_ID + 1)  # 9223372036854775808
TWENTY_NINES = "9" * 20
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.fixture
def domain(db):
    if not CompetencyDomain.objects.exists():
        seed_current_taxonomy()
    return CompetencyDomain.objects.order_by("pk").first()


@pytest.fixture
def agreement(trainee, supervisor, organization):
    return make_signed_agreement(trainee=trainee, supervisor=supervisor, organization=organization)


def entry_form(domain, /, **overrides):
    data = {
        "date": days_ago(1).isoformat(),
        "duration_hours": "1.5",
        "domain": domain.pk,
        "setting": "community",
        "activity_type": "one_to_one",
        "modality": "phone",
        "description": "Check-in call about a peer's recovery plan.",
        "action": "draft",
    }
    data.update(overrides)
    return data


def session_form(trainee, **overrides):
    data = {
        "date": days_ago(2).isoformat(),
        "duration_hours": "1",
        "format": "individual",
        "modality": "phone",
        "trainees": [trainee.pk],
    }
    data.update(overrides)
    return data


def token_client(user):
    _token, secret = access_token_create(
        user=user, name="hostile input", scope=PersonalAccessToken.Scope.WRITE
    )
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {secret}")
    return client


def page_text(response) -> str:
    return response.content.decode()


# ------------------------------------------------------------------------------
# Finding 3: inputs that answered 500
# ------------------------------------------------------------------------------
@pytest.fixture
def catalogue(organization, domain):
    """/curriculum/ with one published module and lesson, so a search reaches the index."""
    from curriculum.editorial import statewide_section_ensure
    from lms.curriculum_sections import organization_curriculum_ensure
    from tests.curriculum.builders import build_lesson, build_module, build_program

    statewide_section_ensure()
    section = organization_curriculum_ensure(organization=organization)
    program = build_program(section.section, title="Peer basics")
    module = build_module(program, title="Safety first", domains=[(domain, Decimal("2"))])
    build_lesson(module, title="Grounding together", text="Grounding after trauma")
    return program


@pytest.mark.parametrize("typed", ['"', 'a"b', '""', "'", "*", "(", "a:b", "NEAR(", "-x"])
def test_curriculum_search_with_quotes_and_operators_answers_without_error(
    client, catalogue, typed
):
    response = client.get("/curriculum/", {"q": typed})
    assert response.status_code == 200


def test_curriculum_search_with_punctuation_only_asks_for_a_word(client, catalogue):
    response = client.get("/curriculum/", {"q": '"'})
    assert response.context["search"].form.errors["q"] == [
        "Search with at least one word or number."
    ]


def test_search_reaches_the_database_as_words_only():
    assert search_words('"trauma-informed" care OR (harm*)') == "trauma informed care OR harm"
    assert search_words('"') == ""


def test_a_verification_code_with_a_slash_is_explained_not_an_error(client):
    response = client.get("/verify/", {"code": "a/b"})
    assert response.status_code == 400
    assert "only letters, digits and dashes" in page_text(response)
    assert 'value="a/b"' in page_text(response)  # what was typed stays in the box


def test_a_well_formed_verification_code_still_leads_to_its_page(client):
    response = client.get("/verify/", {"code": "tr abcd efgh"})
    assert response.status_code == 302
    assert response["Location"] == "/verify/TR-ABCD-EFGH/"


@pytest.mark.parametrize("code", ["%00", "%22%27", "x" * 300])
def test_a_verification_address_with_a_code_no_document_can_have_answers_404(client, code):
    assert client.get(f"/verify/{code}/").status_code == 404
    assert APIClient().get(f"/api/v1/verify/{code}/").status_code == 404


@pytest.mark.parametrize("kind", ["programs", "modules", "lessons"])
@pytest.mark.parametrize("number", [TOO_BIG_ID, TWENTY_NINES, "9" * 300])
def test_ids_beyond_64_bits_in_learning_addresses_answer_404(client, trainee, kind, number):
    client.force_login(trainee)
    assert client.get(f"/learn/{kind}/{number}/").status_code == 404


def test_the_id_converter_matches_every_id_a_row_can_have_and_nothing_larger():
    converter = IdConverter()
    assert converter.to_python(str(MAX_ID)) == MAX_ID
    with pytest.raises(ValueError):
        converter.to_python(TOO_BIG_ID)
    assert reverse("lms:program", args=[MAX_ID]) == f"/learn/programs/{MAX_ID}/"


def test_a_token_expiring_in_the_year_9999_is_refused_with_the_plausible_range(client, trainee):
    client.force_login(trainee)
    response = client.post(
        "/account/tokens/", {"name": "Payroll export", "scope": "read", "expires_on": "9999-12-31"}
    )
    assert response.status_code == 400
    assert "Enter a date between" in page_text(response)
    assert 'value="Payroll export"' in page_text(response)
    assert not PersonalAccessToken.objects.filter(user=trainee).exists()


def test_a_token_expiring_next_year_is_created(client, trainee):
    client.force_login(trainee)
    next_year = timezone.localdate() + datetime.timedelta(days=365)
    response = client.post(
        "/account/tokens/",
        {"name": "Payroll export", "scope": "read", "expires_on": next_year.isoformat()},
    )
    assert response.status_code == 200
    expires_at = PersonalAccessToken.objects.get(user=trainee).expires_at
    assert timezone.localtime(expires_at).date() == next_year


@pytest.mark.parametrize("hours", ["1e308", "1E+30", "99999999999", "25"])
def test_absurd_hours_on_the_practice_form_get_the_24_hour_message(
    client, trainee, agreement, domain, hours
):
    client.force_login(trainee)
    response = client.post("/practice/entries/new/", entry_form(domain, duration_hours=hours))
    assert response.status_code == 400
    assert "One entry cannot be longer than 24 hours." in page_text(response)
    assert not PracticeLogEntry.objects.exists()


@pytest.mark.parametrize("hours", ["1e308", "NaN", "-Infinity"])
def test_absurd_hours_on_the_session_form_are_refused(
    client, trainee, supervisor, agreement, hours
):
    client.force_login(supervisor)
    response = client.post("/supervise/sessions/new/", session_form(trainee, duration_hours=hours))
    assert response.status_code == 400
    assert not SupervisionSession.objects.exists()


@pytest.mark.parametrize("path", ["/api/v1/practice-entries/", "/api/v1/supervision/sessions/"])
def test_the_api_refuses_absurd_hours_with_the_web_forms_message(
    trainee, supervisor, agreement, domain, path
):
    if "supervision" in path:
        client = token_client(supervisor)
        body = {**session_form(trainee, duration_hours="1e308"), "domains": []}
    else:
        client = token_client(trainee)
        body = {**entry_form(domain, duration_hours="1e308")}
    response = client.post(path, body, format="json")
    assert response.status_code == 400
    assert response.json()["errors"]["duration_hours"] == [
        "One entry cannot be longer than 24 hours."
    ]


@pytest.mark.parametrize("field", ["trainees", "domains"])
def test_an_id_beyond_64_bits_in_the_session_form_is_not_one_of_the_choices(
    client, trainee, supervisor, agreement, field
):
    client.force_login(supervisor)
    response = client.post(
        "/supervise/sessions/new/", session_form(trainee, **{field: TWENTY_NINES})
    )
    assert response.status_code == 400
    assert f"“{TWENTY_NINES}” is not a valid value." in page_text(response)
    assert not SupervisionSession.objects.exists()


def test_an_id_beyond_64_bits_in_a_single_choice_is_not_one_of_the_choices(
    client, trainee, agreement, domain
):
    client.force_login(trainee)
    response = client.post("/practice/entries/new/", entry_form(domain, domain=TWENTY_NINES))
    assert response.status_code == 400
    assert "That choice is not one of the available choices." in page_text(response)


CHOSEN_URLS = [
    "/admin/snippets/choose/curriculum/topic/chosen/{}/",
    "/admin/documents/chooser/chosen/{}/",
    "/admin/images/chooser/chosen/{}/",
]


@pytest.mark.parametrize("template", CHOSEN_URLS)
@pytest.mark.parametrize("bad_id", ["%00", "x" * 300, "1" * 300, TOO_BIG_ID, "abc"])
def test_wagtail_choosers_answer_404_for_an_id_no_record_can_have(
    client, superuser, template, bad_id
):
    client.force_login(superuser)
    assert client.get(template.format(bad_id)).status_code == 404


@pytest.mark.parametrize("bad_id", ["%00", "abc", TOO_BIG_ID])
def test_wagtail_choosers_choosing_several_answer_404_for_an_id_no_record_can_have(
    client, superuser, bad_id
):
    client.force_login(superuser)
    url = f"/admin/snippets/choose/curriculum/topic/chosen-multiple/?id={bad_id}"
    assert client.get(url).status_code == 404


def test_wagtail_choosers_still_return_a_record_that_exists(client, superuser, domain):
    client.force_login(superuser)
    topic = Topic.objects.first()
    response = client.get(f"/admin/snippets/choose/curriculum/topic/chosen/{topic.pk}/")
    assert response.status_code == 200
    assert response.json()["result"]["id"] == str(topic.pk)


# ------------------------------------------------------------------------------
# Finding 6: implausible dates
# ------------------------------------------------------------------------------
def agreement_form(trainee, **overrides):
    today = timezone.localdate()
    data = {
        "trainee_email": trainee.email,  # a supervisor names the trainee by email address
        "trainee": trainee.pk,  # staff choose them from a list
        "start_date": today.isoformat(),
        "end_date": (today + datetime.timedelta(days=365)).isoformat(),
        "credential_name": "Certified Peer Recovery Specialist",
        "credential_number": "CPRS-1234",
        "credential_expires_on": (today + datetime.timedelta(days=700)).isoformat(),
        "signature": "Sam Supervisor",
        "attestation": "on",
    }
    data.update(overrides)
    return data


@pytest.mark.parametrize(
    "overrides",
    [
        {"start_date": "0001-01-01"},
        {"end_date": "9999-12-31"},
        {"credential_expires_on": "9999-12-31"},
    ],
)
def test_a_supervisor_cannot_propose_an_agreement_with_implausible_dates(
    client, trainee, supervisor, overrides
):
    client.force_login(supervisor)
    response = client.post("/supervise/agreements/new/", agreement_form(trainee, **overrides))
    assert response.status_code == 400
    assert list(response.context["form"].errors) == list(overrides)
    assert "Enter a date between" in page_text(response)
    assert not SupervisionAgreement.objects.exists()


def test_staff_cannot_prepare_an_agreement_with_implausible_dates(
    client, staff, trainee, supervisor, organization
):
    client.force_login(staff)
    data = agreement_form(trainee, supervisor=supervisor.pk, organization=organization.pk)
    data["credential_expires_on"] = "9999-12-31"
    response = client.post("/staff/agreements/new/", data)
    assert response.status_code == 400
    assert list(response.context["form"].errors) == ["credential_expires_on"]
    assert "Enter a date between" in page_text(response)
    assert not SupervisionAgreement.objects.exists()


def test_the_plausible_range_is_fifty_years_back_to_ten_years_ahead():
    earliest, latest = plausible_date_range(datetime.date(2026, 3, 14))
    assert (earliest, latest) == (datetime.date(1976, 1, 1), datetime.date(2036, 12, 31))


def test_a_practice_date_of_year_one_is_refused_on_the_web_and_in_the_api(
    client, trainee, agreement, domain
):
    client.force_login(trainee)
    response = client.post("/practice/entries/new/", entry_form(domain, date="0001-01-01"))
    assert response.status_code == 400
    assert "Enter a date between" in page_text(response)
    api = token_client(trainee).post(
        "/api/v1/practice-entries/", entry_form(domain, date="0001-01-01"), format="json"
    )
    assert api.status_code == 400
    assert api.json()["errors"]["date"][0].startswith("Enter a date between")


def test_a_cohort_ending_in_the_year_9999_is_refused(client, staff, catalogue):
    program = catalogue
    client.force_login(staff)
    response = client.post(
        "/staff/cohorts/",
        {
            "name": "Spring",
            "program": program.pk,
            "starts_on": "2026-01-01",
            "ends_on": "9999-12-31",
        },
    )
    assert response.status_code == 400
    assert "Enter a date between" in page_text(response)


def test_a_credential_version_cannot_run_until_the_year_9999(db):
    from django.core.exceptions import ValidationError

    from tests.certification.credential_builders import icrc_definition

    definition = icrc_definition()
    definition.effective_to = datetime.date(9999, 12, 31)
    with pytest.raises(ValidationError) as error:
        definition.full_clean()
    assert error.value.message_dict["effective_to"][0].startswith("Enter a date between")


def test_a_story_cannot_record_consent_in_year_one():
    from django.core.exceptions import ValidationError

    from curriculum.blocks import LivedExperienceStoryBlock

    block = LivedExperienceStoryBlock()
    value = block.to_python(
        {
            "quote": "Someone believed in me first.",
            "attribution": "Dana, peer specialist",
            "consent_recorded": True,
            "consent_date": "0001-01-01",
        }
    )
    with pytest.raises(ValidationError) as error:
        block.clean(value)
    assert "consent_date" in error.value.block_errors


def training_form(**overrides):
    data = {
        "provider": "Recovery Coach Academy",
        "title": "Ethics in peer work",
        "date": days_ago(10).isoformat(),
        "hours": "6",
        "modality": "in_person",
        "certificate": SimpleUploadedFile("certificate.pdf", PDF, "application/pdf"),
    }
    data.update(overrides)
    return data


def test_training_dated_in_year_one_is_refused(client, trainee, domain):
    client.force_login(trainee)
    response = client.post("/learn/training/", training_form(date="0001-01-01"))
    assert response.status_code == 400
    assert "Enter a date between" in page_text(response)


def test_a_thirty_hour_course_can_be_added(client, trainee, domain):
    """A course runs over several days: the 24-hour limit of one practice entry is not its."""
    client.force_login(trainee)
    response = client.post("/learn/training/", training_form(hours="30"))
    assert response.status_code == 302
    assert ExternalTraining.objects.get().hours == Decimal("30")


def test_absurd_training_hours_are_refused_with_the_limit(client, trainee, domain):
    client.force_login(trainee)
    response = client.post("/learn/training/", training_form(hours="1e308"))
    assert response.status_code == 400
    assert "Enter at most 9999.75 hours." in page_text(response)


# ------------------------------------------------------------------------------
# Finding 7: the API's shapes
# ------------------------------------------------------------------------------
@pytest.fixture
def schema(client):
    return client.get("/api/schema/?format=json").json()


def test_the_schema_states_hours_as_quarter_hours_from_a_quarter_to_24(schema):
    import re

    hours = schema["components"]["schemas"]["PracticeEntryCreateRequest"]["properties"][
        "duration_hours"
    ]
    pattern = re.compile(hours["pattern"])
    assert all(pattern.match(value) for value in ["0.25", "1", "1.5", "23.75", "24", "24.00"])
    assert not any(pattern.match(value) for value in ["", "-1", "0", "0.00", "1.1", "24.25"])


def test_the_schema_says_approving_needs_a_signature_and_the_attestation(schema):
    approve = schema["components"]["schemas"]["ApproveRequest"]
    assert set(approve["required"]) == {"signature", "attestation"}


def test_approving_without_the_attestation_says_what_is_missing(
    trainee, supervisor, agreement, domain
):
    from certification.supervision import services
    from tests.certification.conftest import entry_values

    entry = services.practice_entry_create(trainee=trainee, submit=True, **entry_values(domain))
    response = token_client(supervisor).post(
        f"/api/v1/supervision/entries/{entry.pk}/approve/",
        {"signature": "Sam Supervisor"},
        format="json",
    )
    assert response.status_code == 400
    assert response.json()["errors"] == {
        "attestation": ["Tick the box to confirm what you are signing."]
    }


def test_malformed_json_gets_the_documented_error_shape(trainee, agreement):
    response = token_client(trainee).post(
        "/api/v1/practice-entries/", data='{"date": ', content_type="application/json"
    )
    assert response.status_code == 400
    body = response.json()
    assert set(body) == {"errors", "input"}
    assert body["errors"]["non_field_errors"][0].startswith("The request body could not be read")


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/practice-entries/abc/",
        f"/api/v1/practice-entries/{TOO_BIG_ID}/",
        "/api/v1/supervision/entries/%00/approve/",
        "/api/v1/no-such-thing/",
        "/api/v2/",
    ],
)
def test_any_unknown_api_address_answers_the_apis_json_404(trainee, path):
    response = token_client(trainee).post(path, {}, format="json")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json()["detail"]


def test_an_api_address_without_its_slash_is_told_where_it_is(trainee):
    response = token_client(trainee).get("/api/v1/me")
    assert response.status_code == 404
    assert response.json()["detail"].endswith("/api/v1/me/")
