"""Live-training pages as people use them: trainees register and check in on a phone,
facilitators show the code and sign, staff schedule a series; calendars; scoping."""

import datetime
import re
import time

from django.urls import reverse

import pytest
import segno

from lms.live_training import rosters
from lms.live_training import services as live
from lms.live_training.models import (
    LiveAttendance,
    LiveRegistration,
    LiveRosterSignature,
    LiveSession,
    RegistrationStatus,
)
from lms.live_training.tokens import WINDOW_SECONDS, check_in_token, window_ends_at, window_of
from tests.lms.live_training.conftest import at

pytestmark = pytest.mark.django_db


def logged_in(client, person):
    client.force_login(person)
    return client


# ------------------------------------------------------------------------------
# Trainees
# ------------------------------------------------------------------------------
def test_a_trainee_registers_and_sees_the_session_on_learn(client, enrolled, schedule):
    session = schedule(48)
    schedule(72)
    logged_in(client, enrolled)
    home = client.get(reverse("lms:learn_home")).content.decode()
    assert "You are not registered for any live session yet." in home
    assert "2 sessions are open for registration." in home
    listing = client.get(reverse("lms:live_sessions")).content.decode()
    assert "Open for registration" in listing and session.display_title in listing
    response = client.post(reverse("lms:live_session_register", args=[session.pk]), follow=True)
    assert "You have a seat" in response.content.decode()
    home = client.get(reverse("lms:learn_home")).content.decode()
    assert "Your upcoming sessions" in home
    assert "You have a seat" in home and session.display_title in home
    assert "1 session is open for registration." in home


def test_the_meeting_link_shows_only_to_people_with_a_seat(
    client, enrolled, other_enrolled, schedule
):
    session = schedule(
        48, capacity=1, delivery="online", place="", meeting_link="https://meet.example.org/abc"
    )
    live.live_registration_create(trainee=enrolled, session=session)
    live.live_registration_create(trainee=other_enrolled, session=session)
    url = reverse("lms:live_session", args=[session.pk])
    assert "meet.example.org/abc" in logged_in(client, enrolled).get(url).content.decode()
    waiting = logged_in(client, other_enrolled).get(url).content.decode()
    assert "meet.example.org/abc" not in waiting
    assert "You are on the waiting list" in waiting


def test_a_session_of_another_organisation_answers_404(client, outside_trainee, schedule):
    session = schedule(48)
    response = logged_in(client, outside_trainee).get(
        reverse("lms:live_session", args=[session.pk])
    )
    assert response.status_code == 404


def test_a_refused_registration_says_why_and_keeps_the_person_on_the_page(
    client, trainee, schedule
):
    session = schedule(48)
    response = logged_in(client, trainee).post(
        reverse("lms:live_session_register", args=[session.pk]), follow=True
    )
    assert "Enrol in “Ethics in the room” first" in response.content.decode()
    assert not LiveRegistration.objects.exists()


def test_checking_in_from_the_phone_asks_once_then_confirms(client, enrolled, schedule):
    session = schedule(0.25)  # starts in 15 minutes: check-in is open
    live.live_registration_create(trainee=enrolled, session=session)
    url = reverse("lms:live_check_in", args=[check_in_token(session_id=session.pk)])
    logged_in(client, enrolled)
    page = client.get(url)
    assert page.status_code == 200 and "Check me in" in page.content.decode()
    assert not LiveAttendance.objects.exists(), "opening the link alone records nothing"
    done = client.post(url)
    assert "You are checked in. Welcome!" in done.content.decode()
    assert LiveAttendance.objects.get(trainee=enrolled).checked_in_at is not None


def test_an_expired_code_gets_a_clear_message_and_no_attendance(client, enrolled, schedule):
    session = schedule(0.25)
    live.live_registration_create(trainee=enrolled, session=session)
    old = check_in_token(session_id=session.pk, at=at(0) - datetime.timedelta(minutes=3))
    logged_in(client, enrolled)
    for response in (
        client.get(reverse("lms:live_check_in", args=[old])),
        client.post(reverse("lms:live_check_in", args=[old])),
    ):
        assert response.status_code == 400
        assert "This code has expired" in response.content.decode()
    assert not LiveAttendance.objects.exists()


# ------------------------------------------------------------------------------
# Facilitators
# ------------------------------------------------------------------------------
def test_the_attendance_screen_shows_a_qr_code_of_the_check_in_address(
    client, facilitator, schedule
):
    session = schedule(0.25)
    page = logged_in(client, facilitator).get(reverse("lms:facilitate_session", args=[session.pk]))
    html = page.content.decode()
    url = re.search(r'data-check-in-url="([^"]+)"', html).group(1)
    assert url.startswith("http://testserver/live/check-in/")
    expected = segno.make(url, error="m").svg_inline(scale=6, border=2, omitsize=True)
    assert expected in html, "the image encodes exactly the address next to it"


