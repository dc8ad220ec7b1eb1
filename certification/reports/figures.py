"""The figures behind the reports, read from the records in a fixed number of queries.

One ``ReportScope`` (organisations, a date range, and optionally a program, a cohort and the
credential measured) gives one ``Report``: the pipeline, training hours delivered, supervision
and credentials, each per organisation and in total. What each figure means is written in
docs/reports.md; tests/certification/reports/test_figures.py recomputes every figure from the
records in a plain way and compares.

Each person counts in one organisation only (the first they joined as a trainee among those in
scope), so the organisations' figures add up to the total: the small-cell rules rely on that.

The queries: people in scope (1), their first enrolment (1), the credential evaluated in bulk
(at most 9, rules/bulk.py), latest training and practice records (2), applications (1),
credentials issued (1), last activity (1), training hours (4), supervision (2). None of them
grows with the number of people; the Python loops after them do.
"""

import datetime
import statistics
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import F, FloatField, Func, Max, Min, Q, Sum
from django.db.models.functions import TruncMonth
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from certification.credentials.models import CredentialDefinition
from certification.credentials.selectors import definitions_with_specs_in_effect
from certification.issuance.models import CredentialApplication, CredentialStatus, IssuedCredential
from certification.roster.selectors import NEVER, last_activity_or_never
from certification.rules.bulk import evaluate_many
from certification.rules.kinds import RequirementKind
from certification.supervision.models import EntryStatus, PracticeLogEntry
from curriculum.models import ProgramPage
from lms.accounts.models import Membership, Role, User
from lms.learning.models import (
    Cohort,
    CompletionCredit,
    CompletionDomainHours,
    CompletionTopicHours,
    Enrollment,
    ModuleCompletion,
)

ZERO = Decimal("0")


class Epoch(Func):
    """Seconds in an interval (PostgreSQL EXTRACT EPOCH; on SQLite the difference of
    julianday values, as Django stores datetimes there as text)."""

    template = "EXTRACT(EPOCH FROM %(expressions)s)"
    output_field = FloatField()

    def as_sqlite(self, compiler, connection, **extra_context):
        expression = self.source_expressions[0]
        left, right = expression.lhs, expression.rhs
        left_sql, left_params = compiler.compile(left)
        right_sql, right_params = compiler.compile(right)
        return (
            f"((julianday({left_sql}) - julianday({right_sql})) * 86400.0)",
            (*left_params, *right_params),
        )


TRAINING_KINDS = frozenset(
    {
        RequirementKind.EDUCATION_HOURS,
        RequirementKind.MODULE_COMPLETED,
        RequirementKind.ASSESSMENT_PASSED,
    }
)
PRACTICE_KINDS = frozenset({RequirementKind.PRACTICE_HOURS, RequirementKind.SUPERVISION_HOURS})

STAGES = (
    ("enrolled", _("Enrolled")),
    ("trained", _("Training complete")),
    ("practice", _("Practice hours met")),
    ("applied", _("Applied")),
    ("credentialed", _("Credentialed")),
)

DEFAULT_STALLED_DAYS = 30
DEFAULT_MONTHS = 12
EXPIRING_DAYS = 90


@dataclass(frozen=True)
class ReportScope:
    organizations: tuple  # of Organization, in the order columns show them
    start: datetime.date
    end: datetime.date
    program: ProgramPage | None = None
    cohort: Cohort | None = None
    credential: CredentialDefinition | None = None
    stalled_days: int = DEFAULT_STALLED_DAYS

    @property
    def organization_ids(self) -> list[int]:
        return [organization.pk for organization in self.organizations]


def default_range(today: datetime.date | None = None) -> tuple[datetime.date, datetime.date]:
    """The last twelve whole months and this one so far."""
    today = today or timezone.localdate()
    first = today.replace(day=1)
    year, month = divmod(first.year * 12 + first.month - 1 - DEFAULT_MONTHS, 12)
    return datetime.date(year, month + 1, 1), today


@dataclass
class PersonStages:
    """One person of the pipeline: their organisation, the day each stage was reached (None for
    a stage not reached, or reached with no dated record), and whether they are stalled."""

    person_id: int
    organization_id: int
    reached: list = field(default_factory=lambda: [False] * len(STAGES))
    dates: list = field(default_factory=lambda: [None] * len(STAGES))
    last_activity: datetime.datetime | None = None
    stalled: bool = False


