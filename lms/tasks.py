from django.urls import reverse

from celery import shared_task

from lms.accounts.models import Invitation
from lms.emails import absolute_url, send_templated_email


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
    link = absolute_url(reverse("lms:invitation_accept", args=[token]))
    send_templated_email(
        to=invitation.email,
        language=getattr(invitation.invited_by, "preferred_language", None),
        template="lms/email/invitation",
        context={"invitation": invitation, "link": link},
    )
    return True


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def send_module_completion_email(completion_id: int) -> bool:
    """A short congratulation when a module is completed. Sent once, safe to retry."""
    from django.db import transaction
    from django.utils import timezone

    from lms.learning.models import ModuleCompletion

    with transaction.atomic():
        completion = (
            ModuleCompletion.objects.select_for_update()
            .select_related("user")
            .filter(pk=completion_id, congratulated_at__isnull=True)
            .first()
        )
        if completion is None or not completion.user.email:
            return False
        send_templated_email(
            to=completion.user.email,
            language=completion.user.preferred_language,
            template="lms/email/module_completed",
            context={"completion": completion, "link": absolute_url(reverse("lms:learn_home"))},
        )
        completion.congratulated_at = timezone.now()
        completion.save(update_fields=["congratulated_at"])
    return True


@shared_task
def send_learning_reminders() -> int:
    """Remind trainees who opted in and have not opened a lesson for their chosen interval.

    Runs daily from Celery beat. Nobody is reminded more often than they chose, and never
    without having switched reminders on.
    """
    from lms.learning.services import learning_reminder_due

    due = learning_reminder_due()
    for preference_id in due:
        send_learning_reminder.delay(preference_id)
    return len(due)


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=3)
def send_learning_reminder(preference_id: int) -> bool:
    from django.db import transaction
    from django.utils import timezone

    from lms.learning.models import LearningPreference

    with transaction.atomic():
        preference = (
            LearningPreference.objects.select_for_update()
            .select_related("user")
            .filter(pk=preference_id, reminders_enabled=True)
            .first()
        )
        if preference is None or not preference.user.email:
            return False
        send_templated_email(
            to=preference.user.email,
            language=preference.user.preferred_language,
            template="lms/email/reminder",
            context={"preference": preference, "link": absolute_url(reverse("lms:learn_home"))},
        )
        preference.last_reminded_at = timezone.now()
        preference.save(update_fields=["last_reminded_at"])
    return True
