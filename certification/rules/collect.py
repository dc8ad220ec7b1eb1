"""Collect one person's records from the database as the rules engine's plain dataclasses.

``collect_records(person, as_of)`` reads each source with one function, in a fixed number of
queries whatever the number of records, and ``evaluate_for_person`` feeds the result to the pure
``rules.evaluate``. Everything the person earned counts, in any organisation (see rules.py);
only records that count are returned:

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
- credentials held: IssuedCredential (issued here), with expiry and revocation.

``as_of`` compares with the day a record is *dated* (the day the hours happened, the exam was
taken), not the day it was signed off: hours worked inside a renewal cycle and signed a few days
after it still belong to that cycle. What was known on a given day is kept by freezing the
evaluation (``Evaluation.as_dict()``) in the application that used it.

- training taken elsewhere: ExternalTraining staff verified (``external_training``).
"""

import datetime

from django.db.models import Prefetch
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

# ------------------------------------------------------------------------------
# Sources that exist on this branch
# ------------------------------------------------------------------------------
# What an agreement's coverage rule reads (SupervisionAgreement.covers): the records are read as
# narrow rows carrying these, and each distinct agreement is judged by the model's own rule.
_COVERAGE_FIELDS = (*COVERAGE_SIGNATURES, *(name for name, _lookup in COVERAGE_BOUNDS))
_AGREEMENT_COLUMNS = ("agreement_id", "agreement__organization_id") + tuple(
    f"agreement__{name}" for name in _COVERAGE_FIELDS
)


def _coverage(agreements: dict, row: tuple, start: int) -> SupervisionAgreement:
    """The agreement of a narrow row whose agreement columns begin at ``start``."""
    agreement = agreements.get(row[start])
    if agreement is None:
        values = dict(zip(_COVERAGE_FIELDS, row[start + 2 :], strict=True))
        agreement = SupervisionAgreement(pk=row[start], organization_id=row[start + 1], **values)
        agreements[row[start]] = agreement
    return agreement


def practice_records(person: User, as_of: datetime.date) -> list[PracticeRecord]:
    """Approved practice hours that count: one query, narrow rows (no model per entry)."""
    rows = (
        PracticeLogEntry.objects.counted()
        .filter(trainee=person, date__lte=as_of)
        .order_by("date", "pk")
        .values_list(
            "pk",
            "date",
            "duration_hours",
            "domain__framework",
            "domain__slug",
            "modality",
            *_AGREEMENT_COLUMNS,
        )
    )
    agreements: dict[int, SupervisionAgreement] = {}
    records = []
    for row in rows:
        agreement = _coverage(agreements, row, 6)
        # The supervision rule, reused: hours outside the signed agreement never count.
        if agreement.covers(row[1]):
            records.append(
                PracticeRecord(
                    ref=f"practice:{row[0]}",
                    date=row[1],
                    hours=row[2],
                    domain=(row[3], row[4]),
                    modality=row[5],
                    organization_id=agreement.organization_id,
                )
            )
    return records


def supervision_records(person: User, as_of: datetime.date) -> list[SupervisionRecord]:
    """Supervision sessions the person confirmed: two queries (narrow attendance rows, then the
    sessions' domains)."""
    rows = list(
        SessionAttendance.objects.filter(
            trainee=person, confirmed_at__isnull=False, session__date__lte=as_of
        )
        .order_by("session__date", "pk")
        .values_list(
            "session_id",
            "session__date",
            "session__duration_hours",
            "session__modality",
            *_AGREEMENT_COLUMNS,
        )
    )
    domains: dict[int, set] = {row[0]: set() for row in rows}
    if domains:
        for session_id, framework, slug in SupervisionSession.domains.through.objects.filter(
            supervisionsession_id__in=list(domains)
        ).values_list(
            "supervisionsession_id", "competencydomain__framework", "competencydomain__slug"
        ):
            domains[session_id].add((framework, slug))
    agreements: dict[int, SupervisionAgreement] = {}
    records = []
    for row in rows:
        agreement = _coverage(agreements, row, 4)
        if agreement.covers(row[1]):
            records.append(
                SupervisionRecord(
                    ref=f"session:{row[0]}",
                    date=row[1],
                    hours=row[2],
                    domains=frozenset(domains[row[0]]),
                    modality=row[3],
                    organization_id=agreement.organization_id,
                )
            )
    return records


