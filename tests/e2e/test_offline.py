"""Issue 18 on a phone: an installable app whose service worker keeps pages, hours logged with
no signal that reach the server exactly once, a lesson read and completed offline, and nothing
personal left on the device after signing out."""

import datetime
import time
import urllib.request

from django.utils import timezone

import pytest
from playwright.sync_api import expect

from certification.supervision.models import PracticeLogEntry
from lms.accounts.models import Role
from tests.certification.conftest import make_signed_agreement
from tests.e2e.conftest import PHONE, assert_accessible, assert_fits_width, sign_in
from tests.factories import TEST_PASSWORD, person_with_role

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def trainee_with_agreement(organization):
    trainee = person_with_role(
        Role.TRAINEE, organization, display_name="Jamie Rivera", email="jamie@example.org"
    )
    supervisor = person_with_role(
        Role.SUPERVISOR, organization, display_name="Sam Okafor", email="sam@example.org"
    )
    make_signed_agreement(trainee=trainee, supervisor=supervisor, organization=organization)
    return trainee


@pytest.fixture
def phone(chromium, live_server):
    context = chromium.new_context(viewport=PHONE, locale="en-US", service_workers="allow")
    context.set_default_timeout(15_000)
    context.messages = []
    context.on("console", lambda message: context.messages.append(message.text))
    context.on("weberror", lambda error: context.messages.append(str(error.error)))
    context.on(
        "response",
        lambda r: context.messages.append(f"{r.status} {r.url}") if r.status >= 400 else None,
    )
    yield context
    context.close()


def controlled_page(context, url: str):
    """Open ``url`` and wait until the service worker controls the page (the second load goes
    through it, so the page and its files are kept)."""
    page = context.new_page()
    page.goto(url)
    wait_until(page, "async () => !!(await navigator.serviceWorker.getRegistration())?.active")
    page.reload()
    wait_until(page, "() => navigator.serviceWorker.controller !== null")
    return page


def wait_until(page, predicate: str, seconds: float = 15) -> None:
    """Poll a predicate through the devtools protocol (wait_for_function evaluates a string
    inside the page, which the Content-Security-Policy rightly refuses)."""
    deadline = time.monotonic() + seconds
    while not page.evaluate(predicate):
        if time.monotonic() > deadline:
            probe = page.evaluate(
                """async () => {
                    const out = {};
                    for (const u of ['/service-worker.js', '/static/vendor/workbox/workbox-sw.js',
                                     '/static/vendor/workbox/workbox-strategies.prod.js',
                                     '/static/js/hours-queue.js', '/offline/']) {
                        out[u] = (await fetch(u)).status;
                    }
                    out.regs = (await navigator.serviceWorker.getRegistrations()).map(
                        r => [r.scope, !!r.active, !!r.installing, !!r.waiting]);
                    return out;
                }"""
            )
            pytest.fail(f"waited {seconds} s for {predicate}; {page.context.messages} {probe}")
        time.sleep(0.1)


def log_entry(page, *, day: datetime.date, description: str, hours: str = "1.5"):
    page.get_by_label("Date", exact=True).fill(day.isoformat())
    page.get_by_label("Hours", exact=True).fill(hours)
    page.get_by_label("Competency domain", exact=True).select_option(index=1)
    page.get_by_label("Setting", exact=True).select_option(label="Recovery community centre")
    page.get_by_label("Activity", exact=True).select_option(label="One-to-one peer support")
    page.get_by_label("How", exact=True).select_option(label="In person")
    page.get_by_label("What you did", exact=True).fill(description)
    page.get_by_role("button", name="Save and send for sign-off").click()


def waiting(page) -> list[dict]:
    return page.evaluate("() => window.PeerPathQueue.all()")


def test_the_manifest_names_the_app_and_the_service_worker_controls_the_page(
    phone, live_server, trainee_with_agreement
):
    page = phone.new_page()
    sign_in(page, live_server, trainee_with_agreement.email, TEST_PASSWORD)
    page = controlled_page(phone, live_server.url + "/learn/")
    href = page.locator("link[rel=manifest]").get_attribute("href")
    manifest = page.evaluate(
        "async (href) => (await fetch(href, {credentials: 'same-origin'})).json()", href
    )
    assert manifest["name"] == "PeerPath"
    assert manifest["start_url"] == "/learn/"  # a trainee's home
    assert manifest["display"] == "standalone"
    assert manifest["scope"] == "/"
    assert {icon["sizes"] for icon in manifest["icons"]} == {"192x192", "512x512"}
    assert any(icon.get("purpose") == "maskable" for icon in manifest["icons"])
    for icon in manifest["icons"]:
        with urllib.request.urlopen(live_server.url + icon["src"]) as answer:  # noqa: S310
            assert answer.headers["Content-Type"] == "image/png"
    assert page.evaluate("navigator.serviceWorker.controller.scriptURL").endswith(
        "/service-worker.js"
    )
    assert_accessible(page)


