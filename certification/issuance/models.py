"""Applications for a credential, and the credentials PeerPath issues (issue 6, items 6 and 7).

An application keeps what it was judged on: the definition version (frozen from then on, see
``credential_services.credential_definition_freeze``) and a frozen copy of the evaluation
(``Evaluation.as_dict()``), so a reviewer years later reads what the trainee had on the day,
whatever records or rules changed since.

An issued credential has a human-readable number (printed, quoted on the phone) and a separate,
unguessable verification code (``CR-`` and 16 letters and digits, about 79 bits) that
/verify/<code>/ resolves. Its status is stored for active and revoked; expiry is also computed
from the dates, so a credential past its end date never shows as active before the daily job
marks it expired.

Imported at the end of certification/models.py so Django finds the models in this app.
"""

import datetime
import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from certification.credentials.models import CredentialDefinition
from lms.accounts.models import Organization, SignInCode
from lms.private_files import UnguessableName, private_storage_select

__all__ = [
    "ApplicationStatus",
    "PacketStatus",
    "CredentialApplication",
    "CredentialStatus",
    "IssuedCredential",
]


class ApplicationStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Waiting for review")
    APPROVED = "approved", _("Approved")
    DENIED = "denied", _("Not approved")


class PacketStatus(models.TextChoices):
    BUILDING = "building", _("Being prepared")
    READY = "ready", _("Ready")
    FAILED = "failed", _("Could not be prepared")
    # Deleted after the decision plus the retention period (certification/privacy/retention.py).
    REMOVED = "removed", _("Removed after the retention period")


class CredentialApplication(models.Model):
    """A trainee's application for one credential, judged under one definition version."""

    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="credential_applications"
    )
    organization = models.ForeignKey(
        Organization,
        on_delete=models.PROTECT,
        related_name="credential_applications",
        help_text=_("The organisation whose staff review the application."),
    )
    definition = models.ForeignKey(
        CredentialDefinition, on_delete=models.PROTECT, related_name="applications"
    )
    evaluation = models.JSONField(
        help_text=_("The evaluation of the applicant's records on the day they applied, frozen.")
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=ApplicationStatus.choices,
        default=ApplicationStatus.SUBMITTED,
    )
    submitted_at = models.DateTimeField(_("applied"), default=timezone.now)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    decision_reason = models.TextField(_("reason"), blank=True)
    packet_status = models.CharField(
        _("application packet"),
        max_length=20,
        choices=PacketStatus.choices,
        default=PacketStatus.BUILDING,
    )
    packet = models.FileField(
        _("application packet (PDF)"),
        upload_to=UnguessableName("credential-packets"),
        storage=private_storage_select,
        blank=True,
        help_text=_("Built by a background task; downloaded through PeerPath, never linked."),
    )
    packet_built_at = models.DateTimeField(null=True, blank=True)
    renews = models.ForeignKey(
        "IssuedCredential",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="renewal_applications",
        verbose_name=_("renews"),
        help_text=_("For a renewal: the credential it renews. Judged on one cycle's training."),
    )
    issuer = models.ForeignKey(
        Organization,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="credential_applications_to_decide",
        help_text=_("The credentialing body deciding it on PeerPath, once endorsed."),
    )
    endorsed_at = models.DateTimeField(_("endorsed"), null=True, blank=True)
    endorsed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    endorsement_signature = models.CharField(_("typed name"), max_length=150, blank=True)

    class Meta:
        verbose_name = _("credential application")
        verbose_name_plural = _("credential applications")
        ordering = ["-submitted_at", "-pk"]
        constraints = [
            # One application waiting per person and credential version: applying twice (two
            # tabs, a double tap) finds the first.
            models.UniqueConstraint(
                fields=["applicant", "definition"],
                condition=Q(status="submitted"),
                name="certification_one_open_application",
            ),
            models.CheckConstraint(
                condition=Q(status="submitted")
                | (Q(decided_at__isnull=False) & Q(decided_by__isnull=False)),
                name="certification_application_decision_recorded",
            ),
            models.CheckConstraint(
                condition=~Q(status="denied") | ~Q(decision_reason=""),
                name="certification_application_denial_has_reason",
            ),
        ]
        indexes = [models.Index(fields=["organization", "status", "-submitted_at"])]

    def __str__(self) -> str:
        return f"{self.applicant} · {self.definition}"

    @property
    def is_open(self) -> bool:
        return self.status == ApplicationStatus.SUBMITTED

    @property
    def is_renewal(self) -> bool:
        return self.renews_id is not None

    @property
    def is_endorsed(self) -> bool:
        return self.endorsed_at is not None

    def results(self) -> list[dict]:
        """The frozen requirement results, as stored."""
        return list(self.evaluation.get("results", []))


class CredentialStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    EXPIRED = "expired", _("Expired")
    REVOKED = "revoked", _("Revoked")
    SUPERSEDED = "superseded", _("Renewed")


