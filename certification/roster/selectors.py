"""The staff trainee roster (issue 7): an organisation's trainees with their progress.

One queryset feeds the page (/staff/trainees/), its CSV export and the API
(/api/v1/staff/trainees/). Every figure is a correlated subquery of its own, so a trainee with
many completions and many practice entries is never multiplied by a join (no fan-out), and a
page of 50 people or an export of thousands runs the same, fixed number of queries.

Who is listed: people holding the trainee role in an organisation the viewer staffs
(``lms.access.staffed_organizations``; superusers staff every organisation). People who staff
no organisation (trainees, supervisors) get an empty roster even if a view forgot its role check.

What the figures count (the same sources as the rules engine in records.py):

- training hours: the hours snapshot of each module completed on PeerPath plus training taken
  elsewhere that staff verified;
- approved practice hours: ``PracticeLogEntry.objects.counted()`` (approved and not replaced by
  an approved correction; rejected, returned, draft and waiting entries never count);
- waiting practice hours: entries sent for sign-off and not yet reviewed;
- supervision hours: sessions the trainee confirmed they attended;
- last activity: the latest lesson opened, module completed, hours logged, session confirmed or
  outside training added.

These are sums for an overview: unlike the rules engine they do not merge one training event
entered twice (``event_key``) nor re-check each entry's date against its agreement (the
services already refuse hours outside one). What a credential accepts is the rules engine's.

Credential progress per person is not computed here: it comes from
``certification.rules.bulk.evaluate_many`` (written separately), called once with the
people of a page (``roster_page_rows``'s result) by the page and the API.
"""

