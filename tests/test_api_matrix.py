"""Every /api/v1/ operation × every role, against a table of expected answers.

The operations come from the generated OpenAPI schema, so an endpoint added without a row here
fails `test_the_matrix_lists_every_operation_of_the_schema`. The expected status codes are
written out by hand from what each role should be allowed (the product's rules), not read from
the code under test.

The world: a trainee (Jamie) under a signed agreement with a supervisor (Sam), with a draft and
a submitted entry, a supervision session to confirm and an issued credential; another trainee
of the same organisation (Casey, supervised by Sam too) who owns none of those; staff and an
organisation admin of the organisation; a superuser. The three token columns are Jamie's tokens
(read scope, write scope, and a revoked write token).
"""

import datetime
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

import pytest
from drf_spectacular.generators import SchemaGenerator
from rest_framework.test import APIClient

from certification.issuance.services import (
    credential_application_approve,
    credential_application_submit,
)
from certification.supervision import services, sessions
from certification.supervision.models import EntryStatus, PracticeLogEntry, SessionAttendance
from curriculum.editorial import statewide_section_ensure
from curriculum.models import CompetencyDomain
from curriculum.starter import seed_current_taxonomy
from lms.accounts.models import PersonalAccessToken, Role
from lms.accounts.services import access_token_create, access_token_revoke
from lms.learning.services import enrollment_create
from lms.live_training.services import live_registration_create, live_session_schedule
from tests.certification.conftest import days_ago, entry_values, make_signed_agreement
from tests.certification.issuance.test_applications import make_definition, meet
from tests.conftest import rolled_back_after
from tests.factories import OrganizationFactory, UserFactory, person_with_role
from tests.lms.builders import build_module, build_program

pytestmark = pytest.mark.django_db

ROLES = (
    "anonymous",
    "trainee",
    "other_trainee",
    "supervisor",
    "staff",
    "org_admin",
    "superuser",
    "read_token",
    "write_token",
    "revoked_token",
)
SIGNATURE = "Sam Supervisor"


def row(*codes):
    assert len(codes) == len(ROLES)
    return dict(zip(ROLES, codes, strict=True))


