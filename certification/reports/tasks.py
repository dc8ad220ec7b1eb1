"""Building a report export in the background (queued through lms/outbox.py)."""

from celery import shared_task

from certification.reports.exports import export_build, export_failed
from certification.reports.selectors import export_tables


@shared_task(
    name="certification.tasks.build_report_export",
    bind=True,
    autoretry_for=(OSError,),
    retry_backoff=True,
    max_retries=3,
)
def build_report_export(self, export_id: int, language: str = "en") -> bool:
    """Build one export (idempotent; marked failed after the last retry)."""
    try:
        export = export_build(export_id=export_id, language=language, build_tables=export_tables)
    except Exception as error:
        if not isinstance(error, OSError) or self.request.retries >= self.max_retries:
            export_failed(export_id=export_id)
        raise
    return export is not None
