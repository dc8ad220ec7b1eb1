"""Documents fit to file (issue 23, finding 6), read back with pdftotext as a board would.

Each document a board files (the practice hours log, the application and renewal packets)
prints: the person's name and the document's verification code on every page, page x of y,
table headers again on each page, no row split across two pages, one "Total" at the end (not
a repeated footer), practice hours per competency domain, the domain of each supervision
session and a closing signature block; its code resolves at /verify/. The transcript lists
verified training taken elsewhere and counts it in the total.
"""

import datetime
import re
import shutil
import subprocess
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone, translation

import pytest

from certification.external_training import services as training_services
from certification.issuance.documents import IssuedDocument
from certification.issuance.models import CredentialApplication
from certification.issuance.packet import application_packet_build
from certification.issuance.services import (
    credential_application_approve,
    credential_application_submit,
)
from certification.supervision import services, sessions
from curriculum.models import CompetencyDomain
from curriculum.taxonomy import ICRC_PR
from tests.certification.conftest import days_ago, make_signed_agreement
from tests.certification.issuance.test_applications import make_definition, meet

pytestmark = pytest.mark.django_db

ENTRIES = 60
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def pages_of(pdf: bytes, tmp_path) -> list[str]:
    path = tmp_path / "document.pdf"
    path.write_bytes(pdf)
    text = subprocess.run(  # noqa: S603 - fixed arguments
        [shutil.which("pdftotext"), "-layout", str(path), "-"],
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    return [page for page in text.split("\f") if page.strip()]


@pytest.fixture
def signed_log(trainee, supervisor, organization, domains):
    """60 signed practice entries over three domains, and two confirmed supervision sessions."""
    agreement = make_signed_agreement(
        trainee=trainee, supervisor=supervisor, organization=organization, signed_days_ago=90,
        start_days_ago=90,
    )  # fmt: skip
    chosen = [
        domains["advocacy"],
        domains["mentoring-education"],
        domains["ethical-responsibility"],
    ]
    for number in range(ENTRIES):
        entry = services.practice_entry_create(
            trainee=trainee,
            submit=True,
            agreement=agreement,
            date=days_ago(80 - number),
            duration_hours=Decimal("2.5"),
            domain=chosen[number % 3],
            setting="community",
            activity_type="one_to_one",
            modality="in_person",
            description=f"Walk-{number:02d} to a meeting",
        )
        services.practice_entry_approve(
            entry=entry, supervisor=supervisor, signature=supervisor.display_name, attested=True
        )
    for days in (84, 85):
        session = sessions.supervision_session_record(
            supervisor=supervisor, date=days_ago(days), duration_hours=Decimal("2"),
            format="individual", modality="in_person", domains=[domains["advocacy"]],
            trainees=[trainee],
        )  # fmt: skip
        sessions.session_attendance_confirm(attendance=session.attendances.get(), trainee=trainee)
    return agreement


def assert_fit_to_file(pages: list[str], *, name: str, code: str) -> None:
    assert len(pages) > 1, "60 entries should take more than one page"
    for number, page in enumerate(pages, start=1):
        assert name in page, f"name missing on page {number}"
        assert code in page, f"verification code missing on page {number}"
        assert f"Page {number} of {len(pages)}" in page
    # One total, at the end: never a footer repeated on each page.
    totals = [(index, line) for index, page in enumerate(pages) for line in page.splitlines()
              if "Total" in line]  # fmt: skip
    assert len(totals) == 1, totals
    last_entry_page = next(i for i, page in enumerate(pages) if f"Walk-{ENTRIES - 1:02d}" in page)
    assert totals[0][0] >= last_entry_page  # after every entry, in the closing summary
    assert "150.00" in totals[0][1]  # 60 × 2.5 hours
    # No row split: each entry's text lies whole on exactly one page.
    for number in range(ENTRIES):
        marker = f"Walk-{number:02d}"
        assert sum(page.count(marker) for page in pages) == 1, marker
    # Headers repeat: every page with entries starts its table with the column names.
    for page in pages:
        if "Walk-" in page:
            assert "Competency domain" in page
    text = "\n".join(pages)
    assert re.search(r"Advocacy \([^)]*\)\s+50\.00", text)  # the per-domain subtotal
    assert "Signature of the" in pages[-1]


def test_the_hours_log_is_fit_to_file_and_its_code_verifies(client, trainee, signed_log, tmp_path):
    client.force_login(trainee)
    response = client.get(reverse("certification:hours_pdf") + "?lang=en")
    document = IssuedDocument.objects.get(person=trainee)
    pages = pages_of(
        b"".join(response.streaming_content) if response.streaming else response.content, tmp_path
    )
    assert_fit_to_file(pages, name=trainee.display_name, code=document.code)
    # Supervision rows name their domain.
    assert re.search(r"2\.00\s+Advocacy", "\n".join(pages))

    client.logout()
    verify = client.get(reverse("lms:verify", args=[document.code])).content.decode()
    assert "Supervised practice hours log" in verify
    assert trainee.display_name in verify and "150.00" in verify


def test_the_application_and_renewal_packets_are_fit_to_file(trainee, staff, signed_log, tmp_path):
    meet(trainee)
    application = credential_application_submit(applicant=trainee, definition=make_definition())
    application = application_packet_build(application_id=application.pk)
    document = IssuedDocument.objects.get(person=trainee, kind="application_packet")
    pages = pages_of(application.packet.read(), tmp_path)
    assert pages[0].lstrip().startswith("Credential application packet") or (
        "Credential application packet" in pages[0]
    )
    assert_fit_to_file(pages, name=trainee.display_name, code=document.code)

    # The renewal packet is titled as one and covers the cycle only.
    credential = credential_application_approve(application=application, reviewer=staff)
    type(credential).objects.filter(pk=credential.pk).update(
        issued_on=days_ago(40), expires_on=timezone.localdate() + datetime.timedelta(days=30)
    )
    credential.refresh_from_db()
    renewal = CredentialApplication.objects.create(
        applicant=trainee,
        organization=application.organization,
        definition=application.definition,
        evaluation=application.evaluation,
        renews=credential,
    )
    renewal = application_packet_build(application_id=renewal.pk)
    renewal_pages = pages_of(renewal.packet.read(), tmp_path)
    text = "\n".join(renewal_pages)
    assert "Credential renewal packet" in text
    assert "Credential application packet" not in text
    assert "Walk-59" in text  # 21 days ago: in the cycle
    assert "Walk-00" not in text  # 80 days ago: before the cycle


def test_the_transcript_counts_verified_training_taken_elsewhere(client, trainee, staff, tmp_path):
    advocacy = CompetencyDomain.objects.get(framework=ICRC_PR, slug="advocacy")
    training = training_services.external_training_add(
        person=trainee,
        provider="Prairie Recovery Institute",
        title="Ethics in peer work",
        date=days_ago(30),
        hours=Decimal("66"),
        modality="in_person",
        certificate=SimpleUploadedFile("c.pdf", PDF, "application/pdf"),
        domain_hours={advocacy: Decimal("20")},
        topic_hours={},
    )
    client.force_login(trainee)
    before = client.get(reverse("lms:transcript")).content.decode()
    assert "Ethics in peer work" not in before  # not verified yet
    training_services.external_training_verify(training=training, reviewer=staff)
    page = client.get(reverse("lms:transcript")).content.decode()
    assert "Ethics in peer work" in page and "Prairie Recovery Institute" in page
    assert re.search(r"Total contact hours</th>\s*<td[^>]*>66<", page)
    pdf = client.get(reverse("lms:transcript_pdf") + "?lang=en")
    text = "\n".join(pages_of(pdf.content, tmp_path))
    assert "Ethics in peer work" in text
    assert re.search(r"Total contact hours\s+66", text)
