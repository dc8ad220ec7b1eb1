"""xAPI statements reach the stack's real LRS (Ralph) exactly once, valid, and name people by
their PeerPath account only (lms/xapi.py)."""

import base64
import datetime
import json
import os
import urllib.parse
import urllib.request
import uuid
from decimal import Decimal

import pytest

from lms.accounts.models import Role
from lms.learning import services as learning
from lms.xapi import XapiStatement, actor, deliver
from tests.factories import OrganizationFactory, person_with_role
from tests.lms.builders import build_module


@pytest.fixture
def lrs(settings):
    """PeerPath pointed at the stack's Ralph, with statement ids of this test's own."""
    url = os.environ.get("PEERPATH_TEST_LRS_URL")
    if not url:
        pytest.fail(
            "No LRS in this environment: run the tests with `make test` (scripts/stack.sh)."
        )
    settings.PEERPATH_XAPI_ENDPOINT = url
    settings.PEERPATH_XAPI_KEY = os.environ["PEERPATH_TEST_LRS_KEY"]
    settings.PEERPATH_XAPI_SECRET = os.environ["PEERPATH_TEST_LRS_SECRET"]
    settings.PEERPATH_XAPI_ID_SEED = f"test-{uuid.uuid4()}"
    return url


def lrs_get(query: dict) -> dict:
    """GET /statements from the LRS, as any xAPI client reads it."""
    url = (
        os.environ["PEERPATH_TEST_LRS_URL"].rstrip("/")
        + "/statements?"
        + urllib.parse.urlencode(query)
    )
    credentials = f"{os.environ['PEERPATH_TEST_LRS_KEY']}:{os.environ['PEERPATH_TEST_LRS_SECRET']}"
    request = urllib.request.Request(  # noqa: S310 - the stack's loopback LRS
        url,
        headers={
            "X-Experience-API-Version": "1.0.3",
            "Authorization": "Basic " + base64.b64encode(credentials.encode()).decode(),
        },
    )
    with urllib.request.urlopen(request, timeout=5) as response:  # noqa: S310
        return json.loads(response.read())


def statements_for(person) -> list[dict]:
    """The person's statements in the LRS that this test's PeerPath sent (the stack's LRS keeps
    earlier runs' statements too, whose actors may carry the same ids)."""
    ours = {str(pk) for pk in XapiStatement.objects.values_list("pk", flat=True)}
    since = (
        XapiStatement.objects.order_by("created_at").values_list("created_at", flat=True).first()
    )
    query = {"agent": json.dumps({"account": actor(person)["account"]}), "limit": 100}
    if since is not None:
        query["since"] = (
            (since - datetime.timedelta(seconds=1)).astimezone(datetime.UTC).isoformat()
        )
    stored = lrs_get(query)
    return [statement for statement in stored["statements"] if statement["id"] in ours]


def test_completing_a_module_sends_each_statement_once(
    lrs, program, ethics_domain, django_capture_on_commit_callbacks
):
    module = build_module(
        program,
        title="Ethics in short",
        hours=Decimal("1.5"),
        domains=[(ethics_domain, Decimal("1.5"))],
        lessons=1,
    )
    lesson = module.get_children().specific().get()
    trainee = person_with_role(Role.TRAINEE, OrganizationFactory(), email="dana@example.org")
    learning.enrollment_create(trainee=trainee, program=program)
    with django_capture_on_commit_callbacks(execute=True):
        learning.lesson_view(user=trainee, lesson=lesson, module=module)
    with django_capture_on_commit_callbacks(execute=True):
        learning.lesson_view(user=trainee, lesson=lesson, module=module)  # again: no statement
        learning.lesson_complete(user=trainee, lesson=lesson)

    stored = statements_for(trainee)
    verbs = sorted(statement["verb"]["display"]["en-US"] for statement in stored)
    assert verbs == ["completed", "completed", "launched"]
    assert len({statement["id"] for statement in stored}) == XapiStatement.objects.count() == 3
    for statement in stored:  # each id once in the whole store
        assert lrs_get({"statementId": statement["id"]})["statements"][0]["id"] == statement["id"]
    assert XapiStatement.objects.filter(sent_at__isnull=True).count() == 0
    module_statement = next(
        s for s in stored if s["object"]["definition"]["type"].endswith("/module")
    )
    assert (
        module_statement["result"]["extensions"][
            "https://peerpath.app/xapi/extensions/contact-hours"
        ]
        == 1.5
    )
    text = json.dumps(stored)
    assert "dana@example.org" not in text and trainee.display_name not in text
    assert module_statement["actor"] == {
        "objectType": "Agent",
        "account": {"homePage": "http://testserver/", "name": str(trainee.pk)},
    }

    # A retry of a statement the LRS already holds (its answer was lost) stores nothing twice.
    XapiStatement.objects.update(sent_at=None)
    for pk in XapiStatement.objects.values_list("pk", flat=True):
        assert deliver(str(pk)) is True
    again = statements_for(trainee)
    assert len(again) == 3


def test_nothing_is_recorded_while_xapi_is_off(program, ethics_domain, settings):
    settings.PEERPATH_XAPI_ENDPOINT = ""
    module = build_module(
        program,
        title="Quiet",
        hours=Decimal("1"),
        domains=[(ethics_domain, Decimal("1"))],
        lessons=1,
    )
    lesson = module.get_children().specific().get()
    trainee = person_with_role(Role.TRAINEE, OrganizationFactory())
    learning.enrollment_create(trainee=trainee, program=program)
    learning.lesson_view(user=trainee, lesson=lesson, module=module)
    learning.lesson_complete(user=trainee, lesson=lesson)
    assert not XapiStatement.objects.exists()