# A credential can be renewed while active, or after it expired (within the grace period, see
# renewal.py); never once revoked or already renewed.
RENEWABLE_STATUSES = frozenset({CredentialStatus.ACTIVE, CredentialStatus.EXPIRED})


class IssuedCredential(models.Model):
    """A credential PeerPath issued on an approved application."""

    CODE_PREFIX = "CR"
    ALPHABET = SignInCode.ALPHABET  # no 0/O, 1/I/L: safe to read aloud and type

    application = models.OneToOneField(
        CredentialApplication, on_delete=models.PROTECT, related_name="issued_credential"
    )
    holder = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="issued_credentials"
    )
    definition = models.ForeignKey(
        CredentialDefinition, on_delete=models.PROTECT, related_name="issued_credentials"
    )
    number = models.CharField(_("credential number"), max_length=40, unique=True, editable=False)
    verification_code = models.CharField(max_length=32, unique=True, editable=False)
    holder_name = models.CharField(
        _("name on the credential"), max_length=150, help_text=_("As printed when issued.")
    )
    issued_on = models.DateField(_("issued on"))
    expires_on = models.DateField(_("valid until"))
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=CredentialStatus.choices,
        default=CredentialStatus.ACTIVE,
    )
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    revocation_reason = models.TextField(_("reason for revoking"), blank=True)
    previous_credential = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="renewed_as",
        help_text=_("The credential this one renewed (set to “renewed” when this was issued)."),
    )
    issuer_organization = models.ForeignKey(
        Organization,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_(
            "Who issued it: the credentialing body, or for a training certificate the "
            "training organisation. Empty for a board's decision recorded by the organisation."
        ),
    )
    recorded = models.BooleanField(
        _("recorded from the board's decision"),
        default=False,
        help_text=_(
            "The board issued it outside PeerPath; the organisation recorded its number and "
            "dates from the decision letter. PeerPath issues no certificate or badge for it."
        ),
    )
    decision_letter = models.FileField(
        _("the board's decision letter"),
        upload_to=UnguessableName("board-decisions"),
        storage=private_storage_select,
        blank=True,
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("issued credential")
        verbose_name_plural = _("issued credentials")
        ordering = ["-issued_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(expires_on__gt=models.F("issued_on")),
                name="certification_credential_expires_after_issue",
            ),
            models.CheckConstraint(
                condition=~Q(status="revoked")
                | (Q(revoked_at__isnull=False) & ~Q(revocation_reason="")),
                name="certification_revocation_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number} · {self.holder_name}"

    @classmethod
    def new_verification_code(cls) -> str:
        body = "".join(secrets.choice(cls.ALPHABET) for _ in range(16))
        return f"{cls.CODE_PREFIX}-{body[:4]}-{body[4:8]}-{body[8:12]}-{body[12:]}"

    @staticmethod
    def number_for(*, code: str, issued_on: datetime.date, pk: int) -> str:
        """PP-ICRC-PR-2026-000042: the credential, the year and a running number."""
        return f"PP-{code.upper().replace('_', '-')}-{issued_on.year}-{pk:06d}"

    def status_on(self, day: datetime.date | None = None) -> str:
        """Revoked wins; then renewed (a newer credential replaced it); then expired once the
        end date has passed; else active."""
        day = day or timezone.localdate()
        if self.status == CredentialStatus.REVOKED:
            return CredentialStatus.REVOKED
        if self.status == CredentialStatus.SUPERSEDED:
            return CredentialStatus.SUPERSEDED
        if self.status == CredentialStatus.EXPIRED or day > self.expires_on:
            return CredentialStatus.EXPIRED
        return CredentialStatus.ACTIVE

    @property
    def current_status(self) -> str:
        return self.status_on()

    @property
    def current_status_label(self) -> str:
        return CredentialStatus(self.current_status).label

    @property
    def is_active(self) -> bool:
        return self.current_status == CredentialStatus.ACTIVE

    @property
    def is_revoked(self) -> bool:
        return self.status == CredentialStatus.REVOKED

    @property
    def issues_copies(self) -> bool:
        """Whether a certificate or Open Badge is issued anew: never for a revoked credential
        (staff still see what was issued), never for a board's credential PeerPath only
        recorded (the board issues its own certificate)."""
        return not self.is_revoked and not self.recorded

    @property
    def issuer_name(self) -> str:
        """Who issued it, in words: the issuing organisation, else the board's name."""
        if self.issuer_organization_id:
            return self.issuer_organization.name
        return self.definition.issuing_body

    def is_renewable_on(self, day: datetime.date | None = None) -> bool:
        """Active or expired on the day (the renewal window itself is renewal.py's)."""
        return self.status_on(day) in RENEWABLE_STATUSES

    @property
    def is_renewable(self) -> bool:
        return self.is_renewable_on()
