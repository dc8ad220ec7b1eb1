"""lms.one_trip: several querysets read in one statement, compiled once with stand-in arguments."""

import datetime
from decimal import Decimal

from django.core.exceptions import ImproperlyConfigured

import pytest

from certification.supervision.models import PracticeLogEntry
from lms.accounts.models import Role, User
from lms.one_trip import OneTrip, as_date
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
