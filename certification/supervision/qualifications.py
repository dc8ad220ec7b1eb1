"""A supervisor's qualifying credential, verified by staff (issue 21 item 3).

Boards accept supervision only from a qualified supervisor: someone holding a peer or clinical
credential (IC&RC, the Illinois board, NAADAC) or a licence, current on the day of the hours.
Typing it on an agreement is not enough: the supervisor uploads proof, staff of the
organisation verify it, and sign-off of hours dated after its expiry is refused
(``supervisor_qualified_through``). A credential PeerPath itself issued to the supervisor,
active on the day, counts without an upload.
"""

import datetime

from django.conf import settings
from django.core.validators import FileExtensionValidator
from django.db import models
from django.db.models import OuterRef, Q, Subquery
from django.utils.translation import gettext_lazy as _

from certification.credentials.evidence import EVIDENCE_EXTENSIONS, EvidenceStatus
from lms.private_files import UnguessableName, private_storage_select


class QualificationKind(models.TextChoices):
    ICRC = "icrc", _("IC&RC credential (through a member board)")
    ILLINOIS = "illinois", _("Illinois Certification Board credential")
    NAADAC = "naadac", _("NAADAC credential")
    LICENCE = "licence", _("Professional licence")


class SupervisorQualification(models.Model):
    supervisor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="qualifications"
    )
    organization = models.ForeignKey(
        "lms.Organization",
        on_delete=models.PROTECT,
        related_name="supervisor_qualifications",
        help_text=_("Whose staff verify it: where the person supervises."),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=QualificationKind.choices)
    credential_name = models.CharField(
        _("credential"),
        max_length=200,
        help_text=_("As printed, e.g. Certified Peer Recovery Specialist (CPRS)."),
    )
    number = models.CharField(_("number"), max_length=60)
    expires_on = models.DateField(_("valid until"))
    proof = models.FileField(
        _("proof"),
        upload_to=UnguessableName("supervisor-qualifications"),
        storage=private_storage_select,
        validators=[FileExtensionValidator(EVIDENCE_EXTENSIONS)],
        blank=True,
        help_text=_("The certificate or licence: a PDF or a photo, up to 10 MB."),
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=EvidenceStatus.choices,
        default=EvidenceStatus.SUBMITTED,
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Empty when recorded by the system (the demo)."),
    )
    decline_reason = models.TextField(_("reason"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("supervisor qualification")
        verbose_name_plural = _("supervisor qualifications")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="declined") | ~Q(decline_reason=""),
                name="certification_qualification_decline_reason",
            ),
        ]
        indexes = [models.Index(fields=["supervisor", "status", "expires_on"])]

    def __str__(self) -> str:
        return f"{self.credential_name} · {self.number}"


def supervisor_qualified_through(supervisor) -> datetime.date | None:
    """The last day the supervisor is qualified to sign hours for (one query): the latest end
    of a verified qualification or of an active credential PeerPath issued them."""
    from django.contrib.auth import get_user_model

    from certification.issuance.models import CredentialStatus, IssuedCredential

    def latest(queryset):
        return Subquery(
            queryset.order_by().values("expires_on").order_by("-expires_on")[:1],
            output_field=models.DateField(),
        )

    row = (
        get_user_model()
        .objects.filter(pk=supervisor.pk)
        .annotate(
            verified=latest(
                SupervisorQualification.objects.filter(
                    supervisor=OuterRef("pk"), status=EvidenceStatus.VERIFIED
                )
            ),
            issued=latest(
                IssuedCredential.objects.filter(
                    holder=OuterRef("pk"), status=CredentialStatus.ACTIVE
                )
            ),
        )
        .values_list("verified", "issued")
        .first()
    )
    days = [day for day in (row or ()) if day is not None]
    return max(days) if days else None
