"""A trainee takes a copy of their data and leaves; what boards rely on outlives the account."""

import io
import json
import zipfile

from django.test import Client

import pytest
from playwright.sync_api import expect

from certification.audit import verify_chain
from certification.issuance.services import (
    credential_application_approve,
    credential_application_submit,
)
from certification.privacy import services
from certification.privacy.models import AccountClosure
from certification.supervision.models import EntryStatus, PracticeLogEntry
from tests.certification.conftest import (  # noqa: F401 - fixtures the journey builds on
    agreement,
    domain,
    domains,
    make_entry,
    other_agreement,
)
from tests.certification.issuance.test_applications import make_definition, meet
from tests.certification.privacy.conftest import (  # noqa: F401
    OTHER_DESCRIPTION,
    OWN_DESCRIPTION,
    lived_in,
)
from tests.e2e.conftest import assert_accessible, assert_fits_width, sign_in
from tests.factories import TEST_PASSWORD

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_a_trainee_downloads_their_data_then_closes_their_account(
    phone_page,
    live_server,
    trainee,
    other_trainee,
    supervisor,
    staff,
    lived_in,  # noqa: F811
):
    page = phone_page
    meet(trainee)
    credential = credential_application_approve(
        application=credential_application_submit(
            applicant=trainee, definition=make_definition(code="journey_cred")
        ),
        reviewer=staff,
    )

    # A copy of everything, from the account page.
    sign_in(page, live_server, trainee.email, TEST_PASSWORD)
    page.goto(f"{live_server.url}/account/")
    page.get_by_role("link", name="Your data: download a copy, or close your account").click()
    page.get_by_role("button", name="Prepare a copy of my data").click()
    link = page.get_by_role("link", name="Download the copy (zip)")
    link.wait_for()
    assert_accessible(page, context="your data, a copy ready")
    assert_fits_width(page)
    with page.expect_download() as download:
        link.click()
    with zipfile.ZipFile(io.BytesIO(open(download.value.path(), "rb").read())) as archive:
        names = set(archive.namelist())
        text = {name: archive.read(name).decode() for name in names if name.endswith(".json")}
    for kind in (
        "profile.json",
        "reflections.json",
        "practice_entries.json",
        "supervision_agreements.json",
        "module_completions.json",
        "notices.json",
        "credentials.json",
        "attestations.json",
        "audit_events.json",
    ):
        assert kind in names
    assert {"documents/transcript.pdf", "documents/supervised-hours-log.pdf"} <= names
    assert f"documents/certificate-{credential.number}.pdf" in names
    assert OWN_DESCRIPTION in text["practice_entries.json"]
    assert json.loads(text["credentials.json"])[0]["number"] == credential.number
    everything = "".join(text.values())
    for trace in (OTHER_DESCRIPTION, other_trainee.email, other_trainee.display_name):
        assert trace not in everything

    # Closing: said plainly first, then asked, with time to change one's mind.
    page.get_by_role("link", name="What closing your account means").click()
    expect(page.get_by_role("heading", name="What is kept, and why")).to_be_visible()
    assert_accessible(page, context="close your account")
    assert_fits_width(page)
    page.get_by_label("I have read what is deleted and what is kept").check()
    page.get_by_role("button", name="Close my account").click()
    expect(page.get_by_role("heading", name="Your account is closing")).to_be_visible()
    expect(page.get_by_role("button", name="Keep my account")).to_be_visible()
    closure = AccountClosure.objects.get(person=trainee)

    # The grace period passes (the nightly task, run on the closing day).
    assert services.closures_complete_due(today=closure.closes_on) == 1
    page.context.clear_cookies()
    sign_in(page, live_server, trainee.email, TEST_PASSWORD)
    assert "/accounts/login/" in page.url
    expect(page.get_by_text("not correct", exact=False)).to_be_visible()

    # The supervisor's signed entry is still there, under the former name.
    signed = PracticeLogEntry.objects.get(pk=lived_in["entry"].pk)
    assert signed.status == EntryStatus.APPROVED and signed.description == OWN_DESCRIPTION
    supervisor_client = Client()
    supervisor_client.force_login(supervisor)
    rows = supervisor_client.get(
        "/api/v1/practice-entries/", HTTP_ACCEPT="application/json"
    ).json()["results"]
    assert {row["id"]: row["trainee_name"] for row in rows}[signed.pk] == (
        f"Former trainee {trainee.pk}"
    )

    # Anyone can still verify the credential.
    page.goto(f"{live_server.url}/verify/{credential.verification_code}/")
    expect(page.get_by_text(credential.number).first).to_be_visible()
    assert_accessible(page, context="verification after the account closed")
    assert verify_chain().ok
