"""Judge many people against credentials at once, with the database doing the sums.

``evaluate_many(definition, people, as_of)`` answers what ``records.evaluate_for_person`` answers
(have, need and met for each requirement) for every person of a queryset, without loading a
single record into Python and without calling the engine once per person.
``evaluate_many_all(definitions, people, as_of)`` does it for several credentials in one pass
(``tally_credentials`` judges every credential in effect that way): requirements are numbered
across the credentials and each source of records is read once for all of them.

Each source of records is read by one GROUP BY query that carries one conditional aggregate per
requirement (``Sum``, ``Min``, ``Max``, ``Count`` with ``filter=``, or ``SUM(CASE ...)`` for
training), so a pass costs a fixed number of queries (at most ten, the transaction's settings
included) whatever the number of people, records, requirements or credentials. Python then
applies the little arithmetic that is left to the aggregated rows, one per person (a cap, the
share of the required hours, the months between the first and last session); each
requirement's judge is built once. Whether a person meets a credential is decided by judging
its requirements in order until one is not met; every requirement's outcome is judged from the
same row when ``BulkResult.requirements`` is first read (a tally never reads it).

How each rule of rules.py is expressed in SQL:

- dates: the same window as the engine (``rules._window_start``: the recency window and the
  renewal cycle), compared with the day a record is dated; completions and assessment attempts
  are timestamps, compared with the local midnight that starts the day, as ``records`` does;
- practice: ``PracticeLogEntry.objects.counted()`` inside the agreement by
  ``SupervisionAgreement.covering_range_condition`` (``covering_condition``, the SQL twin of
  ``reason_not_covering``, as one range of days). On PostgreSQL from ``PracticeTotal`` (each
  agreement's counted hours by domain, with their first and last day, kept by a trigger): a
  total counts whole when all its days fall inside the range and the window, not at all when
  none do, and a person with a total astride a bound is read from their entries instead
  (``_practice_total_rows``). From the entries, each agreement's read as one stretch of the
  partial index ``cert_entry_approved_agreement``, the entries an approved correction replaced
  summed apart in the same query and taken away (``_practice_entry_rows``);
- supervision: confirmed attendances inside the agreement by ``covering_condition``; a session
  counts toward a domain when it covered it (its id ``IN`` the sessions with a domain in scope,
  so a session is never counted twice); the first and last session in scope give the sustained
  span;
- training: a record's hours in a domain, topic or framework are ``LEAST(split, hours)``, the
  split read from a pivot of the split rows (one derived table per split table, one row per
  record, one column per scope in use, LEFT JOINed to the records: ``_TrainingQuery``), then
  summed per person; the cap, subset and share sums are computed the same way. As in the
  engine, a record whose amount in the scope is 0 or less (no split there, a split below 0,
  no hours) counts for nothing in any of these sums. A completion
  that kept its credits (online lessons, live sessions attended) shares an amount by modality
  pro rata, rounded down to the hundredth (``TrainingRecord.share_in_modality``); one without
  credits counts whole in its modality. One credit per training event: completions cannot share
  an event key (one completion per person and module), and a verified external training counts
  only when no other one of the same person and event key has more hours, or as many and a
  higher reference (``NOT EXISTS``), which is ``rules.one_per_event``'s choice;
- exams: the best score, and whether any score reaches the pass mark; attestations: the latest of
  each kind by date and then reference (``NOT EXISTS`` a later one) must be affirmed;
  prerequisites: a credential issued by ``as_of``, not expired and not revoked on that day.

Which people: few are kept by ``IN`` their queryset; many (``_People.MANY_PEOPLE``) by the range
of their ids, the rows of anyone else being dropped in Python (see ``_People`` for why).

Two sessions: for many people on PostgreSQL, outside any other transaction, the sources are
read by this session and a second connection in a thread (``_beside``) at once. The transaction
is REPEATABLE READ, so its one snapshot (taken by the first query, the people's) is what every
query of it reads; the second session imports it (``pg_export_snapshot``), so both read exactly
the same records whatever is committed meanwhile. The reads (``_reads``) form one list, largest
first (completions, supervision, practice, then the small ones), and each session takes the
next read as soon as it is free (``_read_all``), so that the two end together however the
work or the machine's load is spread; each result is combined into the people's rows as it
comes (``_combine``). Each session's queries are counted on its own connection. Inside an
outer transaction (a caller's, with writes of its own a second session could not see, or a
test's) everything runs on the one connection, one query per source, as on SQLite.

Measured on the bench data set (5,000 trainees, 3 credentials): the completion query is the
largest read, supervision next; practice, read from about 23,000 totals rather than 375,000
entries, takes about a fifth of the time it took from the entries. On
PostgreSQL the grouped rows are fetched with the driver's own values (``_fetch``), and a sum of
training hours skips the records that count for nothing there (NULL rather than 0, see
``_TrainingQuery.counted``); the records are read in the order of their ids, so PostgreSQL
merges the pivots with them rather than hashing each.

Only portable SQL is used (no DISTINCT ON; ``CASE`` for ``LEAST`` in the hand-written training
query; ``FLOOR`` is registered by Django on SQLite), so this runs on PostgreSQL and on SQLite.
The transaction's settings (JIT off, a larger ``work_mem``) are PostgreSQL's only.

Staying in step with rules.py: nothing here is a second opinion. tests/certification/rules/
test_bulk.py builds people covering every requirement kind and option and asserts that every
person's have, need and met equal the per-person engine's (few people and many, one credential
and several in a pass); a change to either side that is not mirrored in the other fails there.
"""

import contextlib
import datetime
import functools
import gc
import itertools
import operator
import re
import threading
import time
from concurrent.futures import Future, ThreadPoolExecutor, wait
from dataclasses import dataclass
from decimal import ROUND_UP, Context, Decimal
from typing import Any, NamedTuple

