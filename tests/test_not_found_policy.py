"""404 or 403 (docs/security.md): what a refusal may reveal.

- Someone else's object answers exactly like an id that does not exist: the same status, the
  same headers and the same bytes (pages differ only in the CSRF token's per-response mask,
  which is random by design and says nothing about the record).
- A whole area that is not for the person's role answers 403, decided before any lookup, so
  the answer is the same for an existing id and a missing one.
"""

import re
from decimal import Decimal

from django.utils import timezone

import pytest
from rest_framework.test import APIClient

from certification.supervision import services, sessions
from certification.supervision.models import (
    EntryStatus,
    Modality,
    PracticeLogEntry,
    SessionAttendance,
    SessionFormat,
    SupervisionAgreement,
)
from curriculum.models import CompetencyDomain
from curriculum.starter import seed_current_taxonomy
from lms.accounts.models import PersonalAccessToken, Role
from lms.accounts.services import access_token_create
from tests.certification.conftest import days_ago, entry_values, make_signed_agreement
from tests.factories import person_with_role

pytestmark = pytest.mark.django_db

MISSING = 987654321  # an id no record has in these tests
CSRF_TOKEN = re.compile(r"[A-Za-z0-9]{64}")


@pytest.fixture
def domain(db):
    # Transactional tests elsewhere empty every table, data migrations included.
    if not CompetencyDomain.objects.exists():
        seed_current_taxonomy()
    return CompetencyDomain.objects.order_by("pk").first()


@pytest.fixture
def world(settings, organization, other_organization, domain):
    """Jamie (trainee, supervised by Sam) and Casey (trainee, supervised by Lee), each with a
    draft and a submitted entry and a recorded session; an agreement of Sam's that ended past
    the grace period, with an entry; staff of both organisations."""
    jamie = person_with_role(Role.TRAINEE, organization, display_name="Jamie Trainee")
    casey = person_with_role(Role.TRAINEE, organization, display_name="Casey Trainee")
    robin = person_with_role(Role.TRAINEE, organization, display_name="Robin Former")
    sam = person_with_role(Role.SUPERVISOR, organization, display_name="Sam Supervisor")
    lee = person_with_role(Role.SUPERVISOR, organization, display_name="Lee Supervisor")
    settings.PEERPATH_SUPERVISION_GRACE_DAYS = 30
    people = {
        "jamie": jamie,
        "casey": casey,
        "sam": sam,
        "lee": lee,
        "staff": person_with_role(Role.STAFF, organization, display_name="Alex Staff"),
        "outsider": person_with_role(Role.TRAINEE, other_organization, display_name="Pat Away"),
    }
    records = {}
    for trainee, supervisor in ((jamie, sam), (casey, lee)):
        agreement = make_signed_agreement(
            trainee=trainee, supervisor=supervisor, organization=organization
        )
        records[f"{trainee.display_name}:agreement"] = agreement
        records[f"{trainee.display_name}:draft"] = services.practice_entry_create(
            trainee=trainee, **entry_values(domain, date=days_ago(2))
        )
        records[f"{trainee.display_name}:submitted"] = services.practice_entry_create(
            trainee=trainee, submit=True, **entry_values(domain, date=days_ago(3))
        )
        session = sessions.supervision_session_record(
            supervisor=supervisor,
            date=days_ago(1),
            duration_hours=Decimal("1"),
            format=SessionFormat.INDIVIDUAL,
            modality=Modality.VIDEO,
            domains=[domain],
            trainees=[trainee],
        )
        records[f"{trainee.display_name}:attendance"] = SessionAttendance.objects.get(
            session=session
        )
    closed = make_signed_agreement(
        trainee=robin,
        supervisor=sam,
        organization=organization,
        start_days_ago=200,
        signed_days_ago=200,
        length_days=100,
    )
    records["closed:agreement"] = closed
    records["closed:entry"] = PracticeLogEntry.objects.create(
        trainee=robin,
        agreement=closed,
        status=EntryStatus.SUBMITTED,
        submitted_at=timezone.now(),
        **entry_values(domain, date=days_ago(150)),
    )
    records["casey:token"], _secret = access_token_create(
        user=casey, name="phone", scope=PersonalAccessToken.Scope.WRITE
    )
    return people, records


def normalised(response) -> tuple:
    """What a person (or a script) can observe of an answer, minus the random CSRF mask and
    the address asked for (the language switcher on every page echoes it, to come back)."""
    body = response.content
    if response.get("Content-Type", "").startswith("text/html"):
        body = CSRF_TOKEN.sub("CSRF", body.decode())
        body = body.replace(response.request["PATH_INFO"], "PATH").encode()
    headers = {name: value for name, value in response.headers.items() if name != "Content-Length"}
    return response.status_code, headers, body


def assert_same_answer(existing, missing, *, status):
    assert existing.status_code == status
    assert normalised(existing) == normalised(missing)
    if not existing.get("Content-Type", "").startswith("text/html"):
        assert existing.content == missing.content  # JSON: byte for byte, nothing masked


def ask(client, method, path, data):
    if method == "get":
        return client.get(path)
    if isinstance(client, APIClient):
        return getattr(client, method)(path, data or {}, format="json")
    return getattr(client, method)(path, data or {})


SIGN = {"signature": "Sam Supervisor", "attestation": "on"}
API_SIGN = {"signature": "Sam Supervisor", "attestation": True}

