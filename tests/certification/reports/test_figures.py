"""The reports' figures equal those computed from the records in a plain way, person by person
(the per-person rules engine, Python sums), on the demo's three organisations."""

import datetime
import statistics
from collections import Counter, defaultdict
from decimal import Decimal

from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone

import pytest

from certification.credentials.models import CredentialDefinition
from certification.issuance.models import CredentialApplication, CredentialStatus, IssuedCredential
from certification.reports.figures import ReportScope, build_report
from certification.reports.tables import network_tables, staff_tables
from certification.rules.collect import evaluate_for_person
from certification.supervision.models import EntryStatus, PracticeLogEntry
from lms.accounts.models import Membership, Organization, Role
from lms.learning.models import Enrollment, ModuleCompletion
from tests.conftest import rolled_back_after

TRAINING = {"education_hours", "module_completed", "assessment_passed"}
PRACTICE = {"practice_hours", "supervision_hours"}


@pytest.fixture(scope="module")
def demo_seeded(django_db_setup, django_db_blocker):
    """The demo, seeded once for the module (about 20 s), rolled back after it."""
    with rolled_back_after(django_db_blocker), override_settings(DEBUG=True):
        call_command("seed_demo", "--quiet-accounts")
        yield


@pytest.fixture
def demo(demo_seeded, db):
    """The seeded demo, for one test."""


def _reference(organizations, start, end, definition):
    """Every figure, person by person."""
    ids = [o.pk for o in organizations]
    home = {}
    for membership in Membership.objects.filter(
        role=Role.TRAINEE, organization_id__in=ids
    ).order_by("created_at", "pk"):
        home.setdefault(membership.user_id, membership.organization_id)
    stages = Counter()
    per_org = defaultdict(Counter)
    gaps = defaultdict(list)
    for person_id, organization_id in home.items():
        enrolments = Enrollment.objects.filter(user_id=person_id)
        if not enrolments:
            continue
        enrolled = timezone.localdate(min(e.created_at for e in enrolments))
        if not start <= enrolled <= end:
            continue
        person = Membership.objects.get(
            user_id=person_id, organization_id=organization_id, role=Role.TRAINEE
        ).user
        evaluation = evaluate_for_person(definition=definition, person=person)
        training = [r.met for r in evaluation.results if r.kind in TRAINING]
        practice = [r.met for r in evaluation.results if r.kind in PRACTICE]
        own = [
            True,
            bool(training) and all(training),
            bool(practice) and all(practice),
            CredentialApplication.objects.filter(
                applicant=person, definition__code=definition.code
            ).exists(),
            IssuedCredential.objects.filter(
                holder=person, definition__code=definition.code
            ).exists(),
        ]
        reached = [any(own[index:]) for index in range(5)]
        for index, flag in enumerate(reached):
            if flag:
                stages[index] += 1
                per_org[organization_id][index] += 1
        completions = ModuleCompletion.objects.filter(user=person)
        days = [enrolled, None, None, None, None]
        if reached[1] and completions:
            days[1] = timezone.localdate(max(c.completed_at for c in completions))
        counted = PracticeLogEntry.objects.counted().filter(trainee=person)
        if reached[2] and counted:
            days[2] = max(e.date for e in counted)
        applications = CredentialApplication.objects.filter(
            applicant=person, definition__code=definition.code
        )
        if applications:
            days[3] = timezone.localdate(min(a.submitted_at for a in applications))
        issued = IssuedCredential.objects.filter(holder=person, definition__code=definition.code)
        if issued:
            days[4] = min(c.issued_on for c in issued)
        for index in range(1, 5):
            if days[index] and days[index - 1]:
                gaps[index].append(max(0, (days[index] - days[index - 1]).days))
    return stages, per_org, {k: statistics.median(v) for k, v in gaps.items()}, home


