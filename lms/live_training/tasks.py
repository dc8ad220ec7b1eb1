"""Background work for live training: notices about a session, and reminders before it.

Task names stay ``lms.tasks.*`` (lms/tasks.py imports this module for the worker and the beat
schedule names them so). Reminders go out 24 hours and 1 hour before a session, once each, in
the person's language, and never for a cancelled session or registration.
"""

from django.urls import reverse
from django.utils import timezone

from celery import shared_task

from lms.emails import absolute_url, email_once, send_templated_email
from lms.live_training.models import LiveRegistration, RegistrationStatus
from lms.live_training.selectors import reminders_due

LIVE_NOTICE_KINDS = ("changed", "cancelled", "promoted")
REMINDER_STAMPS = {"day": "reminded_day_before_at", "hour": "reminded_hour_before_at"}


def _email_registrant(registration: LiveRegistration, *, template: str, context: dict) -> None:
    """A live-training email to the registered person, in their language, linking their sessions."""
    send_templated_email(
        to=registration.trainee.email,
        language=registration.trainee.preferred_language,
        template=template,
        context={
            **context,
            "registration": registration,
            "session": registration.session,
            "link": absolute_url(reverse("lms:live_sessions")),
        },
    )


@shared_task(
    name="lms.tasks.send_live_session_notice",
    autoretry_for=(OSError,),
    retry_backoff=True,
    max_retries=5,
)
def send_live_session_notice(registration_id: int, kind: str) -> bool:
    """Tell one person their session changed, was cancelled, or has a seat for them now."""
    if kind not in LIVE_NOTICE_KINDS:
        return False
    registration = (
        LiveRegistration.objects.select_related("trainee", "session__module")
        .filter(pk=registration_id, trainee__email__gt="")
        .first()
    )
    if registration is None:
        return False
    if kind == "promoted" and registration.status != RegistrationStatus.REGISTERED:
        return False
    _email_registrant(
        registration, template="lms/email/live_session_notice", context={"kind": kind}
    )
    return True


@shared_task(name="lms.tasks.send_live_session_reminders")
def send_live_session_reminders() -> int:
    """Queue the reminders due now (24 hours and 1 hour before). Runs every few minutes."""
    due = reminders_due()
    for registration_id, which in due:
        send_live_session_reminder.delay(registration_id, which)
    return len(due)


@shared_task(
    name="lms.tasks.send_live_session_reminder",
    autoretry_for=(OSError,),
    retry_backoff=True,
    max_retries=3,
)
def send_live_session_reminder(registration_id: int, which: str) -> bool:
    """One reminder, sent once: the registration is claimed (stamped) before the email goes out,
    never while its row lock is held; a cancelled session or registration gets nothing."""
    stamp = REMINDER_STAMPS.get(which)
    if stamp is None:
        return False
    registration = email_once(
        LiveRegistration.objects.select_related("trainee", "session__module").filter(
            pk=registration_id,
            status=RegistrationStatus.REGISTERED,
            session__cancelled_at__isnull=True,
            session__starts_at__gt=timezone.now(),
            trainee__email__gt="",
            **{f"{stamp}__isnull": True},
        ),
        stamp=stamp,
        send=lambda registration: _email_registrant(
            registration, template="lms/email/live_session_reminder", context={"which": which}
        ),
    )
    return registration is not None