# (method, path) → (the record {id}/{code} stands for, the body sent, the answer per role).
# Records: draft / submitted (Jamie's entries), attendance (Jamie's session), credential.
#        anon trainee other supervisor staff admin  super read  write revoked
MATRIX = {
    ("get", "/api/v1/me/"): (None, None, row(401, 200, 200, 200, 200, 200, 200, 200, 200, 401)),
    ("patch", "/api/v1/me/"): (
        None,
        {"preferred_language": "es"},
        row(401, 200, 200, 200, 200, 200, 200, 403, 200, 401),
    ),
    ("get", "/api/v1/me/enrolments/"): (
        None,
        None,
        row(401, 200, 200, 200, 200, 200, 200, 200, 200, 401),
    ),
    ("get", "/api/v1/me/completions/"): (
        None,
        None,
        row(401, 200, 200, 200, 200, 200, 200, 200, 200, 401),
    ),
    ("get", "/api/v1/me/live-sessions/"): (
        None,
        None,
        row(401, 200, 200, 200, 200, 200, 200, 200, 200, 401),
    ),
    # Jamie holds a seat (registering again changes nothing); Casey is not enrolled in the
    # module; a superuser is no trainee of the organisation.
    ("post", "/api/v1/live-sessions/{id}/register/"): (
        "live_session",
        None,
        row(401, 200, 400, 403, 403, 403, 403, 403, 200, 401),
    ),
    ("post", "/api/v1/live-sessions/{id}/cancel/"): (
        "live_session",
        None,
        row(401, 200, 400, 403, 403, 403, 400, 403, 200, 401),
    ),
    # Staff of the organisation run its sessions' attendance; trainees never see a roster.
    ("get", "/api/v1/facilitator/live-sessions/{id}/roster/"): (
        "live_session",
        None,
        row(401, 403, 403, 403, 200, 200, 200, 403, 403, 401),
    ),
    ("get", "/api/v1/staff/people/"): (
        None,
        None,
        row(401, 403, 403, 403, 200, 200, 200, 403, 403, 401),
    ),
    ("get", "/api/v1/staff/trainees/"): (
        None,
        None,
        row(401, 403, 403, 403, 200, 200, 200, 403, 403, 401),
    ),
    # Reports: staff read their organisations' figures; network readers (none of these roles)
    # read their region's; tests/certification/reports/test_pages.py covers the network.
    ("get", "/api/v1/staff/reports/"): (
        None,
        None,
        row(401, 403, 403, 403, 200, 200, 200, 403, 403, 401),
    ),
    ("get", "/api/v1/network/reports/"): (
        None,
        None,
        row(401, 403, 403, 403, 403, 403, 200, 403, 403, 401),
    ),
    ("get", "/api/v1/staff/trainees.csv"): (
        None,
        None,
        row(401, 403, 403, 403, 200, 200, 200, 403, 403, 401),
    ),
    # Public: no sign-in, and a token (even a revoked one) is not looked at.
    ("get", "/api/v1/verify/{code}/"): (
        "credential",
        None,
        row(200, 200, 200, 200, 200, 200, 200, 200, 200, 200),
    ),
    ("get", "/api/v1/practice-entries/"): (
        None,
        None,
        row(401, 200, 200, 200, 200, 200, 200, 200, 200, 401),
    ),
    # Trainees log their own hours; a superuser passes the role check but holds no agreement.
    ("post", "/api/v1/practice-entries/"): (
        None,
        "new_entry",
        row(401, 201, 201, 403, 403, 403, 400, 403, 201, 401),
    ),
    # Jamie's submitted entry: Jamie, Jamie's supervisor and the organisation's staff see it.
    ("get", "/api/v1/practice-entries/{id}/"): (
        "submitted",
        None,
        row(401, 200, 404, 200, 200, 200, 200, 200, 200, 401),
    ),
    ("patch", "/api/v1/practice-entries/{id}/"): (
        "draft",
        {"description": "Helped a peer find a meeting near their new home."},
        row(401, 200, 404, 403, 403, 403, 404, 403, 200, 401),
    ),
    # Ids in a body: someone else's entry is a validation error naming nothing more.
    ("post", "/api/v1/practice-entries/submit/"): (
        None,
        "submit_draft",
        row(401, 200, 400, 403, 403, 403, 400, 403, 200, 401),
    ),
    ("get", "/api/v1/supervision-sessions/"): (
        None,
        None,
        row(401, 200, 200, 200, 200, 200, 200, 200, 200, 401),
    ),
    ("post", "/api/v1/supervision-sessions/{id}/confirm/"): (
        "attendance",
        None,
        row(401, 200, 404, 403, 403, 403, 404, 403, 200, 401),
    ),
    ("get", "/api/v1/me/credentials/"): (
        None,
        None,
        row(401, 200, 200, 200, 200, 200, 200, 200, 200, 401),
    ),
    # The holder's only: everyone else, staff and superusers included, gets 404.
    ("get", "/api/v1/me/credentials/{id}/open-badge/"): (
        "credential",
        None,
        row(401, 200, 404, 404, 404, 404, 404, 200, 200, 401),
    ),
    ("get", "/api/v1/me/credential-progress/"): (
        None,
        None,
        row(401, 200, 200, 403, 403, 403, 200, 200, 200, 401),
    ),
    # Your own exam results and attestations: trainees (and superusers, who pass every role).
    ("get", "/api/v1/me/exam-results/"): (
        None,
        None,
        row(401, 200, 200, 403, 403, 403, 200, 200, 200, 401),
    ),
    # JSON carries no score report, so a trainee's request is refused for the missing file
    # (tests/certification/credentials/test_evidence_flows.py sends one, multipart).
    ("post", "/api/v1/me/exam-results/"): (
        None,
        {"exam_code": "icrc_pr_exam", "taken_on": "2026-01-10", "score": "540"},
        row(401, 400, 400, 403, 403, 403, 400, 403, 400, 401),
    ),
    ("get", "/api/v1/me/attestations/"): (
        None,
        None,
        row(401, 200, 200, 403, 403, 403, 200, 200, 200, 401),
    ),
    ("post", "/api/v1/me/attestations/"): (
        None,
        {"kind": "lived_experience"},
        row(401, 201, 201, 403, 403, 403, 201, 403, 201, 401),
    ),
    ("get", "/api/v1/supervision/entries/"): (
        None,
        None,
        row(401, 403, 403, 200, 403, 403, 200, 403, 403, 401),
    ),
    # Bulk sign-off: a superuser passes the role check but no entry was sent to them.
    ("post", "/api/v1/supervision/entries/approve/"): (
        None,
        "approve_submitted",
        row(401, 403, 403, 200, 403, 403, 400, 403, 403, 401),
    ),
    ("post", "/api/v1/supervision/entries/{id}/approve/"): (
        "submitted",
        {"signature": SIGNATURE, "attestation": True},
        row(401, 403, 403, 200, 403, 403, 404, 403, 403, 401),
    ),
    ("post", "/api/v1/supervision/entries/{id}/return/"): (
        "submitted",
        {"comment": "Which domain was this?"},
        row(401, 403, 403, 200, 403, 403, 404, 403, 403, 401),
    ),
    ("post", "/api/v1/supervision/entries/{id}/reject/"): (
        "submitted",
        {"reason": "This was a training day, not practice."},
        row(401, 403, 403, 200, 403, 403, 404, 403, 403, 401),
    ),
    ("get", "/api/v1/supervision/sessions/"): (
        None,
        None,
        row(401, 403, 403, 200, 403, 403, 200, 403, 403, 401),
    ),
    # A superuser supervises no one, so the trainees chosen are refused.
    ("post", "/api/v1/supervision/sessions/"): (
        None,
        "new_session",
        row(401, 403, 403, 201, 403, 403, 400, 403, 403, 401),
    ),
}