def test_hours_logged_without_a_signal_reach_the_server_once(
    phone, live_server, trainee_with_agreement
):
    trainee = trainee_with_agreement
    today = timezone.localdate()
    page = phone.new_page()
    sign_in(page, live_server, trainee.email, TEST_PASSWORD)
    page = controlled_page(phone, live_server.url + "/practice/")

    phone.set_offline(True)
    for number in (1, 2, 3):
        log_entry(page, day=today - datetime.timedelta(days=number), description=f"Visit {number}")
        expect(page.get_by_text("No signal: your entry is saved on this phone")).to_be_visible()
        expect(page.locator("[data-waiting-list] li.queue-item")).to_have_count(number)
    # A fourth the server will refuse: a date in the future.
    log_entry(page, day=today + datetime.timedelta(days=30), description="Planned outreach walk")
    waiting_list = page.locator("[data-waiting-list]")
    expect(waiting_list.locator("li.queue-item")).to_have_count(4)
    expect(page.locator("[data-waiting-count]")).to_have_text("4 waiting to send")
    assert_fits_width(page)

    # Reloaded with no signal: the saved copy of the page, marked as one, still lists them.
    page.reload()
    expect(page.get_by_text("You are seeing a saved copy from")).to_be_visible()
    expect(page.locator("[data-waiting-list] li.queue-item")).to_have_count(4)
    kept = waiting(page)
    assert len({item["key"] for item in kept}) == 4
    assert not PracticeLogEntry.objects.filter(trainee=trainee).exists()
    page.close()

    # Back online, a new tab: the three go, once each; the fourth comes back with its reason.
    phone.set_offline(False)
    page = phone.new_page()
    page.goto(live_server.url + "/practice/")
    refused = page.locator("[data-waiting-list] li.queue-item")
    expect(refused).to_have_count(1)
    expect(refused).to_contain_text("Not accepted")
    expect(refused).to_contain_text("Planned outreach walk")
    expect(refused.locator(".field__error")).to_contain_text("future")
    entries = PracticeLogEntry.objects.filter(trainee=trainee)
    assert sorted(entries.values_list("description", flat=True)) == [
        "Visit 1",
        "Visit 2",
        "Visit 3",
    ]
    # The same three sent again (a replayed sync): still three.
    page.evaluate(
        """async (items) => {
            for (const item of items) { await window.PeerPathQueue.put(item); }
            await window.PeerPathQueue.sendAll();
        }""",
        [item for item in kept if item["fields"]["description"].startswith("Visit")],
    )
    assert entries.count() == 3
    assert len(set(entries.values_list("client_key", flat=True))) == 3

    # The refused one goes back into the form with everything typed, and can be fixed.
    refused.get_by_role("button", name="Put it back in the form").click()
    assert page.get_by_label("What you did", exact=True).input_value() == "Planned outreach walk"
    expect(page.locator("[data-waiting-count]")).to_be_hidden()
    assert_accessible(page)


def test_signing_out_clears_saved_pages_and_waiting_entries(
    phone, live_server, trainee_with_agreement
):
    page = phone.new_page()
    sign_in(page, live_server, trainee_with_agreement.email, TEST_PASSWORD)
    page = controlled_page(phone, live_server.url + "/practice/")
    phone.set_offline(True)
    # Refused when sent (a date in the future), so it stays on the phone, with its reason.
    log_entry(
        page,
        day=timezone.localdate() + datetime.timedelta(days=9),
        description="Outreach at the shelter",
    )
    phone.set_offline(False)
    page.goto(live_server.url + "/learn/")
    expect(page.locator("[data-waiting-count]")).to_have_text("1 waiting to send")
    assert any("/practice/" in url for url in cached_urls(page))

    page.once("dialog", lambda dialog: dialog.accept())
    with page.expect_navigation():
        page.get_by_role("button", name="Sign out").click()
    page.wait_for_load_state()
    expect(
        page.get_by_role("navigation", name="Main").get_by_role("link", name="Sign in")
    ).to_be_visible()
    # Nothing personal is left: no page but the general offline page, no waiting entries.
    personal = [
        url for url in cached_urls(page) if "/static/" not in url and not url.endswith("/offline/")
    ]
    assert personal == []
    databases = page.evaluate("async () => (await indexedDB.databases()).map(d => d.name)")
    assert "peerpath-offline" not in databases
    assert not PracticeLogEntry.objects.exists()


def cached_urls(page) -> list[str]:
    return page.evaluate(
        """async () => {
            const urls = [];
            for (const name of await caches.keys()) {
                for (const request of await (await caches.open(name)).keys()) {
                    urls.push(request.url);
                }
            }
            return urls;
        }"""
    )


def test_a_lesson_opened_online_reads_offline_and_its_completion_is_recorded_once(
    phone, live_server
):
    from curriculum.models import LessonPage
    from curriculum.starter import seed_starter_program
    from lms.learning import services as learning
    from lms.learning.models import LessonProgress
    from tests.factories import OrganizationFactory

    program = seed_starter_program()
    organization = OrganizationFactory(name="Riverside Recovery Community", slug="riverside")
    trainee = person_with_role(Role.TRAINEE, organization, email="robin@example.org")
    learning.enrollment_create(trainee=trainee, program=program)
    lesson = LessonPage.objects.live().descendant_of(program).first()

    page = phone.new_page()
    sign_in(page, live_server, trainee.email, TEST_PASSWORD)
    page = controlled_page(phone, live_server.url + f"/learn/lessons/{lesson.pk}/")
    heading = page.get_by_role("heading", level=1).inner_text()

    phone.set_offline(True)
    page.reload()
    expect(page.get_by_text("You are seeing a saved copy from")).to_be_visible()
    assert page.get_by_role("heading", level=1).inner_text() == heading
    page.get_by_role("button", name="I have finished this lesson").click()
    expect(page.get_by_text("No signal: this is saved on this phone")).to_be_visible()
    assert not LessonProgress.objects.filter(user=trainee, completed_at__isnull=False).exists()
    assert_accessible(page)

    phone.set_offline(False)
    page.goto(live_server.url + "/learn/")
    wait_until(page, "async () => (await window.PeerPathQueue.all()).length === 0")
    assert (
        LessonProgress.objects.filter(
            user=trainee, lesson_id=lesson.pk, completed_at__isnull=False
        ).count()
        == 1
    )
