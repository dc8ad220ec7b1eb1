"""Attendance: the rotating check-in code, check-in and check-out, the roster, its signature,
corrections, and the audit trail they join."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

import pytest

from certification.audit import verify_chain
from certification.models import AuditEvent
from lms.live_training import rosters
from lms.live_training import services as live
from lms.live_training.models import (
    AttendanceStatus,
    LiveAttendance,
    LiveAttendanceCorrection,
    LiveRosterSignature,
)
from lms.live_training.tokens import check_in_token
from tests.lms import test_xapi

pytestmark = pytest.mark.django_db

MINUTE = datetime.timedelta(minutes=1)


lrs = test_xapi.lrs  # the fixture: PeerPath pointed at the stack's LRS


@pytest.fixture
def session(schedule, enrolled):
    """A two-hour session starting in two hours, Jamie registered."""
    session = schedule(2)
    live.live_registration_create(trainee=enrolled, session=session)
    return session


def scan(trainee, session, *, at, shown_at=None):
    token = check_in_token(session_id=session.pk, at=shown_at or at)
    return live.attendance_check_in(trainee=trainee, token=token, now=at)


# ------------------------------------------------------------------------------
# The code and check-in
# ------------------------------------------------------------------------------
def test_the_first_scan_checks_in_and_a_later_one_checks_out(enrolled, session):
    arrived = scan(enrolled, session, at=session.starts_at - 5 * MINUTE)
    assert arrived.action == "checked_in"
    assert arrived.attendance.status == AttendanceStatus.PRESENT
    left = scan(enrolled, session, at=session.ends_at - 30 * MINUTE)
    assert left.action == "checked_out"
    attendance = LiveAttendance.objects.get(session=session, trainee=enrolled)
    assert attendance.status == AttendanceStatus.LEFT_EARLY
    assert attendance.minutes == 90


def test_a_second_scan_right_after_checking_in_is_not_a_check_out(enrolled, session):
    scan(enrolled, session, at=session.starts_at)
    again = scan(enrolled, session, at=session.starts_at + MINUTE)
    assert again.action == "already_in"
    assert LiveAttendance.objects.get(trainee=enrolled).checked_out_at is None


def test_arriving_late_marks_late_and_counts_the_minutes_from_arrival(enrolled, session):
    scan(enrolled, session, at=session.starts_at + 20 * MINUTE)
    attendance = LiveAttendance.objects.get(trainee=enrolled)
    assert attendance.status == AttendanceStatus.LATE
    assert attendance.minutes == 100


def test_a_code_seen_after_its_window_is_refused(enrolled, session):
    shown = session.starts_at
    with pytest.raises(ValidationError) as error:
        scan(enrolled, session, at=shown + 2 * MINUTE, shown_at=shown)
    assert "This code has expired" in error.value.messages[0]
    assert not LiveAttendance.objects.exists()


def test_a_code_opened_a_moment_after_it_changed_still_works(enrolled, session):
    shown = session.starts_at
    result = scan(enrolled, session, at=shown + datetime.timedelta(seconds=40), shown_at=shown)
    assert result.action == "checked_in"


def test_a_forged_or_altered_code_is_refused(enrolled, session):
    token = check_in_token(session_id=session.pk, at=session.starts_at)
    altered = token[:-3] + ("aaa" if not token.endswith("aaa") else "bbb")
    for bad in (
        altered,
        "not-a-code",
        token.replace(token.split(":")[0], "eyJzIjo5OTk5LCJ3IjoxfQ"),
    ):
        with pytest.raises(ValidationError) as error:
            live.attendance_check_in(trainee=enrolled, token=bad, now=session.starts_at)
        assert "not one of ours" in error.value.messages[0]
    assert not LiveAttendance.objects.exists()


def test_a_code_replayed_after_the_session_closed_is_refused(enrolled, facilitator, session):
    """A code sent to someone who was not in the room, used after the roster was signed."""
    moment = session.starts_at + 10 * MINUTE
    token = check_in_token(session_id=session.pk, at=moment)
    rosters.roster_sign(
        actor=facilitator,
        session=session,
        signature="Frankie Facilitator",
        attested=True,
        now=moment,
    )
    with pytest.raises(ValidationError) as error:
        live.attendance_check_in(trainee=enrolled, token=token, now=moment + MINUTE / 2)
    assert "Attendance for this session is closed" in error.value.messages[0]
    assert LiveAttendance.objects.get(trainee=enrolled).status == AttendanceStatus.ABSENT


def test_check_in_long_after_the_end_is_refused(enrolled, session):
    late = session.ends_at + datetime.timedelta(hours=2)
    with pytest.raises(ValidationError) as error:
        scan(enrolled, session, at=late)
    assert "closed" in error.value.messages[0]


def test_a_trainee_not_registered_is_told_to_see_the_facilitator(other_enrolled, session):
    with pytest.raises(ValidationError) as error:
        scan(other_enrolled, session, at=session.starts_at)
    assert "You are not registered for this session" in error.value.messages[0]
    assert not LiveAttendance.objects.filter(trainee=other_enrolled).exists()


# ------------------------------------------------------------------------------
# The roster and its signature
# ------------------------------------------------------------------------------
def test_signing_records_absent_people_and_freezes_the_roster(
    enrolled, other_enrolled, facilitator, session
):
    live.live_registration_create(trainee=other_enrolled, session=session)
    scan(enrolled, session, at=session.starts_at)
    signed = rosters.roster_sign(
        actor=facilitator,
        session=session,
        signature="Frankie Facilitator",
        attested=True,
        now=session.ends_at,
    )
    statuses = {row["name"]: (row["status"], row["minutes"]) for row in signed.roster}
    assert statuses == {"Jamie Trainee": ("present", 120), "Casey Trainee": ("absent", 0)}
    with pytest.raises(ValidationError):
        rosters.attendance_mark(
            actor=facilitator, session=session, trainee=other_enrolled, status="present"
        )


def test_the_database_refuses_to_change_signed_attendance(enrolled, facilitator, session):
    scan(enrolled, session, at=session.starts_at)
    rosters.roster_sign(
        actor=facilitator,
        session=session,
        signature="Frankie Facilitator",
        attested=True,
        now=session.ends_at,
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        LiveAttendance.objects.filter(trainee=enrolled).update(minutes=5)
    with pytest.raises(IntegrityError), transaction.atomic():
        LiveRosterSignature.objects.filter(session=session).delete()
    assert LiveAttendance.objects.get(trainee=enrolled).minutes == 120


def test_signing_needs_the_facilitators_own_name_and_the_attestation(facilitator, session):
    with pytest.raises(ValidationError) as error:
        rosters.roster_sign(
            actor=facilitator,
            session=session,
            signature="Someone Else",
            attested=False,
            now=session.ends_at,
        )
    assert set(error.value.message_dict) == {"signature", "attestation"}
    assert not LiveRosterSignature.objects.exists()


def test_someone_who_does_not_facilitate_cannot_sign(supervisor, session):
    with pytest.raises(PermissionDenied):
        rosters.roster_sign(
            actor=supervisor,
            session=session,
            signature="Sam Supervisor",
            attested=True,
            now=session.ends_at,
        )


def test_a_walk_in_is_added_and_signed_like_everyone_else(other_enrolled, facilitator, session):
    rosters.attendance_mark(
        actor=facilitator,
        session=session,
        trainee=other_enrolled,
        status="present",
        walk_in=True,
    )
    signed = rosters.roster_sign(
        actor=facilitator,
        session=session,
        signature="Frankie Facilitator",
        attested=True,
        now=session.ends_at,
    )
    walk_in = next(row for row in signed.roster if row["name"] == "Casey Trainee")
    assert walk_in["walk_in"] is True
    assert walk_in["minutes"] == 120


def test_a_walk_in_from_another_organisation_is_refused(outside_trainee, facilitator, session):
    with pytest.raises(ValidationError) as error:
        rosters.attendance_mark(
            actor=facilitator,
            session=session,
            trainee=outside_trainee,
            status="present",
            walk_in=True,
        )
    assert "Walk-ins are trainees of Riverside" in error.value.messages[0]


def test_signing_and_corrections_join_the_hash_chained_audit_trail(enrolled, facilitator, session):
    scan(enrolled, session, at=session.starts_at)
    signed = rosters.roster_sign(
        actor=facilitator,
        session=session,
        signature="Frankie Facilitator",
        attested=True,
        now=session.ends_at,
    )
    attendance = LiveAttendance.objects.get(trainee=enrolled)
    correction = rosters.attendance_correct(
        actor=facilitator,
        attendance=attendance,
        status=AttendanceStatus.LEFT_EARLY,
        minutes=60,
        modality="in_person",
        reason="Jamie left at the break; the scan out did not work.",
        signature="Frankie Facilitator",
        attested=True,
    )
    events = list(AuditEvent.objects.filter(action__startswith="live.").order_by("pk"))
    assert [(event.action, event.target_id) for event in events] == [
        ("live.roster_signed", str(signed.pk)),
        ("live.attendance_corrected", str(correction.pk)),
    ]
    assert events[0].after["roster"][0]["minutes"] == 120
    assert events[1].after["minutes"] == 60
    assert verify_chain().ok
    attendance.refresh_from_db()
    assert attendance.minutes == 120, "the signed original stays as it was"


def test_a_correction_before_signing_is_refused(enrolled, facilitator, session):
    scan(enrolled, session, at=session.starts_at)
    with pytest.raises(ValidationError):
        rosters.attendance_correct(
            actor=facilitator,
            attendance=LiveAttendance.objects.get(trainee=enrolled),
            status="present",
            minutes=100,
            modality="in_person",
            reason="Early fix.",
            signature="Frankie Facilitator",
            attested=True,
        )
    assert not LiveAttendanceCorrection.objects.exists()


def test_signed_attendance_reaches_the_lrs_once_for_those_who_attended(
    enrolled, other_enrolled, facilitator, session, lrs, django_capture_on_commit_callbacks
):
    from lms.xapi import XapiStatement
    from tests.lms.test_xapi import statements_for

    live.live_registration_create(trainee=other_enrolled, session=session)
    scan(enrolled, session, at=session.starts_at)
    with django_capture_on_commit_callbacks(execute=True):
        rosters.roster_sign(
            actor=facilitator,
            session=session,
            signature="Frankie Facilitator",
            attested=True,
            now=session.ends_at,
        )
    attended = [s for s in statements_for(enrolled) if s["verb"]["display"]["en-US"] == "attended"]
    assert len(attended) == 1
    assert attended[0]["result"]["duration"] == "PT120M"
    assert not [
        s for s in statements_for(other_enrolled) if s["verb"]["display"]["en-US"] == "attended"
    ]
    assert XapiStatement.objects.filter(sent_at__isnull=True).count() == 0
