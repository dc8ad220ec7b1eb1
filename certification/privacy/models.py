"""A person's data rights: a copy of everything about them, and closing their account.

A ``DataExport`` is one zip built by a background task (certification/privacy/export.py) and
kept privately for a few days (``PEERPATH_RETENTION["data_exports_days"]``). An
``AccountClosure`` is a request to close an account: nothing happens during the grace period,
then a daily task pseudonymises the person (certification/privacy/closure.py).
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lms.private_files import UnguessableName, private_storage_select


class ExportStatus(models.TextChoices):
    QUEUED = "queued", _("Waiting to start")
    BUILDING = "building", _("Being prepared")
    READY = "ready", _("Ready")
    FAILED = "failed", _("Could not be prepared")


class DataExport(models.Model):
    """One copy of a person's data, asked for by the person or by staff on their behalf."""

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="data_exports"
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    reason = models.TextField(
        _("why staff asked for it"),
        blank=True,
        help_text=_("Required when staff ask for a copy on a trainee's behalf."),
    )
    status = models.CharField(max_length=20, choices=ExportStatus.choices, default="queued")
    progress = models.PositiveSmallIntegerField(default=0)
    file = models.FileField(
        upload_to=UnguessableName("data-exports"), storage=private_storage_select, blank=True
    )
    size_bytes = models.PositiveBigIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("copy of a person's data")
        verbose_name_plural = _("copies of people's data")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["person", "-created_at"], name="cert_export_recent")]

    def __str__(self) -> str:
        return f"{self.person_id} · {self.created_at:%Y-%m-%d}"

    @property
    def is_downloadable(self) -> bool:
        return (
            self.status == ExportStatus.READY
            and bool(self.file)
            and self.expires_at is not None
            and self.expires_at > timezone.now()
        )

    @property
    def is_pending(self) -> bool:
        return self.status in (ExportStatus.QUEUED, ExportStatus.BUILDING)


class AccountClosure(models.Model):
    """A request to close an account. ``closes_on`` is the end of the grace period; until the
    daily task completes it (``completed_at``), the person can cancel (the row is deleted)."""

    person = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="account_closure"
    )
    requested_at = models.DateTimeField(default=timezone.now)
    closes_on = models.DateField()
    completed_at = models.DateTimeField(null=True, blank=True)
    # What the completion removed, by kind (counts only), for the person's organisation staff.
    removed = models.JSONField(default=dict, blank=True)

    class Meta:
        verbose_name = _("account closure")
        verbose_name_plural = _("account closures")
        indexes = [models.Index(fields=["closes_on"], name="cert_closure_due")]

    def __str__(self) -> str:
        return f"{self.person_id} · {self.closes_on}"
