"""Property-based checks of the whole API against its own OpenAPI schema (schemathesis).

For every operation, schemathesis generates requests from the schema (a bounded number of
examples per operation) and checks that no response is a server error and that every response
conforms to the schema. It calls the WSGI application in-process, authenticated with a staff
member's write token, so the test database and its fixtures are in play; the practice and
supervision operations are walked again as a trainee and as a supervisor (with a signed
agreement and entries), since staff are refused most of them before any input is read.

(schemathesis's own pytest plugin does not support pytest 9 yet, so the operations are walked
here with its strategy API; the checks are the same.)
"""

from django.core.signals import request_finished, request_started
from django.db import close_old_connections

import pytest
import schemathesis
from drf_spectacular.generators import SchemaGenerator
from hypothesis import HealthCheck, given, settings
from schemathesis.specs.openapi.checks import positive_data_acceptance

from cms.wsgi import application
from lms.accounts.models import PersonalAccessToken, Role
from lms.accounts.services import access_token_create
from tests.factories import person_with_role

MAX_EXAMPLES_PER_OPERATION = 25


@pytest.fixture
def wsgi_requests_keep_the_test_connection():
    """Like Django's test client: keep the test's connection (and transaction) across requests."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def api_schema(db, wsgi_requests_keep_the_test_connection):
    return schemathesis.openapi.from_wsgi("/api/schema/", application)


def write_token_for(person) -> str:
    _token, secret = access_token_create(
        user=person, name="schemathesis", scope=PersonalAccessToken.Scope.WRITE
    )
    return secret


@pytest.fixture
def staff_token(organization):
    staff = person_with_role(Role.STAFF, organization)
    person_with_role(Role.TRAINEE, organization)
    return write_token_for(staff)


@pytest.fixture
def trainee_token(organization):
    """A trainee under a signed agreement, with an entry in each editable state and a session
    to confirm, so generated requests reach the services rather than stop at 403."""
    trainee, supervisor = _supervised_pair(organization)
    return write_token_for(trainee)


@pytest.fixture
def supervisor_token(organization):
    """A supervisor with a trainee whose entries wait for sign-off."""
    trainee, supervisor = _supervised_pair(organization)
    return write_token_for(supervisor)


def _supervised_pair(organization):
    from certification.supervision import services, sessions
    from curriculum.models import CompetencyDomain
    from curriculum.starter import seed_current_taxonomy
    from tests.certification.conftest import days_ago, entry_values, make_signed_agreement

    if not CompetencyDomain.objects.exists():
        seed_current_taxonomy()
    domain = CompetencyDomain.objects.first()
    trainee = person_with_role(Role.TRAINEE, organization, display_name="Jamie Trainee")
    supervisor = person_with_role(Role.SUPERVISOR, organization, display_name="Sam Supervisor")
    make_signed_agreement(trainee=trainee, supervisor=supervisor, organization=organization)
    for day, submit in ((1, False), (2, True), (3, True)):
        services.practice_entry_create(
            trainee=trainee, submit=submit, **entry_values(domain, date=days_ago(day))
        )
    sessions.supervision_session_record(
        supervisor=supervisor,
        date=days_ago(4),
        duration_hours=1,
        format="individual",
        modality="phone",
        domains=[domain],
        trainees=[trainee],
    )
    return trainee, supervisor


HTTP_METHODS = {"get", "put", "post", "delete", "options", "head", "patch", "trace"}


def operations_in_schema(*, paths=None) -> set[tuple[str, str]]:
    """The operations the schema lists, built by drf-spectacular as /api/schema/ builds it but
    without schemathesis, so a walk that silently skips some (or all) of them cannot pass."""
    schema = SchemaGenerator().get_schema(request=None, public=True)
    operations = {
        (method.upper(), path)
        for path, item in schema["paths"].items()
        for method in item
        if method in HTTP_METHODS
    }
    if paths is not None:
        operations = {(method, path) for method, path in operations if path.startswith(paths)}
    return operations


def walk(api_schema, token, *, paths=None) -> set[tuple[str, str]]:
    """Call every operation with generated requests; answer the operations actually called."""
    operations = [result.ok() for result in api_schema.get_all_operations()]
    if paths is not None:
        operations = [op for op in operations if op.path.startswith(paths)]
    headers = {"Authorization": f"Bearer {token}"}
    called: set[tuple[str, str]] = set()
    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(
            max_examples=MAX_EXAMPLES_PER_OPERATION,
            deadline=None,
            suppress_health_check=list(HealthCheck),
            database=None,
        )
        def check(case):
            # Every check runs except "schema-valid input must be accepted": the schema cannot
            # say that text may not contain NUL characters, which the API rightly refuses (400),
            # nor which records a person may use (someone else's entry answers 404).
            case.call_and_validate(headers=headers, excluded_checks=[positive_data_acceptance])
            called.add((case.method.upper(), case.operation.path))

        check()
    return called


# Operations the API has had since its first version: if the schema lost them, the walk below
# would still match it, so they are named here.
KNOWN_OPERATIONS = {
    ("GET", "/api/v1/me/"),
    ("PATCH", "/api/v1/me/"),
    ("GET", "/api/v1/staff/people/"),
    ("GET", "/api/v1/practice-entries/"),
    ("POST", "/api/v1/practice-entries/"),
}


def test_every_operation_conforms_to_the_schema_and_never_fails(api_schema, staff_token):
    in_schema = operations_in_schema()
    assert in_schema >= KNOWN_OPERATIONS
    assert walk(api_schema, staff_token) == in_schema


# Staff are refused most practice and supervision writes (403); trainees and supervisors walk
# them too, so generated input reaches the serializers and services.
PRACTICE_PATHS = ("/api/v1/practice-entries/", "/api/v1/supervision", "/api/v1/me/credential")


@pytest.mark.parametrize("role_token", ["trainee_token", "supervisor_token"])
def test_practice_operations_conform_for_trainees_and_supervisors(request, api_schema, role_token):
    in_schema = operations_in_schema(paths=PRACTICE_PATHS)
    assert ("POST", "/api/v1/supervision/entries/{id}/approve/") in in_schema
    assert walk(api_schema, request.getfixturevalue(role_token), paths=PRACTICE_PATHS) == in_schema
