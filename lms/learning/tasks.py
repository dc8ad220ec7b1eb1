"""Background work for learning: the completion email and the learning reminders (daily).

The reminders task reads who is due from the selectors; the completion email is queued by
``module_completion_check``. Task names stay ``lms.tasks.*`` (lms/tasks.py imports this module
for the worker), so messages already queued and the beat schedule keep finding them.
"""

import datetime

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from celery import shared_task

from lms.accounts.models import User
from lms.emails import absolute_url, email_once, send_templated_email
from lms.learning.models import LearningPreference, ModuleCompletion
from lms.learning.selectors import learning_reminder_due
from lms.schedule import once_per_day


def _email_learner(person: User, *, template: str, context: dict) -> None:
    """A learning email, in the person's language, with a link back to their learning home."""
    send_templated_email(
        to=person.email,
        language=person.preferred_language,
        template=template,
        context={**context, "link": absolute_url(reverse("lms:learn_home"))},
    )


@shared_task(
    name="lms.tasks.send_module_completion_email",
    autoretry_for=(OSError,),
    retry_backoff=True,
    max_retries=5,
)
def send_module_completion_email(completion_id: int) -> bool:
    """A short congratulation when a module is completed. Sent once, safe to retry."""
    completion = email_once(
        ModuleCompletion.objects.select_related("user")
        .filter(pk=completion_id, congratulated_at__isnull=True)
        .filter(user__email__gt=""),
        stamp="congratulated_at",
        send=lambda completion: _email_learner(
            completion.user,
            template="lms/email/module_completed",
            context={"completion": completion},
        ),
    )
    return completion is not None


@shared_task(name="lms.tasks.send_learning_reminders")
@once_per_day("learning-reminders")
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
    """One reminder. Idempotent: a person reminded within the shortest interval they can choose
    is not reminded again, so a redelivered task (its worker died after sending) sends
    nothing."""
    recently = timezone.now() - datetime.timedelta(days=min(LearningPreference.Frequency.values))
    preference = email_once(
        LearningPreference.objects.select_related("user")
        .filter(pk=preference_id, reminders_enabled=True)
        .filter(Q(last_reminded_at__isnull=True) | Q(last_reminded_at__lt=recently))
        .filter(user__email__gt=""),
        stamp="last_reminded_at",
        send=lambda preference: _email_learner(
            preference.user, template="lms/email/reminder", context={"preference": preference}
        ),
    )
    return preference is not None
