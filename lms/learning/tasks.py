"""Background work for learning: the completion email and the learning reminders (daily).

The reminders task reads who is due from the selectors; the completion email is queued by
``module_completion_check``. Task names stay ``lms.tasks.*`` (lms/tasks.py imports this module
for the worker), so messages already queued and the beat schedule keep finding them.
"""

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from celery import shared_task

from lms.emails import absolute_url, send_templated_email
from lms.learning.models import LearningPreference, ModuleCompletion
from lms.learning.selectors import learning_reminder_due


@shared_task(
    name="lms.tasks.send_module_completion_email",
    autoretry_for=(OSError,),
    retry_backoff=True,
    max_retries=5,
)
def send_module_completion_email(completion_id: int) -> bool:
    """A short congratulation when a module is completed. Sent once, safe to retry."""
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


@shared_task(name="lms.tasks.send_learning_reminders")
def send_learning_reminders() -> int:
    """Remind trainees who opted in and have not opened a lesson for their chosen interval.

    Runs daily from Celery beat. Nobody is reminded more often than they chose, and never
    without having switched reminders on.
    """
    due = learning_reminder_due()
    for preference_id in due:
        send_learning_reminder.delay(preference_id)
    return len(due)


@shared_task(
    name="lms.tasks.send_learning_reminder",
    autoretry_for=(OSError,),
    retry_backoff=True,
    max_retries=3,
)
def send_learning_reminder(preference_id: int) -> bool:
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
