"""Signals lms sends, so other code reacts without the sender importing it.

``module_completed(sender=ModuleCompletion, completion=<ModuleCompletion>)`` is sent once, inside
the transaction that records the completion (its hour rows are already saved). A receiver that
sends email or calls other systems should use ``transaction.on_commit``.

``audit_event(sender=<model class>, actor=<User or None>, action=<str>, target=<model instance>,
after=<dict or None>)`` is sent inside the transaction of a change that belongs in the audit
trail (sign-in codes issued and redeemed, say). The audit trail lives in certification, which
records each one (certification/audit.py); lms only announces them.

``invitation_accepted(sender=Invitation, invitation=<Invitation>, user=<User>)`` is sent once,
inside the transaction that accepts the invitation, after the membership is granted. Accounts
sits below learning, so learning listens (it enrols the person in the invitation's cohort)
instead of accounts calling it.
"""

from django.dispatch import Signal

module_completed = Signal()
audit_event = Signal()


def audit_announce(*, actor, action: str, target, after: dict | None = None) -> None:
    """Ask for one audit event; must run inside the transaction that makes the change."""
    audit_event.send(sender=type(target), actor=actor, action=action, target=target, after=after)


invitation_accepted = Signal()

live_attendance_signed = Signal()
"""``live_attendance_signed(sender, actor, action, target, after)`` is sent inside the
transaction that signs a session's attendance roster (``action="live.roster_signed"``, ``target``
the LiveRosterSignature) or records a signed correction (``action="live.attendance_corrected"``,
``target`` the LiveAttendanceCorrection). ``after`` is the signed content as plain JSON values.
certification records it in the hash-chained audit trail; a receiver that raises rolls the
signature back, so attendance is never signed without its audit event.
"""
