"""A copy of everything PeerPath holds about one person: a zip of JSON files and PDFs.

Each kind of record is one JSON file (``KINDS``), read by the person's own foreign key, never
through anyone else's records. What would speak about another person is left out: other
people appear by id only (and by name where the record is about the two of them, such as the
supervisor of an agreement); notes of a group supervision session stay with the supervisor;
audit events the person made on someone else's records list only what was done and when.
Secrets are left out too: password hashes, token and code digests, two-factor secrets.
"""

from __future__ import annotations

import datetime
import io
import json
import zipfile
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from certification.audit import snapshot
from certification.credentials.evidence import Attestation, ExamResult
from certification.external_training.models import ExternalTraining
from certification.issuance.documents import (
    CERTIFICATE_PDF_TEMPLATE,
    IssuedDocument,
    certificate_pdf_context,
)
from certification.issuance.models import CredentialApplication, CredentialStatus, IssuedCredential
from certification.models import AuditEvent, Notice
from certification.privacy.models import DataExport, ExportStatus
from certification.supervision.documents import HOURS_LOG_PDF_TEMPLATE, hours_log_pdf_context
from certification.supervision.models import (
    PracticeLogEntry,
    SessionAttendance,
    SupervisionAgreement,
)
from lms.accounts.models import (
    JoinRequest,
    Membership,
    PersonalAccessToken,
    SelfDescription,
    SignInCode,
    User,
)
from lms.learning.models import (
    AssessmentAttempt,
    Enrollment,
    LearningPreference,
    LessonProgress,
    ModuleCompletion,
    ReflectionDraft,
    TranscriptIssue,
)
from lms.learning.transcript import TRANSCRIPT_PDF_TEMPLATE, transcript_pdf_context
from lms.live_training.models import LiveAttendance, LiveRegistration
from lms.pdf import render_pdf

PROFILE_FIELDS = (
    "id",
    "email",
    "display_name",
    "preferred_language",
    "badge_did",
    "date_joined",
    "last_login",
    "is_active",
)


def _rows(queryset, *, exclude: tuple[str, ...] = ()) -> list[dict]:
    return [snapshot(row, exclude=exclude) for row in queryset]


def _owned(model, owner: str, *, exclude: tuple[str, ...] = ()) -> Callable[[User], list[dict]]:
    """A kind read straight from one model by its owner field, oldest first."""
    return lambda person: _rows(
        model.objects.filter(**{owner: person}).order_by("pk"), exclude=exclude
    )


def _profile(person: User) -> dict:
    data = snapshot(person)
    profile = {name: data.get(name) for name in PROFILE_FIELDS}
    from allauth.account.models import EmailAddress

    profile["email_addresses"] = [
        {"email": address.email, "verified": address.verified, "primary": address.primary}
        for address in EmailAddress.objects.filter(user=person).order_by("pk")
    ]
    return profile


def _memberships(person: User) -> list[dict]:
    rows = []
    for membership in Membership.objects.filter(user=person).select_related("organization"):
        row = snapshot(membership)
        row["organization_name"] = membership.organization.name
        rows.append(row)
    return rows


def _completions(person: User) -> list[dict]:
    rows = []
    completions = ModuleCompletion.objects.filter(user=person).prefetch_related(
        "domain_hours", "topic_hours", "credits"
    )
    for completion in completions.order_by("completed_at", "pk"):
        row = snapshot(completion)
        row["domain_hours"] = _rows(completion.domain_hours.all())
        row["topic_hours"] = _rows(completion.topic_hours.all())
        row["credit_by_modality"] = _rows(completion.credits.all())
        rows.append(row)
    return rows


def _agreements(person: User) -> list[dict]:
    rows = []
    agreements = SupervisionAgreement.objects.filter(trainee=person).select_related("supervisor")
    for agreement in agreements.order_by("pk"):
        row = snapshot(agreement)
        row["supervisor_name"] = agreement.supervisor.display_name
        rows.append(row)
    return rows


def _supervision_sessions(person: User) -> list[dict]:
    rows = []
    attendances = (
        SessionAttendance.objects.filter(trainee=person)
        .select_related("session__supervisor")
        .prefetch_related("session__domains")
        .annotate(attendee_count=Count("session__attendances"))
        .order_by("session__date", "pk")
    )
    for attendance in attendances:
        session = attendance.session
        row = snapshot(attendance)
        row["session"] = {
            "date": session.date.isoformat(),
            "duration_hours": str(session.duration_hours),
            "format": session.format,
            "modality": session.modality,
            "supervisor_name": session.supervisor.display_name,
            "domains": [domain.name for domain in session.domains.all()],
            # A group session's notes may speak of the others present.
            "notes": session.notes if attendance.attendee_count == 1 else None,
        }
        rows.append(row)
    return rows


