"""Supervised practice: agreements, hour logs, supervision sessions and the audit trail.

Credential boards accept practice hours only when they are signed, dated and unaltered, so:

- hours count only inside a supervision agreement both sides have signed (and never before the
  later of the two signatures);
- a signed (approved) entry never changes: the service refuses, and on PostgreSQL and SQLite a
  database trigger refuses too (see migration 0002); a correction is a new entry pointing at
  the old one;
- every change writes an AuditEvent whose hash chains to the previous one (see audit.py).

Writes go through services.py; this module holds data, invariants and small properties."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

# ------------------------------------------------------------------------------
# Audit trail
# ------------------------------------------------------------------------------
AUDIT_ACTION_LABELS = {
    "agreement.create": _("Agreement prepared"),
    "agreement.seed": _("Demo agreement created"),
    "agreement.sign": _("Agreement signed"),
    "practice.create": _("Hours logged"),
    "practice.edit": _("Entry changed"),
    "practice.submit": _("Sent for sign-off"),
    "practice.approve": _("Signed off"),
    "practice.return": _("Returned for changes"),
    "practice.reject": _("Not accepted"),
    "session.create": _("Supervision session recorded"),
    "session.confirm": _("Presence confirmed"),
    "credential.freeze": _("Credential version put in use"),
    "credential.new_version": _("Credential version created"),
    "credential.apply": _("Applied for a credential"),
    "credential.approve": _("Application approved"),
    "credential.deny": _("Application not approved"),
    "credential.issue": _("Credential issued"),
    "credential.revoke": _("Credential revoked"),
    "credential.expire": _("Credential expired"),
    "ethics.publish": _("Code of ethics published"),
    "exam.record": _("Exam result recorded"),
    "exam.submit": _("Exam score report sent"),
    "exam.verify": _("Exam result verified"),
    "exam.decline": _("Exam result not accepted"),
    "attestation.sign": _("Attestation signed"),
    "credential.endorse": _("Application endorsed"),
    "credential.record": _("Board decision recorded"),
    "organization.certificate": _("Certificate details changed"),
    "qualification.submit": _("Supervisor's credential added"),
    "qualification.verify": _("Supervisor's credential verified"),
    "qualification.decline": _("Supervisor's credential not accepted"),
    "load_data.build": _("Benchmark data generated"),
    "sign_in_code.issue": _("Sign-in code issued"),
    "sign_in_code.redeem": _("Signed in with a code"),
    "sign_in_code.refuse": _("Sign-in code refused"),
    "privacy.export": _("Copy of a person's data asked for"),
    "privacy.export_download": _("Copy of a person's data downloaded"),
    "account.close_request": _("Account closure asked for"),
    "account.close_cancel": _("Account closure cancelled"),
    "account.close": _("Account closed (pseudonymised)"),
    "report.export": _("Report export asked for"),
    "report.export_download": _("Report export downloaded"),
}


class AuditEvent(models.Model):
    """One change to a record that matters, chained by hash to the event before it.

    Rows are only ever inserted (see audit.py and the database trigger in migration 0002).
    Editing or deleting a row breaks the chain, and `verify_audit_chain` names where.
    """

    occurred_at = models.DateTimeField()
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    actor_name = models.CharField(max_length=150, blank=True)
    action = models.CharField(max_length=60)
    target_type = models.CharField(max_length=100)
    target_id = models.CharField(max_length=40)
    before = models.JSONField(null=True, blank=True)
    after = models.JSONField(null=True, blank=True)
    previous_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64, unique=True)

    class Meta:
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        ordering = ["pk"]
        indexes = [models.Index(fields=["target_type", "target_id"])]

    def __str__(self) -> str:
        return f"#{self.pk} {self.action} {self.target_type}:{self.target_id}"

    @property
    def actor_label(self) -> str:
        """Who did it, as their record names them now (events before names left the chain
        carry it in ``actor_name``); nobody means PeerPath itself."""
        if self.actor_id is not None:
            return self.actor.display_name
        return self.actor_name or "PeerPath"

    @property
    def action_label(self) -> str:
        return str(AUDIT_ACTION_LABELS.get(self.action, self.action))


class AuditChainHead(models.Model):
    """The single row that holds the chain's latest hash.

    Appending locks this row (SELECT ... FOR UPDATE), so concurrent writers take turns and
    the chain never forks.
    """

    last_event_id = models.BigIntegerField(default=0)
    last_hash = models.CharField(max_length=64)

    class Meta:
        verbose_name = _("audit chain head")

    def __str__(self) -> str:
        return f"#{self.last_event_id} {self.last_hash[:12]}"


# ------------------------------------------------------------------------------
# In-app notices (email is sent alongside by tasks.py)
# ------------------------------------------------------------------------------
class Notice(models.Model):
    """A message for one person, shown in the app and (when they have an address) emailed.

    `key` makes sending idempotent: a retried or duplicated task finds the notice it already
    wrote, and `emailed_at` says whether the email went out.
    """

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notices"
    )
    key = models.CharField(max_length=120, unique=True)
    subject = models.CharField(max_length=200)
    body = models.TextField()
    link = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("notice")
        verbose_name_plural = _("notices")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["recipient", "read_at"])]

    def __str__(self) -> str:
        return self.subject


# Every model of the app, re-exported explicitly: Django, migrations and other apps
# import them from here.
from certification.credentials.evidence import (  # noqa: E402
    Attestation,
    CodeOfEthics,
    EvidenceStatus,
    ExamResult,
)
from certification.credentials.models import (  # noqa: E402
    FIELDS_BY_KIND,
    FROZEN_MESSAGE,
    OPTIONAL_FIELDS,
    CredentialDefinition,
    CredentialDefinitionQuerySet,
    CredentialRequirement,
    DefinitionStatus,
    FrozenDefinitionError,
    RequirementPurpose,
)
from certification.external_training.models import (  # noqa: E402
    CERTIFICATE_EXTENSIONS,
    CERTIFICATE_MAX_BYTES,
    ExternalTraining,
    ExternalTrainingDomainHours,
    ExternalTrainingStatus,
    ExternalTrainingTopicHours,
    external_event_key,
)
from certification.issuance.documents import (  # noqa: E402
    DocumentKind,
    IssuedDocument,
)
from certification.issuance.models import (  # noqa: E402
    ApplicationStatus,
    CredentialApplication,
    CredentialStatus,
    IssuedCredential,
    PacketStatus,
)
from certification.privacy.models import (  # noqa: E402
    AccountClosure,
    DataExport,
    ExportStatus,
)
from certification.reports.models import (  # noqa: E402
    MonthlySummary,
    ReportExport,
    ReportExportStatus,
)
from certification.supervision.models import (  # noqa: E402
    CLAIMED_STATUSES,
    EDITABLE_STATUSES,
    MAX_HOURS_PER_DAY,
    QUARTER_HOUR,
    ActivityType,
    EntryStatus,
    Modality,
    PracticeLogEntry,
    PracticeLogEntryQuerySet,
    PracticeSetting,
    PracticeTotal,
    SessionAttendance,
    SessionFormat,
    SupervisionAgreement,
    SupervisionAgreementQuerySet,
    SupervisionSession,
    check_hours,
    supervision_grace_days,
    validate_not_in_future,
    validate_quarter_hours,
)
from certification.supervision.qualifications import (  # noqa: E402
    QualificationKind,
    SupervisorQualification,
)

__all__ = [
    "AUDIT_ACTION_LABELS",
    "AccountClosure",
    "ActivityType",
    "ApplicationStatus",
    "Attestation",
    "AuditChainHead",
    "AuditEvent",
    "CERTIFICATE_EXTENSIONS",
    "CERTIFICATE_MAX_BYTES",
    "CLAIMED_STATUSES",
    "CodeOfEthics",
    "CredentialApplication",
    "CredentialDefinition",
    "CredentialDefinitionQuerySet",
    "CredentialRequirement",
    "CredentialStatus",
    "DataExport",
    "DefinitionStatus",
    "EDITABLE_STATUSES",
    "EntryStatus",
    "DocumentKind",
    "EvidenceStatus",
    "ExportStatus",
    "QualificationKind",
    "SupervisorQualification",
    "ExamResult",
    "ExternalTraining",
    "ExternalTrainingDomainHours",
    "ExternalTrainingStatus",
    "ExternalTrainingTopicHours",
    "FIELDS_BY_KIND",
    "FROZEN_MESSAGE",
    "IssuedDocument",
    "FrozenDefinitionError",
    "IssuedCredential",
    "MAX_HOURS_PER_DAY",
    "Modality",
    "MonthlySummary",
    "Notice",
    "OPTIONAL_FIELDS",
    "PacketStatus",
    "PracticeLogEntry",
    "PracticeLogEntryQuerySet",
    "PracticeSetting",
    "PracticeTotal",
    "QUARTER_HOUR",
    "ReportExport",
    "ReportExportStatus",
    "RequirementPurpose",
    "SessionAttendance",
    "SessionFormat",
    "SupervisionAgreement",
    "SupervisionAgreementQuerySet",
    "SupervisionSession",
    "check_hours",
    "external_event_key",
    "supervision_grace_days",
    "validate_not_in_future",
    "validate_quarter_hours",
]
