"""Notifications: an in-app notice with a templated email alongside, each sent at most once per
key (idempotent), the email only after the notice is committed and never under a row lock."""

from collections.abc import Callable, Iterable
from typing import TypedDict, TypeVar

from django.utils import timezone, translation

from certification.models import Notice
from lms import personal_pages
from lms.accounts.models import User
from lms.emails import absolute_url, email_once, send_templated_email

Item = TypeVar("Item")


class NoticeMessage(TypedDict):
    key: str
    subject: str
    body: str
    link: str


def language_of(person: User) -> str:
    return getattr(person, "preferred_language", None) or "en"


def notice_deliver(*, recipient: User, key: str, subject: str, body: str, link: str = "") -> Notice:
    """Store the notice (once per key) and email it if the person has an address (once)."""
    notice, _created = Notice.objects.get_or_create(
        key=key,
        defaults={"recipient": recipient, "subject": subject, "body": body, "link": link},
    )
    if not recipient.email:
        return notice

    def send(claimed: Notice) -> None:
        send_templated_email(
            to=recipient.email,
            language=language_of(recipient),
            template="certification/email/notice",
            context={
                "subject": claimed.subject,
                "body": claimed.body,
                "link": absolute_url(claimed.link) if claimed.link else "",
            },
        )

    emailed = email_once(
        Notice.objects.filter(pk=notice.pk, emailed_at__isnull=True), stamp="emailed_at", send=send
    )
    return emailed or notice


def notices_deliver_each(
    items: Iterable[Item],
    *,
    recipient: Callable[[Item], User],
    message: Callable[[Item], NoticeMessage | None],
) -> int:
    """Deliver one notice per item to its recipient, written in the recipient's language;
    `message` answers None to skip an item. Returns how many notices were delivered."""
    sent = 0
    for item in items:
        person = recipient(item)
        with translation.override(language_of(person)):
            content = message(item)
            if content is None:
                continue
            notice_deliver(
                recipient=person,
                key=content["key"],
                subject=str(content["subject"]),
                body=str(content["body"]),
                link=content["link"],
            )
        sent += 1
    return sent


def notices_mark_read(*, recipient: User) -> int:
    with personal_pages.announce(people=[recipient.pk]):
        return Notice.objects.filter(recipient=recipient, read_at__isnull=True).update(
            read_at=timezone.now()
        )
