"""A large, realistic data set for benchmarks, built with bulk inserts.

`build_load_data()` (and `manage.py generate_load_data`, which calls it) writes organisations,
trainees, supervisors and staff, signed supervision agreements, years of practice hours with a
realistic mix of statuses, supervision sessions, enrolments, module completions with their frozen
hour snapshots, assessment attempts, credential applications and issued credentials.

Why bulk inserts and not the services: half a million practice entries through
`practice_entry_approve()` would take hours. Rows are written the way the services would leave
them (approved entries signed inside a signed agreement, completions with their snapshots), and
the audit trail gets a realistic, smaller set of events with a valid hash chain:

- one event per supervision agreement (``agreement.seed``, as the demo writes);
- one ``practice.approve`` event per entry signed off in the last 90 days (older sign-offs have
  no event of their own: the bulk load skips them to stay fast);
- one ``credential.issue`` event per issued credential;
- a final ``load_data.build`` event that records the parameters, the handles the benchmark needs
  and where the chain stood before the load (so ``reset`` can remove the load's events and leave
  a chain that `verify_audit_chain` still accepts).

A load set is marked by organisation slugs starting with ``load-``. Building again with the same
parameters finds the recorded event and returns at once; other parameters need ``reset=True``.
"""

import datetime
import random
import time
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from decimal import Decimal

from django.contrib.auth.hashers import make_password
from django.db import connection, models, transaction
from django.utils import timezone

from certification import audit
from certification.credentials.models import CredentialDefinition, DefinitionStatus
from certification.credentials.seed import seed_credential_definitions
from certification.issuance.models import (
    ApplicationStatus,
    CredentialApplication,
    IssuedCredential,
    PacketStatus,
)
from certification.models import AuditChainHead, AuditEvent
from certification.rules.collect import evaluate_for_person
from certification.supervision.models import (
    ActivityType,
    EntryStatus,
    Modality,
    PracticeLogEntry,
    PracticeSetting,
    SessionAttendance,
    SessionFormat,
    SupervisionAgreement,
    SupervisionSession,
)
from curriculum.assessment import draw_questions, score_answers
from curriculum.models import CompetencyDomain, ModulePage, Topic
from curriculum.starter import seed_starter_program
from curriculum.taxonomy import ICRC_PR
from lms.accounts.models import Membership, Organization, Role, User
from lms.learning.models import (
    AssessmentAttempt,
    Cohort,
    CompletionDomainHours,
    CompletionTopicHours,
    Enrollment,
    LessonProgress,
    ModuleCompletion,
)
from lms.learning.services import lessons_of, snapshot_from_dict

SLUG_PREFIX = "load-"
BUILD_ACTION = "load_data.build"
LOAD_PASSWORD = "peerpath-load"  # noqa: S105 - throwaway accounts on a benchmark database
DEFAULT_SEED = 20261122
BATCH_SIZE = 5000
HISTORY_DAYS = 3 * 365
RECENT_AUDIT_DAYS = 90

# The status mix of practice entries: the newest entries are drafts or wait for sign-off; older
# ones were reviewed (mostly approved).
DRAFT_SHARE = 0.07
SUBMITTED_SHARE = 0.10
REVIEWED_WEIGHTS = {EntryStatus.APPROVED: 75, EntryStatus.RETURNED: 5, EntryStatus.REJECTED: 3}

