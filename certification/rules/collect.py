"""Collect one person's records from the database as the rules engine's plain dataclasses.

``collect_records(person, as_of)`` reads every kind of row the records are made of
(``record_queries``: one narrow queryset each) and turns them into records
(``records_from_rows``); ``evaluate_for_person`` feeds the result to the pure
``rules.evaluate``. On PostgreSQL the querysets are read in one statement whose SQL is built
once per process (``lms.one_trip``): one round trip whatever the number of records, about a
quarter of the time of one query each, which other databases (the embedded demo's SQLite) use.
Both give the same records: ``tests/certification/rules/test_bulk.py`` compares them.

Everything the person earned counts, in any organisation (see rules.py); only records that
count are returned:

- practice: approved entries no approved correction replaced (``PracticeLogEntry.counted()``),
  dated inside their signed supervision agreement, judged by the agreement's own rule
  (``SupervisionAgreement.reason_not_covering``: never before both signatures, never after its
  end);
- supervision: sessions the person confirmed, inside the agreement the same way;
- exam results and attestations;
- training from modules completed on PeerPath (lms.ModuleCompletion with its frozen hour
  snapshot, one credit per module), modules completed, and module assessments passed
  (lms.AssessmentAttempt); completions are read once and feed both the training hours and
  the modules completed;
- training taken elsewhere: ExternalTraining staff verified;
- credentials held: IssuedCredential (issued here), with expiry and revocation.

``as_of`` compares with the day a record is *dated* (the day the hours happened, the exam was
taken), not the day it was signed off: hours worked inside a renewal cycle and signed a few days
after it still belong to that cycle. What was known on a given day is kept by freezing the
evaluation (``Evaluation.as_dict()``) in the application that used it.
"""

import datetime

from django.db.models import DateField, DateTimeField, QuerySet
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
from certification.rules.engine import evaluate
from certification.rules.records import (
    AssessmentRecord,
    AttestationRecord,
    ExamRecord,
    HeldCredential,
    ModuleRecord,
    PersonRecords,
    PracticeRecord,
    SupervisionRecord,
    TrainingRecord,
)
from certification.rules.results import Evaluation
from certification.supervision.models import (
    COVERAGE_BOUNDS,
    COVERAGE_SIGNATURES,
    PracticeLogEntry,
    SessionAttendance,
    SupervisionAgreement,
    SupervisionSession,
)
from lms.accounts.models import User
from lms.learning.models import (
    AssessmentAttempt,
    CompletionCredit,
    CompletionDomainHours,
    CompletionTopicHours,
    ModuleCompletion,
)
from lms.one_trip import OneTrip, as_date, as_datetime

# ------------------------------------------------------------------------------
# What is read: one queryset per kind of row
# ------------------------------------------------------------------------------
# What an agreement's coverage rule reads (SupervisionAgreement.covers): the person's agreements
# are read as narrow rows carrying these, and each is judged by the model's own rule.
_COVERAGE_FIELDS = (*COVERAGE_SIGNATURES, *(name for name, _lookup in COVERAGE_BOUNDS))
_AGREEMENT_COLUMNS = ("pk", "organization_id", *_COVERAGE_FIELDS)


def _reader(name: str):
    """How a coverage column is read back: moments and days come as text from one statement."""
    field = SupervisionAgreement._meta.get_field(name)
    if isinstance(field, DateTimeField):
        return as_datetime
    return as_date if isinstance(field, DateField) else (lambda value: value)


_COVERAGE_READERS = tuple((name, _reader(name)) for name in _COVERAGE_FIELDS)


def agreement_rows(queryset: QuerySet) -> QuerySet:
    return queryset.order_by().values_list(*_AGREEMENT_COLUMNS)


