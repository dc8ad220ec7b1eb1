"""Last step: the load's audit events chained after the current head, then the build itself.

The trail is smaller than the services would write (see the package's docstring), but the
chain is whole: `verify_audit_chain` passes after a load.
"""

from dataclasses import asdict

from certification import audit
from certification.models import AuditChainHead, AuditEvent
from lms.accounts.models import Role

from .parameters import BATCH_SIZE, BUILD_ACTION
from .state import LoadState


def note_chain_head(state: LoadState) -> None:
    """Lock the chain's head for the build and note where it stood (`reset` goes back there)."""
    head, _created = AuditChainHead.objects.select_for_update().get_or_create(
        pk=audit.HEAD_ID, defaults={"last_hash": audit.GENESIS_HASH}
    )
    state.chain_before = {"last_event_id": head.last_event_id, "last_hash": head.last_hash}


def chain_audit_trail(state: LoadState) -> AuditEvent:
    """Record the build (parameters, the benchmark's handles, where the chain stood), chain
    every collected event after the head, store them, and move the head."""
    organization = state.organizations[0]
    people = state.by_organization[organization.pk]
    busiest = people[Role.SUPERVISOR][0]
    typical = next(
        trainee
        for trainee in people[Role.TRAINEE]
        if state.by_trainee[trainee.pk][-1].row.supervisor_id == busiest.pk
    )
    state.audit(
        occurred_at=state.now,
        actor=None,
        action=BUILD_ACTION,
        target=organization,
        after={
            "parameters": asdict(state.parameters),
            "handles": {
                "trainee": typical.pk,
                "supervisor": busiest.pk,
                "staff": people[Role.STAFF][0].pk,
                "module_page_id": state.module_page_id,
                "verification_code": state.verification_code,
            },
            "chain_before": state.chain_before,
            "counts": state.counts,
        },
    )
    previous = state.chain_before["last_hash"]
    for event in state.audit_events:
        event.previous_hash = previous
        event.hash = audit.event_hash(event)
        previous = event.hash
    events = AuditEvent.objects.bulk_create(state.audit_events, BATCH_SIZE)
    if any(later.pk <= earlier.pk for earlier, later in zip(events, events[1:], strict=False)):
        raise RuntimeError("Audit events were not stored in chain order.")
    AuditChainHead.objects.filter(pk=audit.HEAD_ID).update(
        last_event_id=events[-1].pk, last_hash=events[-1].hash
    )
    state.counts["audit_events"] = len(events)
    return events[-1]
