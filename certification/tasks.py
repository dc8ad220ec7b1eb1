"""The certification tasks the Celery worker registers (it discovers ``certification.tasks``).

Each task lives in the sub-package whose services queue it or whose rows it reads
(certification/supervision/tasks.py, certification/issuance/tasks.py and expiry_tasks.py);
their names stay ``certification.tasks.<function>``, so messages already queued and the beat
schedule find them.
"""

from certification.audit_anchors import audit_anchor_daily
from certification.issuance.expiry_tasks import credentials_expiry_daily
from certification.issuance.tasks import build_application_packet
from certification.privacy.nightly import privacy_nightly
from certification.privacy.tasks import build_data_export
from certification.reports.monthly import send_monthly_summaries
from certification.reports.tasks import build_report_export
from certification.supervision.tasks import (
    notify_entry_reviewed,
    notify_session_recorded,
    qualification_lapse_notices,
    send_supervisor_digests,
    send_waiting_reminders,
)

__all__ = [
    "audit_anchor_daily",
    "build_application_packet",
    "build_data_export",
    "build_report_export",
    "send_monthly_summaries",
    "credentials_expiry_daily",
    "notify_entry_reviewed",
    "notify_session_recorded",
    "privacy_nightly",
    "qualification_lapse_notices",
    "send_supervisor_digests",
    "send_waiting_reminders",
]
