"""Step 3: practice hours (by COPY: half a million rows at the default size), and the audit
events of the recent sign-offs."""

import datetime
from collections import defaultdict
from collections.abc import Iterable
from decimal import Decimal

from certification import audit
from certification.supervision.models import EntryStatus, PracticeLogEntry

from .inserts import copy_rows
from .parameters import BATCH_SIZE, RECENT_AUDIT_DAYS
from .state import AgreementSpan, LoadState, at, weighted
from .vocabulary import (
    ACTIVITY_WEIGHTS,
    DESCRIPTIONS,
    DRAFT_SHARE,
    DURATION_WEIGHTS,
    DURATIONS,
    MODALITY_WEIGHTS,
    REJECT_COMMENTS,
    RETURN_COMMENTS,
    REVIEWED_WEIGHTS,
    SETTING_WEIGHTS,
    SUBMITTED_SHARE,
)

COLUMNS = [
    "trainee_id", "agreement_id", "date", "duration_hours", "domain_id", "setting",
    "activity_type", "modality", "description", "status", "submitted_at", "reviewed_at",
    "reviewed_by_id", "review_comment", "signature", "signed_credential_name",
    "signed_credential_number", "signed_credential_expires_on", "created_at", "updated_at",
]  # fmt: skip


def _day_within(spans, offset: int) -> tuple[AgreementSpan, datetime.date]:
    """The `offset`-th day counted across the agreements' spans of days, and its agreement."""
    for agreement, days in spans:
        if offset < days:
            return agreement, agreement.counts_from + datetime.timedelta(days=offset)
        offset -= days
    raise ValueError(offset)


def build_practice_entries(state: LoadState) -> None:
    """`entries_per_trainee` entries per trainee, each inside one of their agreements, at most
    24 hours a day; the newest are drafts or wait for sign-off."""
    rng, now, per_trainee = state.rng, state.now, state.parameters.entries_per_trainee
    draft_count = round(per_trainee * DRAFT_SHARE)
    submitted_count = round(per_trainee * SUBMITTED_SHARE)
    domain_ids = [domain.pk for domain in state.domains]
    status_counts: dict[str, int] = defaultdict(int)

    def rows() -> Iterable[tuple]:
        for trainee_id, agreements in state.by_trainee.items():
            spans = [(a, (a.last_day - a.counts_from).days + 1) for a in agreements]
            total_days = sum(days for _a, days in spans)
            hours_on: dict[datetime.date, Decimal] = defaultdict(Decimal)
            planned = []
            durations = rng.choices(DURATIONS, weights=DURATION_WEIGHTS, k=per_trainee)
            for duration in durations:
                while True:  # at most 24 hours a day: draw another day when full
                    agreement, day = _day_within(spans, rng.randrange(total_days))
                    if hours_on[day] + duration <= 24:
                        break
                hours_on[day] += duration
                planned.append((day, duration, agreement))
            planned.sort(key=lambda item: item[0], reverse=True)
            settings_ = weighted(rng, SETTING_WEIGHTS, per_trainee)
            activities = weighted(rng, ACTIVITY_WEIGHTS, per_trainee)
            modalities = weighted(rng, MODALITY_WEIGHTS, per_trainee)
            reviewed = weighted(rng, REVIEWED_WEIGHTS, per_trainee)
            for rank, (day, duration, agreement) in enumerate(planned):
                row = agreement.row
                created_at = min(at(day, rng.randrange(9, 21), rng.choice((0, 15, 30))), now)
                submitted_at = reviewed_at = reviewer = None
                comment = signature = name = number = ""
                expires = None
                if rank < draft_count:
                    status = EntryStatus.DRAFT
                else:
                    submitted_at = min(
                        created_at + datetime.timedelta(hours=rng.randrange(0, 72)), now
                    )
                    status = (
                        EntryStatus.SUBMITTED
                        if rank < draft_count + submitted_count
                        else reviewed[rank]
                    )
                if status in REVIEWED_WEIGHTS:
                    reviewed_at = min(
                        submitted_at + datetime.timedelta(hours=rng.randrange(2, 240)), now
                    )
                    reviewer = row.supervisor_id
                if status == EntryStatus.APPROVED:
                    signature = row.supervisor_signature
                    name = row.supervisor_credential_name
                    number = row.supervisor_credential_number
                    expires = row.supervisor_credential_expires_on
                elif status == EntryStatus.RETURNED:
                    comment = rng.choice(RETURN_COMMENTS)
                elif status == EntryStatus.REJECTED:
                    comment = rng.choice(REJECT_COMMENTS)
                status_counts[status] += 1
                activity = activities[rank]
                yield (
                    trainee_id, row.pk, day, duration, rng.choice(domain_ids),
                    settings_[rank], activity, modalities[rank], DESCRIPTIONS[activity],
                    status, submitted_at, reviewed_at, reviewer, comment, signature, name,
                    number, expires, created_at, reviewed_at or submitted_at or created_at,
                )  # fmt: skip

    total = copy_rows(PracticeLogEntry, COLUMNS, rows(), progress=state.step)
    state.counts["practice_entries"] = total
    state.counts.update({f"entries_{status}": count for status, count in status_counts.items()})
    _audit_recent_sign_offs(state)


def _audit_recent_sign_offs(state: LoadState) -> None:
    """Recent sign-offs get their audit event, as practice_entry_approve() writes it."""
    recent = (
        PracticeLogEntry.objects.filter(
            trainee__memberships__organization__in=state.organizations,
            status=EntryStatus.APPROVED,
            reviewed_at__gte=state.now - datetime.timedelta(days=RECENT_AUDIT_DAYS),
        )
        .select_related("reviewed_by")
        .order_by("reviewed_at", "pk")
    )
    for entry in recent.iterator(chunk_size=BATCH_SIZE):
        before = audit.snapshot(entry)
        before.update(
            status=EntryStatus.SUBMITTED,
            reviewed_at=None,
            reviewed_by_id=None,
            signature="",
            signed_credential_name="",
            signed_credential_number="",
            signed_credential_expires_on=None,
        )
        state.audit(
            occurred_at=entry.reviewed_at,
            actor=entry.reviewed_by,
            action="practice.approve",
            target=entry,
            before=before,
            after=audit.snapshot(entry),
        )
