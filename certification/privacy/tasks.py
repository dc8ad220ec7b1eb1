"""Building a copy of someone's data in the background (queued through lms/outbox.py)."""

from celery import shared_task

from certification.privacy.export import export_build, export_failed


@shared_task(
    name="certification.tasks.build_data_export",
    bind=True,
    autoretry_for=(OSError,),
    retry_backoff=True,
    max_retries=3,
)
def build_data_export(self, export_id: int) -> bool:
    """Build one copy (idempotent; marked failed after the last retry)."""
    try:
        export = export_build(export_id=export_id)
    except Exception as error:
        if not isinstance(error, OSError) or self.request.retries >= self.max_retries:
            export_failed(export_id=export_id)
        raise
    return export is not None
