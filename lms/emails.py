"""Email to one person, in their language, from a subject and a body template."""

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import translation


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
