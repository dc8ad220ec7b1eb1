"""In-app notices with an email alongside, sent at most once per key (idempotent)."""

from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone

from certification.models import Notice
from lms.accounts.models import User
from lms.emails import absolute_url


def notice_deliver(*, recipient: User, key: str, subject: str, body: str, link: str = "") -> Notice:
    """Store the notice (once per key) and email it if the person has an address (once)."""
    notice, _created = Notice.objects.get_or_create(
        key=key,
        defaults={"recipient": recipient, "subject": subject, "body": body, "link": link},
    )
    if not recipient.email:
        return notice
    with transaction.atomic():
        locked = Notice.objects.select_for_update().get(pk=notice.pk)
        if locked.emailed_at is None:
            text = locked.body + ("\n\n" + absolute_url(locked.link) if locked.link else "")
            send_mail(locked.subject, text, None, [recipient.email])
            locked.emailed_at = timezone.now()
            locked.save(update_fields=["emailed_at"])
    return locked


def notices_mark_read(*, recipient: User) -> int:
    return Notice.objects.filter(recipient=recipient, read_at__isnull=True).update(
        read_at=timezone.now()
    )
