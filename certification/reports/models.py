"""Report exports (a spreadsheet built in the background) and the monthly summary's ledger."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lms.private_files import UnguessableName, private_storage_select


class ReportExportStatus(models.TextChoices):
    QUEUED = "queued", _("Waiting to start")
    BUILDING = "building", _("Being prepared")
    READY = "ready", _("Ready")
    FAILED = "failed", _("Could not be prepared")


class ReportExport(models.Model):
    """One spreadsheet of a report, as its filters stood when someone asked for it.

    ``view`` is "staff" (an organisation's own figures) or "network" (aggregates, small numbers
    hidden). The organisations are those the person could see when they asked; the download is
    only theirs, and only until ``expires_at``.
    """

    class View(models.TextChoices):
        STAFF = "staff", _("Organisation")
        NETWORK = "network", _("Network")

    class Format(models.TextChoices):
        XLSX = "xlsx", _("Excel workbook (XLSX)")
        CSV = "csv", _("CSV")

    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="report_exports"
    )
    view = models.CharField(max_length=10, choices=View.choices)
    format = models.CharField(max_length=10, choices=Format.choices)
    organization_ids = models.JSONField(default=list)
    filters = models.JSONField(default=dict)
    status = models.CharField(
        max_length=20, choices=ReportExportStatus.choices, default=ReportExportStatus.QUEUED
    )
    progress = models.PositiveSmallIntegerField(default=0)
    file = models.FileField(
        upload_to=UnguessableName("report-exports"), storage=private_storage_select, blank=True
    )
    created_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("report export")
        verbose_name_plural = _("report exports")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["requested_by", "-created_at"], name="cert_report_export_recent")
        ]

    def __str__(self) -> str:
        return f"{self.view} · {self.format} · {self.created_at:%Y-%m-%d %H:%M}"

    @property
    def is_pending(self) -> bool:
        return self.status in (ReportExportStatus.QUEUED, ReportExportStatus.BUILDING)

    @property
    def is_downloadable(self) -> bool:
        return (
            self.status == ReportExportStatus.READY
            and bool(self.file)
            and self.expires_at is not None
            and self.expires_at > timezone.now()
        )


class MonthlySummary(models.Model):
    """The monthly summary one organisation administrator was sent for one month (once)."""

    organization = models.ForeignKey("lms.Organization", on_delete=models.CASCADE, related_name="+")
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    month = models.DateField(help_text="The first day of the month summarised.")
    emailed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("monthly summary")
        verbose_name_plural = _("monthly summaries")
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "recipient", "month"], name="cert_monthly_summary_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.organization_id} · {self.month:%Y-%m} · {self.recipient_id}"