@dataclass
class Report:
    scope: ReportScope
    people: list  # PersonStages of the pipeline
    hours: dict  # see _training_hours
    supervision: dict
    credentials: dict
    computed_at: datetime.datetime


# ------------------------------------------------------------------------------
# Who is in scope
# ------------------------------------------------------------------------------
def people_of(scope: ReportScope) -> dict[int, int]:
    """Trainees of the organisations (narrowed to the program's or cohort's enrolments), each
    with the one organisation they count in: the first they joined among those in scope."""
    memberships = Membership.objects.filter(
        role=Role.TRAINEE, organization_id__in=scope.organization_ids
    )
    enrolments = _enrolments(scope)
    if scope.program is not None or scope.cohort is not None:
        memberships = memberships.filter(user_id__in=enrolments.values("user_id"))
    assigned: dict[int, int] = {}
    for person_id, organization_id in memberships.order_by("created_at", "pk").values_list(
        "user_id", "organization_id"
    ):
        assigned.setdefault(person_id, organization_id)
    return assigned


def _enrolments(scope: ReportScope):
    enrolments = Enrollment.objects.all()
    if scope.program is not None:
        enrolments = enrolments.filter(program=scope.program)
    if scope.cohort is not None:
        enrolments = enrolments.filter(cohort=scope.cohort)
    return enrolments


def _local_day(moment: datetime.datetime | None) -> datetime.date | None:
    return timezone.localdate(moment) if moment is not None else None


def _in_range(day: datetime.date | None, scope: ReportScope) -> bool:
    return day is not None and scope.start <= day <= scope.end


# ------------------------------------------------------------------------------
# The pipeline
# ------------------------------------------------------------------------------
def pipeline_people(scope: ReportScope, assigned: dict[int, int]) -> list[PersonStages]:
    """Everyone whose first enrolment (in the program or cohort, when chosen) falls in the date
    range, with the stages they reached toward the credential measured."""
    first_enrolled = dict(
        _enrolments(scope)
        .filter(user_id__in=list(assigned))
        .values("user_id")
        .annotate(first=Min("created_at"))
        .values_list("user_id", "first")
    )
    people = {}
    for person_id, moment in first_enrolled.items():
        day = _local_day(moment)
        if _in_range(day, scope):
            person = PersonStages(person_id=person_id, organization_id=assigned[person_id])
            person.reached[0], person.dates[0] = True, day
            people[person_id] = person
    if not people:
        return []
    ids = list(people)
    definition = scope.credential
    if definition is not None:
        _credential_stages(definition, people, ids)
    _activity(people, ids, scope)
    return sorted(people.values(), key=lambda person: person.person_id)


def _spec_for(definition: CredentialDefinition, on: datetime.date):
    return next(
        (
            spec
            for cached, spec in definitions_with_specs_in_effect(on=on)
            if cached.pk == definition.pk
        ),
        definition.as_spec(),
    )


def _credential_stages(definition, people: dict, ids: list[int]) -> None:
    today = timezone.localdate()
    spec = _spec_for(definition, today)
    kinds = {requirement.key: requirement.kind for requirement in spec.requirements}
    results = evaluate_many(spec, User.objects.filter(pk__in=ids), today)
    latest_training = dict(
        ModuleCompletion.objects.filter(user_id__in=ids)
        .values("user_id")
        .annotate(latest=Max("completed_at"))
        .values_list("user_id", "latest")
    )
    latest_practice = dict(
        PracticeLogEntry.objects.counted()
        .filter(trainee_id__in=ids)
        .values("trainee_id")
        .annotate(latest=Max("date"))
        .values_list("trainee_id", "latest")
    )
    applied = dict(
        CredentialApplication.objects.filter(applicant_id__in=ids, definition__code=definition.code)
        .values("applicant_id")
        .annotate(first=Min("submitted_at"))
        .values_list("applicant_id", "first")
    )
    credentialed = dict(
        IssuedCredential.objects.filter(holder_id__in=ids, definition__code=definition.code)
        .values("holder_id")
        .annotate(first=Min("issued_on"))
        .values_list("holder_id", "first")
    )
    for person_id, person in people.items():
        result = results.get(person_id)
        outcomes = result.requirements if result is not None else ()
        training = [o.met for o in outcomes if kinds.get(o.key) in TRAINING_KINDS]
        practice = [o.met for o in outcomes if kinds.get(o.key) in PRACTICE_KINDS]
        own = [
            True,
            bool(training) and all(training),
            bool(practice) and all(practice),
            person_id in applied,
            person_id in credentialed,
        ]
        days = [
            person.dates[0],
            _local_day(latest_training.get(person_id)),
            latest_practice.get(person_id),
            _local_day(applied.get(person_id)),
            credentialed.get(person_id),
        ]
        # A later stage reached means every earlier one was (a credential recorded from the
        # board's own review counts as training and practice done, whatever PeerPath holds).
        later = False
        for index in reversed(range(len(STAGES))):
            later = later or own[index]
            person.reached[index] = later
            person.dates[index] = days[index] if later else None