FIRST_NAMES = [
    *("Jordan", "Alex", "Sam", "Morgan", "Taylor", "Casey", "Riley", "Jamie", "Avery", "Quinn"),
    *("Dakota", "Reese", "Rowan", "Skyler", "Maria", "José", "Aisha", "Wei", "Priya", "Tomás"),
    *("Keisha", "Darnell", "Olga", "Fatima", "Luis", "Grace", "Marcus", "Ana", "Hana", "Kwame"),
    *("Lena", "Rafael", "Mei", "Nadia", "Omar", "Paul", "Rosa", "Sean", "Tanya", "Yusuf"),
]
LAST_NAMES = [
    *("Rivera", "Okafor", "Chen", "Lee", "Johnson", "Williams", "Garcia", "Martinez", "Brown"),
    *("Davis", "Nguyen", "Patel", "Kim", "Robinson", "Walker", "Young", "Hernandez", "King"),
    *("Wright", "Lopez", "Hill", "Scott", "Green", "Adams", "Baker", "Nelson", "Carter"),
    *("Mitchell", "Perez", "Roberts", "Turner", "Phillips", "Campbell", "Parker", "Evans"),
]
PLACES = [
    *("Riverbend", "Lakeside", "Prairie", "Northside", "Southside", "Eastgate", "Westfield"),
    *("Harbor", "Hillcrest", "Oakwood", "Maplewood", "Cedar", "Valley", "Summit", "Fairview"),
]
REGIONS = (
    "Central Illinois ROSC Council",
    "Northern Illinois ROSC Council",
    "Southern Illinois ROSC Council",
    "Chicago Metro ROSC Council",
    "Western Illinois ROSC Council",
)
CREDENTIALS = (
    ("Certified Peer Recovery Specialist (CPRS)", "CPRS"),
    ("Certified Recovery Support Specialist (CRSS)", "CRSS"),
    ("Certified Alcohol and Drug Counselor (CADC)", "CADC"),
)
DESCRIPTIONS = {
    ActivityType.ONE_TO_ONE: "Met a peer to talk through their week and their wellness plan.",
    ActivityType.GROUP: "Co-facilitated an all-recovery meeting.",
    ActivityType.RECOVERY_PLANNING: "Helped a peer update their recovery plan and next steps.",
    ActivityType.LINKING_TO_RESOURCES: "Connected a peer with a housing programme.",
    ActivityType.ADVOCACY: "Went with a peer to a benefits appointment to support them.",
    ActivityType.CRISIS_SUPPORT: "Stayed with a peer through a hard evening until it eased.",
    ActivityType.OUTREACH: "Outreach at the community drop-in: shared meeting lists.",
    ActivityType.DOCUMENTATION: "Team meeting and notes on boundaries and confidentiality.",
    ActivityType.OTHER: "Helped set up the recovery community centre's open day.",
}
# Quarter-hour durations, mostly between half an hour and four hours.
DURATIONS = [
    Decimal(value)
    for value in (
        "0.25",
        "0.5",
        "0.75",
        "1",
        "1.25",
        "1.5",
        "2",
        "2.5",
        "3",
        "3.5",
        "4",
        "5",
        "6",
        "8",
    )
]
DURATION_WEIGHTS = [2, 10, 10, 20, 8, 14, 14, 6, 6, 3, 3, 2, 1, 1]
SETTING_WEIGHTS = {
    PracticeSetting.RECOVERY_COMMUNITY_CENTRE: 30,
    PracticeSetting.COMMUNITY: 25,
    PracticeSetting.TREATMENT_PROGRAM: 15,
    PracticeSetting.EMERGENCY_DEPARTMENT: 10,
    PracticeSetting.RECOVERY_RESIDENCE: 10,
    PracticeSetting.JAIL_OR_COURT: 7,
    PracticeSetting.OTHER: 3,
}
ACTIVITY_WEIGHTS = {
    ActivityType.ONE_TO_ONE: 35,
    ActivityType.GROUP: 15,
    ActivityType.RECOVERY_PLANNING: 12,
    ActivityType.LINKING_TO_RESOURCES: 12,
    ActivityType.ADVOCACY: 6,
    ActivityType.CRISIS_SUPPORT: 5,
    ActivityType.OUTREACH: 6,
    ActivityType.DOCUMENTATION: 7,
    ActivityType.OTHER: 2,
}
MODALITY_WEIGHTS = {Modality.IN_PERSON: 70, Modality.PHONE: 18, Modality.VIDEO: 12}
RETURN_COMMENTS = (
    "Please say which setting this was in and what your role was.",
    "The date looks wrong: that day was before our agreement. Please check it.",
    "Please remove the initials of the person you supported.",
)
REJECT_COMMENTS = (
    "This was a training you attended, not supervised practice: log it as training instead.",
    "I was not supervising you on this activity, so I cannot sign it.",
)


class LoadSetMismatch(Exception):
    """A load set built with other parameters is in the database."""


@dataclass(frozen=True)
class LoadParameters:
    organizations: int = 10
    trainees: int = 5000
    supervisors: int | None = None  # default: 10 per organisation
    staff_per_organization: int = 2
    entries_per_trainee: int = 100
    completions_per_trainee: int = 8
    busiest_supervisor_trainees: int = 300
    seed: int = DEFAULT_SEED

    def resolved(self) -> "LoadParameters":
        supervisors = self.supervisors if self.supervisors is not None else 10 * self.organizations
        return LoadParameters(**{**asdict(self), "supervisors": supervisors})

    def validate(self) -> None:
        if self.organizations < 1:
            raise ValueError("At least one organisation is needed.")
        if self.trainees < self.organizations:
            raise ValueError("Every organisation needs at least one trainee.")
        if (self.supervisors or 0) < self.organizations:
            raise ValueError("Every organisation needs at least one supervisor.")
        if self.staff_per_organization < 1:
            raise ValueError("Every organisation needs at least one staff member.")
        if min(self.entries_per_trainee, self.completions_per_trainee) < 0:
            raise ValueError("Counts cannot be negative.")
        first_organization_trainees = _split(self.trainees, self.organizations)[0]
        if not 1 <= self.busiest_supervisor_trainees <= first_organization_trainees:
            raise ValueError(
                f"The busiest supervisor can have 1 to {first_organization_trainees} trainees "
                "(the trainees of the first organisation)."
            )


@dataclass
class LoadSet:
    """What a benchmark needs from a load set: who to sign in as and what to ask for."""

    parameters: LoadParameters
    created: bool
    trainee: User
    supervisor: User
    staff: User
    module_page_id: int
    verification_code: str
    seconds: float = 0.0
    counts: dict[str, int] = field(default_factory=dict)


# ------------------------------------------------------------------------------
# Entry point
# ------------------------------------------------------------------------------
def build_load_data(
    *, reset: bool = False, progress: Callable[[str], None] | None = None, **options
) -> LoadSet:
    """Build the load set for these options, or return the one already built with them.

    Options are the fields of LoadParameters. Raises LoadSetMismatch when a load set with other
    parameters exists and ``reset`` is off.
    """
    parameters = LoadParameters(**options).resolved()
    parameters.validate()
    say = progress or (lambda message: None)
    started = time.perf_counter()
    existing = recorded_build()
    if existing is None and not reset and load_organizations_exist():
        raise LoadSetMismatch("An unrecorded load set is in the database; reset it first.")
    if existing is not None and not reset:
        recorded = existing.after["parameters"]
        if recorded != asdict(parameters):
            raise LoadSetMismatch(
                f"A load set built with other parameters exists ({recorded}); reset it first."
            )
        return _load_set_from(existing, parameters, created=False)
    with transaction.atomic():
        if reset:
            delete_load_data(progress=say)
        builder = _Builder(parameters, say)
        build_event = builder.build()
    if connection.vendor == "postgresql":
        say("ANALYZE")
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    load_set = _load_set_from(build_event, parameters, created=True)
    load_set.seconds = time.perf_counter() - started
    load_set.counts = builder.counts
    return load_set


