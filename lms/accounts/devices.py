"""Where a person is signed in (issue 17 item 5), on allauth's user sessions.

allauth records a session when someone signs in through it; sign-in codes and invitations sign
people in with Django's own ``login``, so every sign-in is recorded here from Django's signal
(allauth's record is keyed by the session, so a sign-in is never listed twice). Activity is not
tracked request by request (``USERSESSIONS_TRACK_ACTIVITY`` is off): a page view writes nothing,
and the list shows when each device signed in. No location is ever derived from an address.
"""

from __future__ import annotations

import re

from django.contrib.auth.signals import user_logged_in

from allauth.usersessions.models import UserSession

_BROWSERS = [
    ("Edge", r"Edg(?:e|A|iOS)?/"),
    ("Firefox", r"Firefox/|FxiOS/"),
    ("Samsung Internet", r"SamsungBrowser/"),
    ("Opera", r"OPR/|Opera"),
    ("Chrome", r"Chrome/|CriOS/"),
    ("Safari", r"Safari/"),
]
_SYSTEMS = [
    ("Android", r"Android"),
    ("iPhone", r"iPhone"),
    ("iPad", r"iPad"),
    ("Windows", r"Windows"),
    ("macOS", r"Mac OS X|Macintosh"),
    ("ChromeOS", r"CrOS"),
    ("Linux", r"Linux"),
]


def device_summary(user_agent: str) -> tuple[str, str]:
    """(browser, system) in words a person recognises, "" for what cannot be told."""
    user_agent = user_agent or ""
    browser = next((name for name, pattern in _BROWSERS if re.search(pattern, user_agent)), "")
    system = next((name for name, pattern in _SYSTEMS if re.search(pattern, user_agent)), "")
    return browser, system


def record_sign_in(sender, request=None, user=None, **kwargs) -> None:
    if request is None or not hasattr(request, "session") or user is None:
        return
    if not request.META.get("REMOTE_ADDR"):
        return  # not a request from a browser (a test's or a script's force_login)
    # Django sends the signal before it sets request.user to the person signing in.
    request.user = user
    UserSession.objects.create_from_request(request)


def connect_receivers() -> None:
    """Called from LmsConfig.ready()."""
    user_logged_in.connect(record_sign_in, dispatch_uid="lms.accounts.devices.record_sign_in")
