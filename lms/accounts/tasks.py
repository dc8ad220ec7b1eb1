"""Background work the accounts services queue: the invitation email.

Task names stay ``lms.tasks.*`` (lms/tasks.py imports this module for the worker), so messages
already queued and the beat schedule keep finding them.
"""

from django.urls import reverse

from celery import shared_task

from lms.accounts.models import Invitation
from lms.emails import absolute_url, send_templated_email


@shared_task(
    name="lms.tasks.send_invitation_email",
    autoretry_for=(OSError,),
    retry_backoff=True,
    max_retries=5,
)
def send_invitation_email(invitation_id: int, token: str) -> bool:
    """Email the invitation link. Skips invitations already accepted (safe to retry)."""
    invitation = (
        Invitation.objects.select_related("organization", "invited_by")
        .filter(pk=invitation_id, accepted_at__isnull=True)
        .first()
    )
    if invitation is None:
        return False
    link = absolute_url(reverse("lms:invitation_accept", args=[token]))
    send_templated_email(
        to=invitation.email,
        language=getattr(invitation.invited_by, "preferred_language", None),
        template="lms/email/invitation",
        context={"invitation": invitation, "link": link},
    )
    return True
