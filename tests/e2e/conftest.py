"""Browser journeys: Playwright driving Debian's Chromium against Django's live server.

Never `playwright install`: the browser is the system's /usr/bin/chromium. axe-core (installed
by `make test` from package.json) is injected into every page a journey checks.
"""

import functools
import json
import os
import shutil
from pathlib import Path

import pytest

# Playwright's sync API runs an event loop in this thread; the ORM calls in the tests are safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

ROOT = Path(__file__).resolve().parents[2]
AXE_PATH = ROOT / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM = os.environ.get("PEERPATH_CHROMIUM", shutil.which("chromium") or "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]
PHONE = {"width": 360, "height": 740}
DESKTOP = {"width": 1280, "height": 900}


def pytest_collection_modifyitems(items):
    for item in items:
        if "/e2e/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def chromium(django_db_setup):
    from django.db import connections

    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium not found at {CHROMIUM}: run `make test` (it installs it).")
    # Inside Playwright's sync API, Django's per-context connection registry hands out new
    # connection objects. Carry the snapshot that serialized rollback restores (the Wagtail
    # tree, site, permissions and taxonomy loaded by migrations) over to them.
    snapshots = {
        alias: connections[alias]._test_serialized_contents
        for alias in connections
        if hasattr(connections[alias], "_test_serialized_contents")
    }
    with sync_playwright() as playwright:
        for alias, snapshot in snapshots.items():
            connections[alias]._test_serialized_contents = snapshot
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def _new_page(chromium, viewport):
    context = chromium.new_context(viewport=viewport, locale="en-US")
    context.set_default_timeout(15_000)
    page = context.new_page()
    return context, page


@pytest.fixture
def page(chromium, live_server):
    """A desktop-sized page; `page.goto(live_server.url + path)` to visit."""
    context, page = _new_page(chromium, DESKTOP)
    yield page
    context.close()


@pytest.fixture
def phone_page(chromium, live_server):
    """A page at a phone's width (360 px)."""
    context, page = _new_page(chromium, PHONE)
    yield page
    context.close()


@functools.cache
def _axe_source() -> str:
    """axe-core's script, read once per process (every accessibility check sends it)."""
    return AXE_PATH.read_text()


def assert_accessible(page, *, context: str = "") -> None:
    """Run axe-core on the current page; fail listing every WCAG 2.1 A/AA violation."""
    if not AXE_PATH.exists():
        pytest.fail(f"axe-core not found at {AXE_PATH}: run `make test` (npm ci installs it).")
    # Evaluated through the browser's devtools protocol, not added as a <script>: the pages'
    # Content-Security-Policy (rightly) refuses inline scripts. Always our own copy, kept under
    # a name of its own in the same evaluation: Wagtail's user bar bundles its own axe, loads it
    # as the page settles and may replace window.axe and be running its check when we start.
    page.evaluate(_axe_source() + "\n;window.peerpathAxe = axe; undefined")
    result = page.evaluate(
        """async () => await window.peerpathAxe.run(document, {
            runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}
        })"""
    )
    violations = [
        {
            "id": violation["id"],
            "help": violation["help"],
            "nodes": [node["target"] for node in violation["nodes"]][:5],
        }
        for violation in result["violations"]
    ]
    where = context or page.url
    assert not violations, f"axe found violations on {where}:\n" + json.dumps(violations, indent=2)


def assert_fits_width(page) -> None:
    """Nothing scrolls sideways: the page is readable at the viewport's width."""
    overflow = page.evaluate(
        "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0, f"{page.url} is {overflow}px wider than the screen"


def sign_in(page, live_server, email: str, password: str) -> None:
    """Sign in through the real login form."""
    page.goto(live_server.url + "/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign In").click()
    page.wait_for_load_state()
