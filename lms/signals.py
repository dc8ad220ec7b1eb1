"""Signals lms sends, so higher apps (certification) react without lms importing them.

``module_completed(sender=ModuleCompletion, completion=<ModuleCompletion>)`` is sent once, inside
the transaction that records the completion (its hour rows are already saved). A receiver that
sends email or calls other systems should use ``transaction.on_commit``.
"""

from django.dispatch import Signal

module_completed = Signal()
