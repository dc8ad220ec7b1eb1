"""Registration: seats, the waiting list and its promotions, cancelling, and the last seat taken
by two people at once (on PostgreSQL, with two connections)."""

import datetime
import threading
import time

from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connections
from django.db.models.signals import pre_save

import pytest

from lms.learning import services as learning
from lms.live_training import services as live
from lms.live_training.models import LiveRegistration, RegistrationStatus
from tests.lms.live_training.conftest import at

pytestmark = pytest.mark.django_db


def test_a_trainee_takes_a_seat_and_registering_again_changes_nothing(enrolled, schedule):
    session = schedule(48)
    first = live.live_registration_create(trainee=enrolled, session=session)
    again = live.live_registration_create(trainee=enrolled, session=session)
    assert first.pk == again.pk
    assert again.status == RegistrationStatus.REGISTERED
    assert LiveRegistration.objects.filter(session=session).count() == 1


def test_registering_needs_an_enrolment_in_the_module(trainee, schedule):
    session = schedule(48)
    with pytest.raises(ValidationError) as error:
        live.live_registration_create(trainee=trainee, session=session)
    assert "Enrol in “Ethics in the room” first" in error.value.messages[0]
    assert not LiveRegistration.objects.exists()


def test_a_trainee_of_another_organisation_cannot_register(outside_trainee, program, schedule):
    learning.enrollment_create(trainee=outside_trainee, program=program)
    session = schedule(48)
    with pytest.raises(PermissionDenied):
        live.live_registration_create(trainee=outside_trainee, session=session)


def test_a_full_session_puts_the_next_person_on_the_waiting_list(
    enrolled, other_enrolled, schedule
):
    session = schedule(48, capacity=1)
    assert live.live_registration_create(trainee=enrolled, session=session).status == "registered"
    waiting = live.live_registration_create(trainee=other_enrolled, session=session)
    assert waiting.status == RegistrationStatus.WAITLISTED


def test_when_a_seat_frees_the_first_person_waiting_gets_it_and_a_notice(
    enrolled, other_enrolled, schedule, django_capture_on_commit_callbacks
):
    session = schedule(48, capacity=1)
    live.live_registration_create(trainee=enrolled, session=session)
    live.live_registration_create(trainee=other_enrolled, session=session)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        live.live_registration_cancel(trainee=enrolled, session=session)
    promoted = LiveRegistration.objects.get(session=session, trainee=other_enrolled)
    assert promoted.status == RegistrationStatus.REGISTERED
    assert promoted.promoted_at is not None
    assert [message.to for message in mail.outbox] == [[other_enrolled.email]]
    assert "A seat opened" in mail.outbox[0].subject


def test_a_person_who_cancelled_and_registers_elsewhere_is_placed_there(
    enrolled, other_enrolled, schedule
):
    """The journey of the issue: the first trainee moves to another session of the same part,
    and the person who was waiting takes their seat."""
    tuesday = schedule(48, capacity=1)
    thursday = schedule(96, capacity=1)
    live.live_registration_create(trainee=enrolled, session=tuesday)
    live.live_registration_create(trainee=other_enrolled, session=tuesday)
    with pytest.raises(ValidationError) as error:
        live.live_registration_create(trainee=enrolled, session=thursday)
    assert "another session of this part" in error.value.messages[0]
    live.live_registration_cancel(trainee=enrolled, session=tuesday)
    moved = live.live_registration_create(trainee=enrolled, session=thursday)
    assert moved.status == RegistrationStatus.REGISTERED
    assert (
        LiveRegistration.objects.get(session=tuesday, trainee=other_enrolled).status
        == RegistrationStatus.REGISTERED
    )


def test_cancelling_is_refused_once_the_session_started(enrolled, schedule):
    session = schedule(2)
    live.live_registration_create(trainee=enrolled, session=session)
    with pytest.raises(ValidationError) as error:
        live.live_registration_cancel(
            trainee=enrolled, session=session, now=session.starts_at + datetime.timedelta(1)
        )
    assert "nothing is held against you" in error.value.messages[0]
    assert LiveRegistration.objects.get(session=session).status == RegistrationStatus.REGISTERED


def test_registration_closes_at_its_deadline(enrolled, schedule):
    session = schedule(48, registration_closes_at=at(24))
    with pytest.raises(ValidationError) as error:
        live.live_registration_create(trainee=enrolled, session=session, now=at(25))
    assert error.value.messages == ["Registration for this session has closed."]


def test_a_cancelled_session_takes_no_registrations(enrolled, staff, schedule):
    session = schedule(48)
    live.live_session_cancel(actor=staff, session=session, reason="The room flooded.")
    with pytest.raises(ValidationError):
        live.live_registration_create(trainee=enrolled, session=session)


def test_more_seats_promote_people_waiting(enrolled, other_enrolled, staff, schedule):
    session = schedule(48, capacity=1)
    live.live_registration_create(trainee=enrolled, session=session)
    live.live_registration_create(trainee=other_enrolled, session=session)
    live.live_session_update(actor=staff, session=session, capacity=2)
    assert set(
        LiveRegistration.objects.filter(session=session).values_list("status", flat=True)
    ) == {RegistrationStatus.REGISTERED}


def test_fewer_seats_than_people_registered_is_refused(enrolled, other_enrolled, staff, schedule):
    session = schedule(48, capacity=2)
    live.live_registration_create(trainee=enrolled, session=session)
    live.live_registration_create(trainee=other_enrolled, session=session)
    with pytest.raises(ValidationError) as error:
        live.live_session_update(actor=staff, session=session, capacity=1)
    assert "keep at least 2 seats" in error.value.messages[0]


@pytest.mark.django_db(transaction=True)
def test_two_people_asking_for_the_last_seat_at_once_one_gets_it(
    require_postgresql, baseline, enrolled, other_enrolled, schedule
):
    """Two connections register at the same moment for one seat. Saving a registration is
    slowed down, so without the session's row lock both would count a free seat and both
    would be registered; with it, the second waits for the first and joins the waiting list."""
    session = schedule(48, capacity=1)
    barrier = threading.Barrier(2)
    statuses, errors = {}, []

    def slow_save(sender, instance, **kwargs):
        time.sleep(0.5)

    def register(person):
        try:
            barrier.wait(timeout=10)
            registration = live.live_registration_create(trainee=person, session=session)
            statuses[person.pk] = registration.status
        except Exception as error:  # noqa: BLE001 - reported by the assertion below
            errors.append(error)
        finally:
            connections.close_all()

    pre_save.connect(slow_save, sender=LiveRegistration, dispatch_uid="slow-registration")
    try:
        threads = [threading.Thread(target=register, args=(p,)) for p in (enrolled, other_enrolled)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=30)
    finally:
        pre_save.disconnect(sender=LiveRegistration, dispatch_uid="slow-registration")
    assert not errors
    assert sorted(statuses.values()) == [
        RegistrationStatus.REGISTERED,
        RegistrationStatus.WAITLISTED,
    ]
    assert LiveRegistration.objects.filter(session=session, status="registered").count() == 1