def record_queries(
    *, person_id: int, as_of: datetime.date, end: datetime.datetime
) -> dict[str, QuerySet]:
    """Every kind of row the engine's records are made from, as narrow querysets.

    ``end`` is the start of the day after ``as_of`` (``_day_end``): completions and assessments
    are dated by a moment, compared as a local date like every record. The querysets take only
    these arguments as they are (``OneTrip`` puts them in place in SQL built once).
    """
    completions = ModuleCompletion.objects.filter(user_id=person_id, completed_at__lt=end)
    trainings = ExternalTraining.objects.filter(
        person_id=person_id, status=ExternalTrainingStatus.VERIFIED, date__lte=as_of
    )
    attended = SessionAttendance.objects.filter(
        trainee_id=person_id, confirmed_at__isnull=False, session__date__lte=as_of
    )
    return {
        # Training and modules from completions, with the hour snapshot frozen at completion
        # (later edits to a module never change what a person earned).
        "completions": completions.order_by().values_list(
            "pk", "module_id", "module_title", "contact_hours", "modality", "completed_at"
        ),
        **_splits("completion", completions, CompletionDomainHours, CompletionTopicHours),
        "completion_credits": CompletionCredit.objects.filter(completion__in=completions)
        .order_by()
        .values_list("completion_id", "modality", "hours"),
        # Training taken elsewhere, verified by staff.
        "external": trainings.order_by().values_list(
            "pk", "event_key", "date", "hours", "modality", "title"
        ),
        **_splits("training", trainings, ExternalTrainingDomainHours, ExternalTrainingTopicHours),
        # Approved practice no approved correction replaced, with its agreement's coverage.
        "practice": PracticeLogEntry.objects.counted()
        .filter(trainee_id=person_id, date__lte=as_of)
        .order_by()
        .values_list(
            "pk",
            "date",
            "duration_hours",
            "domain__framework",
            "domain__slug",
            "modality",
            "agreement_id",
        ),
        # The agreements practice and supervision are judged by: the person's own (an entry
        # or a session is always under the trainee's agreement; ``_agreements`` reads any
        # other by itself). Read apart, not joined: a join hashed every agreement there is.
        "agreements": agreement_rows(SupervisionAgreement.objects.filter(trainee_id=person_id)),
        # Supervision sessions the person confirmed, and the domains they covered.
        "supervision": attended.order_by().values_list(
            "session_id",
            "session__date",
            "session__duration_hours",
            "session__modality",
            "agreement_id",
        ),
        "session_domains": SupervisionSession.domains.through.objects.filter(
            supervisionsession_id__in=attended.values("session_id")
        )
        .order_by()
        .values_list(
            "supervisionsession_id", "competencydomain__framework", "competencydomain__slug"
        ),
        "assessments": AssessmentAttempt.objects.filter(
            user_id=person_id, passed=True, submitted_at__isnull=False, submitted_at__lt=end
        )
        .order_by()
        .values_list("pk", "module_id", "submitted_at"),
        "exams": ExamResult.objects.counting()
        .filter(person_id=person_id, taken_on__lte=as_of)
        .order_by()
        .values_list("pk", "exam_code", "taken_on", "score"),
        "attestations": Attestation.objects.counting(as_of)
        .filter(person_id=person_id)
        .order_by()
        .values_list("pk", "kind", "attested_on", "affirmed"),
        "credentials": IssuedCredential.objects.filter(holder_id=person_id, issued_on__lte=as_of)
        .order_by()
        .values_list("pk", "definition__code", "issued_on", "expires_on", "revoked_at"),
    }


def _splits(owner: str, owners: QuerySet, by_domain, by_topic) -> dict[str, QuerySet]:
    """The owners' hours split by domain, (owner id, hours, framework, slug), and by topic,
    (owner id, hours, slug), named ``<owner>_domains`` and ``<owner>_topics``."""
    inside = {f"{owner}__in": owners}
    return {
        f"{owner}_domains": by_domain.objects.filter(**inside)
        .order_by()
        .values_list(f"{owner}_id", "hours", "domain__framework", "domain__slug"),
        f"{owner}_topics": by_topic.objects.filter(**inside)
        .order_by()
        .values_list(f"{owner}_id", "hours", "topic__slug"),
    }


def _day_end(as_of: datetime.date) -> datetime.datetime:
    return timezone.make_aware(
        datetime.datetime.combine(as_of + datetime.timedelta(days=1), datetime.time.min)
    )


def record_arguments(person_id: int, as_of: datetime.date) -> dict:
    """``record_queries``' arguments for one person on one day."""
    return {"person_id": person_id, "as_of": as_of, "end": _day_end(as_of)}