def test_the_roster_is_kept_no_longer_than_its_code_and_shows_a_registration_at_once(
    client,
    settings,
    monkeypatch,
    facilitator,
    enrolled,
    other_enrolled,
    schedule,
    django_capture_on_commit_callbacks,
):
    """The attendance screen is kept per facilitator (lms/personal_pages.py), yet the code it
    shows is never older than its 30-second window and a new registration shows at once."""
    from django.utils import timezone

    from lms import personal_pages

    settings.PERSONAL_PAGES_REPLACE_AT_ONCE = False  # replaced on commit, as in production
    settings.PERSONAL_PAGES_VERIFY = False
    # The clock stands still at the start of a window (else a window could end mid-test).
    moment = window_ends_at(window_of(timezone.now())) + datetime.timedelta(seconds=1)
    monkeypatch.setattr(timezone, "now", lambda: moment)
    with django_capture_on_commit_callbacks(execute=True):
        session = schedule(0.25, capacity=10)
        live.live_registration_create(trainee=enrolled, session=session)
        client.force_login(facilitator)
    url = reverse("lms:facilitate_session", args=[session.pk])

    def code_shown():
        with personal_pages.checking() as check:
            html = client.get(url).content.decode()
        assert check.drifted == []
        return re.search(r'data-check-in-url="([^"]+)"', html).group(1), check.checked == 1, html

    client.get(url)  # the CSRF cookie is set: an answer setting a cookie is not kept
    first_code, _kept, html = code_shown()
    assert enrolled.display_name in html
    again, kept, _html = code_shown()
    assert kept, "the same screen asked for again in the same window comes from the cache"
    assert again == first_code
    with django_capture_on_commit_callbacks(execute=True):
        live.live_registration_create(trainee=other_enrolled, session=session)
    _code, kept, html = code_shown()
    assert not kept and other_enrolled.display_name in html
    later = moment + datetime.timedelta(seconds=30)
    monkeypatch.setattr(timezone, "now", lambda: later)
    next_code, kept, _html = code_shown()
    assert not kept and next_code != first_code


def test_the_drift_command_compares_a_kept_roster_with_the_records(
    client,
    settings,
    facilitator,
    enrolled,
    schedule,
    django_capture_on_commit_callbacks,
    capsys,
):
    from django.core.management import CommandError, call_command

    from lms import personal_pages

    settings.PERSONAL_PAGES_REPLACE_AT_ONCE = False
    settings.PERSONAL_PAGES_VERIFY = False
    # A kept roster lasts no longer than its check-in code (30-second windows): start with time
    # to spare in one, or the clock retires the page between the two checks (1 run in 10 did).
    left = WINDOW_SECONDS - time.time() % WINDOW_SECONDS
    if left < 15:
        time.sleep(left + 0.2)
    with django_capture_on_commit_callbacks(execute=True):
        session = schedule(48, capacity=10)
        live.live_registration_create(trainee=enrolled, session=session)
        client.force_login(facilitator)
    url = reverse("lms:facilitate_session", args=[session.pk])
    client.get(url, secure=True)  # the command asks over HTTPS, as production is served
    client.get(url, secure=True)
    call_command("check_personal_pages")
    assert "1 kept pages compared with the records; 0 differed." in capsys.readouterr().out
    # A write that says it changes nobody's pages: the kept roster still lists the person.
    with django_capture_on_commit_callbacks(execute=True), personal_pages.announce():
        LiveRegistration.objects.filter(session=session).update(status=RegistrationStatus.CANCELLED)
    with pytest.raises(CommandError):
        call_command("check_personal_pages")
    assert f"Drift: {url} for person {facilitator.pk}" in capsys.readouterr().out


def test_a_facilitator_of_another_session_gets_404(client, organization, schedule):
    from lms.accounts.models import Role
    from tests.factories import person_with_role

    someone = person_with_role(Role.FACILITATOR, organization, display_name="Other Facilitator")
    session = schedule(0.25)
    for name in ("lms:facilitate_session", "lms:facilitate_code"):
        assert logged_in(client, someone).get(reverse(name, args=[session.pk])).status_code == 404


