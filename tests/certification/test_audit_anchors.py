"""The audit chain's anchors: written daily outside the database (the S3 bucket, versioned,
and the log), and the only way to see a chain rewritten whole by someone with database rights."""

import logging
from io import StringIO

from django.conf import settings as django_settings
from django.core.management import CommandError, call_command
from django.db import transaction

import pytest

from certification import audit
from certification.audit_anchors import anchor_write, anchors_read, verify_against_anchors
from certification.models import AuditChainHead, AuditEvent
from certification.tasks import audit_anchor_daily
from tests.certification.test_audit import tamper

pytestmark = [pytest.mark.usefixtures("require_postgresql"), pytest.mark.stack]


def rewrite_whole_chain() -> None:
    """What someone with database rights could do: change an event's content, then recompute
    every hash after it and the head, so the chain verifies again."""
    submit = AuditEvent.objects.get(action="practice.submit")
    tamper(
        "UPDATE certification_auditevent SET after = jsonb_set(after, '{duration_hours}', "
        "'\"8.00\"') WHERE id = %s",
        [submit.pk],
    )
    previous = audit.GENESIS_HASH
    for event in AuditEvent.objects.order_by("pk"):
        event.previous_hash = previous
        event.hash = audit.event_hash(event)
        tamper(
            "UPDATE certification_auditevent SET previous_hash = %s, hash = %s WHERE id = %s",
            [event.previous_hash, event.hash, event.pk],
        )
        previous = event.hash
    AuditChainHead.objects.update(last_hash=previous)


def test_an_anchor_holds_the_head_in_the_versioned_bucket_and_the_log(
    approved_entry, anchor_store, s3_bucket, caplog
):
    bucket, location = anchor_store
    head = AuditChainHead.objects.get()
    with caplog.at_level(logging.INFO, logger="peerpath.audit"):
        anchor = anchor_write()
    assert (anchor.position, anchor.hash, anchor.events) == (head.last_event_id, head.last_hash, 3)
    assert f"position={head.last_event_id} hash={head.last_hash}" in caplog.text
    # In the bucket, under its own name, and the bucket keeps every version.
    keys = [
        item["Key"]
        for item in s3_bucket.list_objects_v2(Bucket=bucket, Prefix=location)["Contents"]
    ]
    assert keys == [f"{location}/{anchor.name}"]
    versioning = s3_bucket.get_bucket_versioning(Bucket=bucket)
    assert versioning["Status"] == "Enabled"
    # A second anchor the same second never replaces the first.
    second = anchor_write()
    assert second.name != anchor.name
    assert [found.position for found in anchors_read()] == [anchor.position] * 2


def test_a_chain_rewritten_whole_verifies_but_not_against_its_anchors(approved_entry, anchor_store):
    anchor = anchor_write()
    rewrite_whole_chain()
    # The rewrite is invisible to the chain alone: that is why anchors exist.
    assert audit.verify_chain().ok
    report = verify_against_anchors()
    assert not report.ok
    assert report.broken_event_id == anchor.position
    assert "rewritten" in report.reason
    with pytest.raises(CommandError, match=f"broken at event #{anchor.position}"):
        call_command("verify_audit_chain", "--against-anchors")


def test_an_intact_chain_matches_its_anchors_as_it_grows(approved_entry, anchor_store, supervisor):
    anchor_write()
    # More events after the anchor: the anchored position still holds its hash.
    with transaction.atomic():
        audit.record(actor=supervisor, action="practice.note", target=approved_entry)
    call_command("anchor_audit_chain", stdout=StringIO())
    out = StringIO()
    call_command("verify_audit_chain", "--against-anchors", stdout=out)
    assert "intact: 4 events checked, 2 anchors match" in out.getvalue()


def test_cutting_the_newest_events_and_their_head_is_caught_by_an_anchor(
    approved_entry, anchor_store
):
    anchor = anchor_write()
    approval = AuditEvent.objects.get(action="practice.approve")
    tamper("DELETE FROM certification_auditevent WHERE id = %s", [approval.pk])
    submit = AuditEvent.objects.get(action="practice.submit")
    AuditChainHead.objects.update(last_event_id=submit.pk, last_hash=submit.hash)
    assert audit.verify_chain().ok
    assert verify_against_anchors().broken_event_id == anchor.position


def test_the_daily_task_anchors_once(approved_entry, anchor_store):
    assert audit_anchor_daily()["position"] == AuditChainHead.objects.get().last_event_id
    assert len(anchors_read()) == 1
    assert django_settings.CELERY_BEAT_SCHEDULE["audit-anchor"]["task"] == audit_anchor_daily.name
