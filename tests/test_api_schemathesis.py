"""Property-based checks of the whole API against its own OpenAPI schema (schemathesis).

For every operation, schemathesis generates requests from the schema (a bounded number of
examples per operation) and checks that no response is a server error and that every response
conforms to the schema. It calls the WSGI application in-process, authenticated with a staff
member's write token, so the test database and its fixtures are in play.

(schemathesis's own pytest plugin does not support pytest 9 yet, so the operations are walked
here with its strategy API; the checks are the same.)
"""

from django.core.signals import request_finished, request_started
from django.db import close_old_connections

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.specs.openapi.checks import positive_data_acceptance

from cms.wsgi import application
from lms.models import PersonalAccessToken, Role
from lms.services import access_token_create
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


@pytest.fixture
def staff_token(organization):
    staff = person_with_role(Role.STAFF, organization)
    person_with_role(Role.TRAINEE, organization)
    _token, secret = access_token_create(
        user=staff, name="schemathesis", scope=PersonalAccessToken.Scope.WRITE
    )
    return secret


def test_every_operation_conforms_to_the_schema_and_never_fails(api_schema, staff_token):
    operations = [result.ok() for result in api_schema.get_all_operations()]
    assert len(operations) >= 3  # me (get, patch), staff people
    headers = {"Authorization": f"Bearer {staff_token}"}
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
            # say that text may not contain NUL characters, which the API rightly refuses (400).
            case.call_and_validate(headers=headers, excluded_checks=[positive_data_acceptance])

        check()