from django.db import connection, transaction
from django.db.models import (
    BooleanField,
    CharField,
    Count,
    DateField,
    DecimalField,
    Exists,
    F,
    Func,
    Max,
    Min,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Cast, Greatest, Least
from django.db.models.lookups import (
    GreaterThan,
    GreaterThanOrEqual,
    LessThan,
    LessThanOrEqual,
)
from django.utils import timezone

from certification.credentials.evidence import Attestation, ExamResult
from certification.credentials.models import CredentialDefinition
from certification.external_training.models import (
    ExternalTraining,
    ExternalTrainingDomainHours,
    ExternalTrainingStatus,
    ExternalTrainingTopicHours,
)
from certification.issuance.models import IssuedCredential
from certification.rules.kinds import CENT, HUNDRED, ZERO, RequirementKind
from certification.rules.results import progress_percent
from certification.rules.specs import CredentialSpec, RequirementSpec
from certification.rules.windows import add_months, window_start
from certification.supervision.models import (
    COVERAGE_BOUNDS,
    COVERAGE_SIGNATURES,
    EntryStatus,
    PracticeLogEntry,
    PracticeTotal,
    SessionAttendance,
    SupervisionAgreement,
    SupervisionSession,
)
from curriculum.models import CompetencyDomain, Topic
from lms.accounts.models import Role, User
from lms.learning.models import (
    AssessmentAttempt,
    CompletionCredit,
    CompletionDomainHours,
    CompletionTopicHours,
    ModuleCompletion,
)

K = RequirementKind
HOURS = DecimalField(max_digits=12, decimal_places=2)
ONE = Decimal(1)


# ------------------------------------------------------------------------------
# Results
# ------------------------------------------------------------------------------
class RequirementOutcome(NamedTuple):
    """One requirement for one person: the engine's main check, with every check in ``met``."""

    key: str
    have: Decimal
    need: Decimal
    met: bool

    @property
    def progress_percent(self) -> int:
        """As ``rules.RequirementResult.progress_percent``: 100 only when met."""
        return progress_percent(have=self.have, need=self.need, met=self.met)


class BulkResult:
    """One person against one credential: whether every requirement is met, and each one's
    outcome.

    ``met`` is decided when the result is made, judging the requirements in order only until
    one is not met (most people are short of something early); ``requirements`` (every outcome,
    in the definition's order) is judged from the same aggregated row when first read, with the
    same judges, so it is the same whenever it is asked for. A tally reads only ``met``.
    """

    __slots__ = ("person_id", "met", "_row", "_judges", "_requirements")

    def __init__(self, person_id: int, met: bool, row: dict, judges: tuple):
        self.person_id, self.met = person_id, met
        self._row, self._judges, self._requirements = row, judges, None

    @property
    def requirements(self) -> tuple:
        if self._requirements is None:
            person_id, row = self.person_id, self._row
            self._requirements = tuple([judge(person_id, row) for judge in self._judges])
        return self._requirements

    def _key(self) -> tuple:
        return (self.person_id, self.met, self.requirements)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, BulkResult):
            return NotImplemented
        return self._key() == other._key()

    def __hash__(self) -> int:
        return hash(self._key())

    def __repr__(self) -> str:
        return f"BulkResult(person_id={self.person_id}, met={self.met})"

    @property
    def met_count(self) -> int:
        return sum(1 for requirement in self.requirements if requirement.met)

    @property
    def total(self) -> int:
        return len(self._judges)

    @property
    def progress_percent(self) -> int:
        """Requirements met out of all, 0 to 100 (100 only when every one is met)."""
        if self.met:
            return 100
        return min(99, self.met_count * 100 // self.total)

    def requirement(self, key: str) -> RequirementOutcome:
        return next(outcome for outcome in self.requirements if outcome.key == key)


# ------------------------------------------------------------------------------
# Small expressions
# ------------------------------------------------------------------------------
def _start_of(day: datetime.date) -> datetime.datetime:
    """Local midnight at the start of ``day`` (timestamps are compared as local dates)."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def _window(start: datetime.date | None, field: str, *, timestamp: bool = False) -> Q:
    if start is None:
        return Q()
    return Q(**{f"{field}__gte": _start_of(start) if timestamp else start})


def _alias(index: int, name: str) -> str:
    return f"r{index}_{name}"


def _grouped(queryset: QuerySet, person_field: str, annotations: dict) -> dict[int, dict]:
    """One row per person: ``{person_id: {alias: value}}`` (one query)."""
    if not annotations:
        return {}
    rows = queryset.order_by().values(person_field).annotate(**annotations)
    if connection.vendor != "postgresql":
        return {row.pop(person_field): row for row in rows}
    names, found = _fetch(rows)
    if names[0] != person_field:
        raise ValueError(f"Expected {person_field} first, got {names}")
    return {person_id: dict(zip(names[1:], values, strict=True)) for person_id, *values in found}


def _fetch(queryset: QuerySet) -> tuple[list[str], list[tuple]]:
    """On PostgreSQL, a queryset's rows as the database driver gives them, with their column
    names: the ORM's converters, which only copy the decimals and dates psycopg already made,
    took a fifth of the Python time of a pass over 5,000 people."""
    sql, params = _sql(queryset)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [column.name for column in cursor.description], cursor.fetchall()


def _module_id(spec: RequirementSpec) -> int | None:
    return int(spec.module_key) if spec.module_key.isdigit() else None


def _reference(field: Any) -> Cast:
    """A record's reference as the engine orders it (``"kind:<pk>"`` compares as text)."""
    return Cast(field, output_field=CharField())


class _People:
    """How a query over records keeps the people judged: ``people("trainee_id")`` is a Q.

    Few people: ``IN`` the people's queryset, where PostgreSQL looks each one's records up by
    index. Many people (``MANY_PEOPLE`` or more): only the range of their ids, and the rows of
    anyone else are dropped when merged (``rows`` holds the people judged). With thousands of
    people, the ``IN`` became a semi-join that PostgreSQL, misjudging how many records pass the
    agreement's dates, probed once per record (on the bench data set, 0.7 s of the practice
    query's 1.07 s); a range costs nothing per record.
    """

    MANY_PEOPLE = 1000

    def __init__(self, people: QuerySet, person_ids: list[int]):
        self.query = people.values("pk")
        self.ids = person_ids
        self.many = len(person_ids) >= self.MANY_PEOPLE
        self.bounds = (min(person_ids), max(person_ids)) if person_ids else None

    def __call__(self, field: str) -> Q:
        if self.many and self.bounds:
            low, high = self.bounds
            return Q(**{f"{field}__gte": low, f"{field}__lte": high})
        return Q(**{f"{field}__in": self.query})


# ------------------------------------------------------------------------------
# Practice and supervision
# ------------------------------------------------------------------------------
def _domain_id(domain: tuple[str, str]) -> Subquery:
    """A domain's id by its (framework, slug), computed once per query rather than joined on
    every row (an uncorrelated subquery)."""
    framework, slug = domain
    return Subquery(
        CompetencyDomain.objects.filter(framework=framework, slug=slug).values("pk")[:1]
    )


def _framework_domain_ids(framework: str) -> QuerySet:
    return CompetencyDomain.objects.filter(framework=framework).order_by().values("pk")


def _topic_id(slug: str) -> Subquery:
    return Subquery(Topic.objects.filter(slug=slug).values("pk")[:1])


class _AmongFew(Func):
    """``column IN (subquery)`` for a subquery of a few ids (a framework's domains). On
    PostgreSQL ``column = ANY(ARRAY(subquery))``: the array is made once and each row compared
    with its few ids, where a hashed ``IN`` costs a hash lookup per row (the practice query's
    framework sum over 375,000 entries: about 40 ms of CPU against 20)."""

    arity = 2
    output_field = BooleanField()
    conditional = True

    def as_sql(self, compiler, connection, **extra_context):
        (column, column_params), (ids, ids_params) = (
            compiler.compile(expression) for expression in self.get_source_expressions()
        )
        return f"{column} IN {ids}", (*column_params, *ids_params)

    def as_postgresql(self, compiler, connection, **extra_context):
        (column, column_params), (ids, ids_params) = (
            compiler.compile(expression) for expression in self.get_source_expressions()
        )
        return f"{column} = ANY(ARRAY{ids})", (*column_params, *ids_params)


def _domain_scope(spec: RequirementSpec, field: str = "domain_id") -> Q:
    """Records tagged with the requirement's domain, or any domain of its framework."""
    if spec.domain:
        return Q(**{field: _domain_id(spec.domain)})
    if spec.framework:
        return Q(_AmongFew(F(field), Subquery(_framework_domain_ids(spec.framework))))
    return Q()


def _session_scope(spec: RequirementSpec) -> Q:
    """A session counts, all of it, toward a domain (or framework) it covered: its id is among
    the sessions that covered one (an uncorrelated ``IN``, which PostgreSQL hashes once inside
    the aggregate's filter, where a correlated ``EXISTS`` ran once per attendance)."""
    if spec.domain or spec.framework:
        covered = SupervisionSession.domains.through.objects.filter(
            _domain_scope(spec, "competencydomain_id")
        ).values("supervisionsession_id")
        return Q(session_id__in=covered)
    return Q()


def _practice_rows(people: "_People", specs: dict, as_of, starts: dict) -> dict:
    """Practice hours by person: from the kept totals on PostgreSQL, else from the entries."""
    if connection.vendor == "postgresql":
        return _practice_total_rows(people, specs, as_of, starts)
    return _practice_entry_rows(people, specs, as_of, starts)


def _practice_total_rows(people: "_People", specs: dict, as_of, starts: dict) -> dict:
    """Practice hours from ``PracticeTotal``: each agreement's counted hours by domain, with the
    first and last day among them (about 23,000 rows on the bench data set, where the entries
    are 375,000).

    A total says exactly what its entries give when they all fall on the same side of every
    bound that applies: either all inside the agreement's covering range up to ``as_of``
    (``covering_range_condition``) or none, and, for each requirement's window, all on or after
    its start or none. Then it counts whole or not at all. When one person's total straddles a
    bound (an agreement ended or a credential expired between two entries, a window starting
    between them, an entry after ``as_of``), that person's hours are read from their entries
    instead (``_practice_entry_rows``, one more query, for them only), so the answer is always
    the entries'. The totals are kept by PostgreSQL (see ``PracticeTotal``)."""
    through = "agreement__"
    signed = Q(**{f"{through}{field}__isnull": False for field in COVERAGE_SIGNATURES})
    bounded = Q(**{f"{through}{field}__isnull": False for field, _lookup in COVERAGE_BOUNDS})
    low = Greatest(
        *[F(f"{through}{field}") for field, lookup in COVERAGE_BOUNDS if lookup == "lte"]
    )
    high = Least(
        *[F(f"{through}{field}") for field, lookup in COVERAGE_BOUNDS if lookup == "gte"],
        Value(as_of, output_field=DateField()),
    )
    first, last = F("first_date"), F("last_date")
    inside = signed & bounded & Q(GreaterThanOrEqual(first, low), LessThanOrEqual(last, high))
    astride = (
        signed
        & bounded
        & Q(LessThanOrEqual(first, high), GreaterThanOrEqual(last, low))
        & (Q(LessThan(first, low)) | Q(GreaterThan(last, high)))
    )
    for start in {starts[index] for index in specs} - {None}:
        astride |= Q(first_date__lt=start, last_date__gte=start)
    annotations = {
        _alias(index, "practice"): Sum(
            "hours",
            filter=inside & _window(starts[index], "first_date") & _domain_scope(spec),
            output_field=HOURS,
        )
        for index, spec in specs.items()
    }
    annotations["astride"] = Count("pk", filter=astride)
    found = _grouped(PracticeTotal.objects.filter(people("trainee_id")), "trainee_id", annotations)
    straddling = [person for person, row in found.items() if row.pop("astride")]
    if straddling:
        few = _People(User.objects.filter(pk__in=straddling), straddling)
        exact = _practice_entry_rows(few, specs, as_of, starts)
        for person in straddling:
            found.pop(person)
            if person in exact:
                found[person] = exact[person]
    return found


def _practice_entry_rows(people: "_People", specs: dict, as_of, starts: dict) -> dict:
    """Practice hours: ``PracticeLogEntry.objects.counted()`` inside a covering agreement.

    One query in two parts (``UNION ALL``): the sums over every approved entry inside its
    agreement's range (``covering_range_condition``: PostgreSQL reads each agreement's entries
    as one stretch of the index ``cert_entry_approved_by_agreement``), and the same sums over
    the approved entries an approved correction replaced, which are then taken away (they are
    few: excluding them entry by entry, a hashed ``NOT IN`` tested on every entry, cost more
    than a fifth of the query)."""
    annotations = {
        _alias(index, "practice"): Sum(
            "duration_hours",
            filter=_window(starts[index], "date") & _domain_scope(spec),
            output_field=HOURS,
        )
        for index, spec in specs.items()
    }
    entries = PracticeLogEntry.objects.filter(
        people("trainee_id"), status=EntryStatus.APPROVED, date__lte=as_of
    ).filter(
        SupervisionAgreement.covering_range_condition(F("date"), through="agreement__", until=as_of)
    )
    corrected = PracticeLogEntry.objects.filter(
        status=EntryStatus.APPROVED, corrects__isnull=False
    ).values("corrects_id")
    aliases = list(annotations)

    def grouped(queryset: QuerySet, side: int) -> QuerySet:
        sums = queryset.order_by().values("trainee_id").annotate(**annotations)
        return sums.annotate(side=Value(side)).values_list("trainee_id", "side", *aliases)

    both = grouped(entries, 1).union(grouped(entries.filter(pk__in=corrected), -1), all=True)
    if connection.vendor == "postgresql":
        names, rows = _fetch(both)
        order = [names.index(name) for name in ("trainee_id", "side", *aliases)]
        if order != list(range(len(names))):  # as selected, unless Django reordered them
            rows = [[row[index] for index in order] for row in rows]
    else:
        rows = list(both)
    found: dict[int, dict] = {}
    replaced = []
    for person_id, side, *values in rows:
        if side > 0:
            found[person_id] = dict(zip(aliases, values, strict=True))
        else:
            replaced.append((person_id, values))
    for person_id, values in replaced:
        row = found[person_id]
        for alias, value in zip(aliases, values, strict=True):
            if value is not None:
                row[alias] -= value
    return found


def _supervision_rows(people: "_People", specs: dict, as_of, starts: dict) -> dict:
    """Supervision requirements (hours, first and last session) and the supervision hours that
    practice requirements with ``include_supervision`` count too."""
    attendances = (
        SessionAttendance.objects.filter(
            people("trainee_id"), confirmed_at__isnull=False, session__date__lte=as_of
        )
        .filter(SupervisionAgreement.covering_condition(F("session__date"), through="agreement__"))
        .order_by()
    )
    annotations = {}
    for index, spec in specs.items():
        in_scope = _window(starts[index], "session__date") & _session_scope(spec)
        annotations[_alias(index, "supervision")] = Sum(
            "session__duration_hours", filter=in_scope, output_field=HOURS
        )
        if spec.kind == K.SUPERVISION_HOURS and spec.sustained_months:
            annotations[_alias(index, "first")] = Min("session__date", filter=in_scope)
            annotations[_alias(index, "last")] = Max("session__date", filter=in_scope)
    return _grouped(attendances, "trainee_id", annotations)


# ------------------------------------------------------------------------------
# Training: completions on PeerPath and verified training taken elsewhere
# ------------------------------------------------------------------------------
@dataclass(frozen=True)
class _TrainingSource:
    hours: str
    date: str
    timestamp: bool
    parent: str
    domain_rows: type
    topic_rows: type
    credit_rows: type | None = None


COMPLETIONS = _TrainingSource(
    hours="contact_hours",
    date="completed_at",
    timestamp=True,
    parent="completion",
    domain_rows=CompletionDomainHours,
    topic_rows=CompletionTopicHours,
    credit_rows=CompletionCredit,
)
EXTERNAL = _TrainingSource(
    hours="hours",
    date="date",
    timestamp=False,
    parent="training",
    domain_rows=ExternalTrainingDomainHours,
    topic_rows=ExternalTrainingTopicHours,
)


class _Pivot:
    """A derived table of one split table (hours by domain, by topic, or credits by modality):
    one row per record that has split rows, one column per scope in use, each the sum of the
    record's split hours in that scope. Joined to the records once, it replaces a correlated
    subquery per record and requirement."""

    def __init__(self, name: str, rows_model: type, parent: str):
        self.name, self.rows_model, self.parent = name, rows_model, parent
        self.columns: dict[Any, tuple[str, Q]] = {}

    def column(self, key: Any, condition: Any) -> str:
        """``name.alias`` of the sum in this scope (0 for a record without split rows)."""
        return f"COALESCE({self.sparse(key, condition)}, 0)"

    def sparse(self, key: Any, condition: Any) -> str:
        """``name.alias`` of the sum in this scope (NULL for a record without split rows);
        ``condition`` a Q, or a function giving it, called only for a scope not yet in use."""
        if key not in self.columns:
            found = condition() if callable(condition) else condition
            self.columns[key] = (f"{self.name}{len(self.columns)}", found)
        return f"{self.name}.{self.columns[key][0]}"

    def present(self) -> str:
        """True when the record has split rows at all (``EXISTS`` on them)."""
        self.column("any", Q())
        return f"{self.name}.{self.columns['any'][0]} IS NOT NULL"

    def join(self, records: QuerySet | None) -> tuple[str, list]:
        """The LEFT JOIN, its split rows limited to ``records`` (all of them for ``None``)."""
        if not self.columns:
            return "", []
        rows = self.rows_model.objects.all()
        if records is not None:
            rows = rows.filter(**{f"{self.parent}__in": records.values("pk")})
        conditions = [condition for _alias, condition in self.columns.values()]
        if all(conditions):
            # Only the split rows in a scope in use (on the bench data set, the topic pivot's
            # groups went from 40,000 records to 15,000): a record with none has no row here,
            # which the LEFT JOIN reads as a row of NULLs, no hours in any of the scopes.
            rows = rows.filter(functools.reduce(operator.or_, conditions))
        rows = (
            rows.order_by()
            .values(p_parent=F(self.parent))
            .annotate(
                **{
                    alias: Sum("hours", filter=condition or None, output_field=HOURS)
                    for alias, condition in self.columns.values()
                }
            )
            # Ordered, so PostgreSQL groups the split rows as it reads them in the order of
            # their record (a running sum per record) rather than keeping a hash table of
            # every record's sums: the completion query went from about 250 to 180 ms of CPU.
            .order_by("p_parent")
        )
        sql, params = _sql(rows)
        return f" LEFT JOIN ({sql}) {self.name} ON {self.name}.p_parent = b.b_id", params


def _sql(queryset: QuerySet) -> tuple[str, list]:
    sql, params = queryset.query.get_compiler(using=queryset.db).as_sql()
    return sql, list(params)


def _least(a: str, b: str) -> str:
    return f"CASE WHEN {a} < {b} THEN {a} ELSE {b} END"


def _if_counted(amount: str, value: str) -> str:
    """``value`` for a record whose amount counts (above 0), else NULL (``SUM`` skips it)."""
    return f"CASE WHEN {amount} > 0 THEN {value} END"


class _TrainingQuery:
    """One GROUP BY query over a source's records joined to its split tables' pivots."""

    def __init__(self, source: _TrainingSource):
        self.source = source
        self.domains = _Pivot("d", source.domain_rows, source.parent)
        self.topics = _Pivot("t", source.topic_rows, source.parent)
        self.credits = source.credit_rows and _Pivot("c", source.credit_rows, source.parent)
        self.selected: list[tuple[str, str, list]] = []  # (alias, SQL, params)
        # Requirements of several credentials often ask for the same sum (all hours, a domain's
        # hours): it is selected once and copied to each alias.
        self.same: dict[tuple, str] = {}
        self.copies: list[tuple[str, str]] = []  # (alias, alias selected)

    def window(self, start: datetime.date | None) -> tuple[str, list]:
        if start is None:
            return "", []
        return "b.b_date >= %s", [_start_of(start) if self.source.timestamp else start]

    def sum(self, alias: str, amount: str, params: list, start: datetime.date | None) -> None:
        condition, window_params = self.window(start)
        if condition:
            sql, params = f"SUM(CASE WHEN {condition} THEN {amount} END)", window_params + params
        else:
            sql = f"SUM({amount})"
        selected = self.same.setdefault((sql, tuple(params)), alias)
        if selected == alias:
            self.selected.append((alias, sql, params))
        else:
            self.copies.append((alias, selected))

    def split(self, spec: RequirementSpec) -> str | None:
        """The record's hours in the requirement's scope (NULL without split rows in it), or
        None when the scope is every hour."""
        # The engine's order: a domain, else a topic, else a framework.
        if spec.topic and not spec.domain:
            return self.topics.sparse(spec.topic, lambda: Q(topic_id=_topic_id(spec.topic)))
        if spec.domain or spec.framework:
            return self.domains.sparse((spec.domain, spec.framework), lambda: _domain_scope(spec))
        return None

    def amount(self, spec: RequirementSpec) -> str:
        """``rules._training_amount`` for one record: its hours in scope, at most its hours."""
        split = self.split(spec)
        return "b.b_hours" if split is None else _least(f"COALESCE({split}, 0)", "b.b_hours")

    def counted(self, spec: RequirementSpec) -> str:
        """``amount`` where the engine counts the record, NULL where it does not (an amount of
        0 or less, as for every record without split rows in scope), so that ``SUM`` skips
        it: most records have hours in a few scopes only, and adding their zeros took about a
        tenth of the completion query."""
        split = self.split(spec)
        if split is None:
            return "CASE WHEN b.b_hours > 0 THEN b.b_hours END"
        return (
            f"CASE WHEN {split} >= b.b_hours THEN CASE WHEN b.b_hours > 0 THEN b.b_hours END"
            f" WHEN {split} > 0 THEN {split} END"
        )

    def shared(self, amount: str, modality: str) -> tuple[str, list]:
        """``TrainingRecord.share_in_modality`` for one record: the part of ``amount`` delivered
        in ``modality`` (whole or nothing without credits; pro rata, rounded down, with them)."""
        whole_or_nothing = f"CASE WHEN b.b_modality = %s THEN {amount} ELSE 0 END"
        if self.credits is None:
            return whole_or_nothing, [modality]
        part = self.credits.column(("modality", modality), Q(modality=modality))
        return (
            f"CASE WHEN NOT ({self.credits.present()}) THEN {whole_or_nothing}"
            f" WHEN {part} <= 0 THEN 0 WHEN {part} >= b.b_hours THEN {amount}"
            f" ELSE FLOOR({amount} * {part} * 100 / b.b_hours) / 100 END",
            [modality],
        )

    def add_education(self, specs: dict, starts: dict) -> None:
        for index, spec in specs.items():
            # The engine's rule: a record whose amount is 0 or less counts for nothing at all.
            amount = self.amount(spec)
            self.sum(_alias(index, "total"), self.counted(spec), [], starts[index])
            for name, topic in (("capped", spec.cap_topic), ("subset", spec.subset_topic)):
                if topic:
                    in_topic = self.topics.column(topic, lambda t=topic: Q(topic_id=_topic_id(t)))
                    part = _least(in_topic, amount)
                    self.sum(_alias(index, name), _if_counted(amount, part), [], starts[index])
            if spec.share_modality:
                shared, params = self.shared(amount, spec.share_modality)
                shared = _if_counted(amount, shared)
                self.sum(_alias(index, "shared"), shared, params, starts[index])

    def add_items(self, specs: dict, starts: dict) -> None:
        """Whether a module was completed (in the window): a count of its completions."""
        for index, spec in specs.items():
            module_id = _module_id(spec)
            if module_id is not None:
                self.sum(_alias(index, "items"), "CASE WHEN b.b_module = %s THEN 1 ELSE 0 END",
                         [module_id], starts[index])  # fmt: skip

    def rows(
        self, records: QuerySet, person_field: str, *, many: bool, **extra: Any
    ) -> dict[int, dict]:
        """Run the query: ``{person_id: {alias: value}}``. For many people the split tables are
        pivoted whole (the join keeps the records' rows), cheaper than limiting them."""
        if not self.selected:
            return {}
        source = self.source
        # In the order of their ids, as the pivots come (grouped in the order of their record):
        # PostgreSQL then merges them with the records as it reads both, where it hashed each
        # pivot's tens of thousands of rows to look them up (about a tenth of the query).
        base = records.order_by("pk").values(
            b_id=F("pk"),
            b_person=F(person_field),
            b_hours=F(source.hours),
            b_date=F(source.date),
            b_modality=F("modality"),
            **extra,
        )
        base_sql, params = _sql(base)
        selected = ", ".join(sql for _alias, sql, _params in self.selected)
        select_params = [param for _alias, _sql_text, found in self.selected for param in found]
        joins = ""
        for pivot in (self.domains, self.topics, self.credits):
            if pivot is not None:
                join_sql, join_params = pivot.join(None if many else records)
                joins += join_sql
                params += join_params
        # Every piece is SQL this module writes, or the ORM's own; values are parameters.
        sql = f"SELECT b.b_person, {selected} FROM ({base_sql}) b{joins} GROUP BY b.b_person"  # noqa: S608
        aliases = [alias for alias, _sql_text, _params in self.selected]
        with connection.cursor() as cursor:
            cursor.execute(sql, select_params + params)
            # psycopg gives decimals already; SQLite's floats are made decimals as the ORM would.
            convert = connection.vendor != "postgresql"
            found = {
                person_id: dict(
                    zip(aliases, map(_decimal, values) if convert else values, strict=True)
                )
                for person_id, *values in cursor.fetchall()
            }
        for row in found.values():
            for alias, selected in self.copies:
                row[alias] = row[selected]
        return found


_DECIMALS = Context(prec=15)


def _decimal(value: Any) -> Decimal | None:
    """A sum as the ORM would give it for a decimal field (SQLite answers with floats)."""
    if value is None or isinstance(value, Decimal):
        return value
    if isinstance(value, float):
        return _DECIMALS.create_decimal_from_float(value).quantize(CENT)
    return Decimal(value)


def _completion_rows(people: "_People", education: dict, modules: dict, as_of, starts) -> dict:
    """Education sums from completions, and which modules were completed: one query."""
    completions = ModuleCompletion.objects.filter(
        people("user_id"), completed_at__lt=_start_of(as_of + datetime.timedelta(days=1))
    )
    query = _TrainingQuery(COMPLETIONS)
    query.add_education(education, starts)
    query.add_items(modules, starts)
    return query.rows(completions, "user_id", many=people.many, b_module=F("module_id"))


def _external_rows(people: "_People", education: dict, as_of, starts) -> dict:
    """Education sums from verified external training, one credit per event: one query."""
    verified = ExternalTraining.objects.filter(
        status=ExternalTrainingStatus.VERIFIED, date__lte=as_of
    )
    better_record_of_the_same_event = (
        verified.filter(person_id=OuterRef("person_id"), event_key=OuterRef("event_key"))
        .alias(reference=_reference("pk"))
        .filter(
            Q(hours__gt=OuterRef("hours"))
            | Q(hours=OuterRef("hours"), reference__gt=_reference(OuterRef("pk")))
        )
    )
    trainings = verified.filter(people("person_id")).filter(
        ~Exists(better_record_of_the_same_event)
    )
    query = _TrainingQuery(EXTERNAL)
    query.add_education(education, starts)
    return query.rows(trainings, "person_id", many=people.many)


def _assessment_rows(people: "_People", specs: dict, as_of, starts) -> dict:
    attempts = AssessmentAttempt.objects.filter(
        people("user_id"),
        passed=True,
        submitted_at__isnull=False,
        submitted_at__lt=_start_of(as_of + datetime.timedelta(days=1)),
    )
    annotations = {}
    for index, spec in specs.items():
        module_id = _module_id(spec)
        if module_id is not None:
            annotations[_alias(index, "items")] = Count(
                "pk",
                filter=Q(module_id=module_id)
                & _window(starts[index], "submitted_at", timestamp=True),
            )
    return _grouped(attempts, "user_id", annotations)


# ------------------------------------------------------------------------------
# Exams, attestations and credentials held
# ------------------------------------------------------------------------------
def _exam_rows(people: "_People", specs: dict, as_of, starts) -> dict:
    results = ExamResult.objects.counting().filter(people("person_id"), taken_on__lte=as_of)
    annotations = {}
    for index, spec in specs.items():
        taken = Q(exam_code=spec.exam_code) & _window(starts[index], "taken_on")
        annotations[_alias(index, "best")] = Max("score", filter=taken)
        annotations[_alias(index, "passing")] = Count(
            "pk", filter=taken & Q(score__gte=spec.pass_score or ZERO)
        )
    return _grouped(results, "person_id", annotations)


def _affirmed_attestations(people: "_People", kinds: set, as_of) -> set[tuple[int, str]]:
    """(person, kind) whose latest attestation on or before ``as_of`` says yes: one query."""
    dated = Attestation.objects.counting(as_of)
    later = (
        dated.filter(person_id=OuterRef("person_id"), kind=OuterRef("kind"))
        .alias(reference=_reference("pk"))
        .filter(
            Q(attested_on__gt=OuterRef("attested_on"))
            | Q(attested_on=OuterRef("attested_on"), reference__gt=_reference(OuterRef("pk")))
        )
    )
    latest = dated.filter(people("person_id"), kind__in=kinds).filter(~Exists(later))
    return set(latest.filter(affirmed=True).order_by().values_list("person_id", "kind"))


def _held_credentials(people: "_People", codes: set, as_of) -> set[tuple[int, str]]:
    """(person, code) of credentials valid on ``as_of`` (``HeldCredential.is_valid_on``)."""
    held = IssuedCredential.objects.filter(
        people("holder_id"),
        definition__code__in=codes,
        issued_on__lte=as_of,
        expires_on__gte=as_of,
    ).filter(
        Q(revoked_at__isnull=True)
        | Q(revoked_at__gte=_start_of(as_of + datetime.timedelta(days=1)))
    )
    return set(held.order_by().values_list("holder_id", "definition__code").distinct())


# ------------------------------------------------------------------------------
# Judging the aggregated rows
# ------------------------------------------------------------------------------
def _reader(index: int, name: str):
    """A function of an aggregated row giving one of its sums (0 when there is none)."""
    alias = _alias(index, name)

    def hours(row: dict) -> Decimal:
        value = row.get(alias)
        if value is None:
            return ZERO
        return value if type(value) is Decimal else Decimal(value)

    return hours


# Each judge is built once per requirement (aliases and constants computed then) and gives a
# function of (person id, that person's aggregated row).
def _judge_education(spec: RequirementSpec, index: int):
    total_of = _reader(index, "total")
    capped_of = _reader(index, "capped") if spec.cap_topic and spec.cap_hours is not None else None
    subset_of = _reader(index, "subset") if spec.subset_topic and spec.subset_hours else None
    need = spec.hours or ZERO
    share = None
    if spec.share_modality and spec.share_percent:
        share = (need * spec.share_percent / HUNDRED).quantize(CENT, ROUND_UP)
        shared_of = _reader(index, "shared")

    def judge(_person_id: int, row: dict) -> RequirementOutcome:
        counted = total_of(row)
        if capped_of is not None:
            capped = capped_of(row)
            if capped > spec.cap_hours:
                counted = counted - capped + spec.cap_hours
        met = counted >= need
        if subset_of is not None:
            met = met and min(subset_of(row), counted) >= spec.subset_hours
        if share is not None:
            met = met and min(shared_of(row), counted) >= share
        return RequirementOutcome(spec.key, counted, need, met)

    return judge


def _judge_practice(spec: RequirementSpec, index: int):
    practice_of = _reader(index, "practice")
    supervision_of = _reader(index, "supervision") if spec.include_supervision else None
    need = spec.hours or ZERO

    def judge(_person_id: int, row: dict) -> RequirementOutcome:
        total = practice_of(row)
        if supervision_of is not None:
            total += supervision_of(row)
        return RequirementOutcome(spec.key, total, need, total >= need)

    return judge


def _judge_supervision(spec: RequirementSpec, index: int):
    total_of = _reader(index, "supervision")
    first_alias, last_alias = _alias(index, "first"), _alias(index, "last")
    need = spec.hours or ZERO

    def judge(_person_id: int, row: dict) -> RequirementOutcome:
        total = total_of(row)
        met = total >= need
        if spec.sustained_months:
            first, last = row.get(first_alias), row.get(last_alias)
            sustained = first is not None and add_months(first, spec.sustained_months) <= last
            met = met and sustained
        return RequirementOutcome(spec.key, total, need, met)

    return judge


def _judge_item(spec: RequirementSpec, index: int):
    alias = _alias(index, "items")
    yes = RequirementOutcome(spec.key, ONE, ONE, True)
    no = RequirementOutcome(spec.key, ZERO, ONE, False)
    return lambda _person_id, row: yes if row.get(alias) else no


def _judge_exam(spec: RequirementSpec, index: int):
    best_of = _reader(index, "best")
    passing_alias = _alias(index, "passing")
    need = spec.pass_score or ZERO

    def judge(_person_id: int, row: dict) -> RequirementOutcome:
        return RequirementOutcome(spec.key, best_of(row), need, bool(row.get(passing_alias)))

    return judge


# ------------------------------------------------------------------------------
# Together
# ------------------------------------------------------------------------------
def _transaction_settings(*, export_snapshot: bool = False) -> str | None:
    """On PostgreSQL, two speed settings for the rest of the transaction (answers unchanged).

    JIT off: the large aggregate queries look costly to the planner, so PostgreSQL compiled each
    before running it; measured on 5,000 trainees, compiling took longer (about 1.4 s for one
    credential) than running the query without it (0.2 s). A larger ``work_mem``: the sorts of
    the practice query's hundreds of thousands of entries spilled to disk with the default 4 MB.

    With ``export_snapshot``, the same statement exports the transaction's snapshot and returns
    its name, for a second session to read exactly what this one reads (``_beside``).
    """
    if connection.vendor != "postgresql":
        return None
    with connection.cursor() as cursor:
        # One statement, so the number of queries stays what the tests pin.
        cursor.execute(
            "SELECT set_config('jit', 'off', true), set_config('work_mem', '64MB', true)"
            + (", pg_export_snapshot()" if export_snapshot else "")
        )
        row = cursor.fetchone()
    return row[2] if export_snapshot else None


def _beside(snapshot: str, work) -> Future:
    """Run ``work`` in a thread on a second connection to PostgreSQL, reading the snapshot this
    transaction exported: the same records, whatever is committed meanwhile. PostgreSQL then
    works on two queries at once (the training query beside the practice and supervision ones:
    two processes, where one query runs on one). The thread keeps the time zone in effect here
    (the window starts are local midnights) and closes its connection when done."""
    if not re.fullmatch(r"[0-9A-Fa-f-]+", snapshot):
        raise ValueError(f"Not a snapshot name: {snapshot!r}")
    zone = timezone.get_current_timezone()

    def run():
        try:
            with timezone.override(zone), transaction.atomic():
                with connection.cursor() as cursor:
                    cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
                    cursor.execute(f"SET TRANSACTION SNAPSHOT '{snapshot}'")
                _transaction_settings()
                return work()
        finally:
            connection.close()

    pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="bulk-evaluation")
    future = pool.submit(run)
    pool.shutdown(wait=False)  # the thread ends when ``run`` returns
    return future


