"""Email to one person, in their language, from a subject and a body template; and the one way
a row-stamped email is sent at most once without holding the row's lock while mail goes out."""

from collections.abc import Callable
from typing import TypeVar

from django.conf import settings
from django.core.mail import send_mail
from django.db import models, transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation

Row = TypeVar("Row", bound=models.Model)


def absolute_url(path: str) -> str:
    """A link that works from an email: the site's public base URL plus the path."""
    return settings.PEERPATH_BASE_URL.rstrip("/") + path


def send_templated_email(*, to: str, language: str | None, template: str, context: dict) -> None:
    """Render `<template>_subject.txt` and `<template>_body.txt` in the person's language."""
    context = {
        "site_name": settings.PEERPATH_SITE_NAME,
        "base_url": settings.PEERPATH_BASE_URL.rstrip("/"),
        **context,
    }
    with translation.override(language or settings.LANGUAGE_CODE):
        subject = render_to_string(f"{template}_subject.txt", context).strip()
        body = render_to_string(f"{template}_body.txt", context)
    send_mail(subject, body, None, [to])


def email_once(
    queryset: models.QuerySet[Row], *, stamp: str, send: Callable[[Row], None]
) -> Row | None:
    """Send the email of the row `queryset` finds, once, never while its row lock is held.

    The row is locked only to claim it: `stamp` (a timestamp field) is set and committed, then
    `send(row)` runs outside the transaction. A second worker finds the claim and sends nothing;
    if sending fails, the stamp is given back so a retry sends it. Returns the row, or None when
    there was nothing to send.
    """
    with transaction.atomic():
        row = queryset.select_for_update(of=("self",)).first()
        if row is None:
            return None
        previous = getattr(row, stamp)
        setattr(row, stamp, timezone.now())
        row.save(update_fields=[stamp])
    try:
        send(row)
    except BaseException:
        type(row)._default_manager.filter(pk=row.pk).update(**{stamp: previous})
        raise
    return row
