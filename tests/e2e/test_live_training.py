"""Live training on phones, two browsers at once: staff schedule a series; two trainees compete
for one seat; the facilitator shows the check-in code; the trainee's phone opens the address in
it and checks in; an expired code is refused; the facilitator signs; the hours reach /learn/,
the transcript and credential progress (with the face-to-face share)."""

import datetime
import io
from decimal import Decimal

from django.utils import timezone

import pytest
import zxingcpp
from PIL import Image
from playwright.sync_api import expect

from certification.credentials.seed import seed_credential_definitions
from curriculum.editorial import statewide_section_ensure
from curriculum.models import CompetencyDomain, Topic
from curriculum.taxonomy import ICRC_PR
from lms.accounts.models import Role
from lms.learning.services import enrollment_create
from lms.live_training.models import LiveSession
from lms.live_training.tokens import check_in_token
from tests.e2e.conftest import PHONE, assert_accessible, assert_fits_width, sign_in
from tests.factories import TEST_PASSWORD, OrganizationFactory, person_with_role
from tests.lms.builders import build_module, build_program

pytestmark = pytest.mark.django_db(transaction=True)

MODULE = "Ethics in the room"


def phone(chromium):
    context = chromium.new_context(viewport=PHONE, locale="en-US")
    context.set_default_timeout(15_000)
    return context, context.new_page()


def sign_out(page):
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_load_state()