def evaluate_many(
    definition: CredentialDefinition | CredentialSpec,
    people: QuerySet,
    as_of: datetime.date,
    *,
    counting_from: datetime.date | None = None,
) -> dict[int, BulkResult]:
    """Judge every person of ``people`` (a User queryset) against ``definition`` on ``as_of``.

    Gives, per person id, the have, need and met of each requirement that
    ``records.evaluate_for_person`` gives, in a fixed number of queries (see the module's
    docstring). People with no records at all are there too, meeting nothing they must earn.
    """
    (results,) = evaluate_many_all([definition], people, as_of, counting_from=counting_from)
    return results


def evaluate_many_all(
    definitions: list,
    people: QuerySet,
    as_of: datetime.date,
    *,
    counting_from: datetime.date | None = None,
) -> list[dict[int, BulkResult]]:
    """``evaluate_many`` for several credentials in one pass: each source of records is read
    once, carrying the aggregates of every credential's requirements. One dict per
    definition, in their order."""
    specs = [d if isinstance(d, CredentialSpec) else d.as_spec() for d in definitions]
    # A second session can read this transaction's snapshot only when what it reads is
    # committed: not inside an outer transaction (a test's, or a caller's with its own writes).
    alone = not connection.in_atomic_block
    # One transaction, so its settings end with it (no savepoint inside an outer one).
    with transaction.atomic(savepoint=False):
        if alone and connection.vendor == "postgresql":
            # One snapshot for the whole transaction, taken by its first query (the people):
            # every query of this session reads the records as the one it exports for a second
            # session does (by default each statement would take a newer snapshot of its own).
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
        return _evaluate_many(specs, people.order_by(), as_of, counting_from, alone=alone)


