"""The append-only, hash-chained audit trail.

Each AuditEvent stores the SHA-256 of its own content plus the hash of the event before it, so
changing, removing or reordering any stored event breaks every link after it. `verify_chain()`
walks the chain and names the first broken link; the `verify_audit_chain` command and the staff
page at /staff/audit/ call it.

Appending locks the single AuditChainHead row, so concurrent writers take turns and the chain
never forks. Callers run inside their own transaction: the event commits (or rolls back) with
the change it records.
"""

import datetime
import hashlib
import json
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from decimal import Decimal

from django.db import models, transaction
from django.db.models.fields.files import FieldFile
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from certification.models import AuditChainHead, AuditEvent

GENESIS_HASH = "0" * 64
HEAD_ID = 1


def _json_value(value):
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, datetime.datetime):
        return value.astimezone(datetime.UTC).isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, FieldFile):
        return value.name or ""  # an upload, by its stored (random) name
    if isinstance(value, uuid.UUID):
        return str(value)
    return value


def snapshot(instance: models.Model, *, exclude: tuple[str, ...] = ("updated_at",)) -> dict:
    """The stored fields of a record as plain JSON values (foreign keys as ids)."""
    data = {}
    for field in instance._meta.concrete_fields:
        if field.name in exclude:
            continue
        value = getattr(instance, field.attname)
        if isinstance(value, Decimal) and isinstance(field, models.DecimalField):
            # As the database stores it, so a snapshot reads the same before and after saving.
            value = value.quantize(Decimal(1).scaleb(-field.decimal_places))
        data[field.attname] = _json_value(value)
    return data


def compute_hash(
    *,
    previous_hash: str,
    occurred_at: datetime.datetime,
    actor_id: int | None,
    actor_name: str,
    action: str,
    target_type: str,
    target_id: str,
    before,
    after,
) -> str:
    payload = json.dumps(
        {
            "previous_hash": previous_hash,
            "occurred_at": _json_value(occurred_at),
            "actor_id": actor_id,
            "actor_name": actor_name,
            "action": action,
            "target_type": target_type,
            "target_id": target_id,
            "before": before,
            "after": after,
        },
        sort_keys=True,
        separators=(",", ":"),
        ensure_ascii=False,
    )
    return hashlib.sha256(payload.encode()).hexdigest()


def event_hash(event: AuditEvent) -> str:
    """What an event's hash should be, recomputed from its stored content."""
    return compute_hash(
        previous_hash=event.previous_hash,
        occurred_at=event.occurred_at,
        actor_id=event.actor_id,
        actor_name=event.actor_name,
        action=event.action,
        target_type=event.target_type,
        target_id=event.target_id,
        before=event.before,
        after=event.after,
    )


def unchained_event(
    *, occurred_at, actor, action: str, target: models.Model, before=None, after=None
) -> AuditEvent:
    """An unsaved event, not yet linked: the caller sets ``previous_hash`` and ``hash``
    (``record`` for one change; the load-data builder for many at once)."""
    # Round-trip through JSON so the hash covers exactly what the database will give back.
    return AuditEvent(
        occurred_at=occurred_at,
        actor=actor,
        # People are held by id only: their name lives on their own record, so pseudonymising
        # a closed account changes no hashed payload (docs/privacy.md). Older events kept the
        # name as it was; they stay as written.
        actor_name="",
        action=action,
        target_type=target._meta.label_lower,
        target_id=str(target.pk),
        before=json.loads(json.dumps(before)) if before is not None else None,
        after=json.loads(json.dumps(after)) if after is not None else None,
    )


def record(
    *,
    actor,
    action: str,
    target: models.Model,
    before: dict | None = None,
    after: dict | None = None,
) -> AuditEvent:
    """Append one event to the chain. Must run inside the transaction that makes the change."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("audit.record() must run inside the transaction it records.")
    head, _created = AuditChainHead.objects.select_for_update().get_or_create(
        pk=HEAD_ID, defaults={"last_hash": GENESIS_HASH}
    )
    event = unchained_event(
        occurred_at=timezone.now(),
        actor=actor,
        action=action,
        target=target,
        before=before,
        after=after,
    )
    event.previous_hash = head.last_hash
    event.hash = event_hash(event)
    event.save()
    head.last_event_id = event.pk
    head.last_hash = event.hash
    head.save(update_fields=["last_event_id", "last_hash"])
    return event


class AuditedChange:
    """What `audited_change` hands the caller: the recorded event, once the change is saved."""

    event: AuditEvent | None = None


@contextmanager
def audited_change(
    *,
    actor,
    action: str,
    target: models.Model,
    update_fields: list[str] | None = None,
    exclude: tuple[str, ...] = ("updated_at",),
) -> Iterator[AuditedChange]:
    """The sequence of every audited write: snapshot, change, save, record.

        with audit.audited_change(actor=person, action="practice.submit", target=entry):
            entry.status = EntryStatus.SUBMITTED

    The body changes `target` (and may refuse by raising: then nothing is saved or recorded).
    Must run inside the transaction that makes the change, like `record`.
    """
    before = snapshot(target, exclude=exclude)
    change = AuditedChange()
    yield change
    target.save(update_fields=update_fields)
    change.event = record(
        actor=actor,
        action=action,
        target=target,
        before=before,
        after=snapshot(target, exclude=exclude),
    )


def record_announced(*, actor, action: str, target, after=None, **_signal) -> AuditEvent:
    """Receiver of lms's ``audit_event`` signal: lms announces, the chain records."""
    return record(actor=actor, action=action, target=target, after=after)


@dataclass(frozen=True)
class ChainReport:
    checked: int
    broken_event_id: int | None = None
    reason: str = ""  # why the link is broken, in words
    anchors: int = 0  # anchors checked too (certification/audit_anchors.py)

    @property
    def ok(self) -> bool:
        return self.broken_event_id is None and not self.reason


def verify_chain(*, chunk_size: int = 2000) -> ChainReport:
    """Recompute every link; report the first event whose content or link does not match."""
    expected_previous = GENESIS_HASH
    checked = 0
    last_id = 0
    for event in AuditEvent.objects.order_by("pk").iterator(chunk_size=chunk_size):
        if event.previous_hash != expected_previous:
            return ChainReport(
                checked=checked,
                broken_event_id=event.pk,
                reason=_("Link: the event before this one was changed, removed or reordered"),
            )
        if event_hash(event) != event.hash:
            return ChainReport(
                checked=checked,
                broken_event_id=event.pk,
                reason=_("Content: this event was changed after it was written"),
            )
        expected_previous = event.hash
        last_id = event.pk
        checked += 1
    head = AuditChainHead.objects.filter(pk=HEAD_ID).first()
    if head is not None and (head.last_hash != expected_previous or head.last_event_id != last_id):
        return ChainReport(
            checked=checked,
            broken_event_id=head.last_event_id or None,
            reason=_("Tail: the newest events were removed"),
        )
    return ChainReport(checked=checked)


def record_signed_attendance(sender, *, actor, action: str, target, after: dict, **kwargs):
    """Receiver of lms's ``live_attendance_signed``: a signed attendance roster, or a signed
    correction of one, joins the chain in the transaction that signs it."""
    record(actor=actor, action=action, target=target, after=after)