def load_organizations_exist() -> bool:
    return Organization.objects.filter(slug__startswith=SLUG_PREFIX).exists()


def recorded_build() -> AuditEvent | None:
    """The event that records the load set in the database, if there is one."""
    if not load_organizations_exist():
        return None
    return AuditEvent.objects.filter(action=BUILD_ACTION).order_by("-pk").first()


def _load_set_from(event: AuditEvent, parameters: LoadParameters, *, created: bool) -> LoadSet:
    handles = event.after["handles"]
    people = User.objects.in_bulk([handles["trainee"], handles["supervisor"], handles["staff"]])
    return LoadSet(
        parameters=parameters,
        created=created,
        trainee=people[handles["trainee"]],
        supervisor=people[handles["supervisor"]],
        staff=people[handles["staff"]],
        module_page_id=handles["module_page_id"],
        verification_code=handles["verification_code"],
    )


# ------------------------------------------------------------------------------
# Reset
# ------------------------------------------------------------------------------
# Triggers that refuse deleting signed records (certification migration 0002); a reset turns
# them off for its own transaction only (ALTER TABLE is transactional in PostgreSQL).
IMMUTABILITY_TRIGGERS = (
    ("certification_auditevent", "certification_auditevent_append_only"),
    ("certification_practicelogentry", "certification_entry_signed_is_immutable"),
    ("certification_supervisionagreement", "certification_agreement_signed_is_immutable"),
)


def delete_load_data(*, progress: Callable[[str], None] | None = None) -> None:
    """Remove the load set: its people, their records, and its tail of the audit chain.

    Refuses when audit events were written after the load set's: removing the load's events
    would then break the chain.
    """
    say = progress or (lambda message: None)
    if not transaction.get_connection().in_atomic_block:
        with transaction.atomic():
            return delete_load_data(progress=progress)
    organization_ids = list(
        Organization.objects.filter(slug__startswith=SLUG_PREFIX).values_list("pk", flat=True)
    )
    if not organization_ids:
        return None
    say("Removing the previous load set")
    build_event = AuditEvent.objects.filter(action=BUILD_ACTION).order_by("-pk").first()
    head = AuditChainHead.objects.select_for_update().filter(pk=audit.HEAD_ID).first()
    if build_event is not None and head is not None and head.last_event_id != build_event.pk:
        raise LoadSetMismatch(
            "Audit events were written after the load set; removing its events would break "
            "the audit chain. Build the load set in a fresh database instead."
        )
    user_ids = list(
        Membership.objects.filter(organization_id__in=organization_ids)
        .values_list("user_id", flat=True)
        .distinct()
    )
    postgresql = connection.vendor == "postgresql"
    with connection.cursor() as cursor:
        if postgresql:
            # ALTER TABLE refuses while deferred foreign-key checks are pending: check them now,
            # and delete children before parents until the triggers are back on.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            for table, trigger in IMMUTABILITY_TRIGGERS:
                cursor.execute(f"ALTER TABLE {table} DISABLE TRIGGER {trigger}")
        if build_event is not None:
            before = build_event.after["chain_before"]
            AuditEvent.objects.filter(pk__gt=before["last_event_id"])._raw_delete(connection.alias)
            AuditChainHead.objects.filter(pk=audit.HEAD_ID).update(
                last_event_id=before["last_event_id"], last_hash=before["last_hash"]
            )
        people = {"user_id__in": user_ids}
        sessions = SupervisionSession.objects.filter(supervisor_id__in=user_ids)
        completions = ModuleCompletion.objects.filter(**people)
        for queryset in (
            SessionAttendance.objects.filter(session__in=sessions),
            SupervisionSession.domains.through.objects.filter(supervisionsession__in=sessions),
            sessions,
            PracticeLogEntry.objects.filter(trainee_id__in=user_ids),
            IssuedCredential.objects.filter(holder_id__in=user_ids),
            CredentialApplication.objects.filter(applicant_id__in=user_ids),
            SupervisionAgreement.objects.filter(trainee_id__in=user_ids),
            CompletionDomainHours.objects.filter(completion__in=completions),
            CompletionTopicHours.objects.filter(completion__in=completions),
            completions,
            AssessmentAttempt.objects.filter(**people),
            LessonProgress.objects.filter(**people),
            Enrollment.objects.filter(**people),
            Cohort.objects.filter(organization_id__in=organization_ids),
        ):
            # One DELETE per table: the ORM's collector would load half a million rows first.
            queryset._raw_delete(connection.alias)
        if postgresql:
            for table, trigger in IMMUTABILITY_TRIGGERS:
                cursor.execute(f"ALTER TABLE {table} ENABLE TRIGGER {trigger}")
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")
    User.objects.filter(pk__in=user_ids).delete()
    Organization.objects.filter(pk__in=organization_ids).delete()
    return None


