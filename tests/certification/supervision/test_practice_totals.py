"""Practice totals: each agreement's counted hours by domain, kept by PostgreSQL's trigger
(migration 0022) whatever writes the entries, and checked by ``check_practice_totals``."""

import threading
from decimal import Decimal

from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, transaction

import pytest

from certification.supervision import services
from certification.supervision.models import EntryStatus, PracticeLogEntry, PracticeTotal
from certification.supervision.totals import practice_total_drift
from tests.certification.conftest import days_ago, entry_values

pytestmark = pytest.mark.django_db

SIGN = {"signature": "Sam Supervisor", "attested": True}


def totals(agreement) -> dict:
    """{domain slug: (hours, entries, first day, last day)} kept for the agreement."""
    return {
        total.domain.slug: (total.hours, total.entries, total.first_date, total.last_date)
        for total in PracticeTotal.objects.filter(agreement=agreement).select_related("domain")
    }


def log(trainee, domain, *, hours="1.5", days=3, submit=True):
    return services.practice_entry_create(
        trainee=trainee,
        submit=submit,
        **entry_values(domain, duration_hours=Decimal(hours), date=days_ago(days)),
    )


def test_only_signed_hours_are_totalled_and_a_signed_correction_replaces_the_entry_it_corrects(
    trainee, supervisor, agreement, domains
):
    advocacy, ethics = domains["advocacy"], domains["ethical-responsibility"]
    first = log(trainee, advocacy, hours="2", days=10)
    second = log(trainee, advocacy, hours="1.5", days=4)
    log(trainee, ethics, hours="1", days=5, submit=False)  # a draft counts for nothing
    assert totals(agreement) == {}

    first = services.practice_entry_approve(entry=first, supervisor=supervisor, **SIGN)
    services.practice_entry_approve(entry=second, supervisor=supervisor, **SIGN)
    assert totals(agreement) == {"advocacy": (Decimal("3.50"), 2, days_ago(10), days_ago(4))}

    returned = log(trainee, ethics, hours="3", days=6)
    services.practice_entry_return(entry=returned, supervisor=supervisor, comment="Which group?")
    assert "ethical-responsibility" not in totals(agreement)

    # The trainee corrects the first entry (another domain, fewer hours); until the correction
    # is signed, the original counts.
    correction = services.practice_entry_correct(entry=first, trainee=trainee)
    services.practice_entry_update(
        entry=correction, trainee=trainee, submit=True, domain=ethics, duration_hours=Decimal("1")
    )
    assert totals(agreement)["advocacy"][0] == Decimal("3.50")
    services.practice_entry_approve(entry=correction, supervisor=supervisor, **SIGN)
    assert totals(agreement) == {
        "advocacy": (Decimal("1.50"), 1, days_ago(4), days_ago(4)),
        "ethical-responsibility": (Decimal("1.00"), 1, days_ago(10), days_ago(10)),
    }
    assert practice_total_drift() == []


def test_a_sign_off_of_many_entries_and_a_bulk_load_are_totalled_too(
    trainee, other_trainee, supervisor, agreement, other_agreement, domain
):
    entries = [log(trainee, domain, days=day) for day in (2, 3, 4)]
    entries.append(log(other_trainee, domain, hours="4", days=2))
    services.practice_entries_approve(
        entry_ids=[entry.pk for entry in entries], supervisor=supervisor, **SIGN
    )
    assert totals(agreement)[domain.slug][:2] == (Decimal("4.50"), 3)
    assert totals(other_agreement)[domain.slug][:2] == (Decimal("4.00"), 1)

    # Rows written in bulk, as an import or the benchmark's load does, bypass every service.
    signed = PracticeLogEntry.objects.get(pk=entries[0].pk)
    copies = []
    for day in (20, 21):
        copy = PracticeLogEntry.objects.get(pk=signed.pk)
        copy.pk, copy.date, copy.client_key = None, days_ago(day), None
        copies.append(copy)
    PracticeLogEntry.objects.bulk_create(copies)
    assert totals(agreement)[domain.slug] == (Decimal("7.50"), 5, days_ago(21), days_ago(2))
    assert practice_total_drift() == []


def test_the_check_names_a_total_written_by_hand_and_repair_rebuilds_it(
    trainee, supervisor, agreement, domain, capsys
):
    entry = log(trainee, domain, hours="2")
    services.practice_entry_approve(entry=entry, supervisor=supervisor, **SIGN)
    call_command("check_practice_totals")
    assert "match the entries" in capsys.readouterr().out

    PracticeTotal.objects.filter(agreement=agreement).update(hours=Decimal("200"))
    with pytest.raises(CommandError, match="1 practice total"):
        call_command("check_practice_totals")
    shown = capsys.readouterr().out
    assert f"agreement {agreement.pk}, domain {domain.pk}" in shown
    assert "hours=200.00" in shown and "hours=2.00" in shown

    call_command("check_practice_totals", "--repair")
    assert "Rebuilt the totals of 1 agreement" in capsys.readouterr().out
    assert totals(agreement)[domain.slug][0] == Decimal("2.00")
    call_command("check_practice_totals")

    # A missing row is drift too.
    PracticeTotal.objects.all().delete()
    assert [(d.agreement_id, d.kept) for d in practice_total_drift()] == [(agreement.pk, None)]


@pytest.mark.django_db(transaction=True)
def test_two_sign_offs_on_one_agreement_at_once_are_both_totalled(
    trainee, supervisor, agreement, domain
):
    """The second writer waits for the first (an advisory lock per agreement) and then sees its
    entry; without the lock it would total the agreement without it, or fail on the row the
    first one wrote."""
    first, second = log(trainee, domain, hours="2", days=5), log(trainee, domain, days=6)
    first_signed, second_may_go = threading.Event(), threading.Event()
    failures = []

    def sign(entry, before_commit=None):
        try:
            with transaction.atomic():
                services.practice_entry_approve(entry=entry, supervisor=supervisor, **SIGN)
                if before_commit:
                    before_commit()
        except Exception as error:  # noqa: BLE001 - reported by the assertion below
            failures.append(error)
        finally:
            connection.close()

    def hold_until_the_other_waits():
        first_signed.set()
        second_may_go.wait(timeout=10)

    holder = threading.Thread(target=sign, args=(first, hold_until_the_other_waits))
    holder.start()
    assert first_signed.wait(timeout=10)
    waiter = threading.Thread(target=sign, args=(second,))
    waiter.start()
    waiter.join(timeout=1)  # it waits on the lock while the first transaction is open
    assert waiter.is_alive()
    second_may_go.set()
    holder.join(timeout=10)
    waiter.join(timeout=10)

    assert failures == []
    assert totals(agreement)[domain.slug] == (Decimal("3.50"), 2, days_ago(6), days_ago(5))
    assert PracticeLogEntry.objects.get(pk=second.pk).status == EntryStatus.APPROVED