def schema_operations() -> set[tuple[str, str]]:
    schema = SchemaGenerator().get_schema(request=None, public=True)
    return {
        (method, path)
        for path, operations in schema["paths"].items()
        for method in operations
        if method in {"get", "post", "put", "patch", "delete"}
    }


def test_the_matrix_lists_every_operation_of_the_schema():
    operations = schema_operations()
    missing = sorted(operations - MATRIX.keys())
    assert not missing, f"Add a row to MATRIX for each new operation: {missing}"
    assert not sorted(MATRIX.keys() - operations), "MATRIX lists operations the API lacks"


# Who the matrix's roles are (as the suite's shared fixtures make them).
PEOPLE = {
    "trainee": (Role.TRAINEE, "Jamie Trainee"),
    "other_trainee": (Role.TRAINEE, "Casey Trainee"),
    "supervisor": (Role.SUPERVISOR, "Sam Supervisor"),
    "staff": (Role.STAFF, "Alex Staff"),
    "org_admin": (Role.ORG_ADMIN, "Morgan Admin"),
}


@pytest.fixture(scope="module")
def matrix(django_db_setup, django_db_blocker):
    """The people and their world, made once for this module (about a second each time) and
    rolled back after it. Each test runs in a savepoint of its own inside, and each request in
    one more (``answer``), so every role still meets the same world."""
    with rolled_back_after(django_db_blocker):
        organization = OrganizationFactory(name="Riverside Recovery Community", slug="riverside")
        people = {
            name: person_with_role(role, organization, display_name=display_name)
            for name, (role, display_name) in PEOPLE.items()
        }
        people["superuser"] = UserFactory(
            display_name="Root Admin", is_superuser=True, is_staff=True
        )
        yield {
            "organization": organization,
            **people,
            "world": make_world(organization=organization, **people),
        }


