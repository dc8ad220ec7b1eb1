"""The lms tasks the Celery worker registers (it discovers ``lms.tasks``).

Each task lives in the sub-package whose services queue it, so a service never imports this
module (accounts would reach learning through it). Their names stay ``lms.tasks.<function>``.
"""

from celery import shared_task

from lms.accounts.tasks import send_invitation_email
from lms.learning.tasks import (
    send_learning_reminder,
    send_learning_reminders,
    send_module_completion_email,
)
from lms.live_training.tasks import (
    send_live_session_notice,
    send_live_session_reminder,
    send_live_session_reminders,
)
from lms.xapi import send_xapi_statement, xapi_flush


@shared_task(name="lms.tasks.drain_outbox")
def drain_outbox() -> int:
    """Hand to the broker the work that waited while it was unreachable (lms/outbox.py)."""
    from lms.outbox import drain

    return drain()


__all__ = [
    "drain_outbox",
    "send_invitation_email",
    "send_learning_reminder",
    "send_learning_reminders",
    "send_live_session_notice",
    "send_live_session_reminder",
    "send_live_session_reminders",
    "send_module_completion_email",
    "send_xapi_statement",
    "xapi_flush",
]
