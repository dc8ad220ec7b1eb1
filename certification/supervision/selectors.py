"""Reads for supervised practice, always starting from the role scope in lms.access.

Each function that feeds a page runs a fixed number of queries, whatever the data size.
"""

from collections import OrderedDict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import (
    BooleanField,
    Count,
    Exists,
    ExpressionWrapper,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Sum,
)
from django.utils.translation import gettext as _

from certification.filtering import name_or_email_matches
from certification.models import AuditEvent, Notice
from certification.supervision.filters import SupervisionQueueFilter
from certification.supervision.models import (
    EntryStatus,
    PracticeLogEntry,
    SessionAttendance,
    SupervisionAgreement,
    SupervisionSession,
)
from curriculum.models import CompetencyDomain
from lms import access
from lms.accounts.models import STAFF_ROLES, Membership, Role, User
from lms.one_trip import OneTrip, together

ZERO = Decimal("0")
TRAINEE_SUGGESTIONS = 15


# ------------------------------------------------------------------------------
# Scope: who may see which records (404 for everything else)
# ------------------------------------------------------------------------------
def entries_open_to_supervisor(supervisor: User) -> Q:
    """The entries a supervisor may see (drafts aside): logged under an agreement with them
    while it is open to them (running, or ended less than the grace period ago). The one rule
    of docs/security.md, "After an agreement ends"; whether the entry's date lets them sign it
    is the services' check (services._ensure_may_review), answered with the reason."""
    return Q(agreement__supervisor=supervisor) & SupervisionAgreement.supervisor_access_condition(
        through="agreement__"
    )


def practice_entries_visible_to(user: User) -> QuerySet[PracticeLogEntry]:
    """A trainee sees their own entries; a supervisor the non-draft entries open to them
    (entries_open_to_supervisor); staff their organisation's non-draft entries; superusers
    all."""
    if not user.is_authenticated:
        return PracticeLogEntry.objects.none()
    if user.is_superuser:
        return PracticeLogEntry.objects.all()
    scope = Q(trainee=user)
    shared = ~Q(status=EntryStatus.DRAFT)
    if access.has_role(user, Role.SUPERVISOR):
        scope |= entries_open_to_supervisor(user) & shared
    if access.has_role(user, *STAFF_ROLES):
        scope |= Q(agreement__organization__in=access.staffed_organizations(user)) & shared
    return PracticeLogEntry.objects.filter(scope)


def agreements_visible_to(user: User) -> QuerySet[SupervisionAgreement]:
    if not user.is_authenticated:
        return SupervisionAgreement.objects.none()
    if user.is_superuser:
        return SupervisionAgreement.objects.all()
    scope = Q(trainee=user) | (
        Q(supervisor=user) & SupervisionAgreement.supervisor_access_condition()
    )
    if access.has_role(user, *STAFF_ROLES):
        scope |= Q(organization__in=access.staffed_organizations(user))
    return SupervisionAgreement.objects.filter(scope)


def own_entries(trainee: User) -> QuerySet[PracticeLogEntry]:
    """The trainee's own entries: the only ones they may edit or submit."""
    return PracticeLogEntry.objects.filter(trainee=trainee)


def reviewable_entries(supervisor: User) -> QuerySet[PracticeLogEntry]:
    """Entries a supervisor may act on: sent to them and open to them, never their own, never
    drafts."""
    return (
        PracticeLogEntry.objects.filter(entries_open_to_supervisor(supervisor))
        .exclude(trainee=supervisor)
        .exclude(status=EntryStatus.DRAFT)
    )


def supervisable_trainees(supervisor: User) -> QuerySet[User]:
    """People the supervisor may record a session with: a signed agreement that is open to
    them today (the service then checks it covers the session's date)."""
    return (
        access.people_visible_to(supervisor)
        .filter(
            pk__in=SupervisionAgreement.objects.supervising_on()
            .filter(supervisor=supervisor)
            .values("trainee_id")
        )
        .exclude(pk=supervisor.pk)
    )