def test_the_facilitator_marks_and_signs_the_roster_from_the_page(
    client, facilitator, enrolled, schedule
):
    session = schedule(-1)  # started an hour ago
    LiveRegistration.objects.create(
        session=session, trainee=enrolled, status=RegistrationStatus.REGISTERED
    )
    logged_in(client, facilitator)
    client.post(
        reverse("lms:facilitate_mark", args=[session.pk]),
        {"trainee": enrolled.pk, "status": "late", "minutes": "95", "modality": "in_person"},
    )
    refused = client.post(
        reverse("lms:facilitate_sign", args=[session.pk]),
        {"signature": "Someone else", "attestation": "on"},
    )
    assert refused.status_code == 400
    assert "does not match the name on your account" in refused.content.decode()
    assert 'value="Someone else"' in refused.content.decode(), "what was typed stays"
    client.post(
        reverse("lms:facilitate_sign", args=[session.pk]),
        {"signature": "Frankie Facilitator", "attestation": "on"},
    )
    signed = LiveRosterSignature.objects.get(session=session)
    assert signed.roster[0]["status"] == "late" and signed.roster[0]["minutes"] == 95
    page = client.get(reverse("lms:facilitate_session", args=[session.pk])).content.decode()
    assert "Signed by Frankie Facilitator" in page
    assert "1.5 h" in page  # 95 minutes, proportional: 6 quarter hours


# ------------------------------------------------------------------------------
# Staff
# ------------------------------------------------------------------------------
def test_staff_schedule_a_weekly_series_in_one_step(
    client, staff, organization, live_module, facilitator
):
    first_day = (at(24 * 7)).date()
    response = logged_in(client, staff).post(
        reverse("lms:staff_series_new"),
        {
            "organization": organization.pk,
            "module": live_module.pk,
            "title": "Tuesday evening group",
            "first_day": first_day.isoformat(),
            "start_time": "18:00",
            "end_time": "20:00",
            "count": "2",
            "every_days": "7",
            "numbering": "next",
            "first_part": "1",
            "delivery": "in_person",
            "place": "Riverside centre, room 2",
            "capacity": "12",
            "facilitators": [facilitator.pk],
        },
    )
    assert response.status_code == 302
    sessions = list(LiveSession.objects.order_by("starts_at"))
    assert [(s.part, s.local_starts_at.strftime("%H:%M")) for s in sessions] == [
        (1, "18:00"),
        (2, "18:00"),
    ]
    assert sessions[1].starts_at.date() - sessions[0].starts_at.date() == datetime.timedelta(7)


def test_a_series_form_with_a_mistake_keeps_what_was_typed(client, staff, organization):
    response = logged_in(client, staff).post(
        reverse("lms:staff_series_new"),
        {"organization": organization.pk, "title": "Tuesday evening group", "start_time": "20:00",
         "end_time": "18:00", "capacity": "12", "count": "2", "every_days": "7",
         "numbering": "next", "first_part": "1", "delivery": "in_person"},
    )  # fmt: skip
    assert response.status_code == 400
    html = response.content.decode()
    assert "The session ends before it starts" in html
    assert 'value="Tuesday evening group"' in html


def test_staff_of_another_organisation_cannot_open_the_session(client, other_staff, schedule):
    session = schedule(48)
    for name in ("lms:staff_session", "lms:staff_session_csv", "lms:facilitate_session"):
        assert (
            logged_in(client, other_staff).get(reverse(name, args=[session.pk])).status_code == 404
        )


def test_changing_the_time_tells_the_people_registered(
    client, staff, enrolled, schedule, mailoutbox, django_capture_on_commit_callbacks
):
    session = schedule(48)
    live.live_registration_create(trainee=enrolled, session=session)
    local = session.local_starts_at
    with django_capture_on_commit_callbacks(execute=True):
        logged_in(client, staff).post(
            reverse("lms:staff_session", args=[session.pk]),
            {
                "title": "",
                "delivery": "in_person",
                "place": "Riverside centre, room 3",
                "meeting_link": "",
                "day": local.date().isoformat(),
                "start_time": "19:00",
                "end_time": "21:00",
                "capacity": "10",
            },
        )
    session.refresh_from_db()
    assert session.local_starts_at.strftime("%H:%M") == "19:00"
    assert [message.to for message in mailoutbox] == [[enrolled.email]]
    assert "room 3" in mailoutbox[0].body


def test_the_attendance_csv_lists_each_person_and_the_hours_credited(
    client, staff, facilitator, enrolled, schedule
):
    session = schedule(-3)
    LiveRegistration.objects.create(
        session=session, trainee=enrolled, status=RegistrationStatus.REGISTERED
    )
    rosters.attendance_mark(
        actor=facilitator, session=session, trainee=enrolled, status="present", minutes=120
    )
    rosters.roster_sign(
        actor=facilitator, session=session, signature="Frankie Facilitator", attested=True
    )
    csv_text = (
        logged_in(client, staff)
        .get(reverse("lms:staff_session_csv", args=[session.pk]))
        .content.decode()
    )
    assert "Jamie Trainee,yes,no,Present,120,In person,2,no,yes" in csv_text
    person_csv = client.get(
        reverse("lms:staff_person_attendance_csv", args=[enrolled.pk])
    ).content.decode()
    assert "Ethics in the room,1,Present,120,In person,no" in person_csv