def _activity(people: dict, ids: list[int], scope: ReportScope) -> None:
    last = dict(
        User.objects.filter(pk__in=ids)
        .annotate(last=last_activity_or_never())
        .values_list("pk", "last")
    )
    cutoff = timezone.now() - datetime.timedelta(days=scope.stalled_days)
    for person_id, person in people.items():
        moment = last.get(person_id)
        person.last_activity = None if moment in (None, NEVER) else moment
        person.stalled = not person.reached[-1] and (
            person.last_activity is None or person.last_activity < cutoff
        )


def median_days(people: list[PersonStages], stage: int) -> float | None:
    """The median number of days from the stage before ``stage`` to it, among people with both
    dates (a stage reached before the one before it counts as 0 days)."""
    gaps = [
        max(0, (person.dates[stage] - person.dates[stage - 1]).days)
        for person in people
        if person.dates[stage] is not None and person.dates[stage - 1] is not None
    ]
    return statistics.median(gaps) if gaps else None


# ------------------------------------------------------------------------------
# Training hours delivered
# ------------------------------------------------------------------------------
def _training_hours(scope: ReportScope, assigned: dict[int, int]) -> dict:
    """Hours credited by modules completed in the date range, per month and domain, topic and
    modality: ``{"domain": rows, "topic": rows, "modality": rows}`` where each row is
    (organisation id, month, label, hours, person id)."""
    ids = list(assigned)
    start = timezone.make_aware(datetime.datetime.combine(scope.start, datetime.time.min))
    end = timezone.make_aware(
        datetime.datetime.combine(scope.end + datetime.timedelta(days=1), datetime.time.min)
    )
    window = Q(completion__completed_at__gte=start, completion__completed_at__lt=end)
    person = "completion__user_id"
    month = TruncMonth("completion__completed_at")
    by_domain = (
        CompletionDomainHours.objects.filter(window, completion__user_id__in=ids)
        .values(person, "domain_name")
        .annotate(month=month, total=Sum("hours"))
        .values_list(person, "month", "domain_name", "total")
    )
    by_topic = (
        CompletionTopicHours.objects.filter(window, completion__user_id__in=ids)
        .values(person, "topic_name")
        .annotate(month=month, total=Sum("hours"))
        .values_list(person, "month", "topic_name", "total")
    )
    by_credit = (
        CompletionCredit.objects.filter(window, completion__user_id__in=ids)
        .values(person, "modality")
        .annotate(month=month, total=Sum("hours"))
        .values_list(person, "month", "modality", "total")
    )
    # A completion that kept no credits counts whole in its module's modality.
    without_credits = (
        ModuleCompletion.objects.filter(
            completed_at__gte=start, completed_at__lt=end, user_id__in=ids, credits__isnull=True
        )
        .values("user_id", "modality")
        .annotate(month=TruncMonth("completed_at"), total=Sum("contact_hours"))
        .values_list("user_id", "month", "modality", "total")
    )

    def rows(query):
        return [
            (
                assigned[person_id],
                timezone.localdate(moment) if isinstance(moment, datetime.datetime) else moment,
                label,
                total,
                person_id,
            )
            for person_id, moment, label, total in query
        ]

    return {
        "domain": rows(by_domain),
        "topic": rows(by_topic),
        "modality": rows(by_credit) + rows(without_credits),
    }


