"""Background work for data rights: building a copy of someone's data, and the nightly run
that closes accounts past their grace period and applies the retention periods."""

import logging

from celery import shared_task

from certification.privacy.retention import retention_apply
from certification.privacy.services import closures_complete_due, export_build, export_failed

logger = logging.getLogger(__name__)


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


@shared_task(name="certification.tasks.privacy_nightly")
def privacy_nightly() -> dict:
    closed = closures_complete_due()
    deleted = retention_apply()
    logger.info("privacy nightly: %s account(s) closed; deleted %s", closed, deleted)
    return {"accounts_closed": closed, "deleted": deleted}
