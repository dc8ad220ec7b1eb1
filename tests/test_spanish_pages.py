"""Every page a person reaches, in Spanish, shows none of our templates' English strings.

The demo (seed_demo) gives each role real records; each role's pages are walked from its home
by following the links on them, in Spanish, and every string our templates translate is looked
for in what the page shows (its text and the attributes people or screen readers read). A
string found in English means a template or view renders it outside the active language.
"""

import re
from collections import deque
from html import unescape
from urllib.parse import urlsplit

from django.core.management import call_command
from django.db import transaction
from django.test import TestCase, override_settings

import pytest
from bs4 import BeautifulSoup

from lms.accounts.models import User
from tests.i18n_catalogue import read_catalogue

PLACEHOLDER = re.compile(r"%\([a-z_]+\)[-.0-9]*[sdf]|%%")
READ_ATTRIBUTES = ("aria-label", "title", "alt", "placeholder", "value", "content")
# Downloads, sign-out and the admin screens (Wagtail's and Django's, translated by them).
NOT_WALKED = re.compile(
    r"^/(admin|django-admin|api|accounts/logout|documents|media|static)/|"
    r"\.(pdf|csv|ics|json)$|/(pdf|csv|open-badge|calendar|feed)/?$"
)
PAGES_PER_ROLE = 30


def _fragments(msgid: str) -> list[str]:
    """The literal parts of a msgid worth looking for: whole phrases of two words or more."""
    parts = [" ".join(part.split()) for part in PLACEHOLDER.split(msgid)]
    return [part for part in parts if len(part) >= 12 and " " in part]


def english_template_strings() -> dict[str, str]:
    """Literal fragment -> its msgid, for every template string whose Spanish differs."""
    found = {}
    for entry in read_catalogue():
        if not any(name.startswith("templates/") for name in entry.files):
            continue
        if entry.msgstr and entry.msgstr[0] == entry.msgid:
            continue
        translations = " ".join(" ".join(text.split()) for text in entry.msgstr)
        for fragment in _fragments(entry.msgid):
            if fragment not in translations:
                found[fragment] = entry.msgid
    return found


def shown_text(html: str) -> str:
    soup = BeautifulSoup(html, "html.parser")
    for hidden in soup(["script", "style"]):
        hidden.decompose()
    attributes = [
        str(tag.get(name))
        for tag in soup.find_all(True)
        for name in READ_ATTRIBUTES
        if tag.get(name) and not (tag.name == "input" and tag.get("type") == "hidden")
    ]
    return " ".join(unescape(" ".join([soup.get_text(" "), *attributes])).split())


def walk(client, start: str, *, limit: int = PAGES_PER_ROLE):
    """Breadth-first over the site's own links from `start`: (path, shown text) per page."""
    queue, seen = deque([start]), {start}
    while queue and limit:
        path = queue.popleft()
        response = client.get(path, HTTP_ACCEPT_LANGUAGE="es")
        if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
            continue
        limit -= 1
        html = response.content.decode()
        yield path, html
        for link in BeautifulSoup(html, "html.parser").find_all("a", href=True):
            target = urlsplit(link["href"])
            if target.scheme or target.netloc or not target.path.startswith("/"):
                continue
            if NOT_WALKED.search(target.path) or target.path in seen:
                continue
            seen.add(target.path)
            queue.append(target.path)


@pytest.fixture(scope="module")
def shared_demo(django_db_setup, django_db_blocker):
    """The demo seeded once for this module (its curriculum translated into Spanish), rolled
    back after it; each test runs in its own savepoint inside."""
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            with override_settings(DEBUG=True), TestCase.captureOnCommitCallbacks(execute=True):
                call_command("seed_demo", "--quiet-accounts", verbosity=0)
            yield
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


@pytest.fixture
def demo(shared_demo, db):
    return None


ROLE_HOMES = [
    (None, "/"),
    ("trainee@demo.peerpath.test", "/learn/"),
    ("supervisor@demo.peerpath.test", "/supervise/"),
    ("staff@demo.peerpath.test", "/staff/"),
    ("facilitator@demo.peerpath.test", "/facilitate/"),
]


@pytest.mark.parametrize(("email", "home"), ROLE_HOMES)
def test_pages_in_spanish_show_no_english_template_strings(client, settings, demo, email, home):
    settings.PEERPATH_REQUIRE_MFA_FOR_PRIVILEGED_ROLES = False
    if email:
        person = User.objects.get(email=email)
        person.preferred_language = "es"
        person.save(update_fields=["preferred_language"])
        client.force_login(person)
    english = english_template_strings()
    leaks, walked = {}, []
    for path, html in walk(client, home):
        walked.append(path)
        assert '<html lang="es">' in html, path
        text = shown_text(html)
        for fragment, msgid in english.items():
            if fragment in text:
                leaks.setdefault(msgid, path)
    assert len(walked) >= 3, walked
    assert not leaks, "English on Spanish pages:\n" + "\n".join(
        f"  {path}: {msgid[:80]!r}" for msgid, path in leaks.items()
    )
