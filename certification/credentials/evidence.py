"""Evidence the rules engine reads besides hours: exam results and attestations."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from certification.rules.kinds import (
    PRIVATE_ATTESTATION_KINDS,
    AttestationKind,
)


# ------------------------------------------------------------------------------
# Exam results and attestations: records the engine reads
# ------------------------------------------------------------------------------
class ExamResult(models.Model):
    """A credentialing exam result, recorded by staff from the board's score report."""

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="exam_results"
    )
    exam_code = models.SlugField(_("exam code"), max_length=40)
    taken_on = models.DateField(_("date taken"))
    score = models.DecimalField(_("score"), max_digits=7, decimal_places=2)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("exam result")
        verbose_name_plural = _("exam results")
        ordering = ["-taken_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.person} · {self.exam_code} · {self.taken_on}"


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
    created_at = models.DateTimeField(auto_now_add=True)

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