def trainee_for_new_agreement(*, supervisor: User, email: str) -> Membership | None:
    """The trainee membership (with its user and organisation) that a supervisor may propose
    an agreement to, found by the trainee's email address in an organisation where the
    supervisor supervises; None whatever the reason it is not (no such account, not a trainee,
    another organisation, the supervisor themself), so the page cannot tell which."""
    return (
        Membership.objects.filter(
            role=Role.TRAINEE,
            organization__in=access.organizations_where(supervisor, Role.SUPERVISOR),
            user__email__iexact=(email or "").strip(),
            user__is_active=True,
        )
        .exclude(user=supervisor)
        .select_related("user", "organization")
        .order_by("organization__name", "pk")
        .first()
    )


def organization_members_with_role(viewer: User, role: str) -> QuerySet[User]:
    """People holding `role` in the organisations the viewer staffs."""
    return (
        access.people_visible_to(viewer)
        .filter(
            memberships__role=role,
            memberships__organization__in=access.staffed_organizations(viewer),
        )
        .distinct()
        .order_by("display_name", "pk")
    )


# ------------------------------------------------------------------------------
# The supervisor's queue
# ------------------------------------------------------------------------------
def supervision_queue(*, supervisor: User, data=None) -> SupervisionQueueFilter:
    """The queue as a bound FilterSet; `.qs` is ordered oldest first with what rows show."""
    queryset = (
        reviewable_entries(supervisor)
        .select_related("trainee", "domain", "agreement")
        .order_by("submitted_at", "date", "pk")
    )
    return SupervisionQueueFilter(data or {}, queryset=queryset, supervisor=supervisor)


def queue_trainee_suggestions(*, supervisor: User, text: str) -> list[str]:
    """Names the queue's trainee search suggests: people its filter accepts (everyone the
    supervisor has or had an agreement with) whose name or email contains the text, in name
    order, at most ``TRAINEE_SUGGESTIONS``; with nothing typed, the first names. One query."""
    people = SupervisionQueueFilter.trainee_choices(supervisor)
    if text.strip():
        people = people.filter(name_or_email_matches(text))
    return list(dict.fromkeys(str(person) for person in people[:TRAINEE_SUGGESTIONS]))


def agreements_for_supervisor(supervisor: User) -> list[dict]:
    """The supervisor's agreements as the queue page lists them, newest end date first.

    Agreements no longer open to the supervisor (ended more than the grace period ago) are
    left out. A supervisor may hold a few hundred, so these are plain rows (no model
    instances, the signatures reduced to yes/no in SQL): ``pk``, ``trainee`` (the name
    shown), ``start_date``, ``end_date``, ``signed_by_trainee`` and ``signed_by_supervisor``.
    """
    rows = list(
        SupervisionAgreement.objects.filter(supervisor=supervisor)
        .open_to_supervisor()
        .annotate(
            signed_by_trainee=ExpressionWrapper(
                Q(trainee_signed_at__isnull=False), output_field=BooleanField()
            ),
            signed_by_supervisor=ExpressionWrapper(
                Q(supervisor_signed_at__isnull=False), output_field=BooleanField()
            ),
        )
        .order_by("-end_date", "pk")
        .values(
            "pk",
            "trainee_id",
            "trainee__display_name",
            "trainee__email",
            "start_date",
            "end_date",
            "signed_by_trainee",
            "signed_by_supervisor",
        )
    )
    for row in rows:
        # Named as everywhere else (User.__str__), from the two columns it reads.
        row["trainee"] = str(
            User(
                pk=row.pop("trainee_id"),
                display_name=row.pop("trainee__display_name"),
                email=row.pop("trainee__email"),
            )
        )
    return rows


# ------------------------------------------------------------------------------
# The trainee's hours
# ------------------------------------------------------------------------------
@dataclass
class DomainHours:
    domain_name: str
    framework: str
    hours: dict = field(default_factory=dict)  # status -> Decimal

    def get(self, status: str) -> Decimal:
        return self.hours.get(status, ZERO)

    @property
    def approved(self) -> Decimal:
        return self.get(EntryStatus.APPROVED)

    @property
    def waiting(self) -> Decimal:
        return self.get(EntryStatus.SUBMITTED)

    @property
    def not_yet_sent(self) -> Decimal:
        return self.get(EntryStatus.DRAFT) + self.get(EntryStatus.RETURNED)


