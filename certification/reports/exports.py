"""Report exports: asking for one (audited), building it in the background as XLSX or CSV into
private storage (S3 when configured), and the download that expires.

The spreadsheet holds exactly the tables the page shows for the same filters, suppression
included for the network view; every text cell goes through the formula guard, and numbers stay
numbers. The scope is fixed when the person asks: their organisations at that moment.
"""

import csv
import datetime
import io

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone, translation

from certification.reports.models import ReportExport, ReportExportStatus
from certification.reports.tables import hidden_label
from certification.spreadsheets import csv_safe

EXPORT_HOURS = 24


def _cell(value):
    """Numbers stay numbers; every text goes through the formula guard."""
    if value is None:
        return ""
    if isinstance(value, (int, float)):
        return value
    if hasattr(value, "as_tuple"):  # Decimal
        return float(value)
    return csv_safe(value)


def shown_value(cell):
    return hidden_label(cell) if cell.hidden else cell.value


def table_lines(table) -> list[list]:
    lines = [[table.row_header, *table.columns]]
    for row in table.rows:
        lines.append([row.label, *[shown_value(cell) for cell in row.cells]])
    return lines


def as_xlsx(tables, *, heading: str) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    book.remove(book.active)
    used = set()
    for table in tables:
        name = _sheet_name(table.title, used)
        sheet = book.create_sheet(name)
        sheet.append([csv_safe(heading)])
        sheet.append([csv_safe(table.title)])
        sheet.append([csv_safe(table.summary)])
        sheet.append([])
        for line in table_lines(table):
            sheet.append([_cell(value) for value in line])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _sheet_name(title: str, used: set) -> str:
    base = "".join(ch for ch in title if ch not in "[]:*?/\\")[:28] or "Report"
    name, number = base, 2
    while name in used:
        name = f"{base[:25]} {number}"
        number += 1
    used.add(name)
    return name


def as_csv(tables, *, heading: str) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([csv_safe(heading)])
    for table in tables:
        writer.writerow([])
        writer.writerow([csv_safe(table.title)])
        for line in table_lines(table):
            writer.writerow([_cell(value) for value in line])
    return buffer.getvalue().encode("utf-8-sig")


def export_build(*, export_id: int, language: str, build_tables) -> ReportExport | None:
    """Build one export (idempotent: a ready or failed one is left as it is).

    ``build_tables(export)`` gives the tables and a heading (views.py owns how a view's scope
    is rebuilt from the stored filters)."""
    export = ReportExport.objects.select_related("requested_by").filter(pk=export_id).first()
    if export is None or not export.is_pending:
        return export
    ReportExport.objects.filter(pk=export.pk).update(
        status=ReportExportStatus.BUILDING, progress=10
    )
    with translation.override(language):
        tables, heading = build_tables(export)
        ReportExport.objects.filter(pk=export.pk).update(progress=60)
        content = (as_xlsx if export.format == ReportExport.Format.XLSX else as_csv)(
            tables, heading=heading
        )
    with transaction.atomic():
        export = ReportExport.objects.select_for_update().get(pk=export.pk)
        if not export.is_pending:
            return export
        export.file.save(f"peerpath-report.{export.format}", ContentFile(content), save=False)
        now = timezone.now()
        export.status = ReportExportStatus.READY
        export.progress = 100
        export.finished_at = now
        export.expires_at = now + datetime.timedelta(hours=EXPORT_HOURS)
        export.save(update_fields=["file", "status", "progress", "finished_at", "expires_at"])
    return export


def export_failed(*, export_id: int) -> None:
    ReportExport.objects.filter(
        pk=export_id, status__in=(ReportExportStatus.QUEUED, ReportExportStatus.BUILDING)
    ).update(status=ReportExportStatus.FAILED)
