"""Credit for attendance: quarter hours, the partial-attendance rules, make-up sessions, the
completion snapshot with each credit's modality, and the face-to-face share it feeds."""

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError

import pytest

from certification.rules.collect import collect_records
from lms.learning.models import CompletionCredit, ModuleCompletion
from lms.live_training import rosters
from lms.live_training import services as live
from lms.live_training.credit import live_progress, session_credit_hours
from tests.lms.builders import build_module
from tests.lms.live_training.conftest import at

pytestmark = pytest.mark.django_db

D = Decimal


@pytest.mark.parametrize(
    ("attended", "rule", "expected"),
    [
        (120, "proportional", D("2")),
        (50, "proportional", D("0.75")),
        (44, "proportional", D("0.5")),
        (14, "proportional", D("0")),
        (500, "proportional", D("2")),  # never more than the session lasted
        (90, "minimum_share", D("2")),  # 75% of 120 minutes
        (89, "minimum_share", D("0")),
    ],
)
def test_a_session_credits_quarter_hours_by_the_modules_rule(attended, rule, expected):
    credited = session_credit_hours(
        scheduled_minutes=120,
        attended_minutes=attended,
        status="present",
        rule=rule,
        minimum_share_percent=75,
    )
    assert credited == expected


@pytest.mark.parametrize("status", ["absent", "excused"])
def test_absent_and_excused_people_are_credited_nothing(status):
    assert session_credit_hours(
        scheduled_minutes=120,
        attended_minutes=120,
        status=status,
        rule="proportional",
        minimum_share_percent=75,
    ) == D("0")


def attend(trainee, session, facilitator, *, minutes=None, status="present", modality=None):
    """Register (if needed), be marked, and have the roster signed once the session ends."""
    rosters.attendance_mark(
        actor=facilitator,
        session=session,
        trainee=trainee,
        status=status,
        minutes=minutes,
        modality=modality,
        walk_in=True,
    )
    return rosters.roster_sign(
        actor=facilitator,
        session=session,
        signature="Frankie Facilitator",
        attested=True,
        now=session.ends_at,
    )


def test_make_up_attendance_of_the_same_part_credits_once(
    enrolled, facilitator, schedule, live_module
):
    """Jamie left the first part early (1 h credited), made it up in full at another session of
    the same part (2 h), and attended it a third time: part 1 credits 2 h, once."""
    first = schedule(2, part=1)
    make_up = schedule(30, part=1)
    again = schedule(60, part=1)
    attend(enrolled, first, facilitator, minutes=60, status="left_early")
    attend(enrolled, make_up, facilitator)
    attend(enrolled, again, facilitator)
    progress = live_progress(user=enrolled, module=live_module)
    assert [(credit.part, credit.hours) for credit in progress.credits] == [(1, D("2"))]
    assert progress.parts_missing == [2]
    assert not ModuleCompletion.objects.filter(user=enrolled).exists()


def test_attending_every_part_completes_the_module_with_each_credits_modality(
    enrolled, facilitator, schedule, live_module
):
    first = schedule(2, part=1)
    second = schedule(30, part=2, delivery="hybrid", meeting_link="https://meet.example.org/x")
    attend(enrolled, first, facilitator)
    attend(enrolled, second, facilitator, minutes=75, modality="live_online")
    completion = ModuleCompletion.objects.get(user=enrolled, module=live_module)
    assert completion.contact_hours == D("3.25")
    credits = sorted(
        (credit.part, credit.modality, credit.hours)
        for credit in CompletionCredit.objects.filter(completion=completion)
    )
    assert credits == [(1, "in_person", D("2.00")), (2, "live_online", D("1.25"))]
    assert completion.modality == "in_person"
    # The live split (3 h ethics, 1 h advocacy of 4) scaled to the 3.25 h credited.
    split = {row.domain.slug: row.hours for row in completion.domain_hours.all()}
    assert split == {"ethical-responsibility": D("2.44"), "advocacy": D("0.81")}
    assert sum(split.values()) == completion.contact_hours


def test_the_minimum_share_rule_credits_the_whole_session_or_nothing(
    enrolled, facilitator, schedule, program, ethics_domain
):
    module = build_module(
        program,
        title="Sharing your story safely",
        hours=D("2"),
        lessons=0,
        credit_mode="live",
        live_contact_hours=D("2"),
        live_session_count=1,
        partial_attendance_rule="minimum_share",
        minimum_share_percent=75,
        live_domains=[(ethics_domain, D("2"))],
    )
    short = schedule(2, module=module)
    attend(enrolled, short, facilitator, minutes=80)
    assert live_progress(user=enrolled, module=module).credits == []
    enough = schedule(30, module=module)
    attend(enrolled, enough, facilitator, minutes=95)
    completion = ModuleCompletion.objects.get(user=enrolled, module=module)
    assert completion.contact_hours == D("2")


def test_the_face_to_face_share_counts_only_hours_attended_in_person(
    enrolled, facilitator, schedule, program, ethics_domain
):
    """A blended module: 1 h of self-paced lessons and 2 h live. Jamie attends the live session
    online, so none of the 3 h is face-to-face for the credential engine."""
    from lms.learning import services as learning

    module = build_module(
        program,
        title="Blended boundaries",
        hours=D("3"),
        lessons=1,
        credit_mode="blended",
        live_contact_hours=D("2"),
        live_session_count=1,
        domains=[(ethics_domain, D("1"))],
        live_domains=[(ethics_domain, D("2"))],
    )
    session = schedule(
        2, module=module, delivery="online", place="", meeting_link="https://m.example.org/b"
    )
    attend(enrolled, session, facilitator)
    for lesson in module.get_children().live().specific():
        learning.lesson_complete(user=enrolled, lesson=lesson)
    completion = ModuleCompletion.objects.get(user=enrolled, module=module)
    assert completion.contact_hours == D("3")
    record = next(
        record
        for record in collect_records(enrolled).training
        if record.ref == f"module-completion:{completion.pk}"
    )
    assert record.share_in_modality(record.hours, "in_person") == D("0")
    assert record.share_in_modality(record.hours, "live_online") == D("2.00")


def test_a_series_keeps_its_local_time_across_the_change_from_daylight_saving(
    staff, organization, live_module, facilitator
):
    """Weekly at 18:00 in Chicago, across the first Sunday of November: the local time stays,
    the UTC time moves by an hour."""
    plan = live.SeriesPlan(
        first_day=datetime.date(2031, 10, 28),
        start_time=datetime.time(18, 0),
        duration_minutes=120,
        count=2,
    )
    series = live.live_series_schedule(
        actor=staff,
        organization=organization,
        module=live_module,
        plan=plan,
        capacity=12,
        place="Riverside centre",
        facilitators=[facilitator],
    )
    sessions = list(series.sessions.order_by("starts_at"))
    assert [session.part for session in sessions] == [1, 2]
    assert [session.local_starts_at.strftime("%Y-%m-%d %H:%M") for session in sessions] == [
        "2031-10-28 18:00",
        "2031-11-04 18:00",
    ]
    assert [session.starts_at.astimezone(datetime.UTC).hour for session in sessions] == [23, 0]


def test_a_series_longer_than_the_modules_parts_is_refused(staff, organization, live_module):
    plan = live.SeriesPlan(
        first_day=at(48).date(), start_time=datetime.time(18), duration_minutes=60, count=3
    )
    with pytest.raises(ValidationError) as error:
        live.live_series_schedule(
            actor=staff,
            organization=organization,
            module=live_module,
            plan=plan,
            capacity=5,
            place="Room 2",
        )
    assert "choose a part from 1 to 2" in error.value.messages[0]
