"""lms.one_trip: several querysets read in one statement, compiled once with stand-in arguments."""

import datetime
import uuid
from decimal import Decimal

from django.core.exceptions import ImproperlyConfigured
from django.db.models import BinaryField, Exists, F, OuterRef, Value
from django.utils import timezone

import pytest

from certification.supervision import services
from certification.supervision.models import PracticeLogEntry
from lms.accounts.models import Role, User
from lms.learning.models import AssessmentAttempt
from lms.one_trip import OneTrip, as_date, together
from tests.certification.conftest import (  # noqa: F401 - the fixtures
    agreement,
    days_ago,
    domain,
    domains,
    make_entry,
)
from tests.factories import OrganizationFactory, person_with_role

pytestmark = pytest.mark.usefixtures("require_postgresql")

STAND_INS = (
    {"person_id": -1, "day": datetime.date(1901, 1, 1)},
    {"person_id": -2, "day": datetime.date(1902, 2, 2)},
)


def people_and_entries(*, person_id, day):
    people = User.objects.filter(pk=person_id)
    return {
        "people": people.order_by().values_list("pk", "display_name", "date_joined"),
        # The same argument twice, once inside a subquery.
        "entries": PracticeLogEntry.objects.filter(trainee__in=people, date__lte=day)
        .order_by("date")
        .values_list("date", "duration_hours"),
        "nobody": User.objects.filter(pk=person_id, pk__lt=0).values_list("pk"),
    }


def test_each_querysets_rows_come_back_in_one_statement(
    trainee,
    agreement,  # noqa: F811
    make_entry,  # noqa: F811
    django_assert_num_queries,
):
    make_entry(trainee=trainee, date=days_ago(3), duration_hours=Decimal("2.50"))
    make_entry(trainee=trainee, date=days_ago(1), duration_hours=Decimal("1.00"))
    someone_else = person_with_role(Role.TRAINEE, OrganizationFactory())
    trip = OneTrip(people_and_entries, stand_ins=STAND_INS)
    trip.rows(person_id=someone_else.pk, day=days_ago(0))  # compiled here
    with django_assert_num_queries(1):
        rows = trip.rows(person_id=trainee.pk, day=days_ago(2))
    ((pk, name, _joined),) = rows["people"]
    assert (pk, name) == (trainee.pk, trainee.display_name)
    # Numbers keep their decimal places; dates are read back by the converters' helpers.
    assert [(as_date(day), hours) for day, hours in rows["entries"]] == [
        (days_ago(3), Decimal("2.50"))
    ]
    assert rows["nobody"] == []
    # The same rows as the querysets give one by one.
    querysets = people_and_entries(person_id=trainee.pk, day=days_ago(2))
    assert [tuple(row[:2]) for row in rows["people"]] == [row[:2] for row in querysets["people"]]
    assert [(as_date(d), h) for d, h in rows["entries"]] == list(querysets["entries"])


def test_a_parameter_derived_from_an_argument_is_refused(db):
    def a_year_before(*, person_id, day):
        year_before = day.replace(year=day.year - 1)
        return {"people": User.objects.filter(pk=person_id, date_joined__date__gte=year_before)}

    with pytest.raises(ImproperlyConfigured, match="derived from an argument"):
        OneTrip(a_year_before, stand_ins=STAND_INS).rows(person_id=1, day=days_ago(0))


def test_the_arguments_must_be_exactly_the_stand_ins(db):
    trip = OneTrip(people_and_entries, stand_ins=STAND_INS)
    with pytest.raises(TypeError, match="exactly the arguments"):
        trip.rows(person_id=1)
    with pytest.raises(TypeError, match="exactly the arguments"):
        trip.rows(person_id=1, day=days_ago(0), language="es")


def entries_with_their_people(*, person_id, day):
    """Model instances: related rows through select_related, an annotation, JSON and UUID
    columns, a deferred column; and an assessment attempt's nested JSON."""
    return {
        "entries": PracticeLogEntry.objects.filter(trainee_id=person_id, date__lte=day)
        .select_related("domain", "agreement__supervisor", "reviewed_by")
        .defer("description")
        .annotate(
            corrected=Exists(PracticeLogEntry.objects.filter(corrects=OuterRef("pk"))),
            hours_doubled=F("duration_hours") * 2,
        )
        .order_by("-date", "-pk"),
        "attempts": AssessmentAttempt.objects.filter(user_id=person_id).order_by("pk"),
    }