# ------------------------------------------------------------------------------
# Supervision
# ------------------------------------------------------------------------------
def _supervision(scope: ReportScope, assigned: dict[int, int]) -> dict:
    """Entries waiting now, and the entries decided in the date range: who decided, how long
    after submission, and whether they were returned."""
    ids = list(assigned)
    waiting = list(
        PracticeLogEntry.objects.filter(trainee_id__in=ids, status=EntryStatus.SUBMITTED)
        .values("trainee_id", "agreement__supervisor_id", "agreement__supervisor__display_name")
        .annotate(entries=Sum(1))
        .values_list(
            "trainee_id",
            "agreement__supervisor_id",
            "agreement__supervisor__display_name",
            "entries",
        )
    )
    start = timezone.make_aware(datetime.datetime.combine(scope.start, datetime.time.min))
    end = timezone.make_aware(
        datetime.datetime.combine(scope.end + datetime.timedelta(days=1), datetime.time.min)
    )
    # Narrow rows, the duration computed by the database: a state's year is ~250,000 entries.
    decided = list(
        PracticeLogEntry.objects.filter(
            trainee_id__in=ids,
            reviewed_at__gte=start,
            reviewed_at__lt=end,
            submitted_at__isnull=False,
            status__in=[EntryStatus.APPROVED, EntryStatus.RETURNED, EntryStatus.REJECTED],
        )
        .annotate(waited=Epoch(F("reviewed_at") - F("submitted_at")))
        .values_list("trainee_id", "reviewed_by_id", "status", "waited")
    )
    names = dict(
        User.objects.filter(pk__in={reviewer for _t, reviewer, _s, _w in decided}).values_list(
            "pk", "display_name"
        )
    )
    return {
        "waiting": [
            (assigned[trainee], supervisor, name, entries)
            for trainee, supervisor, name, entries in waiting
        ],
        "decided": [
            (
                assigned[trainee],
                reviewer,
                names.get(reviewer, ""),
                status == EntryStatus.RETURNED,
                float(waited) / 3600,
                trainee,
            )
            for trainee, reviewer, status, waited in decided
        ],
    }


# ------------------------------------------------------------------------------
# Credentials
# ------------------------------------------------------------------------------
def _credentials(scope: ReportScope, assigned: dict[int, int]) -> dict:
    """Per organisation: issued in the range, expiring in the next 90 days, renewed in the range
    (a renewal issued), lapsed in the range (expired, never renewed)."""
    ids = list(assigned)
    credentials = IssuedCredential.objects.filter(holder_id__in=ids)
    if scope.credential is not None:
        credentials = credentials.filter(definition__code=scope.credential.code)
    today = timezone.localdate()
    soon = today + datetime.timedelta(days=EXPIRING_DAYS)
    counts: dict = defaultdict(
        lambda: {"issued": set(), "expiring": set(), "renewed": set(), "lapsed": set()}
    )
    renewed_ids = set(
        credentials.filter(previous_credential__isnull=False).values_list(
            "previous_credential_id", flat=True
        )
    )
    for pk, holder, issued_on, expires_on, status, previous in credentials.values_list(
        "pk", "holder_id", "issued_on", "expires_on", "status", "previous_credential_id"
    ):
        bucket = counts[assigned[holder]]
        if _in_range(issued_on, scope):
            bucket["renewed" if previous else "issued"].add(holder)
        if status == CredentialStatus.ACTIVE and today <= expires_on <= soon:
            bucket["expiring"].add(holder)
        if (
            status == CredentialStatus.EXPIRED
            and pk not in renewed_ids
            and _in_range(expires_on, scope)
        ):
            bucket["lapsed"].add(holder)
    return {organization: dict(bucket) for organization, bucket in counts.items()}


# ------------------------------------------------------------------------------
# The whole report
# ------------------------------------------------------------------------------
def build_report(scope: ReportScope) -> Report:
    assigned = people_of(scope)
    return Report(
        scope=scope,
        people=pipeline_people(scope, assigned),
        hours=_training_hours(scope, assigned),
        supervision=_supervision(scope, assigned),
        credentials=_credentials(scope, assigned),
        computed_at=timezone.now(),
    )