@dataclass
class HoursSummary:
    domains: list[DomainHours]
    totals: dict  # status -> Decimal
    supervision_hours: Decimal
    supervision_unconfirmed: int

    @property
    def approved(self) -> Decimal:
        return self.totals.get(EntryStatus.APPROVED, ZERO)

    @property
    def waiting(self) -> Decimal:
        return self.totals.get(EntryStatus.SUBMITTED, ZERO)

    @property
    def not_yet_sent(self) -> Decimal:
        return self.totals.get(EntryStatus.DRAFT, ZERO) + self.totals.get(
            EntryStatus.RETURNED, ZERO
        )

    @property
    def is_empty(self) -> bool:
        return not self.domains and not self.supervision_hours and not self.supervision_unconfirmed


def hours_summary_queries(*, trainee_id: int) -> dict:
    # An approved entry that an approved correction replaced is left out: no hour counts twice.
    replaced = PracticeLogEntry.objects.filter(corrects=OuterRef("pk"), status=EntryStatus.APPROVED)
    return {
        "domains": PracticeLogEntry.objects.filter(trainee_id=trainee_id)
        .exclude(status=EntryStatus.REJECTED)
        .annotate(replaced=Exists(replaced))
        .filter(replaced=False)
        .values("domain__framework", "domain__sort_order", "domain__name", "status")
        .annotate(hours=Sum("duration_hours"))
        .order_by()
        .values_list("domain__framework", "domain__sort_order", "domain__name", "status", "hours"),
        "supervision": SessionAttendance.objects.filter(trainee_id=trainee_id)
        .values("trainee_id")
        .annotate(
            confirmed_hours=Sum("session__duration_hours", filter=Q(confirmed_at__isnull=False)),
            unconfirmed=Count("pk", filter=Q(confirmed_at__isnull=True)),
        )
        .order_by()
        .values_list("confirmed_hours", "unconfirmed"),
    }


def hours_summary_from_rows(rows: dict) -> HoursSummary:
    """Hours by competency domain and status, and confirmed supervision hours, from
    ``hours_summary_queries``' rows (read with the rest of /practice/, or of /learn/ for its
    hours panel). An approved entry that an approved correction replaced is left out, so no
    hour counts twice."""
    frameworks = dict(CompetencyDomain.Framework.choices)
    domains: OrderedDict[tuple, DomainHours] = OrderedDict()
    totals: dict = {}
    for framework, _order, name, status, hours in sorted(
        # As SQL would order them: framework, the domain's place (none last), name, status.
        rows["domains"],
        key=lambda row: (row[0], row[1] is None, row[1] or 0, row[2], row[3]),
    ):
        hours = Decimal(hours)
        key = (framework, name)
        if key not in domains:
            domains[key] = DomainHours(
                domain_name=_(name), framework=str(frameworks.get(framework, ""))
            )
        domains[key].hours[status] = hours
        totals[status] = totals.get(status, ZERO) + hours
    confirmed_hours, unconfirmed = (rows["supervision"] or [(None, 0)])[0]
    return HoursSummary(
        domains=list(domains.values()),
        totals=totals,
        supervision_hours=Decimal(confirmed_hours) if confirmed_hours is not None else ZERO,
        supervision_unconfirmed=unconfirmed or 0,
    )


@dataclass
class PracticeHome:
    """What the trainee's practice page shows, read together (``practice_home``)."""

    agreements: list[SupervisionAgreement]  # newest end first
    last_entry: dict  # the last entry's domain, setting, activity and modality; {} if none
    targeted_codes: set[str]  # credentials their programs prepare for (the domain menu)
    entries: list[PracticeLogEntry]  # the first page, as trainee_entries orders them
    entry_count: int
    sessions_to_confirm: list[SessionAttendance]
    notices: list[Notice]  # the five newest unread
    summary: HoursSummary


PRACTICE_ENTRIES_PER_PAGE = 25
_LAST_ENTRY_FIELDS = ("domain", "setting", "activity_type", "modality")