def _live_training(person: User) -> dict:
    return {
        "registrations": _rows(LiveRegistration.objects.filter(trainee=person).order_by("pk")),
        "attendance": _rows(LiveAttendance.objects.filter(trainee=person).order_by("pk")),
    }


def _audit_events(person: User) -> list[dict]:
    """Events about the person's own records in full; events they made on other people's
    records as what, when and on which kind of record only."""
    own = {(User._meta.label_lower, str(person.pk))}
    for model, field in OWN_AUDITED_RECORDS:
        label = model._meta.label_lower
        own.update(
            (label, str(pk))
            for pk in model.objects.filter(**{field: person}).values_list("pk", flat=True)
        )
    own_targets = Q(actor=person)
    for label in {label for label, _pk in own}:
        own_targets |= Q(target_type=label, target_id__in=[pk for kind, pk in own if kind == label])
    rows = []
    for event in AuditEvent.objects.filter(own_targets).order_by("pk"):
        row = {
            "id": event.pk,
            "occurred_at": event.occurred_at.isoformat(),
            "action": event.action,
            "target_type": event.target_type,
            "target_id": event.target_id,
            "by_you": event.actor_id == person.pk,
            "hash": event.hash,
        }
        if (event.target_type, event.target_id) in own:
            row["before"] = event.before
            row["after"] = event.after
        rows.append(row)
    return rows


# Records of the person's own whose audit events they receive in full: (model, owner field).
OWN_AUDITED_RECORDS = (
    (PracticeLogEntry, "trainee"),
    (SupervisionAgreement, "trainee"),
    (SessionAttendance, "trainee"),
    (CredentialApplication, "applicant"),
    (IssuedCredential, "holder"),
    (ExamResult, "person"),
    (Attestation, "person"),
    (ExternalTraining, "person"),
    (LiveAttendance, "trainee"),
)


@dataclass(frozen=True)
class Kind:
    filename: str
    read: Callable[[User], object]


KINDS: tuple[Kind, ...] = (
    Kind("profile.json", _profile),
    Kind("memberships.json", _memberships),
    Kind(
        "join_requests.json",
        _owned(JoinRequest, "user"),
    ),
    Kind("enrolments.json", _owned(Enrollment, "user")),
    Kind(
        "lesson_progress.json",
        _owned(LessonProgress, "user"),
    ),
    Kind(
        "reflections.json",
        _owned(ReflectionDraft, "user"),
    ),
    Kind(
        "assessment_attempts.json",
        _owned(AssessmentAttempt, "user"),
    ),
    Kind("module_completions.json", _completions),
    Kind(
        "learning_preferences.json",
        _owned(LearningPreference, "user"),
    ),
    Kind("about_you.json", _owned(SelfDescription, "user")),
    Kind(
        "practice_entries.json",
        _owned(PracticeLogEntry, "trainee"),
    ),
    Kind("supervision_agreements.json", _agreements),
    Kind("supervision_sessions.json", _supervision_sessions),
    Kind("live_training.json", _live_training),
    Kind(
        "training_elsewhere.json",
        _owned(ExternalTraining, "person"),
    ),
    Kind(
        "exam_results.json",
        _owned(ExamResult, "person"),
    ),
    Kind(
        "attestations.json",
        _owned(Attestation, "person"),
    ),
    Kind(
        "credential_applications.json",
        _owned(CredentialApplication, "applicant"),
    ),
    Kind(
        "credentials.json",
        _owned(IssuedCredential, "holder"),
    ),
    Kind(
        "documents.json",
        lambda person: {
            "transcripts": _rows(TranscriptIssue.objects.filter(user=person).order_by("pk")),
            "other_documents": _rows(IssuedDocument.objects.filter(person=person).order_by("pk")),
        },
    ),
    Kind(
        "notices.json",
        _owned(Notice, "recipient"),
    ),
    Kind(
        "access_tokens.json",
        _owned(PersonalAccessToken, "user", exclude=("digest",)),
    ),
    Kind(
        "sign_in_codes.json",
        _owned(SignInCode, "user", exclude=("code_digest",)),
    ),
    Kind("audit_events.json", _audit_events),
)


