"""Public pages a CDN keeps go out with a placeholder for the CSRF token (cms/frontend_cache.py):
in a real browser, the page's script fills in the visitor's own token before the language
switch is used; without JavaScript, the switch is offered again with a token and works."""

import re

import pytest
from playwright.sync_api import expect

from lms.kept_pages import CSRF_PLACEHOLDER
from tests.cms.test_frontend_cache import _publish, cdn, purge_server  # noqa: F401 - fixtures

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.usefixtures("cdn"),
]


def test_the_script_fills_in_the_visitors_token_and_the_language_switch_works(page, live_server):
    _publish("About PeerPath", "about")
    for _visit in range(2):  # rendered and kept, then from the cache: the same shared copy
        page.goto(live_server.url + "/about/")
        token = page.locator('form[action="/language/"] input[name="csrfmiddlewaretoken"]')
        expect(token).not_to_have_value(CSRF_PLACEHOLDER)
        expect(token).to_have_value(re.compile(r"^[A-Za-z0-9]{64}$"))
        expect(page.locator("body")).not_to_have_attribute(
            "hx-headers", re.compile(CSRF_PLACEHOLDER)
        )
    page.locator("header").get_by_role("button", name="Español").click()
    expect(page.locator("html")).to_have_attribute("lang", "es")
    assert page.url == live_server.url + "/about/"


def test_without_javascript_the_language_switch_takes_one_more_click(chromium, live_server):
    _publish("About PeerPath", "about")
    context = chromium.new_context(java_script_enabled=False, locale="en-US")
    context.set_default_timeout(15_000)
    page = context.new_page()
    try:
        page.goto(live_server.url + "/about/")
        page.locator("header").get_by_role("button", name="Español").click()
        expect(page.get_by_role("heading", name="Please send it once more")).to_be_visible()
        page.locator("main").get_by_role("button", name="Español").click()
        expect(page.locator("html")).to_have_attribute("lang", "es")
        assert page.url == live_server.url + "/about/"
    finally:
        context.close()