def _from_matrix(name: str):
    """A fixture of the suite's (``trainee``, ``staff``, ...) answered from the module's matrix."""

    @pytest.fixture(name=name)
    def fixture(matrix, db):
        return matrix[name]

    return fixture


organization, world, trainee, other_trainee, supervisor, staff, org_admin, superuser = (
    _from_matrix(name) for name in ("organization", "world", *PEOPLE, "superuser")
)


def make_world(*, organization, trainee, other_trainee, supervisor, staff, **_others):
    if not CompetencyDomain.objects.exists():
        seed_current_taxonomy()
    domain = CompetencyDomain.objects.order_by("pk").first()
    make_signed_agreement(trainee=trainee, supervisor=supervisor, organization=organization)
    make_signed_agreement(trainee=other_trainee, supervisor=supervisor, organization=organization)
    draft = services.practice_entry_create(
        trainee=trainee, submit=False, **entry_values(domain, date=days_ago(2))
    )
    submitted = services.practice_entry_create(
        trainee=trainee, submit=True, **entry_values(domain, date=days_ago(3))
    )
    session = sessions.supervision_session_record(
        supervisor=supervisor,
        date=days_ago(4),
        duration_hours=Decimal("1"),
        format="individual",
        modality="phone",
        domains=[domain],
        trainees=[trainee],
    )
    meet(trainee)
    application = credential_application_submit(applicant=trainee, definition=make_definition())
    credential = credential_application_approve(application=application, reviewer=staff)
    return {
        "live_session": live_session_with_seat(trainee, staff, organization, domain),
        "draft": draft,
        "submitted": submitted,
        "attendance": SessionAttendance.objects.get(session=session, trainee=trainee),
        "credential": credential,
        "bodies": {
            "new_entry": {
                "date": days_ago(1).isoformat(),
                "duration_hours": "0.75",
                "domain": domain.pk,
                "setting": "community",
                "activity_type": "one_to_one",
                "modality": "phone",
                "description": "A check-in call about a peer's recovery plan.",
            },
            "submit_draft": {"entries": [draft.pk]},
            "approve_submitted": {
                "entries": [submitted.pk],
                "signature": SIGNATURE,
                "attestation": True,
            },
            "new_session": {
                "date": days_ago(1).isoformat(),
                "duration_hours": "1",
                "format": "individual",
                "modality": "video",
                "domains": [domain.pk],
                "trainees": [trainee.pk],
            },
        },
    }


def live_session_with_seat(trainee, staff, organization, domain):
    """A live module Jamie is enrolled in, and one of its sessions where Jamie has a seat."""
    program = build_program(statewide_section_ensure().section, title="Live basics")
    module = build_module(
        program,
        title="Live ethics",
        hours=Decimal("2"),
        lessons=0,
        credit_mode="live",
        live_contact_hours=Decimal("2"),
        live_domains=[(domain, Decimal("2"))],
    )
    enrollment_create(trainee=trainee, program=program)
    starts_at = timezone.now() + datetime.timedelta(days=2)
    session = live_session_schedule(
        actor=staff,
        organization=organization,
        module=module,
        starts_at=starts_at,
        ends_at=starts_at + datetime.timedelta(hours=2),
        capacity=5,
        place="Riverside centre, room 1",
    )
    live_registration_create(trainee=trainee, session=session)
    return session


def token_client(user, *, scope, revoked=False):
    token, secret = access_token_create(user=user, name="matrix", scope=scope)
    if revoked:
        access_token_revoke(user=user, token_id=token.pk)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {secret}")
    return client


def client_for(request, role: str) -> APIClient:
    if role == "anonymous":
        return APIClient()
    if role.endswith("_token"):
        trainee = request.getfixturevalue("trainee")
        scope = PersonalAccessToken.Scope.READ if role == "read_token" else "write"
        return token_client(trainee, scope=scope, revoked=role == "revoked_token")
    client = APIClient()
    client.force_login(request.getfixturevalue(role))
    return client