def _evaluate_many(specs, people, as_of, counting_from, *, alone) -> list[dict[int, BulkResult]]:
    person_ids = list(people.values_list("pk", flat=True).distinct())
    person_query = _People(people, person_ids)
    # Requirements are numbered across the credentials, so their aliases never collide.
    counter = itertools.count()
    numbered = [[(next(counter), r) for r in spec.requirements] for spec in specs]
    requirements = [pair for pairs in numbered for pair in pairs]
    starts = {
        index: window_start(requirement, as_of, counting_from)
        for index, requirement in requirements
    }

    def of(*kinds: str) -> dict[int, RequirementSpec]:
        return {index: r for index, r in requirements if r.kind in kinds}

    rows: dict[int, dict] = {person_id: {} for person_id in person_ids}
    affirmed: set[tuple[int, str]] = set()
    held: set[tuple[int, str]] = set()

    if person_ids:
        # Many people on PostgreSQL, outside any other transaction: the sources are read by
        # two sessions at once (``_read_all``).
        two_sessions = alone and person_query.many and connection.vendor == "postgresql"
        snapshot = _transaction_settings(export_snapshot=two_sessions)
        found_sets: dict[str, set] = {}

        def keep(kind: str, found: Any) -> None:
            if kind != "rows":  # (person, kind) affirmed, (person, code) held
                found_sets[kind] = found
                return
            for person_id, values in found.items():
                row = rows.get(person_id)
                if row is None:  # not one of the people judged
                    continue
                if row.keys().isdisjoint(values):  # the first values of these aliases
                    row.update(values)
                else:
                    _combine(row, values)

        _read_all(_reads(of, person_query, as_of, starts), snapshot, keep)
        affirmed = found_sets.get("affirmed", affirmed)
        held = found_sets.get("held", held)

    with _without_cycle_collection():
        return [_judge_everyone(rows, pairs, affirmed, held) for pairs in numbered]