# Stand-ins for a OneTrip of record_queries (and of builders that add to them).
RECORD_STAND_INS = (
    record_arguments(-7_000_001, datetime.date(1901, 2, 3)),
    record_arguments(-7_000_002, datetime.date(1902, 4, 5)),
)
# All of them in one statement on PostgreSQL, its SQL built once per process.
_ONE_TRIP = OneTrip(record_queries, stand_ins=RECORD_STAND_INS)


def record_rows(person: User, as_of: datetime.date, *, one_trip: bool | None = None) -> dict:
    """The rows of ``record_queries``: in one statement where the database allows it (unless
    ``one_trip`` says otherwise), else one query each."""
    return _ONE_TRIP.read(one_trip=one_trip, **record_arguments(person.pk, as_of))


# ------------------------------------------------------------------------------
# Rows into records
# ------------------------------------------------------------------------------
def _split(rows) -> dict[int, list]:
    """Rows (owner id, hours, then the part: a domain's framework and slug, or a topic's slug)
    grouped by owner as (part, hours) pairs."""
    split: dict[int, list] = {}
    for owner, hours, *part in rows:
        split.setdefault(owner, []).append((tuple(part) if len(part) > 1 else part[0], hours))
    return split


def _agreements(rows, *wanted) -> dict[int, SupervisionAgreement]:
    """The agreements of ``rows`` (``agreement_rows``) by id, as models carrying what their
    coverage rule reads, with any of ``wanted`` that was not among them read now."""
    agreements = {}
    for pk, organization_id, *coverage in rows:
        values = {
            name: read(value)
            for (name, read), value in zip(_COVERAGE_READERS, coverage, strict=True)
        }
        agreements[pk] = SupervisionAgreement(pk=pk, organization_id=organization_id, **values)
    missing = {pk for pk in wanted if pk not in agreements}
    if missing:
        agreements.update(
            _agreements(agreement_rows(SupervisionAgreement.objects.filter(pk__in=missing)))
        )
    return agreements


def _practice(rows, agreements: dict[int, SupervisionAgreement]) -> list[PracticeRecord]:
    records = []
    for row in sorted(rows, key=lambda row: (as_date(row[1]), row[0])):
        agreement = agreements[row[6]]
        day = as_date(row[1])
        # The supervision rule, reused: hours outside the signed agreement never count.
        if agreement.covers(day):
            records.append(
                PracticeRecord(
                    ref=f"practice:{row[0]}",
                    date=day,
                    hours=row[2],
                    domain=(row[3], row[4]),
                    modality=row[5],
                    organization_id=agreement.organization_id,
                )
            )
    return records


def _supervision(
    rows, domain_rows, agreements: dict[int, SupervisionAgreement]
) -> list[SupervisionRecord]:
    domains: dict[int, set] = {}
    for session_id, framework, slug in domain_rows:
        domains.setdefault(session_id, set()).add((framework, slug))
    records = []
    for row in sorted(rows, key=lambda row: (as_date(row[1]), row[0])):
        agreement = agreements[row[4]]
        day = as_date(row[1])
        if agreement.covers(day):
            records.append(
                SupervisionRecord(
                    ref=f"session:{row[0]}",
                    date=day,
                    hours=row[2],
                    domains=frozenset(domains.get(row[0], ())),
                    modality=row[3],
                    organization_id=agreement.organization_id,
                )
            )
    return records


def _module_training(rows: dict) -> tuple[list[TrainingRecord], list[ModuleRecord]]:
    """Training hours, one record per completion (the event key is the module page, so the
    same module earns one credit), and the modules completed (a deleted page's completion
    keeps its hours but no longer matches a module requirement)."""
    domains = _split(rows["completion_domains"])
    topics = _split(rows["completion_topics"])
    credits: dict[int, list] = {}
    for completion_id, modality, hours in rows["completion_credits"]:
        credits.setdefault(completion_id, []).append((modality, hours))
    training, modules = [], []
    for pk, module_id, title, hours, modality, completed_at in sorted(
        rows["completions"], key=lambda row: (as_datetime(row[5]), row[0])
    ):
        day = timezone.localdate(as_datetime(completed_at))
        training.append(
            TrainingRecord(
                ref=f"module-completion:{pk}",
                event_key=f"module:{module_id or f'completion-{pk}'}",
                date=day,
                hours=hours,
                modality=modality,
                domain_hours=domains.get(pk, ()),
                topic_hours=topics.get(pk, ()),
                title=title,
                # Each credit's modality (live sessions attended, online lessons); none on
                # completions recorded before credits were kept: all theirs are ``modality``.
                modality_hours=credits.get(pk, ()),
            )
        )
        if module_id is not None:
            modules.append(
                ModuleRecord(
                    ref=f"module-completion:{pk}", module_key=str(module_id), date=day, title=title
                )
            )
    return training, modules


