"""Anchors for the audit chain, kept outside the database.

The hash chain (certification/audit.py) shows any edit of a stored event, but someone with
write access to the database could rewrite every event and recompute every hash: the new chain
would verify. So once a day the chain's head (the position of the newest event and its hash) is
written outside the database: an object in the anchor storage (``STORAGES["anchors"]``, an S3
bucket with versioning, never overwritten) and a line in the log. ``verify_against_anchors``
then checks that each anchored position still holds the anchored hash: a rewritten chain
cannot match the anchors written before the rewrite.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass

from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.utils import timezone
from django.utils.translation import gettext as _

from celery import shared_task

from certification.audit import HEAD_ID, ChainReport, verify_chain
from certification.models import AuditChainHead, AuditEvent
from lms.schedule import once_per_day

logger = logging.getLogger("peerpath.audit")


@dataclass(frozen=True)
class Anchor:
    position: int  # the id of the newest event when the anchor was written
    hash: str
    events: int
    written_at: str
    name: str = ""


def _storage():
    return storages["anchors"]


def anchor_write() -> Anchor | None:
    """Write today's anchor (None while the chain is empty). Never overwrites one."""
    head = AuditChainHead.objects.filter(pk=HEAD_ID).first()
    if head is None or not head.last_event_id:
        return None
    now = timezone.now()
    anchor = Anchor(
        position=head.last_event_id,
        hash=head.last_hash,
        events=AuditEvent.objects.filter(pk__lte=head.last_event_id).count(),
        written_at=now.isoformat(),
    )
    payload = {key: value for key, value in anchor.__dict__.items() if key != "name"}
    name = _storage().save(
        f"{now:%Y/%m/%Y-%m-%dT%H%M%SZ}-{anchor.position}.json",
        ContentFile(json.dumps(payload, sort_keys=True).encode()),
    )
    logger.info(
        "audit anchor: position=%s hash=%s events=%s stored=%s",
        anchor.position,
        anchor.hash,
        anchor.events,
        name,
    )
    return Anchor(**payload, name=name)


def anchors_read() -> list[Anchor]:
    """Every anchor in the store, oldest first."""
    storage = _storage()
    names: list[str] = []
    pending = [""]
    while pending:
        folder = pending.pop()
        folders, files = storage.listdir(folder)
        pending.extend(f"{folder}{sub}/" for sub in folders)
        names.extend(f"{folder}{name}" for name in files if name.endswith(".json"))
    anchors = []
    for name in sorted(names):
        with storage.open(name) as stored:
            anchors.append(Anchor(**json.loads(stored.read()), name=name))
    return anchors


def verify_against_anchors() -> ChainReport:
    """The chain intact, and every anchor's position still holding the anchor's hash."""
    report = verify_chain()
    if not report.ok:
        return report
    anchors = anchors_read()
    stored = dict(
        AuditEvent.objects.filter(pk__in=[anchor.position for anchor in anchors]).values_list(
            "pk", "hash"
        )
    )
    for anchor in anchors:
        if stored.get(anchor.position) != anchor.hash:
            return ChainReport(
                checked=report.checked,
                broken_event_id=anchor.position,
                reason=_(
                    "Anchor: the event anchored on %(date)s no longer has its anchored hash; "
                    "the chain was rewritten or cut after that day"
                )
                % {"date": anchor.written_at[:10]},
            )
    return ChainReport(checked=report.checked, anchors=len(anchors))


@shared_task(name="certification.tasks.audit_anchor_daily")
@once_per_day("audit-anchor")
def audit_anchor_daily() -> dict:
    anchor = anchor_write()
    return {"position": anchor.position if anchor else 0}
