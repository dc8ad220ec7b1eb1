"""Live-training fixtures: a live module of two sessions, people, and a scheduling helper."""

import datetime
from decimal import Decimal

from django.utils import timezone

import pytest

from lms.accounts.models import Role
from lms.learning import services as learning
from lms.live_training import services as live
from tests.factories import person_with_role
from tests.lms.builders import build_module


@pytest.fixture
def baseline(db):
    """What migrations load (site tree, taxonomy), for transactional tests run on a reused
    database that an earlier transactional test emptied."""
    from curriculum.starter import seed_current_taxonomy
    from tests.curriculum.builders import ensure_site_tree

    ensure_site_tree()
    seed_current_taxonomy()


@pytest.fixture
def live_module(program, ethics_domain, advocacy_domain, ethics_topic):
    """4 contact hours, all earned in two live sessions (2 h each), proportional credit."""
    return build_module(
        program,
        title="Ethics in the room",
        hours=Decimal("4"),
        lessons=0,
        credit_mode="live",
        live_contact_hours=Decimal("4"),
        live_session_count=2,
        live_domains=[(ethics_domain, Decimal("3")), (advocacy_domain, Decimal("1"))],
        live_topics=[(ethics_topic, Decimal("2"))],
    )


@pytest.fixture
def facilitator(organization):
    return person_with_role(Role.FACILITATOR, organization, display_name="Frankie Facilitator")


@pytest.fixture
def enrolled(trainee, program):
    learning.enrollment_create(trainee=trainee, program=program)
    return trainee


@pytest.fixture
def other_enrolled(other_trainee, program):
    learning.enrollment_create(trainee=other_trainee, program=program)
    return other_trainee


def at(hours_from_now: float) -> datetime.datetime:
    """A moment relative to now, on a whole minute (sessions are scheduled to the minute)."""
    moment = timezone.now() + datetime.timedelta(hours=hours_from_now)
    return moment.replace(second=0, microsecond=0)


@pytest.fixture
def schedule(staff, organization, live_module, facilitator):
    """schedule(starts_in_hours, minutes=120, capacity=10, part=1, **fields) -> LiveSession."""

    def _schedule(starts_in_hours: float = 48, *, minutes: int = 120, **fields):
        starts_at = at(starts_in_hours)
        values = {
            "actor": staff,
            "organization": organization,
            "module": live_module,
            "starts_at": starts_at,
            "ends_at": starts_at + datetime.timedelta(minutes=minutes),
            "capacity": 10,
            "place": "Riverside centre, room 2",
            "facilitators": [facilitator],
            **fields,
        }
        return live.live_session_schedule(**values)

    return _schedule
