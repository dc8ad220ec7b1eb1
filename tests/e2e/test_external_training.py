"""Training taken elsewhere and renewal, on a phone: a trainee adds training with a photo of
the certificate, staff verify it, and the holder applies to renew. Each page is checked
with axe-core and at 360 px."""

import datetime

from django.utils import timezone

import pytest
from playwright.sync_api import expect

from certification.credentials.models import CredentialDefinition
from certification.issuance.models import IssuedCredential
from certification.issuance.services import (
    credential_application_approve,
    credential_application_endorse,
    credential_application_submit,
)
from lms.accounts.models import OrganizationKind, Role
from tests.certification.credential_builders import icrc_definition, meet_icrc_peer_recovery
from tests.e2e.conftest import assert_accessible, assert_fits_width, sign_in
from tests.factories import TEST_PASSWORD, OrganizationFactory, person_with_role

pytestmark = pytest.mark.django_db(transaction=True)

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


@pytest.fixture
def people(organization):
    definition = icrc_definition()
    trainee = person_with_role(
        Role.TRAINEE, organization, display_name="Jamie Rivera", email="jamie@example.org"
    )
    supervisor = person_with_role(
        Role.SUPERVISOR, organization, display_name="Sam Okafor", email="sam@example.org"
    )
    staff = person_with_role(
        Role.STAFF, organization, display_name="Alex Morgan", email="alex@example.org"
    )
    meet_icrc_peer_recovery(
        trainee=trainee, supervisor=supervisor, staff=staff, organization=organization
    )
    # The board issues it on PeerPath, after the RCO endorsed the application.
    board = OrganizationFactory(
        name="Illinois Certification Board", slug="icb", kind=OrganizationKind.CREDENTIALING_BODY
    )
    CredentialDefinition.objects.filter(code=definition.code).update(issuer=board)
    definition.refresh_from_db()
    application = credential_application_submit(applicant=trainee, definition=definition)
    credential_application_endorse(
        application=application, staff=staff, signature=staff.display_name, attested=True
    )
    credential = credential_application_approve(
        application=application, reviewer=person_with_role(Role.STAFF, board)
    )
    # Issued two years ago, ends in 30 days: the renewal window is open.
    today = timezone.localdate()
    IssuedCredential.objects.filter(pk=credential.pk).update(
        issued_on=today - datetime.timedelta(days=700),
        expires_on=today + datetime.timedelta(days=30),
    )
    return trainee, staff, credential


def test_trainee_adds_training_staff_verify_and_the_holder_applies_to_renew(
    phone_page, live_server, people, tmp_path
):
    page = phone_page
    trainee, staff, credential = people
    photo = tmp_path / "certificate.png"
    photo.write_bytes(PNG)

    sign_in(page, live_server, trainee.email, TEST_PASSWORD)
    page.goto(live_server.url + "/learn/training/")
    assert_accessible(page, context="training taken elsewhere")
    assert_fits_width(page)
    page.get_by_label("Who ran the training").fill("Recovery Coach Academy")
    page.get_by_label("Training title").fill("Ethics refresher")
    day = timezone.localdate() - datetime.timedelta(days=5)
    page.get_by_label("Date").fill(day.isoformat())
    page.get_by_label("Hours on the certificate").fill("6")
    page.get_by_label("Certificate", exact=True).set_input_files(str(photo))
    page.get_by_label("Of which on Ethics").fill("7")  # more than the hours: refused
    page.get_by_role("button", name="Add training").click()
    expect(page.get_by_role("alert")).to_contain_text("At most the training's 6 hours")
    expect(page.get_by_label("Training title")).to_have_value("Ethics refresher")
    assert_accessible(page, context="training form with an error")
    page.get_by_label("Of which on Ethics").fill("6")
    page.get_by_label("Certificate", exact=True).set_input_files(str(photo))  # files are never kept
    page.get_by_role("button", name="Add training").click()
    expect(page.get_by_text("Waiting for review")).to_be_visible()
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_load_state()

    sign_in(page, live_server, staff.email, TEST_PASSWORD)
    page.goto(live_server.url + "/staff/training/?status=submitted")
    assert_accessible(page, context="staff training list")
    assert_fits_width(page)
    page.get_by_role("link", name="Jamie Rivera").click()
    assert_accessible(page, context="staff training review")
    page.get_by_role("button", name="Verify: the hours count").click()
    expect(page.get_by_text("Verified: these hours now count.")).to_be_visible()
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_load_state()

    sign_in(page, live_server, trainee.email, TEST_PASSWORD)
    page.goto(live_server.url + f"/learn/credentials/{credential.pk}/renew/")
    assert_accessible(page, context="renewal page")
    assert_fits_width(page)
    # (What counts inside the cycle is tested in tests/certification/issuance/test_renewal.py.)
    expect(
        page.get_by_role("heading", name="Renewal requirements (rules version 1)")
    ).to_be_visible()
    page.get_by_role("button", name="Apply to renew").click()
    expect(page.get_by_text("You applied to renew.")).to_be_visible()