def _reads(of, people: "_People", as_of, starts: dict) -> list:
    """What to read: ``(kind, read)`` pairs, ``read`` a function of no argument giving rows
    ``{person: {alias: value}}`` (kind ``"rows"``) or the set of (person, kind) affirmed or
    (person, code) held, the largest reads first."""

    education, modules = of(K.EDUCATION_HOURS), of(K.MODULE_COMPLETED)
    practice = of(K.PRACTICE_HOURS)
    with_supervision = {index: r for index, r in practice.items() if r.include_supervision}
    sessions = {**of(K.SUPERVISION_HOURS), **with_supervision}
    reads: list = []

    def add(kind: str, function, *args) -> None:
        reads.append((kind, lambda: function(*args)))

    if education or modules:
        add("rows", _completion_rows, people, education, modules, as_of, starts)
    if sessions:
        add("rows", _supervision_rows, people, sessions, as_of, starts)
    if practice:
        add("rows", _practice_rows, people, practice, as_of, starts)
    if education:
        add("rows", _external_rows, people, education, as_of, starts)
    if assessments := of(K.ASSESSMENT_PASSED):
        add("rows", _assessment_rows, people, assessments, as_of, starts)
    if exams := of(K.EXAM_RESULT):
        add("rows", _exam_rows, people, exams, as_of, starts)
    if attestations := of(K.ATTESTATION):
        kinds = {r.attestation_kind for r in attestations.values()}
        add("affirmed", _affirmed_attestations, people, kinds, as_of)
    if prerequisites := of(K.PREREQUISITE):
        codes = {r.prerequisite_code for r in prerequisites.values()}
        add("held", _held_credentials, people, codes, as_of)
    return reads


