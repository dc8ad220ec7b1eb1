"""The benchmark's load set: counts, realism, the credential engine, the audit chain, reruns.

Built once for the module with tiny parameters (a module-scoped database set-up, rolled back
at the end), so the whole file stays within a few seconds.
"""

import datetime
from collections import Counter
from decimal import Decimal
from io import StringIO

from django.core.management import call_command
from django.core.management.base import CommandError
from django.db.models import Count, Q, Sum
from django.test import Client
from django.utils import timezone

import pytest

from certification.issuance.models import IssuedCredential
from certification.models import AuditEvent
from certification.rules.collect import collect_records
from certification.supervision.models import (
    EntryStatus,
    PracticeLogEntry,
    SessionAttendance,
    SupervisionAgreement,
)
from cms.load_data import LoadSetMismatch, build_load_data
from lms.accounts.models import Membership, Organization, Role, User
from lms.learning.models import ModuleCompletion

TINY = {
    "organizations": 2,
    "trainees": 14,
    "supervisors": 4,
    "staff_per_organization": 1,
    "entries_per_trainee": 30,
    "completions_per_trainee": 3,
    "busiest_supervisor_trainees": 5,
}


@pytest.fixture(scope="module")
def load_set(django_db_setup, django_db_blocker):
    """The tiny load set, built once in a transaction rolled back after the module."""
    from django.db import transaction

    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            yield build_load_data(**TINY)
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


pytestmark = pytest.mark.django_db


def load_trainees():
    return User.objects.filter(
        memberships__organization__slug__startswith="load-", memberships__role=Role.TRAINEE
    )


def test_counts_match_the_options(load_set):
    assert load_set.created
    assert Organization.objects.filter(slug__startswith="load-").count() == 2
    memberships = Counter(
        Membership.objects.filter(organization__slug__startswith="load-").values_list(
            "role", flat=True
        )
    )
    assert memberships == {Role.TRAINEE: 14, Role.SUPERVISOR: 4, Role.STAFF: 2}
    entries = PracticeLogEntry.objects.filter(trainee__in=load_trainees())
    assert entries.count() == 14 * 30
    per_trainee = set(entries.values("trainee").annotate(n=Count("pk")).values_list("n", flat=True))
    assert per_trainee == {30}
    assert ModuleCompletion.objects.filter(user__in=load_trainees()).count() == 14 * 3


def test_some_trainees_have_no_email_and_everyone_shares_one_password_hash(load_set):
    people = User.objects.filter(memberships__organization__slug__startswith="load-")
    assert len(set(people.values_list("password", flat=True))) == 1
    assert User.objects.filter(pk=load_set.trainee.pk).get().check_password("peerpath-load")


def test_status_mix_and_dates_are_realistic(load_set):
    entries = PracticeLogEntry.objects.filter(trainee__in=load_trainees())
    statuses = Counter(entries.values_list("status", flat=True))
    total = sum(statuses.values())
    assert statuses[EntryStatus.DRAFT] == 14 * 2  # the newest 7 % of each trainee's 30
    assert statuses[EntryStatus.SUBMITTED] == 14 * 3  # the next 10 %
    assert 0.70 < statuses[EntryStatus.APPROVED] / total < 0.90
    today = timezone.localdate()
    oldest = entries.order_by("date").values_list("date", flat=True).first()
    assert today - datetime.timedelta(days=3 * 365) <= oldest
    assert not entries.filter(date__gt=today).exists()
    assert not entries.filter(
        Q(submitted_at__gt=timezone.now()) | Q(reviewed_at__gt=timezone.now())
    ).exists()
    durations = entries.values_list("duration_hours", flat=True)
    assert all(hours % Decimal("0.25") == 0 and 0 < hours <= 8 for hours in durations)
    assert not (
        entries.values("trainee", "date")
        .annotate(total=Sum("duration_hours"))
        .filter(total__gt=24)
        .exists()
    )
    approved = entries.filter(status=EntryStatus.APPROVED)
    assert not approved.filter(Q(reviewed_by=None) | Q(signature="") | Q(reviewed_at=None)).exists()
    assert entries.filter(status=EntryStatus.RETURNED).exclude(review_comment="").exists()


