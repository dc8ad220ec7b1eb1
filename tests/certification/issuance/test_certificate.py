"""The certificate names its issuer with the logo and signatory its administrators upload, and
a staff copy of a revoked credential says REVOKED on its face (issue 23, findings 3 and 6)."""

import io
import shutil
import subprocess

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

import pytest
from PIL import Image

from certification.issuance.services import (
    credential_application_approve,
    credential_application_submit,
    issued_credential_revoke,
)
from tests.certification.issuance.test_applications import make_definition, meet

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.fixture
def issued(trainee, staff):
    meet(trainee)
    application = credential_application_submit(applicant=trainee, definition=make_definition())
    return credential_application_approve(application=application, reviewer=staff)


def png(size=(40, 20)) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", size, (31, 95, 91)).save(buffer, format="PNG")
    return SimpleUploadedFile("logo.png", buffer.getvalue(), "image/png")


def pdf_text(pdf: bytes, tmp_path) -> str:
    path = tmp_path / "certificate.pdf"
    path.write_bytes(pdf)
    return subprocess.run(  # noqa: S603 - fixed arguments
        [shutil.which("pdftotext"), "-layout", str(path), "-"],
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip


def image_count(pdf: bytes, tmp_path) -> int:
    """Images in the PDF (pdfimages -list: two header lines, then one line per image)."""
    path = tmp_path / "certificate.pdf"
    path.write_bytes(pdf)
    listing = subprocess.run(  # noqa: S603 - fixed arguments
        [shutil.which("pdfimages"), "-list", str(path)],
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    return len(listing.strip().splitlines()) - 2


def certificate(client, credential) -> bytes:
    response = client.get(
        reverse("certification:credential_certificate", args=[credential.pk]) + "?lang=en"
    )
    assert response.status_code == 200
    return b"".join(response.streaming_content) if response.streaming else response.content


def test_the_administrator_sets_the_logo_and_signatory_the_certificate_prints(
    client, org_admin, staff, trainee, issued, tmp_path
):
    url = reverse("lms:organization_certificate")
    client.force_login(trainee)
    images_before = image_count(certificate(client, issued), tmp_path)  # the QR code
    client.force_login(staff)
    assert client.get(url).status_code == 403  # administrators only

    client.force_login(org_admin)
    too_big = client.post(
        url,
        {
            "signatory_name": "Dana Reyes",
            "signatory_title": "Executive Director",
            "ce_provider_number": "IL-CEU-7781",
            "logo": SimpleUploadedFile("logo.png", b"\x89PNG" + b"0" * (3 * 1024 * 1024)),
        },
    )
    assert too_big.status_code == 400
    assert 'value="Dana Reyes"' in too_big.content.decode()
    saved = client.post(
        url,
        {
            "signatory_name": "Dana Reyes",
            "signatory_title": "Executive Director",
            "ce_provider_number": "IL-CEU-7781",
            "logo": png(),
        },
    )
    assert saved.status_code == 302

    client.force_login(trainee)
    pdf = certificate(client, issued)
    text = pdf_text(pdf, tmp_path)
    assert "Riverside Recovery Community certifies that" in text
    assert "/s/ Dana Reyes, Executive Director" in text
    assert "IL-CEU-7781" in text
    assert "REVOKED" not in text
    assert image_count(pdf, tmp_path) == images_before + 1  # the logo


def test_a_staff_copy_of_a_revoked_certificate_says_revoked(client, staff, issued, tmp_path):
    issued_credential_revoke(credential=issued, actor=staff, reason="Issued in error.")
    client.force_login(staff)
    text = pdf_text(certificate(client, issued), tmp_path)
    assert "REVOKED" in text
    assert "certifies nothing" in text
