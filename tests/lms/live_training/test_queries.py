"""Pinned query counts: the facilitator's roster and the trainee's session list cost the same
whatever the number of sessions and registrations."""

from datetime import timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

import pytest

from lms.accounts.models import Role
from lms.learning import services as learning
from lms.live_training import rosters
from lms.live_training import services as live
from lms.live_training.models import LiveRegistration, RegistrationStatus
from tests.factories import person_with_role

pytestmark = pytest.mark.django_db


def queries(client, url) -> int:
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context.captured_queries)


def more_trainees(organization, program, count):
    people = []
    for number in range(count):
        person = person_with_role(Role.TRAINEE, organization, display_name=f"Trainee {number}")
        learning.enrollment_create(trainee=person, program=program)
        people.append(person)
    return people


# The page: session, roles and user (3), the roster (4: registrations, attendance with their
# corrections, the signature), walk-in candidates (1). With nobody marked yet, the corrections
# are not asked for (one query less).
ROSTER_PAGE_QUERIES = 8


def test_the_roster_page_runs_a_fixed_number_of_queries(
    client, facilitator, organization, program, enrolled, schedule, django_assert_max_num_queries
):
    session = schedule(0.25, capacity=40)
    live.live_registration_create(trainee=enrolled, session=session)
    rosters.attendance_mark(actor=facilitator, session=session, trainee=enrolled, status="present")
    client.force_login(facilitator)
    url = reverse("lms:facilitate_session", args=[session.pk])
    client.get(url)  # warm per-process caches
    with_one = queries(client, url)
    for person in more_trainees(organization, program, 12):
        live.live_registration_create(trainee=person, session=session)
        rosters.attendance_mark(
            actor=facilitator, session=session, trainee=person, status="present"
        )
    with django_assert_max_num_queries(ROSTER_PAGE_QUERIES):
        page = client.get(url)
    assert "Trainee 11" in page.content.decode()
    assert queries(client, url) == with_one


def test_the_roster_api_runs_a_fixed_number_of_queries(
    client, staff, facilitator, organization, program, enrolled, schedule
):
    session = schedule(0.25, capacity=40)
    live.live_registration_create(trainee=enrolled, session=session)
    client.force_login(staff)
    url = f"/api/v1/facilitator/live-sessions/{session.pk}/roster/"
    client.get(url)
    with_one = queries(client, url)
    for person in more_trainees(organization, program, 8):
        live.live_registration_create(trainee=person, session=session)
    response = client.get(url)
    assert len(response.json()["rows"]) == 9
    assert queries(client, url) == with_one


# The page: user and roles (2), the trainee's sessions (2), the calendar feed (1).
SESSION_LIST_QUERIES = 6


def test_the_trainees_session_list_runs_a_fixed_number_of_queries(
    client, enrolled, schedule, django_assert_max_num_queries
):
    live.live_registration_create(trainee=enrolled, session=schedule(48))
    schedule(72)
    client.force_login(enrolled)
    url, api = reverse("lms:live_sessions"), "/api/v1/me/live-sessions/"
    client.get(url)
    page_with_two, api_with_two = queries(client, url), queries(client, api)
    for hours in range(96, 96 + 24 * 10, 24):
        session = schedule(hours, part=2)
        if hours % 48 == 0:  # seats in several sessions (set up directly: the same part)
            LiveRegistration.objects.create(
                session=session, trainee=enrolled, status=RegistrationStatus.REGISTERED
            )
    with django_assert_max_num_queries(SESSION_LIST_QUERIES):
        page = client.get(url)
    assert page.content.decode().count("You have a seat") == 6
    assert queries(client, url) == page_with_two
    assert len(client.get(api).json()["results"]) == 12
    assert queries(client, api) == api_with_two


@pytest.mark.usefixtures("require_postgresql")
def test_the_homes_overview_of_sessions_is_the_full_lists_in_short(
    enrolled, other_enrolled, schedule, django_assert_num_queries
):
    """/learn/ reads its overview of live sessions in one statement (lms.one_trip), and the
    registrations whole only when there are some: the same registrations, waiting-list places
    and open sessions as the full lists /learn/sessions/ shows."""
    from lms.live_training.selectors import trainee_sessions

    # A person holds one place per part of the module (it has two).
    full, taken, waiting, other = (
        schedule(24 * day, capacity=1, part=part) for day, part in ((1, 1), (2, 1), (3, 2), (4, 2))
    )
    schedule(120, part=1, registration_closes_at=timezone.now() - timedelta(hours=1))
    live.live_registration_create(trainee=other_enrolled, session=full)
    live.live_registration_create(trainee=enrolled, session=taken)
    live.live_registration_create(trainee=other_enrolled, session=waiting)
    live.live_registration_create(trainee=enrolled, session=waiting)  # on the waiting list
    with django_assert_num_queries(2):
        overview = trainee_sessions(user=enrolled, detail=False)
    detailed = trainee_sessions(user=enrolled, detail=True)
    assert overview.upcoming == detailed.upcoming
    assert [r.session_id for r in overview.upcoming] == [taken.pk, waiting.pk]
    assert [r.waitlist_position for r in overview.upcoming] == [0, 1]
    assert sorted(s.pk for s in overview.available) == sorted(s.pk for s in detailed.available)
    assert {s.pk for s in overview.available} == {full.pk, other.pk}
    assert overview.changes_at() == detailed.changes_at()
    nobody_yet = person_with_role(Role.TRAINEE, enrolled.memberships.get().organization)
    with django_assert_num_queries(1):  # no registrations: nothing more to read
        assert trainee_sessions(user=nobody_yet, detail=False).upcoming == []
