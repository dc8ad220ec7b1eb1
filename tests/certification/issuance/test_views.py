"""Credential pages: progress and applying, the staff queue and review, certificates,
verification. Someone else's application or credential answers 404."""

import datetime
import importlib
import re
import shutil
import subprocess
from decimal import Decimal

from django.apps import apps as django_apps
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

import pytest

from certification.credentials import services as credential_services
from certification.credentials.models import CredentialRequirement
from certification.credentials.seed import seed_credential_definitions
from certification.issuance.models import ApplicationStatus, CredentialApplication
from certification.issuance.services import (
    credential_application_approve,
    credential_application_submit,
    issued_credential_revoke,
)
from certification.rules.kinds import AttestationKind
from lms.kept_pages import CSRF_PLACEHOLDER
from lms.learning.models import CompletionDomainHours, ModuleCompletion
from tests.certification.credential_builders import icrc_definition
from tests.certification.issuance.test_applications import make_definition, meet

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.fixture
def definition(db):
    return make_definition()


@pytest.fixture
def application(trainee, definition):
    meet(trainee)
    return credential_application_submit(applicant=trainee, definition=definition)


@pytest.fixture
def issued(application, staff):
    return credential_application_approve(application=application, reviewer=staff)


# ------------------------------------------------------------------------------
# Trainee
# ------------------------------------------------------------------------------
def test_progress_page_shows_a_bar_and_the_missing_sentence_per_requirement(
    client, trainee, definition
):
    credential_services.attestation_sign(person=trainee, kind=AttestationKind.CODE_OF_ETHICS)
    client.force_login(trainee)
    response = client.get(reverse("certification:credentials_home"))
    assert response.status_code == 200
    page = response.content.decode()
    assert page.count("<progress") == 2
    assert "Still needed: Confirm your lived experience of recovery" in page
    assert "Apply for" not in page


def test_the_cprs_requirement_and_what_is_still_needed_name_the_same_domains(client, trainee):
    seed_credential_definitions()
    client.force_login(trainee)
    page = client.get(reverse("certification:credentials_home")).content.decode()
    name = "IC&amp;RC Peer Recovery / Illinois CPRS"
    requirement = page[page.index(f"40 hours of training in the {name} domains") :]
    assert f"Still needed: 40 more hours of {name} training" in requirement[:2000]
    assert "CPRS-specific" not in page


def test_the_seeded_cprs_requirement_is_renamed_in_existing_databases(db):
    seed_credential_definitions()
    requirement = CredentialRequirement.objects.get(
        definition__code="il_cprs", title__startswith="40 hours"
    )
    migration = importlib.import_module(
        "certification.migrations.0010_cprs_requirement_names_its_domains"
    )
    CredentialRequirement.objects.filter(pk=requirement.pk).update(title=migration.OLD_TITLE)
    migration.rename_forward(django_apps, None)
    requirement.refresh_from_db()
    assert (
        requirement.title
        == "40 hours of training in the IC&RC Peer Recovery / Illinois CPRS domains"
    )


def test_a_trainee_who_meets_every_requirement_applies_from_the_page(client, trainee, definition):
    meet(trainee)
    client.force_login(trainee)
    page = client.get(reverse("certification:credentials_home")).content.decode()
    assert "You meet every requirement" in page
    response = client.post(
        reverse("certification:credential_apply", args=[definition.pk]), follow=True
    )
    assert "You applied for Ethics credential" in response.content.decode()
    application = CredentialApplication.objects.get()
    assert (application.applicant, application.definition) == (trainee, definition)


def test_applying_too_early_says_what_is_missing(client, trainee, definition):
    client.force_login(trainee)
    response = client.post(
        reverse("certification:credential_apply", args=[definition.pk]), follow=True
    )
    assert "Some requirements are not met yet" in response.content.decode()
    assert not CredentialApplication.objects.exists()


