"""A CDN in front of the public pages (cms/frontend_cache.py), with a real purge server.

The purge server is a real HTTP server on a free local port that records the PURGE requests it
gets; Wagtail's HTTPBackend (Varnish or nginx style) is pointed at it.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from django.conf import settings
from django.test import Client, override_settings

from wagtail.models import Page, PageViewRestriction

import pytest

from cms.models import HomePage, StandardPage
from curriculum.models import CompetencyDomain
from lms.kept_pages import CSRF_PLACEHOLDER
from tests.factories import TEST_PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


class PurgeRecorder(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self):
        self.purged: list[tuple[str, str]] = []  # (path, Host header)
        self.lock = threading.Lock()
        super().__init__(("127.0.0.1", 0), _PurgeHandler)

    def paths(self) -> list[str]:
        with self.lock:
            return [path for path, _host in self.purged]

    def forget(self) -> None:
        with self.lock:
            self.purged.clear()


class _PurgeHandler(BaseHTTPRequestHandler):
    def do_PURGE(self):  # noqa: N802 - the HTTP method's name
        with self.server.lock:
            self.server.purged.append((self.path, self.headers.get("Host", "")))
        self.send_response(200)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, format, *args):  # noqa: A002 - the base class's signature
        pass


@pytest.fixture
def purge_server():
    server = PurgeRecorder()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


@pytest.fixture
def cdn(purge_server):
    location = f"http://127.0.0.1:{purge_server.server_address[1]}"
    backends = {
        "http": {
            "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
            "LOCATION": location,
        }
    }
    with override_settings(WAGTAILFRONTENDCACHE=backends):
        yield purge_server


def _publish(title: str, slug: str, parent=None) -> StandardPage:
    page = StandardPage(title=title, slug=slug, introduction=f"{title}.")
    (parent or HomePage.objects.get()).add_child(instance=page)
    page.save_revision().publish()
    return page


@pytest.fixture
def about():
    return _publish("About PeerPath", "about")


def _live_public_paths() -> set[str]:
    paths = set()
    for page in Page.objects.live().public().filter(depth__gt=1).specific():
        url = page.get_url()
        if url is not None:
            paths.add(url)
    return paths


# ------------------------------------------------------------------------------ purging
def test_publishing_and_unpublishing_a_page_purge_its_address(cdn):
    page = StandardPage(title="Contact", slug="contact", introduction="Write to us.")
    HomePage.objects.get().add_child(instance=page)
    cdn.forget()
    page.save_revision().publish()
    assert "/contact/" in cdn.paths()
    site_host = Page.objects.get(pk=page.pk).get_site().hostname
    assert {host for _path, host in cdn.purged} == {site_host}

    cdn.forget()
    page.unpublish()
    assert "/contact/" in cdn.paths()


def test_a_domain_edit_purges_every_page_a_cdn_may_have_kept_once(
    cdn, about, django_capture_on_commit_callbacks
):
    _publish("Contact", "contact")
    _publish("Team", "team", parent=about)
    draft = StandardPage(title="Draft", slug="draft", introduction="Not yet.", live=False)
    HomePage.objects.get().add_child(instance=draft)
    hidden = _publish("Members", "members")
    PageViewRestriction.objects.create(page=hidden, restriction_type="login")
    old_news = _publish("Old news", "old-news")
    old_news.refresh_from_db()
    old_news.unpublish()
    expected = _live_public_paths() | {"/members/", "/old-news/"}
    assert {"/", "/about/", "/about/team/", "/contact/"} <= expected
    cdn.forget()

    with django_capture_on_commit_callbacks(execute=True):
        domain = CompetencyDomain.objects.create(
            framework=CompetencyDomain.Framework.SAMHSA_CORE, name="Ethics", slug="ethics"
        )
        domain.name = "Ethics and boundaries"
        domain.save()

    purged = cdn.paths()
    assert set(purged) == expected
    # Two changes in one transaction: one purge, each address once, on the Site record's host
    # (still the installation's "localhost" here) and on PEERPATH_BASE_URL's.
    assert len(cdn.purged) == len(set(cdn.purged))
    assert {host for _path, host in cdn.purged} == {"localhost", "testserver"}
    assert len(purged) == 2 * len(expected)
    # Never published: nothing to purge. Restricted or unpublished since: their public copy goes.
    assert "/draft/" not in purged
    assert "/members/" in purged
    assert "/old-news/" in purged


def test_changes_queued_before_the_purge_runs_share_it(
    cdn, about, django_capture_on_commit_callbacks
):
    from django.core.cache import cache

    from cms.frontend_cache import PENDING_KEY

    cdn.forget()
    with django_capture_on_commit_callbacks(execute=True):
        CompetencyDomain.objects.create(
            framework=CompetencyDomain.Framework.SAMHSA_CORE, name="Ethics", slug="ethics"
        )
    first = len(cdn.paths())
    assert first and cache.get(PENDING_KEY) is None  # the purge ran and let go

    # Another change after it: purged again.
    with django_capture_on_commit_callbacks(execute=True):
        CompetencyDomain.objects.filter(slug="ethics").get().save()
    assert len(cdn.paths()) == 2 * first


def test_without_a_cdn_nothing_is_purged_and_pages_say_nothing_new(
    purge_server, about, django_capture_on_commit_callbacks
):
    assert not getattr(settings, "WAGTAILFRONTENDCACHE", None)
    with django_capture_on_commit_callbacks(execute=True):
        CompetencyDomain.objects.create(
            framework=CompetencyDomain.Framework.SAMHSA_CORE, name="Ethics", slug="ethics"
        )
        about.save_revision().publish()
        about.unpublish()
        about.save_revision().publish()
    assert purge_server.purged == []

    for _visit in range(2):  # rendered, then kept
        response = Client().get("/about/")
        assert "Cache-Control" not in response.headers
        assert CSRF_PLACEHOLDER not in response.content.decode()
        assert TOKEN.search(response.content.decode())
        assert "kept-page-token.js" in response.content.decode()  # inert: no placeholder left


# ------------------------------------------------------------------------------ what a CDN keeps
def test_with_a_cdn_a_kept_page_is_shared_with_the_placeholder_and_no_cookie(cdn, about):
    for _visit in range(2):  # rendered and kept, then from the cache
        response = Client().get("/about/")
        assert response.status_code == 200
        control = response.headers["Cache-Control"]
        assert "public" in control
        assert f"s-maxage={settings.PEERPATH_CDN_MAX_AGE}" in control
        assert "max-age=0" in control
        page = response.content.decode()
        assert TOKEN.findall(page) == [CSRF_PLACEHOLDER]
        assert f'"X-CSRFToken": "{CSRF_PLACEHOLDER}"' in page
        assert 'data-token-url="/csrf-token/"' in page
        assert not response.cookies
        vary = response.headers["Vary"]
        assert "Cookie" in vary
        assert "Accept-Language" in vary


def test_the_token_address_gives_a_working_token_and_is_never_kept(cdn, about):
    visitor = Client(enforce_csrf_checks=True)
    page = visitor.get("/about/").content.decode()
    assert TOKEN.findall(page) == [CSRF_PLACEHOLDER]

    answer = visitor.get("/csrf-token/")
    assert answer.status_code == 200
    control = answer.headers["Cache-Control"]
    assert "private" in control
    assert "no-store" in control
    assert "public" not in control
    assert "csrftoken" in answer.cookies
    token = answer.json()["token"]

    switched = visitor.post(
        "/language/", {"language": "es", "next": "/about/", "csrfmiddlewaretoken": token}
    )
    assert switched.status_code == 302
    assert switched.cookies[settings.LANGUAGE_COOKIE_NAME].value == "es"

    stranger = Client(enforce_csrf_checks=True)
    stranger.get("/csrf-token/")
    refused = stranger.post(
        "/language/", {"language": "es", "next": "/about/", "csrfmiddlewaretoken": token}
    )
    assert refused.status_code == 403
    assert settings.LANGUAGE_COOKIE_NAME not in refused.cookies


def test_without_javascript_the_language_switch_is_offered_again_with_a_token(cdn, about):
    visitor = Client(enforce_csrf_checks=True)
    visitor.get("/about/")
    # As sent by a browser without JavaScript: the placeholder, no CSRF cookie.
    first = visitor.post(
        "/language/",
        {"language": "es", "next": "/about/", "csrfmiddlewaretoken": CSRF_PLACEHOLDER},
    )
    assert first.status_code == 403
    assert settings.LANGUAGE_COOKIE_NAME not in first.cookies
    page = first.content.decode()
    assert "Choose it once more here to save it." in page
    assert 'value="es"' in page and "Español" in page
    assert 'name="next" value="/about/"' in page
    token = TOKEN.findall(page)[0]
    assert token != CSRF_PLACEHOLDER
    assert "public" not in first.headers.get("Cache-Control", "")

    second = visitor.post(
        "/language/", {"language": "es", "next": "/about/", "csrfmiddlewaretoken": token}
    )
    assert second.status_code == 302
    assert second.headers["Location"] == "/about/"
    assert second.cookies[settings.LANGUAGE_COOKIE_NAME].value == "es"


def test_other_csrf_failures_keep_djangos_answer(cdn, about):
    refused = Client(enforce_csrf_checks=True).post(
        "/language/", {"language": "es", "next": "/about/"}
    )
    assert refused.status_code == 403
    assert "Choose it once more" not in refused.content.decode()


def test_pages_for_someone_signed_in_are_never_public(cdn, about):
    Client().get("/about/")  # kept
    person = UserFactory(email="reader@example.org")
    client = Client()
    assert client.login(email=person.email, password=TEST_PASSWORD)
    for path in ("/about/", "/learn/", "/account/"):
        response = client.get(path, follow=True)
        control = response.headers.get("Cache-Control", "")
        assert "public" not in control, path
        assert "s-maxage" not in control, path
        assert "private" in control, path
    page = client.get("/about/").content.decode()
    assert CSRF_PLACEHOLDER not in page
    assert "Sign out" in page


def test_only_the_kept_wagtail_pages_are_public(cdn, about):
    for path in ("/verify/", "/about/?utm_source=newsletter", "/no-such-page/"):
        response = Client().get(path)
        assert "public" not in response.headers.get("Cache-Control", ""), path
    pending_message = Client()
    pending_message.cookies["messages"] = "anything"
    response = pending_message.get("/about/")
    assert "public" not in response.headers.get("Cache-Control", "")
    assert CSRF_PLACEHOLDER not in response.content.decode()


# ------------------------------------------------------------------------------ settings
def _production_settings(extra: dict[str, str]) -> dict:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "DATABASE_URL", "PEERPATH_CDN_"))
    }
    env.update(
        DJANGO_SETTINGS_MODULE="cms.settings.production",
        DJANGO_SECRET_KEY="x" * 20 + "production-like-secret-key-with-enough-entropy-0123456789",
        DJANGO_ALLOWED_HOSTS="peerpath.example.org",
        DATABASE_URL="sqlite:///:memory:",
        PEERPATH_CREDENTIAL_SIGNING_KEY="unused-here",
        **extra,
    )
    script = (
        "import json, django; django.setup(); from django.conf import settings; "
        "print(json.dumps(settings.WAGTAILFRONTENDCACHE))"
    )
    result = subprocess.run(  # noqa: S603 - fixed arguments
        [sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True,
        timeout=120,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_production_configures_purging_from_the_environment_only():
    assert _production_settings({}) == {}
    configured = _production_settings(
        {
            "PEERPATH_CDN_PURGE_URL": "http://varnish.internal:6081",
            "PEERPATH_CDN_HOSTNAMES": "peerpath.example.org",
        }
    )
    assert configured == {
        "http": {
            "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
            "LOCATION": "http://varnish.internal:6081",
            "HOSTNAMES": ["peerpath.example.org"],
        }
    }
