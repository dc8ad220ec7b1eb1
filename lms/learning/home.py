"""/learn/'s reads about the person, in one statement: the learning summary, the overview of
live sessions, their organisations, and the rows the page's panels name (lms/home_panels.py).

Each part keeps its own querysets (``learning_summary``, ``trainee_sessions``, each panel's
``reads``) and reads them itself elsewhere; here they are joined into one OneTrip, built once
per process for the panels registered (a panel registered later gets a statement of its own
shape).
"""

import datetime
import threading
from functools import partial

from lms import home_panels
from lms.accounts.models import Membership, Role
from lms.learning.selectors import summary_queries
from lms.live_training.selectors import overview_queries
from lms.one_trip import OneTrip, together

_STAND_INS = (
    {"user_id": -7_000_001, "now": datetime.datetime(1901, 2, 3, 4, 5, tzinfo=datetime.UTC)},
    {"user_id": -7_000_002, "now": datetime.datetime(1902, 3, 4, 5, 6, tzinfo=datetime.UTC)},
)
_trips: dict[tuple[str, ...], OneTrip] = {}
_lock = threading.Lock()


def _queries(*, user_id: int, now: datetime.datetime, panels: list) -> dict:
    return together(
        summary_queries(user_id=user_id),
        overview_queries(user_id=user_id, now=now),
        {
            "memberships": Membership.objects.filter(
                user_id=user_id, role=Role.TRAINEE
            ).select_related("organization")
        },
        home_panels.panel_queries(panels, user_id),
    )


def _trip() -> OneTrip:
    panels = home_panels.reading_panels(home_panels.LEARN)
    key = tuple(panel.name for panel in panels)
    trip = _trips.get(key)
    if trip is None:
        with _lock:
            trip = _trips.setdefault(
                key, OneTrip(partial(_queries, panels=panels), stand_ins=_STAND_INS)
            )
    return trip


def learn_home_rows(*, user_id: int, now: datetime.datetime, one_trip: bool | None = None):
    """Every row /learn/ shows about the person, by query name; the memberships in their
    queryset's order (organisation, then role)."""
    rows = _trip().read(one_trip=one_trip, user_id=user_id, now=now)
    rows["memberships"] = sorted(
        rows["memberships"],
        key=lambda membership: (membership.organization.name, membership.role, membership.pk),
    )
    return rows