def add_completions(trainee, count: int, domain) -> None:
    """Many module completions with their hour snapshots, written in bulk."""
    completions = ModuleCompletion.objects.bulk_create(
        ModuleCompletion(
            user=trainee,
            module_title=f"Module {number}",
            contact_hours=Decimal("1"),
            modality="in_person",
            completed_at=timezone.now() - datetime.timedelta(days=1 + number % 300),
        )
        for number in range(count)
    )
    CompletionDomainHours.objects.bulk_create(
        CompletionDomainHours(
            completion=completion,
            domain=domain,
            framework=domain.framework,
            domain_name=domain.name,
            hours=Decimal("1"),
        )
        for completion in completions
    )


def test_progress_page_runs_the_same_queries_with_1_and_500_records(
    client, trainee, definition, domain, django_assert_max_num_queries
):
    icrc_definition()  # a real credential with hours requirements, besides the small one
    add_completions(trainee, 1, domain)
    meet(trainee)
    client.force_login(trainee)
    # Warm the session, the roles and the shared cache of definitions in effect.
    client.get(reverse("certification:credentials_home"))
    # The user, their roles, and one statement for the rest: the records (with each
    # completion's credits by modality), targeted codes, applications, credentials, what is
    # waiting (hours sent for sign-off, score reports not yet verified).
    with django_assert_max_num_queries(3) as with_one:
        client.get(reverse("certification:credentials_home"))
    add_completions(trainee, 499, domain)
    with django_assert_max_num_queries(len(with_one)):
        response = client.get(reverse("certification:credentials_home"))
    assert "500 hours" in response.content.decode()


# ------------------------------------------------------------------------------
# Staff
# ------------------------------------------------------------------------------
def test_staff_see_their_organisations_queue(client, staff, application):
    client.force_login(staff)
    response = client.get(reverse("certification:staff_applications"))
    assert response.status_code == 200
    assert "Jamie Trainee" in response.content.decode()
    assert "Credential applications" in client.get(reverse("lms:staff_home")).content.decode()


def test_bad_filter_values_never_fail(client, staff, application):
    client.force_login(staff)
    response = client.get(
        reverse("certification:staff_applications"), {"status": "nonsense", "page": "x"}
    )
    assert response.status_code == 200
    # The bad value is explained next to its field; the bad page number falls back to page one.
    assert response.context["filter"].form.errors["status"]
    assert 'role="alert"' in response.content.decode()


def test_staff_of_another_organisation_get_404(client, other_staff, application, issued):
    client.force_login(other_staff)
    for url in (
        reverse("certification:staff_application", args=[application.pk]),
        reverse("certification:credential_certificate", args=[issued.pk]),
    ):
        assert client.get(url).status_code == 404
    response = client.post(
        reverse("certification:staff_credential_revoke", args=[issued.pk]),
        {"revoke-reason": "No"},
    )
    assert response.status_code == 404


def test_trainees_cannot_open_the_staff_queue(client, trainee, application):
    client.force_login(trainee)
    assert client.get(reverse("certification:staff_applications")).status_code == 403
    url = reverse("certification:staff_application", args=[application.pk])
    assert client.get(url).status_code == 403


def test_staff_review_shows_private_results_marked_and_approve(client, staff, application):
    client.force_login(staff)
    url = reverse("certification:staff_application", args=[application.pk])
    page = client.get(url).content.decode()
    assert "Lived experience of recovery" in page
    assert "private: never printed or exported" in page
    response = client.post(
        reverse("certification:staff_application_approve", args=[application.pk]),
        {"approve-note": ""},
        follow=True,
    )
    assert "is issued to Jamie Trainee" in response.content.decode()
    application.refresh_from_db()
    assert application.status == ApplicationStatus.APPROVED


def test_denying_without_a_reason_keeps_the_form_with_a_message(client, staff, application):
    client.force_login(staff)
    url = reverse("certification:staff_application_deny", args=[application.pk])
    response = client.post(url, {"deny-reason": "   "})
    assert response.status_code == 400
    assert "Say why, in a sentence or two." in response.content.decode()
    client.post(url, {"deny-reason": "Please add the diploma."})
    application.refresh_from_db()
    assert application.status == ApplicationStatus.DENIED


