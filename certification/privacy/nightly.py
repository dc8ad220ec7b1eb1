"""The nightly data-rights run: accounts past their grace period are closed, then everything
past its retention period is deleted (beat's ``privacy-nightly``)."""

import logging

from celery import shared_task

from certification.privacy.retention import retention_apply
from certification.privacy.services import closures_complete_due
from lms.schedule import once_per_day

logger = logging.getLogger(__name__)


@shared_task(name="certification.tasks.privacy_nightly")
@once_per_day("privacy-nightly")
def privacy_nightly() -> dict:
    closed = closures_complete_due()
    deleted = retention_apply()
    logger.info("privacy nightly: %s account(s) closed; deleted %s", closed, deleted)
    return {"accounts_closed": closed, "deleted": deleted}
