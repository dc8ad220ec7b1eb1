"""Retention: the nightly deletion of what nobody needs any more (docs/privacy.md).

Periods are settings (``PEERPATH_RETENTION``). What a credential board relies on has no period
and is never selected here: signed or decided practice entries, sessions and attendance,
completions, applications and their decisions, issued credentials, the audit trail. Each run
returns (and logs) how many of each kind it deleted.
"""

from __future__ import annotations

import calendar
import datetime
import logging

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from certification.issuance.models import CredentialApplication, PacketStatus
from certification.privacy.models import DataExport, ExportStatus
from certification.supervision.models import EntryStatus, PracticeLogEntry
from lms.accounts.models import Invitation, SignInCode
from lms.learning.models import AssessmentAttempt

logger = logging.getLogger(__name__)


def _period(name: str) -> int:
    return settings.PEERPATH_RETENTION[name]


def _months_before(moment: datetime.datetime, months: int) -> datetime.datetime:
    """The same day and time ``months`` calendar months earlier (the month's last day when
    that day does not exist, e.g. 31 March less one month is 28 or 29 February)."""
    year, month = divmod(moment.year * 12 + moment.month - 1 - months, 12)
    month += 1
    return moment.replace(
        year=year, month=month, day=min(moment.day, calendar.monthrange(year, month)[1])
    )


def expired_exports(now: datetime.datetime):
    failed_before = now - datetime.timedelta(days=_period("data_exports_days"))
    return DataExport.objects.filter(
        Q(status=ExportStatus.READY, expires_at__lte=now)
        | Q(status=ExportStatus.FAILED, created_at__lte=failed_before)
    )


def expired_packets(now: datetime.datetime):
    decided_before = now - datetime.timedelta(days=_period("application_packets_days"))
    return (
        CredentialApplication.objects.filter(decided_at__lte=decided_before)
        .exclude(packet="")
        .exclude(packet_status=PacketStatus.REMOVED)
    )


def expired_draft_entries(now: datetime.datetime):
    before = _months_before(now, _period("unfinished_drafts_months"))
    return PracticeLogEntry.objects.filter(
        status=EntryStatus.DRAFT, updated_at__lte=before, corrections__isnull=True
    )


def expired_open_attempts(now: datetime.datetime):
    before = _months_before(now, _period("unfinished_drafts_months"))
    return AssessmentAttempt.objects.filter(submitted_at__isnull=True).filter(
        Q(answered_at__lte=before) | Q(answered_at__isnull=True, started_at__lte=before)
    )


def expired_invitations(now: datetime.datetime):
    before = now - datetime.timedelta(days=_period("expired_codes_days"))
    return Invitation.objects.filter(accepted_at__isnull=True, expires_at__lte=before)


def expired_sign_in_codes(now: datetime.datetime):
    before = now - datetime.timedelta(days=_period("expired_codes_days"))
    return SignInCode.objects.filter(Q(expires_at__lte=before) | Q(used_at__lte=before))


def retention_apply(*, now: datetime.datetime | None = None) -> dict[str, int]:
    """Delete everything past its period. Returns the count per kind (zeros included)."""
    now = now or timezone.now()
    counts: dict[str, int] = {}

    exports = list(expired_exports(now))
    for export in exports:
        if export.file:
            export.file.delete(save=False)
    counts["data_exports"] = DataExport.objects.filter(pk__in=[e.pk for e in exports]).delete()[0]

    packets = 0
    for application in expired_packets(now):
        with transaction.atomic():
            application.packet.delete(save=False)
            application.packet_status = PacketStatus.REMOVED
            application.save(update_fields=["packet", "packet_status"])
        packets += 1
    counts["application_packets"] = packets

    counts["draft_practice_entries"] = expired_draft_entries(now).delete()[0]
    counts["unfinished_assessment_attempts"] = expired_open_attempts(now).delete()[0]
    counts["expired_invitations"] = expired_invitations(now).delete()[0]
    counts["expired_sign_in_codes"] = expired_sign_in_codes(now).delete()[0]
    logger.info(
        "retention: deleted %s",
        ", ".join(f"{kind}={count}" for kind, count in counts.items()),
    )
    return counts
