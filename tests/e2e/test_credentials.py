"""Credentials, end to end on a phone: a trainee whose records meet IC&RC Peer Recovery
applies, their organisation's staff endorse the application, the credentialing body's staff
approve and issue it, the certificate downloads and names the holder, the credential and the
board, the public verification page shows it active, then revoked after the board revokes it."""

import shutil
import subprocess

import pytest
from playwright.sync_api import expect

from certification.credentials.models import CredentialDefinition
from certification.issuance.models import IssuedCredential
from lms.accounts.models import OrganizationKind, Role
from tests.certification.credential_builders import icrc_definition, meet_icrc_peer_recovery
from tests.e2e.conftest import assert_accessible, assert_fits_width, sign_in
from tests.factories import TEST_PASSWORD, OrganizationFactory, person_with_role

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def people(organization):
    definition = icrc_definition()  # taxonomy and seeded rules (tables start empty here)
    board = OrganizationFactory(
        name="Illinois Certification Board",
        slug="icb",
        kind=OrganizationKind.CREDENTIALING_BODY,
    )
    CredentialDefinition.objects.filter(code=definition.code).update(issuer=board)
    trainee = person_with_role(
        Role.TRAINEE, organization, display_name="Jamie Rivera", email="jamie@example.org"
    )
    supervisor = person_with_role(
        Role.SUPERVISOR, organization, display_name="Sam Okafor", email="sam@example.org"
    )
    staff = person_with_role(
        Role.STAFF, organization, display_name="Alex Morgan", email="alex@example.org"
    )
    board_staff = person_with_role(
        Role.STAFF, board, display_name="Dana Whitfield", email="dana@example.org"
    )
    meet_icrc_peer_recovery(
        trainee=trainee, supervisor=supervisor, staff=staff, organization=organization
    )
    return trainee, staff, board_staff


def sign_out(page):
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_load_state()


def pdf_text(path) -> str:
    return subprocess.run(  # noqa: S603 - fixed arguments
        [shutil.which("pdftotext"), "-layout", str(path), "-"],
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip


def test_trainee_applies_staff_approve_certificate_verifies_then_revoked(
    phone_page, live_server, people, tmp_path
):
    page = phone_page
    trainee, staff, board_staff = people

    # The trainee sees every requirement met and applies.
    sign_in(page, live_server, trainee.email, TEST_PASSWORD)
    page.get_by_role("link", name="See your progress toward each credential").click()
    expect(page.get_by_role("heading", name="IC&RC Peer Recovery (PR)")).to_be_visible()
    assert_accessible(page, context="progress page")
    assert_fits_width(page)
    page.get_by_role("button", name="Apply for IC&RC Peer Recovery (PR)").click()
    expect(page.get_by_text("You applied for IC&RC Peer Recovery (PR).")).to_be_visible()
    sign_out(page)

    # The RCO's staff find it in the queue on /staff/ and endorse it for the board.
    sign_in(page, live_server, staff.email, TEST_PASSWORD)
    page.goto(live_server.url + "/staff/")
    page.get_by_role("link", name="Review credential applications").click()
    assert_accessible(page, context="application queue")
    page.get_by_role("link", name="Jamie Rivera").click()
    expect(page.get_by_role("rowheader", name="Signed code of ethics")).to_be_visible()
    expect(page.get_by_role("button", name="Approve and issue")).to_have_count(0)
    assert_accessible(page, context="application review")
    assert_fits_width(page)
    page.get_by_label("Type your full name to sign").fill("Alex Morgan")
    page.get_by_label("On behalf of my organisation, I endorse").check()
    page.get_by_role("button", name="Endorse").click()
    expect(page.get_by_text("Endorsed. The application and its packet go to")).to_be_visible()
    sign_out(page)

    # The board's staff decide and issue.
    sign_in(page, live_server, board_staff.email, TEST_PASSWORD)
    page.goto(live_server.url + "/staff/credentials/")
    page.get_by_role("link", name="Jamie Rivera").click()
    page.get_by_role("button", name="Approve and issue").click()
    expect(page.get_by_text("is issued to Jamie Rivera")).to_be_visible()
    sign_out(page)
    credential = IssuedCredential.objects.get()

    # The trainee downloads the certificate; it names them and the credential.
    sign_in(page, live_server, trainee.email, TEST_PASSWORD)
    page.goto(live_server.url + "/learn/credentials/")
    assert_accessible(page, context="credentials held")
    with page.expect_download() as download:
        page.get_by_role("link", name="Download the certificate (PDF)").click()
    path = tmp_path / "certificate.pdf"
    download.value.save_as(path)
    text = pdf_text(path)
    assert "Jamie Rivera" in text
    assert "IC&RC Peer Recovery (PR)" in text
    assert "Illinois Certification Board certifies that" in text
    assert credential.verification_code in text
    sign_out(page)

    # Anyone with the code sees it active.
    page.goto(f"{live_server.url}/verify/{credential.verification_code}/")
    expect(page.get_by_text("Valid", exact=True)).to_be_visible()
    expect(page.get_by_text("Jamie Rivera")).to_be_visible()
    assert_accessible(page, context="verification, active")

    # The board revokes it with a reason; the verification page says so.
    sign_in(page, live_server, board_staff.email, TEST_PASSWORD)
    page.goto(f"{live_server.url}/staff/credentials/applications/{credential.application_id}/")
    page.get_by_label("Why the credential is revoked").fill("Issued in error.")
    page.get_by_role("button", name="Revoke the credential").click()
    expect(page.get_by_text("is revoked")).to_be_visible()
    sign_out(page)
    page.goto(f"{live_server.url}/verify/{credential.verification_code}/")
    expect(page.get_by_text("Revoked", exact=True)).to_be_visible()
    assert_accessible(page, context="verification, revoked")