def test_the_pipeline_equals_a_person_by_person_count(demo):
    organizations = tuple(
        Organization.objects.filter(
            slug__in=["riverbend-recovery", "prairie-path-recovery", "lakeside-peer-network"]
        ).order_by("name")
    )
    definition = CredentialDefinition.objects.get(code="icrc_pr")
    today = timezone.localdate()
    start = today - datetime.timedelta(days=365)
    scope = ReportScope(organizations=organizations, start=start, end=today, credential=definition)
    report = build_report(scope)
    stages, per_org, medians, home = _reference(organizations, start, today, definition)

    assert stages[0] > 0 and stages[4] > 0, "the demo reaches every stage"
    for index in range(5):
        assert sum(1 for p in report.people if p.reached[index]) == stages[index]
        for organization in organizations:
            assert (
                sum(
                    1
                    for p in report.people
                    if p.reached[index] and p.organization_id == organization.pk
                )
                == per_org[organization.pk][index]
            )
    staff = {table.key: table for table in staff_tables(report)}
    pipeline = staff["pipeline"]
    assert [row.cells[0].value for row in pipeline.rows] == [stages[i] for i in range(5)]
    for index in range(1, 5):
        shown = pipeline.rows[index].cells[1].value
        expected = medians.get(index)
        assert (shown is None and expected is None) or shown == Decimal(str(expected)).quantize(
            Decimal("0.1")
        )

    # The network's total column is the same pipeline, and each organisation's column its own.
    network = {table.key: table for table in network_tables(report)}
    for index, row in enumerate(network["pipeline"].rows[:5]):
        for column, organization in enumerate(organizations):
            cell = row.cells[column]
            assert cell.people == per_org[organization.pk][index]
            assert cell.hidden == (0 < cell.people < 11) or cell.complementary
        assert row.cells[-1].people == stages[index]


def test_hours_supervision_and_credentials_equal_plain_sums(demo):
    organization = Organization.objects.get(slug="riverbend-recovery")
    definition = CredentialDefinition.objects.get(code="icrc_pr")
    today = timezone.localdate()
    start = today - datetime.timedelta(days=400)
    report = build_report(
        ReportScope(organizations=(organization,), start=start, end=today, credential=definition)
    )
    tables = {table.key: table for table in staff_tables(report)}
    people = set(
        Membership.objects.filter(role=Role.TRAINEE, organization=organization).values_list(
            "user_id", flat=True
        )
    )
    completions = [
        c
        for c in ModuleCompletion.objects.filter(user_id__in=people).prefetch_related(
            "domain_hours"
        )
        if start <= timezone.localdate(c.completed_at) <= today
    ]
    by_domain = defaultdict(Decimal)
    by_month = defaultdict(Decimal)
    for completion in completions:
        for split in completion.domain_hours.all():
            by_domain[split.domain_name] += split.hours
        by_month[timezone.localdate(completion.completed_at).replace(day=1)] += (
            completion.contact_hours
        )
    assert by_domain, "the demo's trainees completed modules"
    assert {row.label: row.cells[0].value for row in tables["hours_by_domain"].rows} == {
        name: hours.quantize(Decimal("0.01")) for name, hours in by_domain.items()
    }
    assert sum(row.cells[0].value for row in tables["hours_by_month"].rows) == sum(
        by_month.values()
    )

    waiting = PracticeLogEntry.objects.filter(trainee_id__in=people, status=EntryStatus.SUBMITTED)
    assert sum(row.cells[0].value for row in tables["supervision"].rows) == waiting.count()
    decided = [
        e
        for e in PracticeLogEntry.objects.filter(
            trainee_id__in=people, reviewed_at__isnull=False, submitted_at__isnull=False
        )
        if start <= timezone.localdate(e.reviewed_at) <= today and e.status != EntryStatus.SUBMITTED
    ]
    assert sum(row.cells[1].value for row in tables["supervision"].rows) == len(decided)

    credentials = IssuedCredential.objects.filter(holder_id__in=people, definition__code="icrc_pr")
    renewed_from = {c.previous_credential_id for c in credentials if c.previous_credential_id}
    expected = {
        "issued": len(
            {
                c.holder_id
                for c in credentials
                if c.previous_credential_id is None and start <= c.issued_on <= today
            }
        ),
        "renewed": len(
            {
                c.holder_id
                for c in credentials
                if c.previous_credential_id and start <= c.issued_on <= today
            }
        ),
        "expiring": len(
            {
                c.holder_id
                for c in credentials
                if c.status == CredentialStatus.ACTIVE
                and today <= c.expires_on <= today + datetime.timedelta(days=90)
            }
        ),
        "lapsed": len(
            {
                c.holder_id
                for c in credentials
                if c.status == CredentialStatus.EXPIRED
                and c.pk not in renewed_from
                and start <= c.expires_on <= today
            }
        ),
    }
    assert {row.key: row.cells[0].value for row in tables["credentials"].rows} == expected
    assert sum(expected.values()) > 0
