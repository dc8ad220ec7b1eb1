"""Issue 23's acceptance, on the demo as `make run` seeds it, with no shell step: the demo
trainee whose training and hours are done signs the code of ethics and attests to a diploma;
RCO staff record the passing exam; every requirement shows met and the trainee applies; the RCO
endorses the packet; the demo credentialing body issues the credential; the downloaded badge
verifies with a third-party library (joserfc) against the published keys and its status list;
after the board revokes it, the same saved badge fails because of its status."""

import base64
import gzip
import json
import urllib.request

from django.core.management import call_command

import pytest
from joserfc import jws
from joserfc.jwk import OKPKey
from playwright.sync_api import expect

from lms.demo import DEMO_PASSWORD
from tests.e2e.conftest import assert_accessible, assert_fits_width, sign_in

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.filterwarnings("ignore:EdDSA is deprecated"),
]
CREDENTIAL = "IC&RC Peer Recovery (PR)"


def sign_out(page):
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_load_state()


def fetch(url: str) -> bytes:
    with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 - the test server
        return response.read()


def verify_badge(token: str, base: str) -> str:
    """A verifier's view of a saved badge: signature (joserfc, keys by kid from the JWKS),
    then the credential's bit in the status list it names. "valid" or "revoked"."""

    def checked(compact: str) -> dict:
        header = json.loads(base64.urlsafe_b64decode(compact.split(".")[0] + "=="))
        jwks_url = header["kid"].split("#")[0]
        keys = json.loads(fetch(jwks_url.replace("http://testserver", base)))["keys"]
        (jwk,) = [key for key in keys if key["kid"] == header["kid"]]
        return json.loads(
            jws.deserialize_compact(compact, OKPKey.import_key(jwk), algorithms=["EdDSA"]).payload
        )

    entry = checked(token)["credentialStatus"]
    status = checked(fetch(entry["statusListCredential"]).decode())
    encoded = status["credentialSubject"]["encodedList"][1:]
    bits = gzip.decompress(base64.urlsafe_b64decode(encoded + "=" * (-len(encoded) % 4)))
    index = int(entry["statusListIndex"])
    return "revoked" if bits[index // 8] & (0x80 >> (index % 8)) else "valid"


def progress_card(page):
    return page.locator("article", has=page.get_by_role("heading", name=CREDENTIAL))


def test_the_demo_trainee_walks_to_a_board_credential_that_verifies_until_revoked(
    phone_page, live_server, settings, tmp_path
):
    settings.DEBUG = True
    settings.PEERPATH_BASE_URL = live_server.url
    call_command("seed_demo", "--quiet-accounts")
    page = phone_page

    # The trainee signs and attests, from the actions the progress page offers.
    sign_in(page, live_server, "ready@demo.peerpath.test", DEMO_PASSWORD)
    page.goto(live_server.url + "/learn/credentials/")
    progress_card(page).get_by_role("link", name="Read and sign the code of ethics").click()
    page.get_by_label("Type your full name to sign").fill("Avery Johnson")
    page.get_by_label("I have read this code of ethics").check()
    page.get_by_role("button", name="Sign the code of ethics").click()
    progress_card(page).get_by_role("link", name="Record your diploma or its equivalent").click()
    page.get_by_label("Your diploma or its equivalent").fill("High school diploma, 2009")
    page.get_by_label("Type your full name to sign").fill("Avery Johnson")
    page.get_by_label("I attest that I hold this diploma").check()
    page.get_by_role("button", name="Sign and record").click()
    expect(page.get_by_text("Your diploma is recorded.")).to_be_visible()
    sign_out(page)

    # RCO staff record the passing exam from the board's score report.
    sign_in(page, live_server, "staff@demo.peerpath.test", DEMO_PASSWORD)
    page.goto(live_server.url + "/staff/exams/new/")
    page.get_by_label("Trainee's email address").fill("ready@demo.peerpath.test")
    page.get_by_label("Exam", exact=True).select_option(label="IC&RC Peer Recovery")
    page.get_by_label("Date of the exam").fill("2026-10-20")
    page.get_by_label("Score", exact=True).fill("566")
    page.get_by_role("button", name="Record the result").click()
    expect(page.get_by_text("Exam result recorded.")).to_be_visible()
    sign_out(page)

    # Every requirement met: the trainee applies.
    sign_in(page, live_server, "ready@demo.peerpath.test", DEMO_PASSWORD)
    page.goto(live_server.url + "/learn/credentials/")
    expect(progress_card(page).get_by_text("You meet every requirement.")).to_be_visible()
    progress_card(page).get_by_role("button", name=f"Apply for {CREDENTIAL}").click()
    expect(page.get_by_text(f"You applied for {CREDENTIAL}.")).to_be_visible()
    sign_out(page)

    # The RCO endorses; the board decides and issues.
    sign_in(page, live_server, "staff@demo.peerpath.test", DEMO_PASSWORD)
    page.goto(live_server.url + "/staff/credentials/")
    page.get_by_role("link", name="Avery Johnson").click()
    page.get_by_label("Type your full name to sign").fill("Alex Chen")
    page.get_by_label("On behalf of my organisation, I endorse").check()
    page.get_by_role("button", name="Endorse").click()
    expect(page.get_by_text("Endorsed.")).to_be_visible()
    sign_out(page)
    sign_in(page, live_server, "board@demo.peerpath.test", DEMO_PASSWORD)
    page.goto(live_server.url + "/staff/credentials/")
    page.get_by_role("link", name="Avery Johnson").click()
    assert_accessible(page, context="the board's review")
    assert_fits_width(page)
    page.get_by_role("button", name="Approve and issue").click()
    expect(page.get_by_text("is issued to Avery Johnson")).to_be_visible()
    review_url = page.url
    sign_out(page)

    # The holder saves the badge; a verifier finds it valid.
    sign_in(page, live_server, "ready@demo.peerpath.test", DEMO_PASSWORD)
    page.goto(live_server.url + "/learn/credentials/")
    expect(page.get_by_text("Issued by Illinois Certification Board (demo).")).to_be_visible()
    with page.expect_download() as download:
        page.get_by_role("link", name="Download for a digital wallet (Open Badge)").click()
    saved = tmp_path / "badge.jwt"
    download.value.save_as(saved)
    token = saved.read_text()
    assert verify_badge(token, live_server.url) == "valid"
    sign_out(page)

    # The board revokes it: the same saved badge now fails on its status.
    sign_in(page, live_server, "board@demo.peerpath.test", DEMO_PASSWORD)
    page.goto(review_url)
    page.get_by_label("Why the credential is revoked").fill("Issued on a mistaken exam record.")
    page.get_by_role("button", name="Revoke the credential").click()
    expect(page.get_by_text("is revoked")).to_be_visible()
    assert verify_badge(token, live_server.url) == "revoked"