# (who asks, whose record, method, path with {id}, body): each must answer 404, exactly as an
# id that does not exist.
PAGES = [
    ("jamie", "Casey Trainee:draft", "get", "/practice/entries/{id}/", None),
    ("jamie", "Casey Trainee:submitted", "post", "/practice/entries/{id}/", {"action": "save"}),
    ("jamie", "Casey Trainee:submitted", "post", "/practice/entries/{id}/correct/", None),
    ("jamie", "Casey Trainee:attendance", "post", "/practice/sessions/{id}/confirm/", None),
    ("jamie", "Casey Trainee:agreement", "get", "/agreements/{id}/sign/", None),
    ("sam", "Casey Trainee:agreement", "get", "/agreements/{id}/sign/", None),
    ("sam", "closed:agreement", "get", "/agreements/{id}/sign/", None),
    ("sam", "Casey Trainee:submitted", "post", "/supervise/entries/{id}/approve/", SIGN),
    ("sam", "Jamie Trainee:draft", "post", "/supervise/entries/{id}/approve/", SIGN),
    ("sam", "closed:entry", "post", "/supervise/entries/{id}/approve/", SIGN),
    ("sam", "closed:entry", "post", "/supervise/entries/{id}/return/", None),
    ("sam", "closed:entry", "post", "/supervise/entries/{id}/reject/", None),
    ("staff", "outsider", "get", "/staff/people/{id}/", None),
    ("jamie", "casey:token", "post", "/account/tokens/{id}/revoke/", None),
]

API = [
    ("jamie", "Casey Trainee:submitted", "get", "/api/v1/practice-entries/{id}/", None),
    (
        "jamie",
        "Casey Trainee:draft",
        "patch",
        "/api/v1/practice-entries/{id}/",
        {"description": "Mine now"},
    ),
    ("jamie", "Casey Trainee:attendance", "post", "/api/v1/supervision-sessions/{id}/confirm/", {}),
    ("sam", "Casey Trainee:submitted", "get", "/api/v1/practice-entries/{id}/", None),
    ("sam", "Jamie Trainee:draft", "get", "/api/v1/practice-entries/{id}/", None),
    ("sam", "closed:entry", "get", "/api/v1/practice-entries/{id}/", None),
    (
        "sam",
        "Casey Trainee:submitted",
        "post",
        "/api/v1/supervision/entries/{id}/approve/",
        API_SIGN,
    ),
    ("sam", "closed:entry", "post", "/api/v1/supervision/entries/{id}/approve/", API_SIGN),
    ("sam", "closed:entry", "post", "/api/v1/supervision/entries/{id}/return/", {"comment": "x"}),
    ("sam", "closed:entry", "post", "/api/v1/supervision/entries/{id}/reject/", {"reason": "x"}),
]


def record_id(people, records, key):
    return (records.get(key) or people[key]).pk


@pytest.mark.parametrize(("viewer", "record", "method", "path", "data"), PAGES)
def test_a_page_answers_someone_elses_record_exactly_like_a_missing_one(
    client, world, viewer, record, method, path, data
):
    people, records = world
    client.force_login(people[viewer])
    existing = ask(client, method, path.format(id=record_id(people, records, record)), data)
    missing = ask(client, method, path.format(id=MISSING), data)
    assert_same_answer(existing, missing, status=404)


@pytest.mark.parametrize(("viewer", "record", "method", "path", "data"), API)
def test_the_api_answers_someone_elses_record_exactly_like_a_missing_one(
    world, viewer, record, method, path, data
):
    people, records = world
    client = APIClient()
    client.force_login(people[viewer])
    existing = ask(client, method, path.format(id=record_id(people, records, record)), data)
    missing = ask(client, method, path.format(id=MISSING), data)
    assert_same_answer(existing, missing, status=404)


def test_nothing_was_changed_by_the_refused_requests(client, world):
    people, records = world
    client.force_login(people["sam"])
    for key in ("Casey Trainee:submitted", "closed:entry"):
        client.post(f"/supervise/entries/{records[key].pk}/approve/", SIGN)
    assert (
        set(
            PracticeLogEntry.objects.filter(status=EntryStatus.APPROVED).values_list(
                "pk", flat=True
            )
        )
        == set()
    )
    assert SupervisionAgreement.objects.count() == 3
    assert SessionAttendance.objects.filter(confirmed_at__isnull=False).count() == 0


# (who asks, a record that exists, method, path, body): a role without the area gets 403,
# the same for an existing id and a missing one, with the kind "another role" answer.
ROLE_AREAS = [
    ("jamie", "Jamie Trainee:submitted", "post", "/supervise/entries/{id}/approve/", SIGN),
    ("sam", "Jamie Trainee:draft", "get", "/practice/entries/{id}/", None),
    ("jamie", "outsider", "get", "/staff/people/{id}/", None),
    ("sam", "outsider", "get", "/staff/people/{id}/", None),
]


@pytest.mark.parametrize(("viewer", "record", "method", "path", "data"), ROLE_AREAS)
def test_a_page_for_another_role_answers_403_whatever_the_id(
    client, world, viewer, record, method, path, data
):
    people, records = world
    client.force_login(people[viewer])
    existing = ask(client, method, path.format(id=record_id(people, records, record)), data)
    missing = ask(client, method, path.format(id=MISSING), data)
    assert_same_answer(existing, missing, status=403)
    assert "This page is for another role than yours." in existing.content.decode()


def test_an_api_endpoint_for_another_role_answers_403_whatever_the_id(world):
    people, records = world
    client = APIClient()
    client.force_login(people["jamie"])
    path = "/api/v1/supervision/entries/{id}/approve/"
    existing = client.post(
        path.format(id=records["Jamie Trainee:submitted"].pk), API_SIGN, format="json"
    )
    missing = client.post(path.format(id=MISSING), API_SIGN, format="json")
    assert_same_answer(existing, missing, status=403)
    assert existing.json() == {"detail": "This is for supervisors."}
