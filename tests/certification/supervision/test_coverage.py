"""Agreement coverage: the one declared rule, in its database and Python forms.

Hours count under an agreement on the days both sides had signed, inside its dates, while the
supervisor's credential on it is valid. The queue, the bulk evaluator and access filter in SQL
(``covering_condition``, its range form ``covering_range_condition``, ``active_on``); the
services explain refusals in Python (``covers``, ``reason_not_covering``). Over a table of
agreements and days, every form agrees.
"""

import datetime

from django.db.models import F
from django.utils import timezone

import pytest

from certification.supervision.models import PracticeLogEntry, SupervisionAgreement
from tests.certification.conftest import days_ago, entry_values, make_signed_agreement

pytestmark = pytest.mark.django_db

# (signed days ago, start days ago, length in days, credential expires in days)
AGREEMENTS = {
    "plain": (60, 60, 365, 400),
    "signed after it started": (10, 60, 365, 400),
    "starts after it was signed": (60, 20, 365, 400),
    "ended": (90, 90, 30, 400),
    "credential expired before its end": (60, 60, 365, -25),
    "starts in the future": (5, -10, 30, 400),
}
DAYS_AGO = (120, 91, 90, 89, 61, 60, 59, 31, 30, 29, 26, 25, 24, 21, 20, 19, 11, 10, 9, 1, 0, -10)


@pytest.fixture
def agreements(trainee, supervisor, organization):
    made = {
        name: make_signed_agreement(
            trainee=trainee,
            supervisor=supervisor,
            organization=organization,
            signed_days_ago=signed,
            start_days_ago=start,
            length_days=length,
            credential_expires_in_days=expires,
        )
        for name, (signed, start, length, expires) in AGREEMENTS.items()
    }
    signed_at = timezone.now() - datetime.timedelta(days=90)
    half_signed = SupervisionAgreement.objects.create(
        organization=organization,
        trainee=trainee,
        supervisor=supervisor,
        start_date=days_ago(90),
        end_date=days_ago(-200),
        supervisor_credential_name="Certified Peer Recovery Specialist",
        supervisor_credential_number="CPRS-1234",
        supervisor_credential_expires_on=days_ago(-300),
        supervisor_signature=supervisor.display_name,
        supervisor_signed_at=signed_at,
        supervisor_signed_on=timezone.localdate(signed_at),
        created_by=supervisor,
    )
    made["signed by the supervisor only"] = half_signed
    return made


def test_the_sql_and_python_forms_of_coverage_agree_over_a_table_of_days(agreements):
    names = {agreement.pk: name for name, agreement in agreements.items()}
    for days in DAYS_AGO:
        day = days_ago(days)
        in_python = {name for name, a in agreements.items() if a.covers(day)}
        explained = {name for name, a in agreements.items() if a.reason_not_covering(day) is None}
        in_sql = {
            names[pk]
            for pk in SupervisionAgreement.objects.filter(
                SupervisionAgreement.covering_condition(day)
            ).values_list("pk", flat=True)
        }
        active = {
            names[pk]
            for pk in SupervisionAgreement.objects.active_on(day).values_list("pk", flat=True)
        }
        as_range = {
            names[pk]
            for pk in SupervisionAgreement.objects.filter(
                SupervisionAgreement.covering_range_condition(day)
            ).values_list("pk", flat=True)
        }
        assert in_sql == in_python == explained == active == as_range, (days, in_sql, in_python)


def test_the_table_reaches_every_bound_of_the_rule(agreements):
    """Each agreement both covers some day of the table and misses another, so a bound
    dropped from either form would show above (the half-signed one never covers)."""
    for name, agreement in agreements.items():
        covered = [days for days in DAYS_AGO if agreement.covers(days_ago(days))]
        if name == "signed by the supervisor only":
            assert covered == []
        else:
            assert covered and len(covered) < len(DAYS_AGO), name
    plain = agreements["plain"]
    assert "starts on" in plain.reason_not_covering(days_ago(61))
    assert "Hours before" in agreements["signed after it started"].reason_not_covering(days_ago(11))
    assert "expired" in agreements["credential expired before its end"].reason_not_covering(
        days_ago(24)
    )
    assert "not signed by both" in agreements["signed by the supervisor only"].reason_not_covering(
        days_ago(1)
    )


def test_the_sql_form_through_a_practice_entry_follows_each_entry_date(agreements, trainee, domain):
    """``covering_condition(F("date"), through="agreement__")`` judges each entry by its own
    date, as ``covers(entry.date)`` does."""
    entries = []
    for agreement in agreements.values():
        for days in (89, 59, 29, 24, 9, 1):
            values = entry_values(domain, date=days_ago(days))
            entries.append(PracticeLogEntry(trainee=trainee, agreement=agreement, **values))
    PracticeLogEntry.objects.bulk_create(entries)
    in_sql = set(
        PracticeLogEntry.objects.filter(
            SupervisionAgreement.covering_condition(F("date"), through="agreement__")
        ).values_list("pk", flat=True)
    )
    in_python = {
        entry.pk
        for entry in PracticeLogEntry.objects.select_related("agreement")
        if entry.agreement.covers(entry.date)
    }
    as_range = set(
        PracticeLogEntry.objects.filter(
            SupervisionAgreement.covering_range_condition(F("date"), through="agreement__")
        ).values_list("pk", flat=True)
    )
    assert in_sql == in_python == as_range
    assert 0 < len(in_sql) < len(entries)
    # With a last day (as bulk evaluation passes ``as_of``), the range stops there too.
    last_day = days_ago(20)
    until = set(
        PracticeLogEntry.objects.filter(
            SupervisionAgreement.covering_range_condition(
                F("date"), through="agreement__", until=last_day
            )
        ).values_list("pk", flat=True)
    )
    assert until == {pk for pk in in_python if PracticeLogEntry.objects.get(pk=pk).date <= last_day}
    assert until < in_sql
