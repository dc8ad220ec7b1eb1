from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from celery import shared_task

from .models import Invitation


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def send_invitation_email(invitation_id: int, token: str) -> bool:
    """Email the invitation link. Skips invitations already accepted (safe to retry)."""
    invitation = (
        Invitation.objects.select_related("organization", "invited_by")
        .filter(pk=invitation_id, accepted_at__isnull=True)
        .first()
    )
    if invitation is None:
        return False
    link = settings.WAGTAILADMIN_BASE_URL.rstrip("/") + reverse(
        "lms:invitation_accept", args=[token]
    )
    language = getattr(invitation.invited_by, "preferred_language", None) or "en"
    with translation.override(language):
        context = {"invitation": invitation, "link": link}
        subject = render_to_string("lms/email/invitation_subject.txt", context).strip()
        body = render_to_string("lms/email/invitation_body.txt", context)
    send_mail(subject, body, None, [invitation.email])
    return True