import datetime
import functools
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import (
    Count,
    DecimalField,
    Exists,
    OuterRef,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce, Greatest, NullIf
from django.utils import timezone
from django.utils.translation import gettext as _

from certification.external_training.models import ExternalTraining, ExternalTrainingStatus
from certification.roster.filters import RosterFilter
from certification.roster.progress import progress_for
from certification.supervision.models import EntryStatus, PracticeLogEntry, SessionAttendance
from lms import access
from lms.accounts.models import Membership, Role, User
from lms.learning.models import Enrollment, LessonProgress, ModuleCompletion

ROSTER_PAGE_SIZE = 50
# People read per round trip while the CSV streams (one query on PostgreSQL's server cursor).
CSV_CHUNK_SIZE = 500

HOURS = DecimalField(max_digits=12, decimal_places=2)
ZERO_HOURS = Value(Decimal("0"), output_field=HOURS)
# Greatest() is NULL on SQLite as soon as one argument is; the sources of "last activity"
# are each coalesced to this instant first and the result turned back into NULL.
NEVER = datetime.datetime(1970, 1, 1, tzinfo=datetime.UTC)


class JSONList(models.Aggregate):
    """The values of a group as a JSON list: sorted on PostgreSQL, in table order on SQLite
    (which the embedded demo runs on). Django 5.2 has no database-agnostic list aggregate."""

    function = "JSONB_AGG"
    template = "%(function)s(%(distinct)s%(expressions)s ORDER BY %(expressions)s)"
    allow_distinct = True
    output_field = models.JSONField()

    def as_sqlite(self, compiler, connection, **extra_context):
        return self.as_sql(
            compiler,
            connection,
            function="JSON_GROUP_ARRAY",
            template="%(function)s(%(distinct)s%(expressions)s)",
            **extra_context,
        )


def _per_person(queryset: QuerySet, person_field: str, aggregate, output_field) -> Subquery:
    """One figure per listed person: `aggregate` over their rows of `queryset`, in a subquery
    grouped by the person (the grouping that keeps one person's rows from multiplying
    another figure's)."""
    return Subquery(
        queryset.filter(**{person_field: OuterRef("pk")})
        .order_by()
        .values(person_field)
        .annotate(figure=aggregate)
        .values("figure")[:1],
        output_field=output_field,
    )


def _hours(queryset: QuerySet, person_field: str, hours_field: str) -> Coalesce:
    return Coalesce(
        _per_person(queryset, person_field, Sum(hours_field), HOURS),
        ZERO_HOURS,
        output_field=HOURS,
    )


def _count(queryset: QuerySet, person_field: str) -> Coalesce:
    return Coalesce(
        _per_person(queryset, person_field, Count("pk"), models.IntegerField()),
        Value(0),
        output_field=models.IntegerField(),
    )


def _latest(queryset: QuerySet, person_field: str, moment_field: str) -> Coalesce:
    """The person's latest `moment_field`, read as the first row of an index on (person,
    moment) in descending order: one index probe per person, where MAX() over a group reads
    every row of it (a trainee can have thousands of practice entries)."""
    return Coalesce(
        Subquery(
            queryset.filter(**{person_field: OuterRef("pk")})
            .order_by(f"-{moment_field}")
            .values(moment_field)[:1],
            output_field=models.DateTimeField(),
        ),
        Value(NEVER, output_field=models.DateTimeField()),
        output_field=models.DateTimeField(),
    )


def trainee_roster(*, viewer: User, filters=None) -> QuerySet[User]:
    """The trainees the viewer's role may see, each annotated with their progress figures.

    ``filters`` (a query dict) narrows the list through ``RosterFilter``; a value that does not
    validate raises ``ValidationError`` naming each field (the page shows it on the form
    instead: see ``roster_filterset``). Ordered by name unless a filter orders otherwise.
    """
    queryset = _annotated_trainees(viewer)
    if filters is None:
        return queryset
    filterset = roster_filterset(viewer=viewer, data=filters, queryset=queryset)
    if not filterset.is_valid():
        raise ValidationError(filterset.errors.get_json_data())
    return filterset.qs


def roster_page_rows(*, viewer: User, ids, roster: QuerySet[User] | None = None) -> list[User]:
    """The figures for one page of people, in the order of `ids`: one query.

    A page is paged by id first (``queryset.values_list("pk", flat=True)``), then only its
    people get their figures, so page 40 of 5,000 trainees costs what page 1 does instead of
    computing the figures of the 1,950 people before it. Pass the viewer's unfiltered
    ``roster`` if you already hold it (a filterset's ``queryset``): building it is ORM work.
    """
    ids = list(ids)
    if roster is None:
        roster = _annotated_trainees(viewer)
    rows = {person.pk: person for person in roster.filter(pk__in=ids)}
    return [rows[pk] for pk in ids if pk in rows]


def roster_filterset(*, viewer: User, data, queryset: QuerySet[User] | None = None):
    """The roster as a bound ``RosterFilter`` (the page needs the form: its values and errors)."""
    if queryset is None:
        queryset = _annotated_trainees(viewer)
    return RosterFilter(data, queryset=queryset, viewer=viewer)


def _annotated_trainees(viewer: User) -> QuerySet[User]:
    organizations = access.staffed_organizations(viewer)
    trainee_memberships = Membership.objects.filter(
        role=Role.TRAINEE, organization__in=organizations
    )
    return (
        _users_with_figures()
        .filter(pk__in=trainee_memberships.values("user_id"))
        .annotate(
            organization_names=_per_person(
                trainee_memberships, "user", JSONList("organization__name"), models.JSONField()
            ),
        )
        .order_by("display_name", "pk")
    )


@functools.cache
def _users_with_figures_once() -> QuerySet[User]:
    return User.objects.alias(last_activity_or_never=last_activity_or_never()).annotate(
        **_figures()
    )


def _users_with_figures() -> QuerySet[User]:
    """Everyone with the figures (which are the same whoever looks; the viewer's scope is a
    filter on top), annotated once per process: resolving a dozen subqueries into a queryset
    is several milliseconds of ORM work a request. A queryset is never changed in place, only
    cloned, like a class-level ``queryset`` of a generic view; this one is never evaluated."""
    return _users_with_figures_once().all()


@functools.cache
def last_activity_or_never() -> Greatest:
    """The latest of each source of activity (NEVER where a person has none): what the
    "no activity in … days" filter compares, once, without turning NEVER back into NULL."""
    person = "trainee"
    return Greatest(
        _latest(LessonProgress.objects.all(), "user", "last_viewed_at"),
        _latest(ModuleCompletion.objects.all(), "user", "completed_at"),
        _latest(PracticeLogEntry.objects.all(), person, "created_at"),
        _latest(
            SessionAttendance.objects.filter(confirmed_at__isnull=False), person, "confirmed_at"
        ),
        _latest(ExternalTraining.objects.all(), "person", "created_at"),
        output_field=models.DateTimeField(),
    )


@functools.cache
def _figures() -> dict:
    """The figure annotations, which are the same for every viewer (the scope is the outer
    queryset's), built once per process: composing a dozen subqueries is several milliseconds
    of ORM work a request. Sharing them is safe: a queryset resolves a copy of an expression,
    never the expression itself."""
    person = "trainee"
    practice = PracticeLogEntry.objects.all()
    completions = ModuleCompletion.objects.all()
    verified_training = ExternalTraining.objects.filter(status=ExternalTrainingStatus.VERIFIED)
    confirmed_sessions = SessionAttendance.objects.filter(confirmed_at__isnull=False)
    program_enrollments = Enrollment.objects.filter(program__isnull=False)
    return {
        "program_names": _per_person(
            program_enrollments, "user", JSONList("program__title"), models.JSONField()
        ),
        "modules_completed": _count(completions, "user"),
        "training_hours": _hours(completions, "user", "contact_hours")
        + _hours(verified_training, "person", "hours"),
        "approved_practice_hours": _hours(practice.counted(), person, "duration_hours"),
        "waiting_practice_hours": _hours(
            practice.filter(status=EntryStatus.SUBMITTED), person, "duration_hours"
        ),
        "has_waiting_entries": Exists(
            practice.filter(trainee=OuterRef("pk"), status=EntryStatus.SUBMITTED)
        ),
        "supervision_hours": _hours(confirmed_sessions, person, "session__duration_hours"),
        "last_activity_at": NullIf(
            last_activity_or_never(), Value(NEVER, output_field=models.DateTimeField())
        ),
    }


def csv_header(credential=None) -> list[str]:
    progress = (
        [
            _("Credential measured"),
            _("Requirements met"),
            _("Requirements in all"),
            _("Ready to apply"),
        ]
        if credential is not None
        else []
    )
    return [
        _("Id"),
        _("Name"),
        _("Email"),
        _("Organisations"),
        _("Programs enrolled in"),
        _("Modules completed"),
        _("Training hours"),
        _("Approved practice hours"),
        _("Practice hours waiting for sign-off"),
        _("Supervision hours"),
        _("Last activity"),
        *progress,
    ]


def csv_rows(queryset: QuerySet[User], *, credential=None):
    """The roster's rows for a CSV export, read in chunks of CSV_CHUNK_SIZE people (one query on
    PostgreSQL's server-side cursor: every figure is already in the row). With a credential,
    everyone's progress toward it is evaluated first, in bulk (a fixed number of queries)."""
    progress = (
        progress_for(credential, queryset.values_list("pk", flat=True))
        if credential is not None
        else {}
    )
    for person in queryset.iterator(chunk_size=CSV_CHUNK_SIZE):
        result = progress.get(person.pk)
        extra = (
            [
                credential.code,
                result.met_count,
                result.total,
                _("yes") if result.met else _("no"),
            ]
            if result is not None
            else []
        )
        yield [
            person.pk,
            person.display_name,
            person.email or "",
            "; ".join(person.organization_names or []),
            "; ".join(person.program_names or []),
            person.modules_completed,
            _two_places(person.training_hours),
            _two_places(person.approved_practice_hours),
            _two_places(person.waiting_practice_hours),
            _two_places(person.supervision_hours),
            timezone.localdate(person.last_activity_at).isoformat()
            if person.last_activity_at
            else "",
            *extra,
        ]


def _two_places(hours) -> str:
    """Hours as 12.50 whatever the database returns (SQLite gives a plain 0 for no rows)."""
    return f"{Decimal(hours):.2f}"
