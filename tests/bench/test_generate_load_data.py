"""The benchmark's load set: counts, realism, the credential engine, the audit chain, reruns.

Built once for the module with tiny parameters (a module-scoped database set-up, rolled back
at the end), so the whole file stays within a few seconds.
"""

import datetime
import os
import subprocess
import sys
from collections import Counter
from decimal import Decimal
from io import StringIO
from pathlib import Path

from django.core.management import call_command, get_commands
from django.core.management.base import CommandError
from django.db.models import Count, Q, Sum
from django.test import Client
from django.utils import timezone

import pytest

from bench.load_data import LoadSetMismatch, ResetRefused, build_load_data, delete_load_data
from bench.management.commands.generate_load_data import Command as GenerateLoadData
from certification.credentials.models import CredentialDefinition, DefinitionStatus
from certification.issuance.models import IssuedCredential
from certification.models import AuditEvent
from certification.rules.collect import collect_records
from certification.rules.windows import add_months
from certification.supervision.models import (
    EntryStatus,
    PracticeLogEntry,
    PracticeTotal,
    SessionAttendance,
    SupervisionAgreement,
)
from certification.supervision.totals import practice_total_drift
from lms.accounts.models import Membership, Organization, Role, User
from lms.learning.models import ModuleCompletion
from tests.conftest import rolled_back_after

ROOT = Path(__file__).resolve().parents[2]

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
    with rolled_back_after(django_db_blocker):
        yield build_load_data(**TINY)


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


def test_the_practice_totals_bulk_evaluation_reads_match_the_loaded_entries(load_set):
    """The entries arrive by COPY, not through the services: the trigger totals them too."""
    assert PracticeTotal.objects.filter(trainee__in=load_trainees()).exists()
    assert practice_total_drift() == []


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
        call_command(GenerateLoadData(), *command_line(TINY), stdout=out)
    assert "already exists" in out.getvalue()
    assert PracticeLogEntry.objects.count() == entries


def test_other_parameters_without_reset_say_what_to_do(load_set):
    with pytest.raises(CommandError, match="reset"):
        call_command(GenerateLoadData(), *command_line({**TINY, "trainees": 16}))


@pytest.fixture
def reset_allowed(settings):
    """A throwaway database, as bench/settings.py declares the benchmark's own."""
    settings.BENCH_LOAD_DATA_RESET = True
    return settings


def test_reset_rebuilds_with_new_parameters_and_the_chain_still_verifies(load_set, reset_allowed):
    smaller = {**TINY, "trainees": 10, "entries_per_trainee": 10}
    out = StringIO()
    call_command(GenerateLoadData(), "--reset", *command_line(smaller), stdout=out)
    assert "Load set built" in out.getvalue()
    assert load_trainees().count() == 10
    assert PracticeLogEntry.objects.filter(trainee__in=load_trainees()).count() == 100
    assert not User.objects.filter(pk=load_set.trainee.pk).exists()
    call_command("verify_audit_chain", stdout=StringIO())
    # The removed entries took their totals with them.
    assert practice_total_drift() == []


def test_reset_refuses_when_newer_audit_events_follow_the_load(load_set, trainee, reset_allowed):
    from django.db import transaction

    from certification import audit

    with transaction.atomic():
        audit.record(actor=trainee, action="practice.create", target=trainee)
    with pytest.raises(LoadSetMismatch, match="fresh database"):
        build_load_data(reset=True, **TINY)


def test_issued_credentials_are_valid_for_the_months_their_definition_says(load_set, reset_allowed):
    CredentialDefinition.objects.filter(status=DefinitionStatus.ACTIVE).update(validity_months=36)
    build_load_data(reset=True, **TINY)
    credentials = IssuedCredential.objects.filter(holder__in=load_trainees())
    assert credentials.exists()
    for credential in credentials:
        assert credential.expires_on == add_months(credential.issued_on, 36)


def test_completions_freeze_the_hours_their_module_credits(load_set):
    completions = ModuleCompletion.objects.filter(
        user=load_set.trainee, module__isnull=False
    ).prefetch_related("domain_hours", "topic_hours")
    assert completions
    for completion in completions:
        module = completion.module.specific
        assert completion.module_title == module.title
        assert completion.contact_hours == module.contact_hours
        assert {
            (row.domain_id, row.domain_name, row.hours) for row in completion.domain_hours.all()
        } == {(row.domain_id, row.domain.name, row.hours) for row in module.domain_hours.all()}
        assert {(row.topic_id, row.hours) for row in completion.topic_hours.all()} == {
            (row.topic_id, row.hours) for row in module.topic_hours.all()
        }


def test_reset_refuses_on_a_database_the_settings_do_not_call_throwaway(load_set, settings):
    settings.DEBUG = False
    entries = PracticeLogEntry.objects.count()
    with pytest.raises(CommandError, match="DEBUG off and do not set BENCH_LOAD_DATA_RESET"):
        call_command(GenerateLoadData(), "--reset", *command_line(TINY), stdout=StringIO())
    assert PracticeLogEntry.objects.count() == entries
    assert User.objects.filter(pk=load_set.trainee.pk).exists()


def test_reset_refuses_with_the_production_settings_whatever_else_they_say(
    load_set, settings, monkeypatch
):
    monkeypatch.setenv("DJANGO_SETTINGS_MODULE", "cms.settings.production")
    settings.DEBUG = True
    settings.BENCH_LOAD_DATA_RESET = True
    with pytest.raises(CommandError, match="never runs with the production settings"):
        call_command(GenerateLoadData(), "--reset", *command_line(TINY), stdout=StringIO())
    with pytest.raises(ResetRefused):
        delete_load_data()
    assert User.objects.filter(pk=load_set.trainee.pk).exists()
    assert AuditEvent.objects.order_by("-pk").first().action == "load_data.build"


def test_the_product_settings_do_not_offer_the_command():
    assert "generate_load_data" not in get_commands()


@pytest.mark.parametrize(
    ("settings_module", "offered"), [("bench.settings", True), ("cms.settings.production", False)]
)
def test_only_the_benchmark_settings_offer_the_command(settings_module, offered):
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "DATABASE_URL"))
    }
    env.update(
        DJANGO_SETTINGS_MODULE=settings_module,
        DJANGO_SECRET_KEY="x" * 20 + "production-like-secret-key-with-enough-entropy-0123456789",
        DJANGO_ALLOWED_HOSTS="peerpath.example.org",
        DATABASE_URL="sqlite:///:memory:",
        PEERPATH_CREDENTIAL_SIGNING_KEY="",
    )
    result = subprocess.run(  # noqa: S603 - fixed arguments
        [sys.executable, "manage.py", "generate_load_data", "--help"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    if offered:
        assert result.returncode == 0, result.stdout + result.stderr
        assert "--reset" in result.stdout
    else:
        assert result.returncode != 0
        assert "Unknown command: 'generate_load_data'" in result.stderr


def command_line(options: dict) -> list[str]:
    return [f"--{name.replace('_', '-')}={value}" for name, value in options.items()]
