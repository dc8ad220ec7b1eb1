"""Evidence the rules engine reads besides hours: exam results and attestations.

How each is recorded (docs/credentials.md, "Exams and attestations"):

- the person signs their organisation's code of ethics (``CodeOfEthics``, versioned: a newer
  version needs a new signature for anything judged after it was published) and attests to a
  diploma or its equivalent, with an optional copy;
- staff (or the supervisor) attest that the person's job is mostly recovery support;
- staff record an exam result from the board's score report, or verify one the person sent;
  only verified results count (``EvidenceStatus``), as with training taken elsewhere.

Uploads go to the private storage under random names (lms/private_files.py).
"""

from django.conf import settings
from django.core.validators import FileExtensionValidator
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from certification.rules.kinds import (
    PRIVATE_ATTESTATION_KINDS,
    AttestationKind,
)
from lms.private_files import UnguessableName, private_storage_select

EVIDENCE_EXTENSIONS = ["pdf", "jpg", "jpeg", "png", "webp", "heic"]
EVIDENCE_MAX_BYTES = 10 * 1024 * 1024


class EvidenceStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Waiting for review")
    VERIFIED = "verified", _("Verified")
    DECLINED = "declined", _("Not accepted")


class CodeOfEthics(models.Model):
    """One published version of an organisation's code of ethics. Versions never change: a
    change is a new version, and signatures name the version signed."""

    organization = models.ForeignKey(
        "lms.Organization", on_delete=models.PROTECT, related_name="codes_of_ethics"
    )
    version = models.PositiveIntegerField(_("version"))
    text = models.TextField(
        _("text"), help_text=_("The whole code, as the person will read it before signing.")
    )
    published_at = models.DateTimeField(_("published"))
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Empty for PeerPath's starting text."),
    )

    class Meta:
        verbose_name = _("code of ethics")
        verbose_name_plural = _("codes of ethics")
        ordering = ["organization", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "version"], name="certification_ethics_version_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.organization} · {self.version}"


# ------------------------------------------------------------------------------
# Exam results and attestations: records the engine reads
# ------------------------------------------------------------------------------
class ExamResultQuerySet(models.QuerySet):
    def counting(self) -> "ExamResultQuerySet":
        """Results the rules engine reads: verified by staff."""
        return self.filter(status=EvidenceStatus.VERIFIED)


class ExamResult(models.Model):
    """A credentialing exam result from the board's score report: recorded by staff (verified
    at once) or sent by the person and verified by staff. Only verified results count."""

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="exam_results"
    )
    exam_code = models.SlugField(_("exam code"), max_length=40)
    taken_on = models.DateField(_("date taken"))
    score = models.DecimalField(_("score"), max_digits=7, decimal_places=2)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Who entered it: staff, or the person sending their score report."),
    )
    score_report = models.FileField(
        _("score report"),
        upload_to=UnguessableName("exam-results"),
        storage=private_storage_select,
        validators=[FileExtensionValidator(EVIDENCE_EXTENSIONS)],
        blank=True,
        help_text=_("The board's score report: a PDF or a photo, up to 10 MB."),
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=EvidenceStatus.choices,
        default=EvidenceStatus.VERIFIED,
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decline_reason = models.TextField(_("reason"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ExamResultQuerySet.as_manager()

    class Meta:
        verbose_name = _("exam result")
        verbose_name_plural = _("exam results")
        ordering = ["-taken_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(score__gte=0), name="certification_exam_score_not_negative"
            ),
            models.CheckConstraint(
                condition=~Q(status="declined") | ~Q(decline_reason=""),
                name="certification_exam_decline_reason",
            ),
        ]
        indexes = [models.Index(fields=["status", "-created_at"])]

    def __str__(self) -> str:
        return f"{self.person} · {self.exam_code} · {self.taken_on}"


class AttestationQuerySet(models.QuerySet):
    def counting(self, as_of) -> "AttestationQuerySet":
        """Attestations the rules engine reads on ``as_of``: a code of ethics signature counts
        until its organisation publishes a newer version (on or before ``as_of``)."""
        newer = CodeOfEthics.objects.filter(
            organization=OuterRef("code_of_ethics__organization"),
            version__gt=OuterRef("code_of_ethics__version"),
            published_at__date__lte=as_of,
        )
        return self.filter(attested_on__lte=as_of).exclude(
            Q(code_of_ethics__isnull=False) & Exists(newer)
        )


class Attestation(models.Model):
    """Someone attests a fact a credential needs: the person themself, or their supervisor.

    A lived-experience attestation keeps only yes or no and the date: no signer details, no
    story. It is visible to the person and to staff reviewing their application, and is never
    printed or exported (``is_private``; a database constraint keeps the extra fields empty).
    """

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="attestations"
    )
    kind = models.CharField(_("attestation"), max_length=30, choices=AttestationKind.choices)
    affirmed = models.BooleanField(_("yes"), default=True)
    attested_on = models.DateField(_("date"))
    signer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Who signed, when not the person themself."),
    )
    signature = models.CharField(_("typed name"), max_length=150, blank=True)
    signer_role = models.CharField(_("signer's role"), max_length=100, blank=True)
    signer_credential = models.CharField(_("signer's credential"), max_length=200, blank=True)
    detail = models.CharField(
        _("details"),
        max_length=300,
        blank=True,
        help_text=_("What was attested, in a line: the diploma and year, or the job and share."),
    )
    code_of_ethics = models.ForeignKey(
        CodeOfEthics,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="signatures",
        help_text=_("The version signed, for a code of ethics."),
    )
    document = models.FileField(
        _("copy"),
        upload_to=UnguessableName("attestations"),
        storage=private_storage_select,
        validators=[FileExtensionValidator(EVIDENCE_EXTENSIONS)],
        blank=True,
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = AttestationQuerySet.as_manager()

    class Meta:
        verbose_name = _("attestation")
        verbose_name_plural = _("attestations")
        ordering = ["-attested_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(kind__in=sorted(PRIVATE_ATTESTATION_KINDS))
                | (
                    Q(signer__isnull=True)
                    & Q(signature="")
                    & Q(signer_role="")
                    & Q(signer_credential="")
                    & Q(detail="")
                    & Q(document="")
                ),
                name="certification_private_attestation_minimal",
            )
        ]

    def __str__(self) -> str:
        if self.is_private:
            return str(_("Private attestation"))
        return f"{self.get_kind_display()} · {self.attested_on}"

    @property
    def is_private(self) -> bool:
        return self.kind in PRIVATE_ATTESTATION_KINDS