# ------------------------------------------------------------------------------
# Building
# ------------------------------------------------------------------------------
def _split(total: int, parts: int) -> list[int]:
    """`total` spread over `parts` as evenly as possible, the first ones taking the remainder."""
    return [total // parts + (1 if index < total % parts else 0) for index in range(parts)]


def _weighted(rng: random.Random, weights: dict, k: int) -> list[str]:
    """k draws of the choices' stored values (plain strings, as COPY writes them)."""
    return rng.choices([str(key) for key in weights], weights=list(weights.values()), k=k)


def _at(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    return datetime.datetime.combine(
        day, datetime.time(hour, minute), tzinfo=timezone.get_current_timezone()
    )


def _day_within(spans, offset: int) -> tuple["_Agreement", datetime.date]:
    """The `offset`-th day counted across the agreements' spans of days, and its agreement."""
    for agreement, days in spans:
        if offset < days:
            return agreement, agreement.counts_from + datetime.timedelta(days=offset)
        offset -= days
    raise ValueError(offset)


@dataclass
class _Agreement:
    """An agreement being built, and the days it lets hours count."""

    row: SupervisionAgreement
    counts_from: datetime.date
    last_day: datetime.date


class _Builder:
    def __init__(self, parameters: LoadParameters, say: Callable[[str], None]):
        self.parameters = parameters
        self.say = say
        self.rng = random.Random(parameters.seed)  # noqa: S311 - reproducible, not secret
        self.now = timezone.now()
        self.today = timezone.localdate()
        self.counts: dict[str, int] = {}
        self.started = time.perf_counter()

    def step(self, message: str) -> None:
        self.say(f"[{time.perf_counter() - self.started:6.1f} s] {message}")

    def build(self) -> AuditEvent:
        head, _created = AuditChainHead.objects.select_for_update().get_or_create(
            pk=audit.HEAD_ID, defaults={"last_hash": audit.GENESIS_HASH}
        )
        self.chain_before = {"last_event_id": head.last_event_id, "last_hash": head.last_hash}
        self.audit_events: list[AuditEvent] = []
        self.domains = list(CompetencyDomain.objects.filter(framework=ICRC_PR).order_by("pk"))
        self.step("Curriculum and credential definitions")
        self.program = seed_starter_program()
        seed_credential_definitions()
        self.step("Organisations and people")
        self.people()
        self.step("Supervision agreements")
        self.agreements()
        self.step(
            f"Practice entries ({self.parameters.trainees * self.parameters.entries_per_trainee:,})"
        )
        self.practice_entries()
        self.step("Supervision sessions")
        self.sessions()
        self.step("Enrolments, lessons, assessments and completions")
        self.learning()
        self.step("Credential applications and issued credentials")
        self.credentials()
        self.step("Audit trail")
        return self.audit_trail()

    # -- people ------------------------------------------------------------------------------
    def people(self) -> None:
        parameters, rng = self.parameters, self.rng
        self.organizations = Organization.objects.bulk_create(
            Organization(
                name=f"{PLACES[index % len(PLACES)]} Recovery Community"
                + (f" {index // len(PLACES) + 1}" if index >= len(PLACES) else ""),
                slug=f"{SLUG_PREFIX}{index:03d}",
                region=REGIONS[index % len(REGIONS)],
            )
            for index in range(parameters.organizations)
        )
        password = make_password(LOAD_PASSWORD)  # hashed once, shared by every account
        trainees_per = _split(parameters.trainees, parameters.organizations)
        supervisors_per = _split(parameters.supervisors, parameters.organizations)
        planned: list[tuple[User, Organization, str]] = []
        for organization, trainee_count, supervisor_count in zip(
            self.organizations, trainees_per, supervisors_per, strict=True
        ):
            roles = (
                [Role.TRAINEE] * trainee_count
                + [Role.SUPERVISOR] * supervisor_count
                + [Role.STAFF] * parameters.staff_per_organization
            )
            for number, role in enumerate(roles):
                name = f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"
                # Many trainees have no stable email address; staff give them sign-in codes.
                has_email = role != Role.TRAINEE or rng.random() > 0.15
                email = f"{role}{number}@{organization.slug}.load.test" if has_email else None
                planned.append(
                    (
                        User(
                            email=email,
                            display_name=name,
                            password=password,
                            date_joined=self.now - datetime.timedelta(days=HISTORY_DAYS + 30),
                        ),
                        organization,
                        role,
                    )
                )
        users = User.objects.bulk_create([user for user, _org, _role in planned], BATCH_SIZE)
        Membership.objects.bulk_create(
            (
                Membership(user=user, organization=organization, role=role)
                for user, (_user, organization, role) in zip(users, planned, strict=True)
            ),
            batch_size=BATCH_SIZE,
        )
        self.by_organization: dict[int, dict[str, list[User]]] = defaultdict(
            lambda: defaultdict(list)
        )
        for user, (_user, organization, role) in zip(users, planned, strict=True):
            self.by_organization[organization.pk][role].append(user)
        self.counts["users"] = len(users)

    # -- agreements ----------------------------------------------------------------------------
    def agreements(self) -> None:
        """One current agreement per trainee (and for some, an earlier one that ended).

        The first supervisor of the first organisation supervises the requested number of
        trainees; the others share the rest of their organisation's trainees.
        """
        rng, today = self.rng, self.today
        self.supervisor_credentials: dict[int, tuple[str, str, datetime.date]] = {}
        rows: list[SupervisionAgreement] = []
        self.trainee_agreements: dict[int, list[int]] = defaultdict(list)
        for position, organization in enumerate(self.organizations):
            people = self.by_organization[organization.pk]
            supervisors = people[Role.SUPERVISOR]
            for supervisor in supervisors:
                name, prefix = rng.choice(CREDENTIALS)
                self.supervisor_credentials[supervisor.pk] = (
                    name,
                    f"{prefix}-{rng.randrange(10000, 99999)}",
                    today + datetime.timedelta(days=rng.randrange(400, 900)),
                )
            busiest = self.parameters.busiest_supervisor_trainees if position == 0 else 0
            others = supervisors[1:] if position == 0 and len(supervisors) > 1 else supervisors
            for number, trainee in enumerate(people[Role.TRAINEE]):
                current = supervisors[0] if number < busiest else others[number % len(others)]
                started_days_ago = rng.randrange(60, HISTORY_DAYS)
                start = today - datetime.timedelta(days=started_days_ago)
                periods = [
                    (current, start, today + datetime.timedelta(days=rng.randrange(30, 365)))
                ]
                earlier = [person for person in supervisors if person != current]
                if earlier and started_days_ago > 240 and rng.random() < 0.2:
                    switch = today - datetime.timedelta(
                        days=rng.randrange(60, started_days_ago - 120)
                    )
                    periods = [
                        (rng.choice(earlier), start, switch - datetime.timedelta(days=1)),
                        (current, switch, periods[0][2]),
                    ]
                for supervisor, begins, ends in periods:
                    name, number_on_card, expires = self.supervisor_credentials[supervisor.pk]
                    signed_on = begins - datetime.timedelta(days=rng.randrange(0, 10))
                    trainee_signed_on = signed_on + datetime.timedelta(days=rng.randrange(0, 3))
                    trainee_signed_on = min(trainee_signed_on, begins)
                    rows.append(
                        SupervisionAgreement(
                            organization=organization,
                            trainee=trainee,
                            supervisor=supervisor,
                            start_date=begins,
                            end_date=ends,
                            supervisor_credential_name=name,
                            supervisor_credential_number=number_on_card,
                            supervisor_credential_expires_on=max(expires, ends),
                            supervisor_signature=supervisor.display_name,
                            supervisor_signed_at=_at(signed_on, 10),
                            supervisor_signed_on=signed_on,
                            trainee_signature=trainee.display_name,
                            trainee_signed_at=_at(trainee_signed_on, 15),
                            trainee_signed_on=trainee_signed_on,
                            created_by=supervisor,
                        )
                    )
        self.agreement_rows = SupervisionAgreement.objects.bulk_create(rows, BATCH_SIZE)
        self.by_trainee: dict[int, list[_Agreement]] = defaultdict(list)
        for row in self.agreement_rows:
            self.by_trainee[row.trainee_id].append(
                _Agreement(
                    row=row,
                    counts_from=row.start_date,
                    last_day=min(row.end_date, today),
                )
            )
        for row in self.agreement_rows:
            self._audit(
                occurred_at=row.supervisor_signed_at,
                actor=row.supervisor,
                action="agreement.seed",
                target=row,
                after=audit.snapshot(row),
            )
        self.counts["agreements"] = len(self.agreement_rows)

    # -- practice ------------------------------------------------------------------------------
    def practice_entries(self) -> None:
        """`entries_per_trainee` entries per trainee, each inside one of their agreements, at
        most 24 hours a day; the newest are drafts or wait for sign-off."""
        rng, now, per_trainee = self.rng, self.now, self.parameters.entries_per_trainee
        draft_count = round(per_trainee * DRAFT_SHARE)
        submitted_count = round(per_trainee * SUBMITTED_SHARE)
        columns = [
            "trainee_id", "agreement_id", "date", "duration_hours", "domain_id", "setting",
            "activity_type", "modality", "description", "status", "submitted_at", "reviewed_at",
            "reviewed_by_id", "review_comment", "signature", "signed_credential_name",
            "signed_credential_number", "signed_credential_expires_on", "created_at",
            "updated_at",
        ]  # fmt: skip
        domain_ids = [domain.pk for domain in self.domains]
        status_counts: dict[str, int] = defaultdict(int)

        def rows() -> Iterable[tuple]:
            for trainee_id, agreements in self.by_trainee.items():
                spans = [(a, (a.last_day - a.counts_from).days + 1) for a in agreements]
                total_days = sum(days for _a, days in spans)
                hours_on: dict[datetime.date, Decimal] = defaultdict(Decimal)
                planned = []
                durations = rng.choices(DURATIONS, weights=DURATION_WEIGHTS, k=per_trainee)
                for duration in durations:
                    while True:  # at most 24 hours a day: draw another day when full
                        agreement, day = _day_within(spans, rng.randrange(total_days))
                        if hours_on[day] + duration <= 24:
                            break
                    hours_on[day] += duration
                    planned.append((day, duration, agreement))
                planned.sort(key=lambda item: item[0], reverse=True)
                settings_ = _weighted(rng, SETTING_WEIGHTS, per_trainee)
                activities = _weighted(rng, ACTIVITY_WEIGHTS, per_trainee)
                modalities = _weighted(rng, MODALITY_WEIGHTS, per_trainee)
                reviewed = _weighted(rng, REVIEWED_WEIGHTS, per_trainee)
                for rank, (day, duration, agreement) in enumerate(planned):
                    row = agreement.row
                    created_at = min(_at(day, rng.randrange(9, 21), rng.choice((0, 15, 30))), now)
                    submitted_at = reviewed_at = reviewer = None
                    comment = signature = name = number = ""
                    expires = None
                    if rank < draft_count:
                        status = EntryStatus.DRAFT
                    else:
                        submitted_at = min(
                            created_at + datetime.timedelta(hours=rng.randrange(0, 72)), now
                        )
                        status = (
                            EntryStatus.SUBMITTED
                            if rank < draft_count + submitted_count
                            else reviewed[rank]
                        )
                    if status in REVIEWED_WEIGHTS:
                        reviewed_at = min(
                            submitted_at + datetime.timedelta(hours=rng.randrange(2, 240)), now
                        )
                        reviewer = row.supervisor_id
                    if status == EntryStatus.APPROVED:
                        signature = row.supervisor_signature
                        name = row.supervisor_credential_name
                        number = row.supervisor_credential_number
                        expires = row.supervisor_credential_expires_on
                    elif status == EntryStatus.RETURNED:
                        comment = rng.choice(RETURN_COMMENTS)
                    elif status == EntryStatus.REJECTED:
                        comment = rng.choice(REJECT_COMMENTS)
                    status_counts[status] += 1
                    activity = activities[rank]
                    yield (
                        trainee_id, row.pk, day, duration, rng.choice(domain_ids),
                        settings_[rank], activity, modalities[rank], DESCRIPTIONS[activity],
                        status, submitted_at, reviewed_at, reviewer, comment, signature, name,
                        number, expires, created_at, reviewed_at or submitted_at or created_at,
                    )  # fmt: skip

        total = copy_rows(PracticeLogEntry, columns, rows(), progress=self.step)
        self.counts["practice_entries"] = total
        self.counts.update({f"entries_{status}": count for status, count in status_counts.items()})
        # Recent sign-offs get their audit event, as practice_entry_approve() writes it.
        recent = (
            PracticeLogEntry.objects.filter(
                trainee__memberships__organization__in=self.organizations,
                status=EntryStatus.APPROVED,
                reviewed_at__gte=now - datetime.timedelta(days=RECENT_AUDIT_DAYS),
            )
            .select_related("reviewed_by")
            .order_by("reviewed_at", "pk")
        )
        for entry in recent.iterator(chunk_size=BATCH_SIZE):
            before = audit.snapshot(entry)
            before.update(
                status=EntryStatus.SUBMITTED,
                reviewed_at=None,
                reviewed_by_id=None,
                signature="",
                signed_credential_name="",
                signed_credential_number="",
                signed_credential_expires_on=None,
            )
            self._audit(
                occurred_at=entry.reviewed_at,
                actor=entry.reviewed_by,
                action="practice.approve",
                target=entry,
                before=before,
                after=audit.snapshot(entry),
            )

    # -- supervision sessions ------------------------------------------------------------------
    def sessions(self) -> None:
        """Individual supervision about monthly for each trainee, most attendances confirmed."""
        rng, now = self.rng, self.now
        per_trainee = max(1, self.parameters.entries_per_trainee // 10)
        planned: list[tuple[SupervisionSession, _Agreement]] = []
        for agreements in self.by_trainee.values():
            for _number in range(per_trainee):
                agreement = rng.choice(agreements)
                span = (agreement.last_day - agreement.counts_from).days
                day = agreement.counts_from + datetime.timedelta(days=rng.randrange(span + 1))
                planned.append(
                    (
                        SupervisionSession(
                            supervisor_id=agreement.row.supervisor_id,
                            date=day,
                            duration_hours=rng.choice(
                                (Decimal("0.5"), Decimal("1"), Decimal("1"), Decimal("1.5"))
                            ),
                            format=SessionFormat.INDIVIDUAL,
                            modality=_weighted(rng, MODALITY_WEIGHTS, 1)[0],
                            notes="Reviewed the week's practice, boundaries and self-care.",
                        ),
                        agreement,
                    )
                )
        sessions = SupervisionSession.objects.bulk_create(
            [session for session, _agreement in planned], BATCH_SIZE
        )
        Through = SupervisionSession.domains.through
        Through.objects.bulk_create(
            (
                Through(supervisionsession_id=session.pk, competencydomain_id=domain.pk)
                for session in sessions
                for domain in rng.sample(self.domains, k=rng.choice((1, 1, 2)))
            ),
            batch_size=BATCH_SIZE,
        )
        SessionAttendance.objects.bulk_create(
            (
                SessionAttendance(
                    session=session,
                    trainee_id=agreement.row.trainee_id,
                    agreement=agreement.row,
                    confirmed_at=(
                        min(_at(session.date, 17) + datetime.timedelta(days=rng.randrange(3)), now)
                        if rng.random() < 0.9
                        else None
                    ),
                )
                for session, (_session, agreement) in zip(sessions, planned, strict=True)
            ),
            batch_size=BATCH_SIZE,
        )
        self.counts["supervision_sessions"] = len(sessions)

    # -- learning ------------------------------------------------------------------------------
    def learning(self) -> None:
        """Everyone is enrolled in the starter program through their organisation's cohort;
        each completes `completions_per_trainee` modules (the program's own first, then
        continuing education from elsewhere) with the hours frozen as the product freezes them."""
        rng, now = self.rng, self.now
        modules = list(
            ModulePage.objects.live().descendant_of(self.program).specific().order_by("path")
        )
        self.module_page_id = modules[0].pk if modules else 0
        domain_rows = {
            module.pk: list(module.domain_hours.select_related("domain")) for module in modules
        }
        topic_rows = {
            module.pk: list(module.topic_hours.select_related("topic")) for module in modules
        }
        lessons = {
            module.pk: list(lessons_of(module).values_list("pk", flat=True)) for module in modules
        }
        questions = {
            module.pk: [q.as_dict() for q in draw_questions(module, rng=rng)]
            for module in modules
            if module.has_assessment
        }
        ethics = Topic.objects.filter(slug="ethics").first()
        cohorts = Cohort.objects.bulk_create(
            Cohort(
                organization=organization,
                name="Foundations cohort",
                program=self.program,
                starts_on=self.today - datetime.timedelta(days=HISTORY_DAYS),
                created_by=self.by_organization[organization.pk][Role.STAFF][0],
            )
            for organization in self.organizations
        )
        enrollments, progress, attempts, completions = [], [], [], []
        completion_modules: list[ModulePage | None] = []
        for organization, cohort in zip(self.organizations, cohorts, strict=True):
            staff = self.by_organization[organization.pk][Role.STAFF][0]
            for trainee in self.by_organization[organization.pk][Role.TRAINEE]:
                enrollments.append(
                    Enrollment(user=trainee, program=self.program, cohort=cohort, enrolled_by=staff)
                )
                day = self.today - datetime.timedelta(days=rng.randrange(30, HISTORY_DAYS))
                for number in range(self.parameters.completions_per_trainee):
                    completed_at = min(_at(day, rng.randrange(9, 21)), now)
                    day = min(day + datetime.timedelta(days=rng.randrange(3, 40)), self.today)
                    module = modules[number] if number < len(modules) else None
                    attempt = None
                    if module is not None:
                        for lesson_id in lessons[module.pk]:
                            progress.append((trainee.pk, lesson_id, module.pk, completed_at))
                        if module.pk in questions:
                            attempt = self._passed_attempt(
                                trainee, module, questions[module.pk], completed_at
                            )
                            attempts.append(attempt)
                    completions.append(
                        ModuleCompletion(
                            user=trainee,
                            module=module,
                            module_title=module.title
                            if module
                            else f"Continuing education session {number + 1}",
                            program_title=self.program.title if module else "Continuing education",
                            contact_hours=module.contact_hours if module else Decimal("2"),
                            modality=module.modality if module else "live_online",
                            completed_at=completed_at,
                            attempt=attempt,
                            congratulated_at=completed_at,
                        )
                    )
                    completion_modules.append(module)
        Enrollment.objects.bulk_create(enrollments, BATCH_SIZE)
        AssessmentAttempt.objects.bulk_create(attempts, BATCH_SIZE)
        for completion in completions:
            completion.attempt_id = completion.attempt.pk if completion.attempt else None
        completions = ModuleCompletion.objects.bulk_create(completions, BATCH_SIZE)
        copy_rows(
            LessonProgress,
            [
                "user_id",
                "lesson_id",
                "module_id",
                "first_viewed_at",
                "last_viewed_at",
                "completed_at",
            ],
            (
                (user_id, lesson_id, module_id, at, at, at)
                for user_id, lesson_id, module_id, at in progress
            ),
        )
        domain_hours, topic_hours = [], []
        for completion, module in zip(completions, completion_modules, strict=True):
            if module is None:
                domain = self.domains[completion.pk % len(self.domains)]
                domain_hours.append(
                    CompletionDomainHours(
                        completion=completion,
                        domain=domain,
                        framework=domain.framework,
                        domain_name=domain.name,
                        hours=Decimal("2"),
                    )
                )
                if ethics is not None:
                    topic_hours.append(
                        CompletionTopicHours(
                            completion=completion, topic=ethics, topic_name=ethics.name, hours=1
                        )
                    )
                continue
            domain_hours.extend(
                CompletionDomainHours(
                    completion=completion,
                    domain=row.domain,
                    framework=row.domain.framework,
                    domain_name=row.domain.name,
                    hours=row.hours,
                )
                for row in domain_rows[module.pk]
            )
            topic_hours.extend(
                CompletionTopicHours(
                    completion=completion,
                    topic=row.topic,
                    topic_name=row.topic.name,
                    hours=row.hours,
                )
                for row in topic_rows[module.pk]
            )
        CompletionDomainHours.objects.bulk_create(domain_hours, BATCH_SIZE)
        CompletionTopicHours.objects.bulk_create(topic_hours, BATCH_SIZE)
        self.counts.update(
            enrollments=len(enrollments),
            module_completions=len(completions),
            assessment_attempts=len(attempts),
            lesson_progress=len(progress),
        )

    def _passed_attempt(self, trainee, module, questions, completed_at) -> AssessmentAttempt:
        answers = {
            question["id"]: [option["id"] for option in question["options"] if option["is_correct"]]
            for question in questions
        }
        score = score_answers(
            [snapshot_from_dict(question) for question in questions],
            {key: set(value) for key, value in answers.items()},
            pass_mark_percent=module.pass_mark_percent,
        )
        return AssessmentAttempt(
            user=trainee,
            module=module,
            number=1,
            questions=questions,
            answers=answers,
            pass_mark_percent=module.pass_mark_percent,
            started_at=completed_at - datetime.timedelta(minutes=25),
            answered_at=completed_at - datetime.timedelta(minutes=2),
            submitted_at=completed_at - datetime.timedelta(minutes=1),
            correct_count=score.correct,
            question_count=score.total,
            score_percent=score.percent,
            passed=score.passed,
        )

    # -- credentials ---------------------------------------------------------------------------
    def credentials(self) -> None:
        """About 2 % of trainees hold a credential issued here, 1 % wait for a decision.

        Each application keeps the engine's real evaluation of the applicant's records. Packets
        (PDFs) are not built for load data: the staff queue shows them as not prepared.
        """
        rng = self.rng
        definition = (
            CredentialDefinition.objects.filter(status=DefinitionStatus.ACTIVE)
            .order_by("pk")
            .first()
        )
        self.verification_code = ""
        if definition is None:
            return
        trainees = [
            trainee
            for organization in self.organizations
            for trainee in self.by_organization[organization.pk][Role.TRAINEE]
        ]
        holders = rng.sample(trainees, k=max(1, len(trainees) // 50))
        holder_ids = {person.pk for person in holders}
        waiting = rng.sample(
            [person for person in trainees if person.pk not in holder_ids],
            k=min(len(trainees) - len(holders), len(trainees) // 100),
        )
        organization_of = {
            trainee.pk: organization
            for organization in self.organizations
            for trainee in self.by_organization[organization.pk][Role.TRAINEE]
        }
        applications = []
        for person in holders + waiting:
            organization = organization_of[person.pk]
            staff = self.by_organization[organization.pk][Role.STAFF][0]
            submitted_at = self.now - datetime.timedelta(days=rng.randrange(5, 300))
            decided = person.pk in holder_ids
            applications.append(
                CredentialApplication(
                    applicant=person,
                    organization=organization,
                    definition=definition,
                    evaluation=evaluate_for_person(
                        definition=definition, person=person, as_of=submitted_at.date()
                    ).as_dict(),
                    status=ApplicationStatus.APPROVED if decided else ApplicationStatus.SUBMITTED,
                    submitted_at=submitted_at,
                    decided_at=submitted_at + datetime.timedelta(days=3) if decided else None,
                    decided_by=staff if decided else None,
                    packet_status=PacketStatus.FAILED,
                )
            )
        applications = CredentialApplication.objects.bulk_create(applications)
        credentials = []
        for application in applications[: len(holders)]:
            issued_on = timezone.localdate(application.decided_at)
            credentials.append(
                IssuedCredential(
                    application=application,
                    holder=application.applicant,
                    definition=definition,
                    number=f"pending-{IssuedCredential.new_verification_code()}",
                    verification_code=IssuedCredential.new_verification_code(),
                    holder_name=application.applicant.display_name,
                    issued_on=issued_on,
                    expires_on=issued_on.replace(
                        year=issued_on.year + 2, day=min(issued_on.day, 28)
                    ),
                    issued_by=application.decided_by,
                )
            )
        credentials = IssuedCredential.objects.bulk_create(credentials)
        for credential in credentials:
            credential.number = IssuedCredential.number_for(
                code=definition.code, issued_on=credential.issued_on, pk=credential.pk
            )
        IssuedCredential.objects.bulk_update(credentials, ["number"])
        for credential in credentials:
            self._audit(
                occurred_at=credential.application.decided_at,
                actor=credential.issued_by,
                action="credential.issue",
                target=credential,
                after=audit.snapshot(credential),
            )
        self.verification_code = credentials[0].verification_code if credentials else ""
        self.counts.update(
            credential_applications=len(applications), issued_credentials=len(credentials)
        )

    # -- audit ---------------------------------------------------------------------------------
    def _audit(self, *, occurred_at, actor, action, target, before=None, after=None) -> None:
        self.audit_events.append(
            audit.unchained_event(
                occurred_at=occurred_at,
                actor=actor,
                action=action,
                target=target,
                before=before,
                after=after,
            )
        )

    def audit_trail(self) -> AuditEvent:
        """Chain the collected events after the current head, then record the build itself."""
        organization = self.organizations[0]
        people = self.by_organization[organization.pk]
        busiest = people[Role.SUPERVISOR][0]
        typical = next(
            trainee
            for trainee in people[Role.TRAINEE]
            if self.by_trainee[trainee.pk][-1].row.supervisor_id == busiest.pk
        )
        self._audit(
            occurred_at=self.now,
            actor=None,
            action=BUILD_ACTION,
            target=organization,
            after={
                "parameters": asdict(self.parameters),
                "handles": {
                    "trainee": typical.pk,
                    "supervisor": busiest.pk,
                    "staff": people[Role.STAFF][0].pk,
                    "module_page_id": self.module_page_id,
                    "verification_code": self.verification_code,
                },
                "chain_before": self.chain_before,
                "counts": self.counts,
            },
        )
        previous = self.chain_before["last_hash"]
        for event in self.audit_events:
            event.previous_hash = previous
            event.hash = audit.event_hash(event)
            previous = event.hash
        events = AuditEvent.objects.bulk_create(self.audit_events, BATCH_SIZE)
        if any(later.pk <= earlier.pk for earlier, later in zip(events, events[1:], strict=False)):
            raise RuntimeError("Audit events were not stored in chain order.")
        AuditChainHead.objects.filter(pk=audit.HEAD_ID).update(
            last_event_id=events[-1].pk, last_hash=events[-1].hash
        )
        self.counts["audit_events"] = len(events)
        return events[-1]


# ------------------------------------------------------------------------------
# Fast inserts
# ------------------------------------------------------------------------------
def copy_rows(
    model: type[models.Model],
    columns: list[str],
    rows: Iterable[tuple],
    *,
    progress: Callable[[str], None] | None = None,
) -> int:
    """Insert plain rows (attribute names in `columns`); COPY on PostgreSQL, else bulk_create."""
    count = 0
    if connection.vendor != "postgresql":
        batch = []
        for row in rows:
            batch.append(model(**dict(zip(columns, row, strict=True))))
            count += 1
            if len(batch) == BATCH_SIZE:
                model.objects.bulk_create(batch)
                batch = []
        model.objects.bulk_create(batch)
        return count
    table = connection.ops.quote_name(model._meta.db_table)
    names = ", ".join(
        connection.ops.quote_name(model._meta.get_field(name.removesuffix("_id")).column)
        if name.endswith("_id")
        else connection.ops.quote_name(model._meta.get_field(name).column)
        for name in columns
    )
    with (
        connection.cursor() as cursor,
        cursor.cursor.copy(
            f"COPY {table} ({names}) FROM STDIN"  # noqa: S608 - names come from the model
        ) as copy,
    ):
        for row in rows:
            copy.write_row(row)
            count += 1
            if progress and count % 100_000 == 0:
                progress(f"  {count:,} rows")
    return count