def _read_all(reads: list, snapshot: str | None, keep) -> None:
    """Run every read and hand each result to ``keep(kind, result)``. Without a snapshot, one
    after the other on this connection. With one, on this session and a second one reading the
    same snapshot (``_beside``) at once, each taking the next read as soon as it is free, so the
    work is shared out as it goes, whichever session is slowed down, and keeping each result as
    it comes (one at a time) while the other session's query runs. A read that fails stops the
    taking; the second session is done before this returns or raises (its snapshot is this
    transaction's)."""
    if snapshot is None:
        for kind, read in reads:
            keep(kind, read())
        return
    waiting = iter(reads)
    taking, keeping = threading.Lock(), threading.Lock()
    failed = threading.Event()

    def take() -> tuple | None:
        with taking:
            return None if failed.is_set() else next(waiting, None)

    def work() -> None:
        while (taken := take()) is not None:
            kind, read = taken
            try:
                found = read()
                with keeping:
                    keep(kind, found)
            except BaseException:
                failed.set()
                raise

    beside = _beside(snapshot, work)
    try:
        work()
    finally:
        wait([beside])
    beside.result()


def _combine(row: dict, values: dict) -> None:
    """Add a read's values into a person's row. Each alias comes from one source, but
    training's two sources (completions and training elsewhere) add up:
    sums and counts add, the first session is the earliest, the last and best the latest and
    highest; a value of none (nothing in scope) counts as nothing."""
    for alias, value in values.items():
        current = row.get(alias)
        if current is None:
            row[alias] = value
        elif value is None:
            continue
        elif alias.endswith("_first"):
            row[alias] = min(current, value)
        elif alias.endswith(("_last", "_best")):
            row[alias] = max(current, value)
        else:
            row[alias] = current + value


