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
- exam results and attestations.

``as_of`` compares with the day a record is *dated* (the day the hours happened, the exam was
taken), not the day it was signed off: hours worked inside a renewal cycle and signed a few days
after it still belong to that cycle. What was known on a given day is kept by freezing the
evaluation (``Evaluation.as_dict()``) in the application that used it.

Seams: sources that do not exist on this branch yet return nothing (no made-up data). Each says
what it will read; fill them in when the models land:

- ``module_training`` / ``completed_modules`` / ``passed_assessments``: lms.ModuleCompletion and
  AssessmentAttempt (branch ``learning``);
- ``external_training``: verified ExternalTraining (issue 6, item 4);
- ``held_credentials``: IssuedCredential (issue 6, item 7).
"""

import datetime
from collections.abc import Iterable

from django.utils import timezone

from lms.models import User

from .credential_models import Attestation, CredentialDefinition, ExamResult
from .models import PracticeLogEntry, SessionAttendance
from .rules import (
    AssessmentRecord,
    AttestationRecord,
    Evaluation,
    ExamRecord,
    HeldCredential,
    ModuleRecord,
    PersonRecords,
    PracticeRecord,
    SupervisionRecord,
    TrainingRecord,
    evaluate,
)


# ------------------------------------------------------------------------------
# Sources that exist on this branch
# ------------------------------------------------------------------------------
def practice_records(person: User, as_of: datetime.date) -> list[PracticeRecord]:
    """Approved practice hours that count: one query."""
    entries = (
        PracticeLogEntry.objects.counted()
        .filter(trainee=person, date__lte=as_of)
        .select_related("domain", "agreement__supervisor")
        .order_by("date", "pk")
    )
    return [
        PracticeRecord(
            ref=f"practice:{entry.pk}",
            date=entry.date,
            hours=entry.duration_hours,
            domain=(entry.domain.framework, entry.domain.slug),
            modality=entry.modality,
            organization_id=entry.agreement.organization_id,
        )
        for entry in entries
        # The supervision rule, reused: hours outside the signed agreement never count.
        if entry.agreement.reason_not_covering(entry.date) is None
    ]


def supervision_records(person: User, as_of: datetime.date) -> list[SupervisionRecord]:
    """Supervision sessions the person confirmed: two queries (attendances, then domains)."""
    attendances = (
        SessionAttendance.objects.filter(
            trainee=person, confirmed_at__isnull=False, session__date__lte=as_of
        )
        .select_related("session", "agreement__supervisor")
        .prefetch_related("session__domains")
        .order_by("session__date", "pk")
    )
    return [
        SupervisionRecord(
            ref=f"session:{attendance.session_id}",
            date=attendance.session.date,
            hours=attendance.session.duration_hours,
            domains=frozenset(
                (domain.framework, domain.slug) for domain in attendance.session.domains.all()
            ),
            modality=attendance.session.modality,
            organization_id=attendance.agreement.organization_id,
        )
        for attendance in attendances
        if attendance.agreement.reason_not_covering(attendance.session.date) is None
    ]


def exam_records(person: User, as_of: datetime.date) -> list[ExamRecord]:
    results = ExamResult.objects.filter(person=person, taken_on__lte=as_of).order_by(
        "taken_on", "pk"
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
    attestations = Attestation.objects.filter(person=person, attested_on__lte=as_of).only(
        "pk", "kind", "attested_on", "affirmed"
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
# Seams: sources built elsewhere (see the module docstring)
# ------------------------------------------------------------------------------
def module_training(person: User, as_of: datetime.date) -> Iterable[TrainingRecord]:
    """Training hours from modules completed on PeerPath. Not on this branch yet.

    Will read lms.ModuleCompletion (branch ``learning``) with its frozen hour snapshot, one
    record per completion: ref ``module-completion:<pk>``, event_key ``module:<module page id>``
    (the same training is credited once), date = local date of ``completed_at``,
    hours = ``contact_hours``, modality, domain_hours from CompletionDomainHours as
    ``{(framework, domain slug): hours}``, topic_hours from the topic snapshot.
    """
    return ()


def external_training(person: User, as_of: datetime.date) -> Iterable[TrainingRecord]:
    """Verified training taken elsewhere (issue 6, item 4). Not built yet.

    Will read ExternalTraining rows staff verified by the end of ``as_of``: ref
    ``external-training:<pk>``; event_key from provider, title and date (so one event entered
    twice, or also completed here, earns one credit); its hours, modality and splits.
    """
    return ()


def completed_modules(person: User, as_of: datetime.date) -> Iterable[ModuleRecord]:
    """Modules completed (lms.ModuleCompletion, branch ``learning``): module_key is the module
    page's id. Not on this branch yet."""
    return ()


def passed_assessments(person: User, as_of: datetime.date) -> Iterable[AssessmentRecord]:
    """Module assessments passed (lms.AssessmentAttempt at or above its pass mark, branch
    ``learning``): module_key is the module page's id. Not on this branch yet."""
    return ()


def held_credentials(person: User, as_of: datetime.date) -> Iterable[HeldCredential]:
    """Credentials the person holds (IssuedCredential, issue 6 item 7), with issue, expiry and
    revocation dates. Not built yet."""
    return ()


# ------------------------------------------------------------------------------
# Together
# ------------------------------------------------------------------------------
def collect_records(person: User, as_of: datetime.date | None = None) -> PersonRecords:
    """Every record of ``person`` the engine may count on ``as_of`` (default: today)."""
    as_of = as_of or timezone.localdate()
    return PersonRecords(
        training=[*module_training(person, as_of), *external_training(person, as_of)],
        practice=practice_records(person, as_of),
        supervision=supervision_records(person, as_of),
        modules=completed_modules(person, as_of),
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