def exam_records(person: User, as_of: datetime.date) -> list[ExamRecord]:
    results = (
        ExamResult.objects.counting()
        .filter(person=person, taken_on__lte=as_of)
        .order_by("taken_on", "pk")
    )
    return [
        ExamRecord(
            ref=f"exam:{result.pk}",
            exam_code=result.exam_code,
            date=result.taken_on,
            score=result.score,
        )
        for result in results
    ]


def attestation_records(person: User, as_of: datetime.date) -> list[AttestationRecord]:
    attestations = (
        Attestation.objects.counting(as_of)
        .filter(person=person)
        .only("pk", "kind", "attested_on", "affirmed")
    )
    return [
        AttestationRecord(
            ref=f"attestation:{attestation.pk}",
            kind=attestation.kind,
            date=attestation.attested_on,
            affirmed=attestation.affirmed,
        )
        for attestation in attestations
    ]


# ------------------------------------------------------------------------------
# Learning on PeerPath (lms.ModuleCompletion, lms.AssessmentAttempt)
# ------------------------------------------------------------------------------
def _completions(person: User, as_of: datetime.date) -> list[ModuleCompletion]:
    """Completions dated on or before ``as_of``, with their hour snapshots: four queries.

    The hours are the snapshot frozen at completion, so later edits to a module never change
    what a person earned. ``completed_at`` is compared as a local date, like every record.
    """
    end = timezone.make_aware(
        datetime.datetime.combine(as_of + datetime.timedelta(days=1), datetime.time.min)
    )
    return list(
        ModuleCompletion.objects.filter(user=person, completed_at__lt=end)
        .prefetch_related(
            Prefetch(
                "domain_hours",
                queryset=CompletionDomainHours.objects.select_related("domain").only(
                    "completion_id", "hours", "domain__framework", "domain__slug"
                ),
            ),
            Prefetch(
                "topic_hours",
                queryset=CompletionTopicHours.objects.select_related("topic").only(
                    "completion_id", "hours", "topic__slug"
                ),
            ),
            Prefetch(
                "credits",
                queryset=CompletionCredit.objects.only("completion_id", "modality", "hours"),
            ),
        )
        .order_by("completed_at", "pk")
    )


def _modality_hours(completion: ModuleCompletion) -> list[tuple[str, object]]:
    """Each credit's modality (live sessions attended, online lessons); none on completions
    recorded before credits were kept, whose hours are all ``completion.modality``."""
    return [(credit.modality, credit.hours) for credit in completion.credits.all()]


def module_training(
    person: User, as_of: datetime.date, completions: list[ModuleCompletion] | None = None
) -> list[TrainingRecord]:
    """Training hours from modules completed on PeerPath, one record per completion.

    The event key is the module page, so the same module (or an external certificate for the
    same event, later) earns one credit.
    """
    if completions is None:
        completions = _completions(person, as_of)
    return [
        TrainingRecord(
            ref=f"module-completion:{completion.pk}",
            event_key=f"module:{completion.module_id or f'completion-{completion.pk}'}",
            date=timezone.localdate(completion.completed_at),
            hours=completion.contact_hours,
            modality=completion.modality,
            domain_hours=[
                ((row.domain.framework, row.domain.slug), row.hours)
                for row in completion.domain_hours.all()
            ],
            topic_hours=[(row.topic.slug, row.hours) for row in completion.topic_hours.all()],
            title=completion.module_title,
            modality_hours=_modality_hours(completion),
        )
        for completion in completions
    ]


def completed_modules(
    person: User, as_of: datetime.date, completions: list[ModuleCompletion] | None = None
) -> list[ModuleRecord]:
    """Modules completed; ``module_key`` is the module page's id (a deleted page no longer
    matches any requirement, but its hours stay in ``module_training``)."""
    if completions is None:
        completions = _completions(person, as_of)
    return [
        ModuleRecord(
            ref=f"module-completion:{completion.pk}",
            module_key=str(completion.module_id),
            date=timezone.localdate(completion.completed_at),
            title=completion.module_title,
        )
        for completion in completions
        if completion.module_id is not None
    ]