def _practice_home_queries(*, trainee_id: int) -> dict:
    from certification.credentials.selectors import targeted_codes_query

    entries = own_entries(trainee_id)
    return together(
        hours_summary_queries(trainee_id=trainee_id),
        {
            "agreements": trainee_agreements(trainee=trainee_id),
            "last_entry": entries.order_by("-created_at", "-pk").values_list(*_LAST_ENTRY_FIELDS)[
                :1
            ],
            "targeted": targeted_codes_query(trainee_id),
            "entry_count": entries.values("trainee_id")
            .annotate(count=Count("pk"))
            .order_by()
            .values_list("count"),
            "entries": trainee_entries(trainee=trainee_id)[:PRACTICE_ENTRIES_PER_PAGE],
            "sessions": sessions_to_confirm(trainee=trainee_id),
            "notices": unread_notices(user=trainee_id)[:5],
        },
    )


_PRACTICE_HOME = OneTrip(
    _practice_home_queries,
    stand_ins=({"trainee_id": -7_000_001}, {"trainee_id": -7_000_002}),
)


def _newest_first(items: list, *keys) -> list:
    return sorted(items, key=lambda item: tuple(key(item) for key in keys), reverse=True)


def practice_home(*, trainee: User, one_trip: bool | None = None) -> PracticeHome:
    """Everything /practice/ reads about the trainee, in one statement on PostgreSQL (one
    query each elsewhere), each list in its queryset's order."""
    rows = _PRACTICE_HOME.read(one_trip=one_trip, trainee_id=trainee.pk)
    agreements = sorted(rows["agreements"], key=lambda agreement: agreement.pk)
    agreements.sort(key=lambda agreement: agreement.end_date, reverse=True)  # stable: pk next
    ((count,),) = rows["entry_count"] or [(0,)]
    last = rows["last_entry"]
    return PracticeHome(
        agreements=agreements,
        last_entry=dict(zip(_LAST_ENTRY_FIELDS, last[0], strict=True)) if last else {},
        targeted_codes=set(rows["targeted"]),
        entries=_newest_first(rows["entries"], lambda e: e.date, lambda e: e.pk),
        entry_count=count,
        sessions_to_confirm=sorted(
            rows["sessions"], key=lambda attendance: (attendance.session.date, attendance.pk)
        ),
        notices=_newest_first(rows["notices"], lambda n: n.created_at, lambda n: n.pk),
        summary=hours_summary_from_rows(rows),
    )


# What the entries list reads of each entry: what it shows (only that an entry corrects
# another), its domain and agreement by id (named from the curriculum and the person's
# agreements: certification.supervision.views._entry_rows).
_LISTED_ENTRY_FIELDS = (
    "trainee_id",
    "date",
    "duration_hours",
    "status",
    "corrects_id",
    "review_comment",
    "domain_id",
    "agreement_id",
)


def trainee_entries(*, trainee: User) -> QuerySet[PracticeLogEntry]:
    """The trainee's entries as their list shows them, newest first (only the columns it
    shows: the rest of an entry is read on its own page)."""
    return (
        own_entries(trainee)
        .only(*_LISTED_ENTRY_FIELDS)
        .annotate(
            has_open_correction=Exists(
                PracticeLogEntry.objects.filter(corrects=OuterRef("pk")).exclude(
                    status=EntryStatus.REJECTED
                )
            )
        )
        .order_by("-date", "-pk")
    )


def trainee_agreements(*, trainee: User) -> QuerySet[SupervisionAgreement]:
    return (
        SupervisionAgreement.objects.filter(trainee=trainee)
        .select_related("supervisor", "organization")
        .order_by("-end_date", "pk")
    )


def sessions_to_confirm(*, trainee: User) -> QuerySet[SessionAttendance]:
    return (
        SessionAttendance.objects.filter(trainee=trainee, confirmed_at__isnull=True)
        .select_related("session__supervisor")
        .order_by("session__date", "pk")
    )


def trainee_sessions(*, trainee: User) -> QuerySet[SessionAttendance]:
    """Every supervision session the trainee was recorded at, newest first: two queries
    (attendances with their sessions and supervisors, then the sessions' domains)."""
    return (
        SessionAttendance.objects.filter(trainee=trainee)
        .select_related("session__supervisor")
        .prefetch_related("session__domains")
        .order_by("-session__date", "-pk")
    )


