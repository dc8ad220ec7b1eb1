"""Exams and attestations on a phone (issue 23, finding 1): a trainee whose training and
practice hours are done signs the code of ethics and attests to a diploma and lived
experience; staff record the passing exam from the score report; the trainee's progress then
shows every requirement met and offers to apply."""

import pytest
from playwright.sync_api import expect

from lms.accounts.models import Role
from tests.certification.credential_builders import icrc_definition, meet_icrc_peer_recovery
from tests.e2e.conftest import assert_accessible, assert_fits_width, sign_in
from tests.factories import TEST_PASSWORD, person_with_role

pytestmark = pytest.mark.django_db(transaction=True)


def sign_out(page):
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_load_state()


def test_trainee_signs_and_attests_staff_record_the_exam_every_requirement_met(
    phone_page, live_server, organization
):
    icrc_definition()
    trainee = person_with_role(
        Role.TRAINEE, organization, display_name="Jamie Rivera", email="jamie@example.org"
    )
    supervisor = person_with_role(Role.SUPERVISOR, organization, display_name="Sam Okafor")
    staff = person_with_role(
        Role.STAFF, organization, display_name="Alex Morgan", email="alex@example.org"
    )
    meet_icrc_peer_recovery(
        trainee=trainee,
        supervisor=supervisor,
        staff=staff,
        organization=organization,
        evidence=False,
    )
    page = phone_page
    sign_in(page, live_server, trainee.email, TEST_PASSWORD)
    page.goto(live_server.url + "/learn/credentials/")
    card = page.locator("article", has=page.get_by_role("heading", name="IC&RC Peer Recovery (PR)"))
    expect(card.get_by_role("button", name="Apply for IC&RC Peer Recovery (PR)")).to_have_count(0)

    # The code of ethics: a wrong name is refused and kept; the right one signs.
    card.get_by_role("link", name="Read and sign the code of ethics").click()
    assert_accessible(page, context="code of ethics")
    assert_fits_width(page)
    page.get_by_label("Type your full name to sign").fill("Jamie R")
    page.get_by_label("I have read this code of ethics").check()
    page.get_by_role("button", name="Sign the code of ethics").click()
    expect(page.locator("#id_signature_error")).to_contain_text("does not match the name")
    expect(page.get_by_label("Type your full name to sign")).to_have_value("Jamie R")
    page.get_by_label("Type your full name to sign").fill("Jamie Rivera")
    page.get_by_label("I have read this code of ethics").check()
    page.get_by_role("button", name="Sign the code of ethics").click()
    expect(page.get_by_text("You signed the code of ethics.")).to_be_visible()

    # The diploma, without a copy.
    card = page.locator("article", has=page.get_by_role("heading", name="IC&RC Peer Recovery (PR)"))
    card.get_by_role("link", name="Record your diploma or its equivalent").click()
    assert_accessible(page, context="diploma")
    page.get_by_label("Your diploma or its equivalent").fill("HiSET, 2019")
    page.get_by_label("Type your full name to sign").fill("Jamie Rivera")
    page.get_by_label("I attest that I hold this diploma").check()
    page.get_by_role("button", name="Sign and record").click()
    expect(page.get_by_text("Your diploma is recorded.")).to_be_visible()

    # Lived experience, where the definition asks for it.
    attest = page.get_by_role("link", name="Attest to your lived experience").first
    if attest.count():
        attest.click()
        page.get_by_label("I have lived experience of recovery").check()
        page.get_by_role("button", name="Record my yes").click()
    card = page.locator("article", has=page.get_by_role("heading", name="IC&RC Peer Recovery (PR)"))
    expect(card.get_by_role("link", name="Send your score report")).to_be_visible()
    sign_out(page)

    # Staff record the exam result from the board's score report.
    sign_in(page, live_server, staff.email, TEST_PASSWORD)
    page.goto(live_server.url + "/staff/")
    page.get_by_role("link", name="Check exam results").click()
    assert_accessible(page, context="staff exam results")
    page.get_by_role("link", name="Record an exam result").click()
    page.get_by_label("Trainee's email address").fill("jamie@example.org")
    page.get_by_label("Exam", exact=True).select_option(label="IC&RC Peer Recovery")
    page.get_by_label("Date of the exam").fill("2026-11-02")
    page.get_by_label("Score", exact=True).fill("548")
    page.get_by_role("button", name="Record the result").click()
    expect(page.get_by_text("Exam result recorded.")).to_be_visible()
    expect(page.get_by_role("link", name="Jamie Rivera")).to_be_visible()
    assert_accessible(page, context="staff exam results after recording")
    sign_out(page)

    # Every requirement is met: the trainee can apply.
    sign_in(page, live_server, trainee.email, TEST_PASSWORD)
    page.goto(live_server.url + "/learn/credentials/")
    card = page.locator("article", has=page.get_by_role("heading", name="IC&RC Peer Recovery (PR)"))
    expect(card.get_by_text("You meet every requirement. You can apply now.")).to_be_visible()
    expect(card.get_by_role("button", name="Apply for IC&RC Peer Recovery (PR)")).to_be_visible()
    assert_accessible(page, context="progress, every requirement met")
    assert_fits_width(page)
