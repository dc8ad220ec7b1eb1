"""Signals lms sends, so higher apps (certification) react without lms importing them.

``module_completed(sender=ModuleCompletion, completion=<ModuleCompletion>)`` is sent once, inside
the transaction that records the completion (its hour rows are already saved). A receiver that
sends email or calls other systems should use ``transaction.on_commit``.

``audit_event(sender=<model class>, actor=<User or None>, action=<str>, target=<model instance>,
after=<dict or None>)`` is sent inside the transaction of a change that belongs in the audit
trail (sign-in codes issued and redeemed, say). The audit trail lives in certification, which
records each one (certification/audit.py); lms only announces them.
"""

from django.dispatch import Signal

module_completed = Signal()
audit_event = Signal()


def audit_announce(*, actor, action: str, target, after: dict | None = None) -> None:
    """Ask for one audit event; must run inside the transaction that makes the change."""
    audit_event.send(sender=type(target), actor=actor, action=action, target=target, after=after)