def _judge_everyone(rows: dict, pairs: list, affirmed: set, held: set) -> dict[int, BulkResult]:
    """Whether each person meets the credential: its requirements judged in order, each one
    only for the people who met every one before it (the outcomes wait in ``BulkResult``)."""
    judges = tuple(_judge(requirement, index, affirmed, held) for index, requirement in pairs)
    meeting = list(rows.items())
    for judge in judges:
        if not meeting:
            break
        meeting = [(person_id, row) for person_id, row in meeting if judge(person_id, row).met]
    meet = {person_id for person_id, _row in meeting}
    return {
        person_id: BulkResult(person_id, person_id in meet, row, judges)
        for person_id, row in rows.items()
    }


@contextlib.contextmanager
def _without_cycle_collection():
    """Pause Python's cyclic garbage collector while the results are built, then restore it.

    Judging allocates some hundred thousand small tuples (an outcome per person and
    requirement), none of them in a cycle; the collector, started every 700 allocations, kept
    walking the whole heap for nothing (about 0.1 s of 0.8 s on the bench data set). Reference
    counting frees everything as usual; only the cycle search waits.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _judge(requirement: RequirementSpec, index: int, affirmed: set, held: set):
    """A function of (person id, aggregated row) giving the requirement's outcome."""
    kind, key = requirement.kind, requirement.key
    if kind in (K.ATTESTATION, K.PREREQUISITE):
        found = affirmed if kind == K.ATTESTATION else held
        wanted = (
            requirement.attestation_kind if kind == K.ATTESTATION else requirement.prerequisite_code
        )
        yes = RequirementOutcome(key, Decimal(True), ONE, True)
        no = RequirementOutcome(key, Decimal(False), ONE, False)
        return lambda person_id, row: yes if (person_id, wanted) in found else no
    return _JUDGES[kind](requirement, index)