def passed_assessments(person: User, as_of: datetime.date) -> list[AssessmentRecord]:
    """Module assessments passed, dated by submission: one query."""
    end = timezone.make_aware(
        datetime.datetime.combine(as_of + datetime.timedelta(days=1), datetime.time.min)
    )
    attempts = (
        AssessmentAttempt.objects.filter(
            user=person, passed=True, submitted_at__isnull=False, submitted_at__lt=end
        )
        .only("pk", "module_id", "submitted_at")
        .order_by("submitted_at", "pk")
    )
    return [
        AssessmentRecord(
            ref=f"assessment-attempt:{attempt.pk}",
            module_key=str(attempt.module_id),
            date=timezone.localdate(attempt.submitted_at),
        )
        for attempt in attempts
    ]


# ------------------------------------------------------------------------------
# Training taken elsewhere, and credentials held
# ------------------------------------------------------------------------------
def external_training(person: User, as_of: datetime.date) -> list[TrainingRecord]:
    """Verified training taken elsewhere, dated on or before ``as_of``: three queries.

    Only records staff verified count; waiting or declined ones never do. The event key comes
    from provider, title and date (``external_event_key``), so one event entered twice earns
    one credit.
    """
    trainings = (
        ExternalTraining.objects.filter(
            person=person, status=ExternalTrainingStatus.VERIFIED, date__lte=as_of
        )
        .prefetch_related(
            Prefetch(
                "domain_hours",
                queryset=ExternalTrainingDomainHours.objects.select_related("domain").only(
                    "training_id", "hours", "domain__framework", "domain__slug"
                ),
            ),
            Prefetch(
                "topic_hours",
                queryset=ExternalTrainingTopicHours.objects.select_related("topic").only(
                    "training_id", "hours", "topic__slug"
                ),
            ),
        )
        .order_by("date", "pk")
    )
    return [
        TrainingRecord(
            ref=f"external-training:{training.pk}",
            event_key=training.event_key,
            date=training.date,
            hours=training.hours,
            modality=training.modality,
            domain_hours=[
                ((row.domain.framework, row.domain.slug), row.hours)
                for row in training.domain_hours.all()
            ],
            topic_hours=[(row.topic.slug, row.hours) for row in training.topic_hours.all()],
            title=training.title,
        )
        for training in trainings
    ]


def held_credentials(person: User, as_of: datetime.date) -> list[HeldCredential]:
    """Credentials PeerPath issued to the person by ``as_of``, with their expiry and the day
    they were revoked, if they were: one query."""
    credentials = (
        IssuedCredential.objects.filter(holder=person, issued_on__lte=as_of)
        .select_related("definition")
        .only("pk", "issued_on", "expires_on", "revoked_at", "definition__code")
        .order_by("issued_on", "pk")
    )
    return [
        HeldCredential(
            ref=f"issued-credential:{credential.pk}",
            code=credential.definition.code,
            issued_on=credential.issued_on,
            expires_on=credential.expires_on,
            revoked_on=timezone.localdate(credential.revoked_at) if credential.revoked_at else None,
        )
        for credential in credentials
    ]


# ------------------------------------------------------------------------------
# Together
# ------------------------------------------------------------------------------
def collect_records(person: User, as_of: datetime.date | None = None) -> PersonRecords:
    """Every record of ``person`` the engine may count on ``as_of`` (default: today)."""
    as_of = as_of or timezone.localdate()
    completions = _completions(person, as_of)
    return PersonRecords(
        training=[
            *module_training(person, as_of, completions),
            *external_training(person, as_of),
        ],
        practice=practice_records(person, as_of),
        supervision=supervision_records(person, as_of),
        modules=completed_modules(person, as_of, completions),
        assessments=passed_assessments(person, as_of),
        exams=exam_records(person, as_of),
        attestations=attestation_records(person, as_of),
        credentials=held_credentials(person, as_of),
    )


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