def test_a_series_is_scheduled_filled_attended_by_qr_code_signed_and_credited(
    chromium, live_server
):
    seed_credential_definitions()
    organization = OrganizationFactory(name="Riverside Recovery Community", slug="riverside")
    staff = person_with_role(Role.STAFF, organization, email="alex@example.org",
                             display_name="Alex Staff")  # fmt: skip
    facilitator = person_with_role(
        Role.FACILITATOR, organization, email="frankie@example.org",
        display_name="Frankie Facilitator",
    )  # fmt: skip
    jamie = person_with_role(Role.TRAINEE, organization, email="jamie@example.org",
                             display_name="Jamie Rivera")  # fmt: skip
    casey = person_with_role(Role.TRAINEE, organization, email="casey@example.org",
                             display_name="Casey Morgan")  # fmt: skip
    program = build_program(statewide_section_ensure().section, title="Peer basics")
    build_module(
        program,
        title=MODULE,
        hours=Decimal("2"),
        lessons=0,
        credit_mode="live",
        live_contact_hours=Decimal("2"),
        live_session_count=1,
        live_domains=[
            (CompetencyDomain.objects.get(framework=ICRC_PR, slug="ethical-responsibility"),
             Decimal("2"))
        ],
        live_topics=[(Topic.objects.get(slug="ethics"), Decimal("2"))],
    )  # fmt: skip
    for person in (jamie, casey):
        enrollment_create(trainee=person, program=program)

    staff_context, desk = phone(chromium)
    trainee_context, mobile = phone(chromium)
    try:
        # Staff schedule a weekly series of the same workshop, starting in 20 minutes.
        starts = timezone.localtime() + datetime.timedelta(minutes=20)
        if (starts + datetime.timedelta(hours=2)).date() != starts.date():
            # A session ends on the day it starts: late in the evening, schedule for just
            # after midnight, and bring the session forward before checking in (below).
            starts = (starts + datetime.timedelta(days=1)).replace(hour=0, minute=5)
        sign_in(desk, live_server, staff.email, TEST_PASSWORD)
        desk.goto(live_server.url + "/staff/sessions/series/")
        assert_accessible(desk, context="series form")
        desk.get_by_label("Module").select_option(label=MODULE)
        desk.get_by_label("Title").fill("Evening ethics workshop")
        desk.get_by_label("First session on").fill(starts.date().isoformat())
        desk.get_by_label("Starts at").fill(starts.strftime("%H:%M"))
        desk.get_by_label("Ends at").fill((starts + datetime.timedelta(hours=2)).strftime("%H:%M"))
        desk.get_by_label("How many sessions").fill("2")
        desk.get_by_label("The same part each time").check()
        desk.get_by_label("Place").fill("Riverside centre, room 2")
        desk.get_by_label("Seats").fill("1")
        desk.get_by_label("Frankie Facilitator").check()
        desk.get_by_role("button", name="Schedule").click()
        expect(desk.get_by_text("2 sessions are scheduled.")).to_be_visible()
        assert_accessible(desk, context="staff sessions")
        assert_fits_width(desk)
        today, next_week = LiveSession.objects.order_by("starts_at")
        sign_out(desk)

        # Jamie takes the only seat of today's session; Casey joins the waiting list.
        sign_in(mobile, live_server, jamie.email, TEST_PASSWORD)
        mobile.goto(live_server.url + "/learn/sessions/")
        assert_accessible(mobile, context="trainee sessions")
        assert_fits_width(mobile)
        mobile.get_by_role("button", name="Register").first.click()
        expect(mobile.get_by_text("You have a seat. See you there.")).to_be_visible()
        sign_out(mobile)
        sign_in(mobile, live_server, casey.email, TEST_PASSWORD)
        mobile.goto(live_server.url + f"/learn/sessions/{today.pk}/")
        mobile.get_by_role("button", name="Join the waiting list").click()
        expect(mobile.get_by_text("you are on the waiting list").first).to_be_visible()
        assert_accessible(mobile, context="session page, waiting")
        sign_out(mobile)

        # Jamie moves to next week's session: Casey is promoted to today's seat.
        sign_in(mobile, live_server, jamie.email, TEST_PASSWORD)
        mobile.goto(live_server.url + f"/learn/sessions/{today.pk}/")
        mobile.get_by_role("button", name="Cancel my registration").click()
        mobile.goto(live_server.url + f"/learn/sessions/{next_week.pk}/")
        mobile.get_by_role("button", name="Register").click()
        expect(mobile.get_by_text("You have a seat. See you there.")).to_be_visible()
        sign_out(mobile)

        # Today's session starts in a few minutes (whatever the hour the suite runs at).
        today.refresh_from_db()
        shift = timezone.now() + datetime.timedelta(minutes=15) - today.starts_at
        LiveSession.objects.filter(pk=today.pk).update(
            starts_at=today.starts_at + shift,
            ends_at=today.ends_at + shift,
            registration_closes_at=today.registration_closes_at + shift,
        )
        today.refresh_from_db()

        # The facilitator's phone shows the code; its image encodes the address beside it.
        sign_in(desk, live_server, facilitator.email, TEST_PASSWORD)
        desk.get_by_role("link", name="Evening ethics workshop").first.click()
        assert_accessible(desk, context="attendance screen")
        assert_fits_width(desk)
        figure = desk.locator("[data-check-in-url]")
        shown = figure.get_attribute("data-check-in-url")
        # Decode the code as a phone camera would: from the pixels on the screen.
        picture = Image.open(io.BytesIO(figure.locator("svg").screenshot()))
        decoded = [found.text for found in zxingcpp.read_barcodes(picture)]
        assert len(decoded) == 1, decoded
        address = decoded[0]
        assert address == shown
        assert address.startswith(f"{live_server.url}/live/check-in/")

        # Casey's phone opens the address in the code and checks in.
        sign_in(mobile, live_server, casey.email, TEST_PASSWORD)
        expect(mobile.get_by_text("You have a seat").first).to_be_visible()  # promoted, on /learn/
        mobile.goto(address)
        assert_accessible(mobile, context="check-in page")
        mobile.get_by_role("button", name="Check me in").click()
        expect(mobile.get_by_text("You are checked in. Welcome!")).to_be_visible()
        # A code from three minutes ago is refused.
        expired = check_in_token(
            session_id=today.pk, at=timezone.now() - datetime.timedelta(minutes=3)
        )
        mobile.goto(f"{live_server.url}/live/check-in/{expired}/")
        expect(mobile.get_by_text("This code has expired")).to_be_visible()
        assert_accessible(mobile, context="expired code")

        # Two hours pass; the facilitator signs the roster.
        moved = timezone.now() - today.ends_at
        LiveSession.objects.filter(pk=today.pk).update(
            starts_at=today.starts_at + moved,
            ends_at=today.ends_at + moved,
            registration_closes_at=today.registration_closes_at + moved,
        )
        desk.reload()
        expect(desk.get_by_role("row", name="Casey Morgan")).to_be_visible()
        desk.get_by_label("Type your name to sign").fill("Frankie Facilitator")
        desk.get_by_label("I facilitated this session").check()
        desk.get_by_role("button", name="Sign the roster").click()
        expect(desk.get_by_text("The roster is signed.")).to_be_visible()
        assert_accessible(desk, context="signed roster")

        # Casey's hours: on /learn/, on the transcript, and in credential progress, where
        # the 2 hours attended in person count toward NCPRSS's face-to-face half.
        mobile.goto(live_server.url + "/learn/")
        expect(mobile.get_by_text("2 contact hours from 1 completed module")).to_be_visible()
        mobile.goto(live_server.url + "/learn/transcript/")
        expect(mobile.get_by_text(MODULE).first).to_be_visible()
        assert_accessible(mobile, context="transcript")
        mobile.goto(live_server.url + "/learn/credentials/")
        expect(mobile.get_by_text("28 more hours of in-person training").first).to_be_visible()
        assert_accessible(mobile, context="credential progress")
        assert_fits_width(mobile)
    finally:
        staff_context.close()
        trainee_context.close()