def _fields(instance) -> dict:
    """What a page can read of an instance: its loaded values and annotations, and those of
    the related instances loaded with it."""
    values = {name: value for name, value in vars(instance).items() if name != "_state"}
    related = {
        name: _fields(value) if value is not None else None
        for name, value in instance._state.fields_cache.items()
    }
    return {"values": values, "related": related, "deferred": instance.get_deferred_fields()}


def test_model_instances_come_back_as_the_queryset_builds_them(
    trainee,
    supervisor,
    agreement,  # noqa: F811
    make_entry,  # noqa: F811
    module,
    django_assert_num_queries,
):
    first = make_entry(trainee=trainee, date=days_ago(3), duration_hours=Decimal("2.50"))
    PracticeLogEntry.objects.filter(pk=first.pk).update(
        identifier_kinds=["phone", "name"], client_key=uuid.uuid4()
    )
    first.refresh_from_db()
    services.practice_entry_approve(
        entry=first, supervisor=supervisor, signature="Sam Supervisor", attested=True
    )
    make_entry(trainee=trainee, date=days_ago(2), submit=False, duration_hours=Decimal("1.25"))
    AssessmentAttempt.objects.create(
        user=trainee,
        module=module,
        number=1,
        pass_mark_percent=80,
        questions=[{"id": "q1", "choices": [{"id": "a", "text": "Yes"}]}],
        answers={"q1": ["a"], "nested": {"kept": True, "n": 1.5}},
        submitted_at=timezone.now(),
        passed=True,
        score_percent=Decimal("87.50"),
    )
    trip = OneTrip(entries_with_their_people, stand_ins=STAND_INS)
    trip.read(person_id=supervisor.pk, day=days_ago(0))  # compiled here
    with django_assert_num_queries(1):
        read = trip.read(person_id=trainee.pk, day=days_ago(0))
    expected = entries_with_their_people(person_id=trainee.pk, day=days_ago(0))
    entries = sorted(read["entries"], key=lambda entry: (entry.date, entry.pk), reverse=True)
    assert [_fields(entry) for entry in entries] == [_fields(e) for e in expected["entries"]]
    assert len(entries) == 2 and entries[1].agreement.supervisor == supervisor
    assert entries[1].client_key is not None and entries[1].identifier_kinds == ["phone", "name"]
    assert entries[0].hours_doubled == Decimal("2.50") and entries[1].reviewed_by == supervisor
    assert [_fields(attempt) for attempt in read["attempts"]] == [
        _fields(attempt) for attempt in expected["attempts"]
    ]
    assert read["attempts"][0].answers["nested"] == {"kept": True, "n": 1.5}
    # Instances that can be saved as any other (their state says which database they are from).
    entries[0].setting = "community"
    entries[0].save(update_fields=["setting"])
    assert PracticeLogEntry.objects.get(pk=entries[0].pk).setting == "community"


def test_a_column_that_cannot_come_back_from_json_is_refused(db):
    def with_an_unknown_column(*, person_id, day):
        people = User.objects.filter(pk=person_id, date_joined__date__lte=day)
        return {"people": people.annotate(raw=Value(b"x", output_field=BinaryField()))}

    with pytest.raises(ImproperlyConfigured, match="BinaryField"):
        OneTrip(with_an_unknown_column, stand_ins=STAND_INS).read(person_id=1, day=days_ago(0))


def test_two_queries_of_one_name_are_refused():
    people = User.objects.values_list("pk")
    assert together({"people": people}, {"others": people}) == {
        "people": people,
        "others": people,
    }
    with pytest.raises(ImproperlyConfigured, match="two queries are named 'people'"):
        together({"people": people}, {"people": people.filter(pk=1)})


def test_the_statement_is_prepared_once_per_connection_and_logged_as_any_query(
    trainee, django_assert_num_queries
):
    from django.db import connection

    trip = OneTrip(people_and_entries, stand_ins=STAND_INS)

    def prepared() -> list:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT generic_plans + custom_plans FROM pg_prepared_statements "
                "WHERE statement LIKE %s",
                ['%json_agg(r)::text FROM (SELECT "lms_user"."id"%'],
            )
            return [count for (count,) in cursor.fetchall()]

    trip.rows(person_id=trainee.pk, day=days_ago(0))
    with django_assert_num_queries(1) as logged:
        rows = trip.rows(person_id=trainee.pk, day=days_ago(1))
    assert [pk for pk, *_rest in rows["people"]] == [trainee.pk]
    # Prepared once, run twice on its generic plan (cms/settings/base.py).
    assert prepared() == [2]
    # The log shows it with its values, as Django shows every other query.
    assert f'"lms_user"."id" = {trainee.pk}' in logged.captured_queries[0]["sql"]