def sessions_given(*, supervisor: User) -> QuerySet[SupervisionSession]:
    """Supervision sessions a supervisor recorded, newest first, with who was present.

    Only attendances under agreements still open to the supervisor are shown, and a session
    none of whose attendances are is left out: once an agreement's grace period is over the
    supervisor sees nothing of that trainee."""
    open_attendances = SessionAttendance.objects.filter(
        SupervisionAgreement.supervisor_access_condition(through="agreement__")
    )
    return (
        SupervisionSession.objects.filter(supervisor=supervisor)
        .filter(Exists(open_attendances.filter(session=OuterRef("pk"))))
        .prefetch_related(
            "domains",
            Prefetch(
                "attendances",
                queryset=open_attendances.select_related("trainee").order_by("pk"),
            ),
        )
        .order_by("-date", "-pk")
    )


def signed_hours_log(*, trainee: User) -> QuerySet[PracticeLogEntry]:
    """Every approved entry, oldest first, with who signed it: the board's form."""
    return (
        own_entries(trainee)
        .filter(status=EntryStatus.APPROVED)
        .select_related("domain", "reviewed_by", "agreement__supervisor", "corrects")
        .annotate(
            replaced=Exists(
                PracticeLogEntry.objects.filter(
                    corrects=OuterRef("pk"), status=EntryStatus.APPROVED
                )
            )
        )
        .order_by("date", "pk")
    )


def confirmed_sessions(*, trainee: User) -> QuerySet[SessionAttendance]:
    return (
        SessionAttendance.objects.filter(trainee=trainee, confirmed_at__isnull=False)
        .select_related("session__supervisor", "agreement")
        .prefetch_related("session__domains")
        .order_by("session__date", "pk")
    )


@dataclass(frozen=True)
class HoursLog:
    """The signed hours log a credential board reads (the PDF and the application packet):
    the signed entries that count (a replaced original gives way to its approved correction),
    the confirmed supervision sessions, and their totals."""

    entries: list[PracticeLogEntry]
    sessions: list[SessionAttendance]
    total_hours: Decimal
    supervision_hours: Decimal
    organizations: QuerySet  # names of the organisations the person trains at (lazy)

    def as_context(self) -> dict:
        context = {name: getattr(self, name) for name in self.__dataclass_fields__}
        context["domain_subtotals"] = self.domain_subtotals
        return context

    @property
    def domain_subtotals(self) -> list[tuple[str, Decimal]]:
        """Practice hours per competency domain, in the order domains are listed."""
        totals: dict = {}
        for entry in self.entries:
            key = (entry.domain.framework, entry.domain.sort_order, str(entry.domain))
            totals[key] = totals.get(key, ZERO) + entry.duration_hours
        return [(name, hours) for (_f, _o, name), hours in sorted(totals.items())]


def hours_log(*, trainee: User) -> HoursLog:
    """The trainee's signed hours log with its totals (two queries, three with the names of
    their organisations when shown)."""
    entries = [entry for entry in signed_hours_log(trainee=trainee) if not entry.replaced]
    sessions = list(confirmed_sessions(trainee=trainee))
    return HoursLog(
        entries=entries,
        sessions=sessions,
        total_hours=sum((entry.duration_hours for entry in entries), start=ZERO),
        supervision_hours=sum((item.session.duration_hours for item in sessions), start=ZERO),
        organizations=Membership.objects.filter(user=trainee, role=Role.TRAINEE)
        .select_related("organization")
        .values_list("organization__name", flat=True),
    )


def unread_notices(*, user: User) -> QuerySet[Notice]:
    unread = Notice.objects.filter(recipient=user, read_at__isnull=True)
    return unread.order_by("-created_at", "-pk")


def audit_history(*, target) -> QuerySet[AuditEvent]:
    """One record's audit events, oldest first (who did what, when)."""
    return (
        AuditEvent.objects.filter(target_type=target._meta.label_lower, target_id=str(target.pk))
        .select_related("actor")
        .order_by("pk")
    )


def recent_audit_events(*, limit: int = 20) -> QuerySet[AuditEvent]:
    return AuditEvent.objects.select_related("actor").order_by("-pk")[:limit]
