"""Asking for a report export (audited and queued) and recording its download."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from certification import audit
from certification.reports.models import ReportExport, ReportExportStatus
from certification.reports.tasks import build_report_export
from lms import outbox
from lms.accounts.models import User

MAX_PENDING = 3


def export_request(
    *, requested_by: User, view: str, organization_ids: list[int], filters: dict, format: str
) -> ReportExport:
    """Queue one export of the report as it is filtered now."""
    if format not in ReportExport.Format.values:
        raise ValidationError({"format": _("Please choose XLSX or CSV.")}, code="format")
    with transaction.atomic():
        User.objects.select_for_update().filter(pk=requested_by.pk).first()
        pending = ReportExport.objects.filter(
            requested_by=requested_by,
            status__in=(ReportExportStatus.QUEUED, ReportExportStatus.BUILDING),
        ).count()
        if pending >= MAX_PENDING:
            raise ValidationError(
                _(
                    "Three exports are already being prepared for you. Please wait for them "
                    "to finish."
                ),
                code="too_many",
            )
        export = ReportExport.objects.create(
            requested_by=requested_by,
            view=view,
            format=format,
            organization_ids=sorted(organization_ids),
            filters=filters,
        )
        audit.record(
            actor=requested_by,
            action="report.export",
            target=export,
            after={
                "view": view,
                "format": format,
                "organization_ids": sorted(organization_ids),
                "filters": filters,
                "language": translation.get_language() or settings.LANGUAGE_CODE,
            },
        )
        outbox.enqueue(build_report_export, export.pk, translation.get_language() or "en")
    return export


def export_downloaded(*, export: ReportExport, by: User) -> None:
    with transaction.atomic():
        audit.record(
            actor=by, action="report.export_download", target=export, after={"view": export.view}
        )