_JUDGES = {
    K.EDUCATION_HOURS: _judge_education,
    K.PRACTICE_HOURS: _judge_practice,
    K.SUPERVISION_HOURS: _judge_supervision,
    K.MODULE_COMPLETED: _judge_item,
    K.ASSESSMENT_PASSED: _judge_item,
    K.EXAM_RESULT: _judge_exam,
}


# ------------------------------------------------------------------------------
# Every trainee against every credential in effect (the command and the benchmark)
# ------------------------------------------------------------------------------
@dataclass(frozen=True)
class CredentialTally:
    """How many of the people evaluated meet one credential, and how long it took (its equal
    share of the one pass that judged every credential)."""

    definition: CredentialDefinition
    people: int
    met: int
    seconds: float

    @property
    def people_per_second(self) -> float:
        return self.people / self.seconds if self.seconds else float("inf")


def trainees(*, organization_slug: str | None = None) -> QuerySet:
    """Everyone holding the trainee role (in one organisation, when a slug is given)."""
    memberships = Q(memberships__role=Role.TRAINEE)
    if organization_slug:
        memberships &= Q(memberships__organization__slug=organization_slug)
    return User.objects.filter(pk__in=User.objects.filter(memberships).values("pk"))


def tally_credentials(
    *,
    as_of: datetime.date | None = None,
    code: str | None = None,
    organization_slug: str | None = None,
) -> list[CredentialTally]:
    """Evaluate the trainees against each credential in effect on ``as_of`` (default today)."""
    as_of = as_of or timezone.localdate()
    definitions = (
        CredentialDefinition.objects.in_effect_on(as_of)
        .prefetch_related("requirements__domain", "requirements__topic", "requirements__module")
        .prefetch_related("requirements__cap_topic", "requirements__subset_topic")
        .order_by("code", "version")
    )
    if code:
        definitions = definitions.filter(code=code)
    definitions = list(definitions)
    if not definitions:
        return []
    people = trainees(organization_slug=organization_slug)
    started = time.perf_counter()
    everyone = evaluate_many_all(definitions, people, as_of)
    # One pass judges every credential; each is given an equal share of its time.
    share = (time.perf_counter() - started) / len(definitions)
    return [
        CredentialTally(definition, len(results), sum(1 for r in results.values() if r.met), share)
        for definition, results in zip(definitions, everyone, strict=True)
    ]


def evaluate_all_trainees(as_of: datetime.date | None = None) -> tuple[int, float]:
    """Every trainee against every credential in effect: (trainees, seconds), for the bench."""
    tallies = tally_credentials(as_of=as_of)
    people = max((tally.people for tally in tallies), default=0)
    return people, sum(tally.seconds for tally in tallies)