def test_every_approved_entry_sits_inside_its_signed_agreement(load_set):
    approved = PracticeLogEntry.objects.filter(
        trainee__in=load_trainees(), status=EntryStatus.APPROVED
    ).select_related("agreement")
    assert approved.exists()
    for entry in approved:
        assert entry.agreement.trainee_id == entry.trainee_id
        assert entry.reviewed_by_id == entry.agreement.supervisor_id
        assert entry.agreement.reason_not_covering(entry.date) is None


def test_the_credential_engine_counts_a_generated_trainees_hours(load_set):
    records = collect_records(load_set.trainee)
    approved = PracticeLogEntry.objects.filter(
        trainee=load_set.trainee, status=EntryStatus.APPROVED
    )
    assert len(records.practice) == approved.count() > 0
    assert records.supervision  # confirmed supervision sessions count too
    assert records.modules


def test_the_busiest_supervisor_has_the_requested_number_of_active_trainees(load_set):
    today = timezone.localdate()
    active = (
        SupervisionAgreement.objects.active_on(today)
        .filter(organization__slug__startswith="load-")
        .values("supervisor")
        .annotate(trainees=Count("trainee", distinct=True))
        .order_by("-trainees")
    )
    assert active[0] == {"supervisor": load_set.supervisor.pk, "trainees": 5}
    assert active[1]["trainees"] < 5


def test_sessions_are_mostly_confirmed(load_set):
    attendances = SessionAttendance.objects.filter(trainee__in=load_trainees())
    assert attendances.count() >= 14
    assert attendances.filter(confirmed_at__isnull=False).count() > attendances.count() / 2


def test_issued_credentials_verify_publicly(load_set, client):
    credential = IssuedCredential.objects.get(verification_code=load_set.verification_code)
    assert credential.number.startswith("PP-")
    response = client.get(f"/verify/{load_set.verification_code}/")
    assert response.status_code == 200
    assert credential.holder_name in response.content.decode()


def test_the_audit_chain_verifies_after_the_load(load_set):
    out = StringIO()
    call_command("verify_audit_chain", stdout=out)
    assert "intact" in out.getvalue()
    assert AuditEvent.objects.filter(action="practice.approve").exists()
    assert AuditEvent.objects.order_by("-pk").first().action == "load_data.build"


@pytest.mark.parametrize(
    ("who", "path"),
    [("trainee", "/learn/"), ("supervisor", "/supervise/"), ("staff", "/staff/")],
)
def test_product_pages_answer_for_generated_people(load_set, who, path):
    client = Client()
    client.force_login(getattr(load_set, who))
    response = client.get(path)
    assert response.status_code == 200


def test_module_page_handle_is_a_completed_module(load_set):
    assert ModuleCompletion.objects.filter(
        user=load_set.trainee, module_id=load_set.module_page_id
    ).exists()


def test_running_again_with_the_same_parameters_does_nothing(
    load_set, django_assert_max_num_queries
):
    entries = PracticeLogEntry.objects.count()
    out = StringIO()
    with django_assert_max_num_queries(5):
        call_command("generate_load_data", *command_line(TINY), stdout=out)
    assert "already exists" in out.getvalue()
    assert PracticeLogEntry.objects.count() == entries


def test_other_parameters_without_reset_say_what_to_do(load_set):
    with pytest.raises(CommandError, match="reset"):
        call_command("generate_load_data", *command_line({**TINY, "trainees": 16}))


def test_reset_rebuilds_with_new_parameters_and_the_chain_still_verifies(load_set):
    smaller = {**TINY, "trainees": 10, "entries_per_trainee": 10}
    out = StringIO()
    call_command("generate_load_data", "--reset", *command_line(smaller), stdout=out)
    assert "Load set built" in out.getvalue()
    assert load_trainees().count() == 10
    assert PracticeLogEntry.objects.filter(trainee__in=load_trainees()).count() == 100
    assert not User.objects.filter(pk=load_set.trainee.pk).exists()
    call_command("verify_audit_chain", stdout=StringIO())


def test_reset_refuses_when_newer_audit_events_follow_the_load(load_set, trainee):
    from django.db import transaction

    from certification import audit

    with transaction.atomic():
        audit.record(actor=trainee, action="practice.create", target=trainee)
    with pytest.raises(LoadSetMismatch, match="fresh database"):
        build_load_data(reset=True, **TINY)


def command_line(options: dict) -> list[str]:
    return [f"--{name.replace('_', '-')}={value}" for name, value in options.items()]