def test_the_trainee_reads_why_an_application_was_not_approved(client, staff, trainee, application):
    client.force_login(staff)
    client.post(
        reverse("certification:staff_application_deny", args=[application.pk]),
        {"deny-reason": "Please add the diploma."},
    )
    client.force_login(trainee)
    page = client.get(reverse("certification:credentials_home")).content.decode()
    assert "Please add the diploma." in page
    assert "Apply for Ethics credential" in page


# ------------------------------------------------------------------------------
# Certificates and verification
# ------------------------------------------------------------------------------
def test_the_certificate_names_the_holder_and_credential_and_never_lived_experience(
    client, trainee, issued, tmp_path
):
    client.force_login(trainee)
    response = client.get(reverse("certification:credential_certificate", args=[issued.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    pdf = tmp_path / "certificate.pdf"
    pdf.write_bytes(response.content)
    text = subprocess.run(  # noqa: S603 - fixed arguments
        [shutil.which("pdftotext"), "-layout", str(pdf), "-"],
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    assert "Jamie Trainee" in text
    assert "Ethics credential" in text
    assert issued.number in text
    assert issued.verification_code in text
    assert "lived" not in text.lower()


def _certificate_text(client, url) -> str:
    response = client.get(url)
    assert response["Content-Type"] == "application/pdf"
    text = subprocess.run(  # noqa: S603 - fixed arguments
        [shutil.which("pdftotext"), "-", "-"], input=response.content, capture_output=True,
        check=True,
    ).stdout.decode()  # fmt: skip
    return " ".join(text.split())


def test_the_certificate_is_in_the_holders_language_whoever_downloads_it(
    client, trainee, staff, issued, application
):
    trainee.preferred_language = "es"
    trainee.save(update_fields=["preferred_language"])
    url = reverse("certification:credential_certificate", args=[issued.pk])
    client.force_login(staff)  # staff read English; the certificate follows its holder
    assert "Riverside Recovery Community certifica que" in _certificate_text(client, url)
    review = client.get(reverse("certification:staff_application", args=[application.pk]))
    assert f"{url}?lang=en" in review.content.decode()
    english = _certificate_text(client, f"{url}?lang=en")
    assert "Riverside Recovery Community certifies that" in english
    assert "certifica que" not in english


def test_verification_shows_active_then_revoked_and_nothing_private(client, issued, staff):
    url = reverse("lms:verify", args=[issued.verification_code])
    page = client.get(url).content.decode()
    assert "Valid" in page
    assert "Jamie Trainee" in page and "Ethics credential" in page
    assert "lived" not in page.lower()
    assert "@" not in re.sub(r"<[^>]+>", "", page.split("<main", 1)[-1])
    issued_credential_revoke(credential=issued, actor=staff, reason="Issued in error.")
    page = client.get(url).content.decode()
    assert "Revoked" in page
    assert "Issued in error." not in page


def test_the_verification_page_is_kept_for_visitors_but_never_outlives_a_change(
    issued, staff, django_assert_num_queries
):
    url = reverse("lms:verify", args=[issued.verification_code])
    first = Client().get(url)
    with django_assert_num_queries(0):  # kept, with the generations of what it shows
        kept = Client().get(url)
    assert kept.content.decode().count("Jamie Trainee") == first.content.decode().count(
        "Jamie Trainee"
    )
    assert CSRF_PLACEHOLDER not in kept.content.decode()
    assert "csrfmiddlewaretoken" in kept.content.decode()
    issued_credential_revoke(credential=issued, actor=staff, reason="Issued in error.")
    assert "Revoked" in Client().get(url).content.decode()
    spanish = Client(HTTP_ACCEPT_LANGUAGE="es").get(url).content.decode()
    assert 'lang="es"' in spanish


def test_unknown_verification_codes_answer_404(client, db):
    response = client.get(reverse("lms:verify", args=["CR-AAAA-BBBB-CCCC-DDDD"]))
    assert response.status_code == 404


def test_staff_revoke_from_the_review_page(client, staff, issued, application):
    client.force_login(staff)
    url = reverse("certification:staff_credential_revoke", args=[issued.pk])
    response = client.post(url, {"revoke-reason": ""})
    assert response.status_code == 400
    response = client.post(url, {"revoke-reason": "Issued in error."}, follow=True)
    assert "is revoked" in response.content.decode()
    issued.refresh_from_db()
    assert issued.current_status == "revoked"


def test_a_revoked_credential_gets_no_fresh_certificate_or_badge_for_its_holder(
    client, trainee, staff, issued
):
    issued_credential_revoke(credential=issued, actor=staff, reason="Issued in error.")
    client.force_login(trainee)
    response = client.get(
        reverse("certification:credential_certificate", args=[issued.pk]), follow=True
    )
    assert "This credential was revoked" in response.content.decode()
    badge = reverse("certification:credential_open_badge", args=[issued.pk])
    assert client.get(badge).status_code == 404
    client.force_login(staff)
    certificate = client.get(reverse("certification:credential_certificate", args=[issued.pk]))
    assert certificate["Content-Type"] == "application/pdf"


def test_the_trainee_sees_the_packet_of_their_open_application(client, trainee, application):
    client.force_login(trainee)
    page = client.get(reverse("certification:credentials_home")).content.decode()
    assert "You applied on" in page
    assert "application packet" in page


def test_definition_renamed_by_an_editor_shows_on_the_next_progress_page(
    client, trainee, definition
):
    client.force_login(trainee)
    url = reverse("certification:credentials_home")
    assert "Ethics credential" in client.get(url).content.decode()
    definition.name = "Peer ethics credential"
    definition.save()
    assert "Peer ethics credential" in client.get(url).content.decode()


def test_requirement_removed_by_an_editor_leaves_the_progress_page(client, trainee, definition):
    client.force_login(trainee)
    url = reverse("certification:credentials_home")
    before = client.get(url).content.decode()
    definition.requirements.order_by("sort_order").last().delete()
    after = client.get(url).content.decode()
    assert after.count("<li") < before.count("<li")


def test_the_progress_page_reads_in_one_statement_what_one_query_each_reads(
    client, settings, trainee, staff, definition, monkeypatch
):
    """/learn/credentials/ reads the person's records, applications, credentials and what is
    waiting in one statement (lms.one_trip); read one query each (as on SQLite) the page, and
    the progress the API gives, must be the same."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from certification.credentials.selectors import credential_progress
    from certification.issuance.services import credential_application_deny
    from lms.one_trip import OneTrip

    settings.PERSONAL_PAGES = False  # each request renders afresh
    icrc_definition()
    meet(trainee)
    revoked = credential_application_approve(
        application=credential_application_submit(applicant=trainee, definition=definition),
        reviewer=staff,
    )
    issued_credential_revoke(credential=revoked, actor=staff, reason="Issued in error.")
    credential_application_submit(applicant=trainee, definition=definition)  # open again
    other = make_definition(code="second_cred", name="Second credential")
    credential_application_deny(
        application=credential_application_submit(applicant=trainee, definition=other),
        reviewer=staff,
        reason="The lived-experience statement is unsigned.",
    )
    credential_services.exam_result_submit(
        person=trainee,
        exam_code="icrc_pr_exam",
        taken_on=timezone.localdate() - datetime.timedelta(days=3),
        score=Decimal("81.5"),
        score_report=SimpleUploadedFile("r.pdf", b"%PDF-1.4\n%%EOF\n", "application/pdf"),
    )
    client.force_login(trainee)
    token = re.compile(r'(csrfmiddlewaretoken" value="|X-CSRFToken": ")[^"]+"')

    def page() -> str:
        return token.sub("", client.get("/learn/credentials/").content.decode())

    def progress() -> list:
        return [
            (item.definition.pk, item.evaluation, item.targeted, item.open_application,
             item.last_decision, item.held)
            for item in credential_progress(user=trainee)
        ]  # fmt: skip

    one_statement, one_statement_progress = page(), progress()
    monkeypatch.setattr(OneTrip, "supported", staticmethod(lambda using="default": False))
    assert page() == one_statement
    assert progress() == one_statement_progress
    assert "The lived-experience statement is unsigned." in one_statement
    assert "Staff of your organisation are reviewing it." in one_statement
    assert "Your score report is waiting for staff to check it" in one_statement