# ------------------------------------------------------------------------------
# Calendars
# ------------------------------------------------------------------------------
def test_a_session_calendar_file_is_in_utc_and_hides_the_link_without_a_seat(
    client, trainee, enrolled, schedule
):
    session = schedule(48, delivery="hybrid", meeting_link="https://meet.example.org/secret-room")
    text = (
        logged_in(client, enrolled)
        .get(reverse("lms:live_session_ics", args=[session.pk]))
        .content.decode()
    )
    assert "BEGIN:VEVENT" in text
    assert f"DTSTART:{session.starts_at.astimezone(datetime.UTC):%Y%m%dT%H%M%SZ}" in text
    assert "secret-room" not in text
    live.live_registration_create(trainee=enrolled, session=session)
    text = client.get(reverse("lms:live_session_ics", args=[session.pk])).content.decode()
    assert "secret-room" in text


def test_the_personal_calendar_feed_works_until_revoked(client, enrolled, schedule):
    session = schedule(48)
    live.live_registration_create(trainee=enrolled, session=session)
    logged_in(client, enrolled)
    page = client.post(reverse("lms:calendar_feed"), {"action": "create"}).content.decode()
    feed_url = re.search(r"data-calendar-url>([^<]+)<", page).group(1)
    path = feed_url.replace("http://testserver", "")
    client.logout()
    feed = client.get(path)
    assert feed.status_code == 200
    assert f"UID:live-session-{session.pk}@peerpath" in feed.content.decode()
    logged_in(client, enrolled).post(reverse("lms:calendar_feed"), {"action": "revoke"})
    client.logout()
    assert client.get(path).status_code == 404


def test_every_live_training_page_opens_for_its_people(
    client, staff, facilitator, enrolled, schedule
):
    """Each page renders (200) for the person it is for, with data on it."""
    session = schedule(-3)
    LiveRegistration.objects.create(
        session=session, trainee=enrolled, status=RegistrationStatus.REGISTERED
    )
    rosters.attendance_mark(
        actor=facilitator, session=session, trainee=enrolled, status="present", minutes=120
    )
    rosters.roster_sign(
        actor=facilitator, session=session, signature="Frankie Facilitator", attested=True
    )
    upcoming = schedule(48)
    attendance = LiveAttendance.objects.get(trainee=enrolled)
    title = "Ethics in the room"
    pages = {
        staff: [
            (reverse("lms:staff_sessions"), title),
            (reverse("lms:staff_sessions") + "?when=past", title),
            (reverse("lms:staff_session_new"), title),
            (reverse("lms:staff_series_new"), title),
            (reverse("lms:staff_session", args=[session.pk]), "Attendance is signed"),
            (reverse("lms:staff_session", args=[upcoming.pk]), "Cancel the session"),
            (reverse("lms:staff_home"), reverse("lms:staff_sessions")),
        ],
        facilitator: [
            (reverse("lms:facilitate_home"), title),
            (
                reverse("lms:facilitate_session", args=[upcoming.pk]) + "?display=projector",
                "data-check-in-url",
            ),
            (reverse("lms:facilitate_code", args=[upcoming.pk]), "data-check-in-url"),
            (reverse("lms:facilitate_correct", args=[attendance.pk]), "Jamie Trainee"),
            (reverse("lms:calendar_feed"), "Make my address"),
        ],
        enrolled: [
            (reverse("lms:live_sessions"), title),
            (reverse("lms:live_session", args=[upcoming.pk]), "Register"),
            (reverse("lms:live_session", args=[session.pk]), "You have a seat"),
            (reverse("lms:calendar_feed"), "Make my address"),
        ],
    }
    for person, expectations in pages.items():
        client.force_login(person)
        for url, text in expectations:
            response = client.get(url)
            assert response.status_code == 200, url
            assert text in response.content.decode(), url


def test_a_facilitator_corrects_signed_attendance_from_the_page(
    client, facilitator, enrolled, schedule
):
    session = schedule(-3)
    LiveRegistration.objects.create(
        session=session, trainee=enrolled, status=RegistrationStatus.REGISTERED
    )
    rosters.roster_sign(
        actor=facilitator, session=session, signature="Frankie Facilitator", attested=True
    )
    attendance = LiveAttendance.objects.get(trainee=enrolled)
    url = reverse("lms:facilitate_correct", args=[attendance.pk])
    client.force_login(facilitator)
    refused = client.post(url, {"status": "present", "minutes": "120", "modality": "in_person"})
    assert refused.status_code == 400
    assert "Why the record changes" in refused.content.decode()
    client.post(
        url,
        {
            "status": "present",
            "minutes": "120",
            "modality": "in_person",
            "reason": "Jamie was there; the phone battery was flat.",
            "signature": "Frankie Facilitator",
            "attestation": "on",
        },
    )
    page = client.get(reverse("lms:facilitate_session", args=[session.pk])).content.decode()
    assert "(corrected)" in page
    assert "2 h" in page
