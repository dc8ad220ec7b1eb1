"""Daily work on issued credentials (Celery beat): mark those past their end date expired and
remind holders before expiry (thresholds and texts: certification/issuance/renewal.py).

The task keeps its name ``certification.tasks.credentials_expiry_daily`` (certification/tasks.py
imports this module for the worker, and the beat schedule names it so). It lives apart from
issuance/tasks.py, which the issuance services import to queue the packet.
"""

from django.utils import timezone

from celery import shared_task

from certification.issuance.renewal import expiry_notices_due, expiry_reminders_due
from certification.issuance.services import credentials_mark_expired
from certification.models import Notice
from certification.notices import notices_deliver_each
from lms.schedule import once_per_day


# ------------------------------------------------------------------------------
# Issued credentials: expiry and reminders (daily, on beat)
# ------------------------------------------------------------------------------
@shared_task(
    name="certification.tasks.credentials_expiry_daily",
    autoretry_for=(OSError,),
    retry_backoff=True,
    max_retries=5,
)
@once_per_day("credentials-expiry")
def credentials_expiry_daily() -> dict:
    """Mark credentials past their end date expired, telling their holder and the reviewing
    organisation's staff once, and remind holders 90, 30 and 7 days before (thresholds and
    texts: certification/issuance/renewal.py). Idempotent: each notice has a key per
    credential (and threshold, or staff member), so running twice a day (or again after a
    missed day) sends each one once."""
    today = timezone.localdate()
    expired = credentials_mark_expired(on=today)
    sent = notices_deliver_each(
        expiry_reminders_due(today=today),
        recipient=lambda reminder: reminder.credential.holder,
        message=lambda reminder: (
            None if Notice.objects.filter(key=reminder.key).exists() else reminder.message()
        ),
    )
    told = notices_deliver_each(
        expiry_notices_due(today=today),
        recipient=lambda notice: notice.recipient,
        message=lambda notice: (
            None if Notice.objects.filter(key=notice.key).exists() else notice.message()
        ),
    )
    return {"expired": expired, "reminded": sent, "told_expired": told}
