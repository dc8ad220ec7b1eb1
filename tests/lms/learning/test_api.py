"""API v1: a person's own completions with their hours, in a fixed number of queries."""

from decimal import Decimal

import pytest

from lms.accounts.models import PersonalAccessToken
from tests.lms.learning.test_views import add_completions

pytestmark = pytest.mark.django_db


def test_my_completions_list_only_my_own_with_hours(
    client, trainee, other_trainee, ethics_domain, ethics_topic, django_assert_max_num_queries
):
    add_completions(trainee, 3, domain=ethics_domain, topic=ethics_topic)
    add_completions(other_trainee, 2, domain=ethics_domain, topic=ethics_topic)
    client.force_login(trainee)
    with django_assert_max_num_queries(12):
        body = client.get("/api/v1/me/completions/").json()
    assert body["count"] == 3
    first = body["results"][0]
    assert Decimal(first["contact_hours"]) == Decimal("1.5")
    assert first["domain_hours"][0]["domain"] == "ethical-responsibility"
    assert first["topic_hours"][0]["topic"] == "ethics"


def test_my_completions_with_a_read_token(trainee):
    from rest_framework.test import APIClient

    from lms.accounts.services import access_token_create

    _token, secret = access_token_create(
        user=trainee, name="phone", scope=PersonalAccessToken.Scope.READ
    )
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {secret}")
    assert client.get("/api/v1/me/completions/").status_code == 200


def test_my_enrolments_show_progress_per_module_as_learn_does(
    client, trainee, other_trainee, program, module, later_module, lessons
):
    from lms.learning.services import enrollment_create, lesson_complete, lesson_view

    enrollment_create(trainee=trainee, program=program)
    enrollment_create(trainee=other_trainee, program=program)
    lesson_view(user=trainee, lesson=lessons[0], module=module)
    lesson_complete(user=trainee, lesson=lessons[0])
    client.force_login(trainee)

    body = client.get("/api/v1/me/enrolments/").json()

    assert body["count"] == 1
    enrolment = body["results"][0]
    assert (enrolment["kind"], enrolment["title"]) == ("program", "Peer basics")
    assert (enrolment["completed_modules"], enrolment["module_count"]) == (0, 2)
    first, second = enrolment["modules"]
    assert first["title"] == "Ethics first"
    # One of two lessons done, the assessment still to pass: a third of the way.
    assert (first["completed_lessons"], first["lesson_count"], first["percent"]) == (1, 2, 33)
    assert first["is_open"] is True and first["completed_at"] is None
    assert first["url"].endswith(f"/learn/modules/{module.pk}/")
    assert second["is_open"] is False
    assert second["missing_prerequisites"] == ["Ethics first"]


def test_my_enrolments_are_empty_for_someone_not_enrolled(client, other_trainee, program):
    client.force_login(other_trainee)
    assert client.get("/api/v1/me/enrolments/").json()["results"] == []


def test_my_enrolments_cost_the_same_for_one_or_many_programs(
    client, trainee, section, django_assert_max_num_queries
):
    from lms.learning.services import enrollment_create
    from tests.lms.builders import build_module, build_program

    client.force_login(trainee)
    programs = [build_program(section, title=f"Program {n}") for n in range(4)]
    for program in programs:
        build_module(program, title=f"Module of {program.title}", hours=Decimal("1"))
    enrollment_create(trainee=trainee, program=programs[0])
    with django_assert_max_num_queries(20) as one:
        client.get("/api/v1/me/enrolments/")
    for program in programs[1:]:
        enrollment_create(trainee=trainee, program=program)
    with django_assert_max_num_queries(len(one.captured_queries)):
        body = client.get("/api/v1/me/enrolments/").json()
    assert body["count"] == 4
