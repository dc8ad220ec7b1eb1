"""Reminders by Celery beat: 24 hours and 1 hour before, in the person's language, once each,
never for a cancelled session or registration."""

import datetime

from django.core import mail
from django.utils import translation
from django.utils.formats import date_format

import pytest

from lms import tasks
from lms.live_training import services as live
from lms.live_training.selectors import reminders_due

pytestmark = pytest.mark.django_db


def test_a_reminder_goes_out_a_day_before_and_an_hour_before_once_each(enrolled, schedule):
    session = schedule(20)
    registration = live.live_registration_create(trainee=enrolled, session=session)
    mail.outbox.clear()
    assert tasks.send_live_session_reminders() == 1
    assert tasks.send_live_session_reminders() == 0, "never twice"
    assert len(mail.outbox) == 1
    assert mail.outbox[0].subject.startswith("Tomorrow: Ethics in the room")
    an_hour_before = session.starts_at - datetime.timedelta(minutes=50)
    assert reminders_due(now=an_hour_before) == [(registration.pk, "hour")]
    tasks.send_live_session_reminder(registration.pk, "hour")
    tasks.send_live_session_reminder(registration.pk, "hour")
    assert len(mail.outbox) == 2
    assert mail.outbox[1].subject.startswith("In an hour: Ethics in the room")
    assert reminders_due(now=an_hour_before) == []


def test_the_reminder_is_in_the_persons_language(enrolled, schedule):
    """Dates are written the way the person's language writes them (Spanish month names and
    word order), in the session's time zone."""
    enrolled.preferred_language = "es"
    enrolled.save(update_fields=["preferred_language"])
    session = schedule(20)
    live.live_registration_create(trainee=enrolled, session=session)
    mail.outbox.clear()
    tasks.send_live_session_reminders()
    with translation.override("es"):
        spanish = date_format(session.local_starts_at, "DATETIME_FORMAT")
    with translation.override("en"):
        english = date_format(session.local_starts_at, "DATETIME_FORMAT")
    assert spanish != english
    assert spanish in mail.outbox[0].body
    assert english not in mail.outbox[0].body


def test_no_reminder_for_a_cancelled_session_or_registration(
    enrolled, other_enrolled, staff, schedule
):
    cancelled_session = schedule(20)
    live.live_registration_create(trainee=enrolled, session=cancelled_session)
    live.live_session_cancel(actor=staff, session=cancelled_session, reason="The room flooded.")
    other = schedule(22, part=2)
    live.live_registration_create(trainee=other_enrolled, session=other)
    live.live_registration_cancel(trainee=other_enrolled, session=other)
    mail.outbox.clear()
    assert reminders_due() == []
    assert tasks.send_live_session_reminders() == 0
    assert mail.outbox == []


def test_the_beat_schedule_runs_the_reminders_every_few_minutes(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["live-session-reminders"]
    assert entry["task"] == "lms.tasks.send_live_session_reminders"
    assert entry["schedule"] <= 300