def _pdfs(person: User) -> list[tuple[str, Callable[[], bytes]]]:
    """The printable documents a person has: (file name, how to render it)."""
    language = person.preferred_language or "en"
    documents = []
    if ModuleCompletion.objects.filter(user=person).exists():
        documents.append(
            (
                "transcript.pdf",
                lambda: render_pdf(
                    template=TRANSCRIPT_PDF_TEMPLATE,
                    context=transcript_pdf_context(user=person),
                    language=language,
                ),
            )
        )
    if PracticeLogEntry.objects.filter(trainee=person).exists():
        documents.append(
            (
                "supervised-hours-log.pdf",
                lambda: render_pdf(
                    template=HOURS_LOG_PDF_TEMPLATE,
                    context=hours_log_pdf_context(trainee=person),
                    language=language,
                ),
            )
        )
    credentials = (
        IssuedCredential.objects.filter(holder=person)
        .exclude(status=CredentialStatus.REVOKED)
        .select_related("definition", "issuer_organization", "application__organization")
        .order_by("pk")
    )
    for credential in credentials:
        documents.append(
            (
                f"certificate-{credential.number}.pdf",
                lambda credential=credential: render_pdf(
                    template=CERTIFICATE_PDF_TEMPLATE,
                    context=certificate_pdf_context(credential=credential),
                    language=language,
                ),
            )
        )
    return documents


def _readme(person: User, made_at) -> str:
    with translation.override(person.preferred_language or "en"):
        return "\n".join(
            [
                _("Your data from PeerPath"),
                "",
                _("Made on %(date)s.") % {"date": made_at.date().isoformat()},
                _(
                    "Each JSON file holds one kind of record about you; the PDF files are your "
                    "documents (transcript, supervised-hours log, certificates)."
                ),
                _(
                    "Other people appear only by a number, or by name where a record is about "
                    "the two of you (your supervisor on an agreement)."
                ),
                "",
            ]
        )


def build_archive(person: User, *, progress: Callable[[int], None] | None = None) -> bytes:
    """The zip, in memory (a person's records are small). ``progress`` hears 0-100."""
    made_at = timezone.now()
    documents = _pdfs(person)
    steps = len(KINDS) + len(documents)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("README.txt", _readme(person, made_at))
        for done, kind in enumerate(KINDS, start=1):
            data = json.dumps(kind.read(person), ensure_ascii=False, indent=2, default=str)
            archive.writestr(kind.filename, data)
            if progress:
                progress(int(done * 100 / steps))
        for done, (filename, render) in enumerate(documents, start=len(KINDS) + 1):
            archive.writestr(f"documents/{filename}", render())
            if progress:
                progress(min(99, int(done * 100 / steps)))
    return buffer.getvalue()


# ------------------------------------------------------------------------------
# Building one copy (the task in certification/privacy/tasks.py calls these)
# ------------------------------------------------------------------------------
def export_build(*, export_id: int) -> DataExport | None:
    """Build one copy (idempotent: a ready or failed copy is left as it is)."""
    export = DataExport.objects.select_related("person").filter(pk=export_id).first()
    if export is None or not export.is_pending:
        return export
    DataExport.objects.filter(pk=export.pk).update(status=ExportStatus.BUILDING, progress=1)

    def progress(percent: int) -> None:
        DataExport.objects.filter(pk=export.pk).update(progress=percent)

    archive = build_archive(export.person, progress=progress)
    with transaction.atomic():
        export = DataExport.objects.select_for_update().get(pk=export.pk)
        if not export.is_pending:
            return export
        export.file.save("peerpath-data.zip", ContentFile(archive), save=False)
        now = timezone.now()
        export.status = ExportStatus.READY
        export.progress = 100
        export.size_bytes = len(archive)
        export.finished_at = now
        export.expires_at = now + datetime.timedelta(
            days=settings.PEERPATH_RETENTION["data_exports_days"]
        )
        export.save(
            update_fields=["file", "status", "progress", "size_bytes", "finished_at", "expires_at"]
        )
    return export


def export_failed(*, export_id: int) -> None:
    DataExport.objects.filter(
        pk=export_id, status__in=(ExportStatus.QUEUED, ExportStatus.BUILDING)
    ).update(status=ExportStatus.FAILED)