def _external_training(rows: dict) -> list[TrainingRecord]:
    """Verified training taken elsewhere; the event key comes from provider, title and date
    (``external_event_key``), so one event entered twice earns one credit."""
    domains = _split(rows["training_domains"])
    topics = _split(rows["training_topics"])
    return [
        TrainingRecord(
            ref=f"external-training:{pk}",
            event_key=event_key,
            date=as_date(day),
            hours=hours,
            modality=modality,
            domain_hours=domains.get(pk, ()),
            topic_hours=topics.get(pk, ()),
            title=title,
        )
        for pk, event_key, day, hours, modality, title in sorted(
            rows["external"], key=lambda row: (as_date(row[2]), row[0])
        )
    ]


def records_from_rows(rows: dict) -> PersonRecords:
    """The engine's records from ``record_rows``."""
    training, modules = _module_training(rows)
    agreements = _agreements(
        rows["agreements"],
        *(row[6] for row in rows["practice"]),
        *(row[4] for row in rows["supervision"]),
    )
    return PersonRecords(
        training=[*training, *_external_training(rows)],
        practice=_practice(rows["practice"], agreements),
        supervision=_supervision(rows["supervision"], rows["session_domains"], agreements),
        modules=modules,
        assessments=[
            AssessmentRecord(
                ref=f"assessment-attempt:{pk}",
                module_key=str(module_id),
                date=timezone.localdate(as_datetime(submitted_at)),
            )
            for pk, module_id, submitted_at in sorted(
                rows["assessments"], key=lambda row: (as_datetime(row[2]), row[0])
            )
        ],
        exams=[
            ExamRecord(ref=f"exam:{pk}", exam_code=code, date=as_date(day), score=score)
            for pk, code, day, score in sorted(
                rows["exams"], key=lambda row: (as_date(row[2]), row[0])
            )
        ],
        attestations=[
            AttestationRecord(
                ref=f"attestation:{pk}", kind=kind, date=as_date(day), affirmed=affirmed
            )
            for pk, kind, day, affirmed in sorted(rows["attestations"], key=lambda row: row[0])
        ],
        # With their expiry and the day they were revoked, if they were.
        credentials=[
            HeldCredential(
                ref=f"issued-credential:{pk}",
                code=code,
                issued_on=as_date(issued_on),
                expires_on=as_date(expires_on),
                revoked_on=timezone.localdate(as_datetime(revoked_at)) if revoked_at else None,
            )
            for pk, code, issued_on, expires_on, revoked_at in sorted(
                rows["credentials"], key=lambda row: (as_date(row[2]), row[0])
            )
        ],
    )


# ------------------------------------------------------------------------------
# Together
# ------------------------------------------------------------------------------
def collect_records(person: User, as_of: datetime.date | None = None) -> PersonRecords:
    """Every record of ``person`` the engine may count on ``as_of`` (default: today): one
    statement on PostgreSQL, one query per kind of row elsewhere."""
    as_of = as_of or timezone.localdate()
    return records_from_rows(record_rows(person, as_of))


def evaluate_for_person(
    *,
    definition: CredentialDefinition,
    person: User,
    as_of: datetime.date | None = None,
    counting_from: datetime.date | None = None,
) -> Evaluation:
    """Judge a person's records against one stored definition (collect, then evaluate)."""
    as_of = as_of or timezone.localdate()
    return evaluate(
        definition.as_spec(),
        collect_records(person, as_of),
        as_of,
        counting_from=counting_from,
    )