def url_for(path: str, record) -> str:
    if "{code}" in path:
        return path.replace("{code}", record.verification_code)
    if "{id}" in path:
        return path.replace("{id}", str(record.pk))
    return path


def answer(client: APIClient, method: str, url: str, body):
    """One request, inside a savepoint rolled back afterwards: each role meets the same world."""
    with transaction.atomic():
        if method == "get":
            response = client.get(url)
        else:
            response = getattr(client, method)(url, body or {}, format="json")
        transaction.set_rollback(True)
    return response


def request_parts(world, method: str, path: str):
    record_key, body, expected = MATRIX[(method, path)]
    if isinstance(body, str):
        body = world["bodies"][body]
    return url_for(path, world[record_key] if record_key else None), body, expected


@pytest.mark.parametrize(("method", "path"), list(MATRIX), ids=[" ".join(op) for op in MATRIX])
def test_each_role_gets_the_expected_answer(request, world, method, path):
    url, body, expected = request_parts(world, method, path)
    answers = {}
    for role in ROLES:
        with transaction.atomic():  # the client's token is rolled back with the request
            response = answer(client_for(request, role), method, url, body)
            transaction.set_rollback(True)
        answers[role] = response.status_code
        assert response.status_code < 500, response.content.decode()[:500]
    assert answers == expected


WRITES = [(method, path) for method, path in MATRIX if method != "get"]


@pytest.mark.parametrize(("method", "path"), WRITES, ids=[" ".join(op) for op in WRITES])
def test_a_read_token_cannot_write_anything(request, world, method, path):
    """Whatever the token's owner may do in the browser, a read-scoped token only reads."""
    url, body, _expected = request_parts(world, method, path)
    for person in ("trainee", "supervisor", "staff", "superuser"):
        client = token_client(request.getfixturevalue(person), scope=PersonalAccessToken.Scope.READ)
        response = answer(client, method, url, body)
        assert response.status_code == 403, person
        assert "can only read" in response.json()["detail"]
    assert PracticeLogEntry.objects.get(pk=world["draft"].pk).status == EntryStatus.DRAFT
    assert PracticeLogEntry.objects.get(pk=world["submitted"].pk).status == EntryStatus.SUBMITTED


def test_a_revoked_token_answers_401_with_the_reason(world, trainee):
    response = token_client(trainee, scope="write", revoked=True).post(
        "/api/v1/practice-entries/submit/", {"entries": [world["draft"].pk]}, format="json"
    )
    assert response.status_code == 401
    assert "revoked" in response.json()["detail"]
    assert PracticeLogEntry.objects.get(pk=world["draft"].pk).status == EntryStatus.DRAFT


def test_a_services_permission_denied_answers_403_with_its_message(world, organization):
    """Django's PermissionDenied, raised by a service, becomes 403 with the service's words
    (DRF's exception handler converts it; cms.api_support.api_exception_handler keeps it).

    Here: hours dated before the agreement was signed (on record from before the rule), which
    the supervisor may not sign."""
    trainee = person_with_role(Role.TRAINEE, organization, display_name="Drew Early")
    supervisor = person_with_role(Role.SUPERVISOR, organization, display_name="Kai Signer")
    agreement = make_signed_agreement(
        trainee=trainee, supervisor=supervisor, organization=organization, signed_days_ago=10
    )
    values = entry_values(CompetencyDomain.objects.order_by("pk").first(), date=days_ago(30))
    entry = PracticeLogEntry.objects.create(
        trainee=trainee,
        agreement=agreement,
        status=EntryStatus.SUBMITTED,
        submitted_at=timezone.now(),
        **values,
    )
    client = APIClient()
    client.force_login(supervisor)
    response = client.post(
        f"/api/v1/supervision/entries/{entry.pk}/approve/",
        {"signature": "Kai Signer", "attestation": True},
        format="json",
    )
    assert response.status_code == 403
    assert response.json() == {
        "detail": "These hours are outside your signed agreement with the trainee."
    }
    entry.refresh_from_db()
    assert entry.status == EntryStatus.SUBMITTED
