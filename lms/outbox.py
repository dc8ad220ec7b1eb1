"""The transactional outbox: background work that survives the broker being down at commit.

``enqueue(task, *args)`` writes an ``OutboxMessage`` in the caller's transaction, so the work is
recorded exactly when the change that needs it commits (and never when it rolls back). After the
commit it is handed to Celery at once; if the broker (Redis) cannot be reached, the message just
stays in the table and nothing the person did is lost or refused. ``drain()`` hands over every
message still waiting. The beat runs it every minute (``outbox-drain``), and each worker runs
it when it starts.

A message can reach Celery twice: the hand-over worked but the delete did not, or a drain ran
while the first hand-over was still under way. So every task queued through here must be
idempotent, and each one is: notices and emails are sent once per key, and packets and copies
are built once. docs/operations.md ("When a part fails") says more.

Not through here: the invitation email (its task carries the raw invitation token, which must
never rest in a table; staff can send an invitation again) and the account emails of
``lms/accounts/services.py`` (the same, for links with tokens). The invitation goes through
``send_or_run_here``: while the broker is down, the email is sent by the request itself.
"""

from __future__ import annotations

import datetime
import logging

from django.db import models, transaction
from django.utils import timezone

logger = logging.getLogger(__name__)

# A message this old that is still waiting was not handed over after its commit.
DRAIN_AFTER = datetime.timedelta(seconds=30)


class OutboxMessage(models.Model):
    """One task to hand to Celery, written in the transaction that asked for it."""

    task = models.CharField(max_length=200)
    args = models.JSONField(default=list)
    created_at = models.DateTimeField(default=timezone.now)
    attempts = models.PositiveIntegerField(default=0)
    last_error = models.CharField(max_length=500, blank=True)

    class Meta:
        app_label = "lms"
        ordering = ["pk"]
        indexes = [models.Index(fields=["created_at"], name="lms_outbox_waiting")]

    def __str__(self) -> str:
        return f"{self.task}{tuple(self.args)}"


def _broker_errors() -> tuple[type[BaseException], ...]:
    from kombu.exceptions import OperationalError

    return (OperationalError, ConnectionError, OSError, TimeoutError)


def _hand_over(message_id: int, task_name: str, args: list) -> bool:
    """Give one message to Celery and forget it. False (and the message kept) if the broker
    cannot be reached. Errors of the task itself (in eager mode) are not caught."""
    from celery import current_app

    try:
        current_app.tasks[task_name].apply_async(args=args)
    except _broker_errors() as error:
        OutboxMessage.objects.filter(pk=message_id).update(
            attempts=models.F("attempts") + 1, last_error=str(error)[:500]
        )
        logger.warning(
            "outbox: %s kept for later, the broker is unreachable (%s)", task_name, error
        )
        return False
    OutboxMessage.objects.filter(pk=message_id).delete()
    return True


def send_or_run_here(task, *args) -> None:
    """For work that must not rest in a table (its arguments carry a secret): hand it to Celery,
    or, if the broker cannot be reached, run it in this process now. Call it after the commit."""
    try:
        task.apply_async(args=list(args))
    except _broker_errors() as error:
        logger.warning(
            "outbox: %s run in this process, the broker is unreachable (%s)", task.name, error
        )
        task.apply(args=list(args), throw=True)


def enqueue(task, *args) -> OutboxMessage:
    """Queue ``task(*args)`` once the current transaction commits (at once outside one)."""
    message = OutboxMessage.objects.create(task=task.name, args=list(args))
    transaction.on_commit(lambda: _hand_over(message.pk, message.task, message.args))
    return message


def drain(*, older_than: datetime.timedelta = DRAIN_AFTER, limit: int = 500) -> int:
    """Hand over the messages still waiting; returns how many went. Stops at the first broker
    failure (the next run tries again)."""
    cutoff = timezone.now() - older_than
    sent = 0
    with transaction.atomic():
        # Locked and skipped, so two drains (two beat nodes, a worker starting) never share.
        waiting = list(
            OutboxMessage.objects.select_for_update(skip_locked=True)
            .filter(created_at__lte=cutoff)
            .order_by("pk")
            .values_list("pk", "task", "args")[:limit]
        )
        for message_id, task_name, args in waiting:
            if not _hand_over(message_id, task_name, args):
                break
            sent += 1
    if sent:
        logger.info("outbox: %s waiting task(s) handed to the broker", sent)
    return sent


def drain_on_worker_start(**_signal) -> None:
    """A worker starting (after an outage, a deploy) hands over what waited meanwhile."""
    try:
        drain(older_than=datetime.timedelta(0))
    except Exception:  # a worker must start even if the database is not there yet
        logger.exception("outbox: the drain at worker start failed; the beat will retry")
