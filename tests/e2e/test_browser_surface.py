"""The browser surface: every kind of page, as each role and signed out, loads in Chromium with
no Content-Security-Policy violation, and carries the security headers."""

import json

from django.core.management import call_command
from django.urls import reverse

import pytest

from certification.issuance.models import IssuedCredential
from curriculum.models import CurriculumIndexPage, LessonPage, ModulePage, ProgramPage
from lms.demo import DEMO_PASSWORD
from tests.e2e.conftest import sign_in
from tests.factories import TEST_PASSWORD, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)

WATCH = """
window.__csp = [];
document.addEventListener('securitypolicyviolation', (event) => {
    window.__csp.push(event.violatedDirective + ' ' + (event.blockedURI || 'inline'));
});
"""


def visit(page, url: str) -> list[str]:
    """Load one page (and let its scripts run); the CSP violations it caused."""
    console = []
    page.on(
        "console",
        lambda message: (
            console.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    response = page.goto(url)
    assert response.status == 200, f"{url} answered {response.status}"
    page.wait_for_load_state("networkidle")
    return page.evaluate("window.__csp") + console


def public_paths() -> list[str]:
    paths = ["/", "/accounts/login/", "/accounts/signup/", "/verify/", "/api/docs/"]
    for model in (CurriculumIndexPage, ProgramPage, ModulePage, LessonPage):
        page = model.objects.live().public().first()
        assert page is not None, f"the demo has no {model.__name__}"
        paths.append(page.url)
    credential = IssuedCredential.objects.first()
    if credential is not None:
        paths.append(reverse("lms:verify", args=[credential.verification_code]))
    return paths


@pytest.fixture
def demo(db):
    call_command("seed_demo", "--force", verbosity=0)


def test_every_kind_of_page_loads_with_no_csp_violation(chromium, live_server, demo):
    admin = UserFactory(email="root@example.org", is_superuser=True, is_staff=True)
    module = ModulePage.objects.live().first()
    lesson = LessonPage.objects.live().first()
    journeys = {
        None: public_paths(),
        "trainee@demo.peerpath.test": [
            "/learn/",
            f"/learn/modules/{module.pk}/",
            f"/learn/lessons/{lesson.pk}/",
            "/learn/credentials/",
            "/practice/",
            "/account/",
        ],
        "supervisor@demo.peerpath.test": ["/supervise/"],
        "staff@demo.peerpath.test": ["/staff/", "/staff/trainees/", "/staff/sessions/"],
        # The editor also sees Wagtail's user bar on the site's pages.
        admin.email: ["/admin/", f"/admin/pages/{module.pk}/edit/", "/admin/pages/", module.url],
    }
    found = {}
    for email, paths in journeys.items():
        context = chromium.new_context(viewport={"width": 1280, "height": 900})
        context.add_init_script(WATCH)
        page = context.new_page()
        if email:
            password = TEST_PASSWORD if email == admin.email else DEMO_PASSWORD
            sign_in(page, live_server, email, password)
        for path in paths:
            violations = visit(page, live_server.url + path)
            if violations:
                found[f"{email or 'signed out'} {path}"] = violations
        context.close()
    assert not found, json.dumps(found, indent=1)


def test_pages_carry_the_security_headers(client):
    response = client.get("/accounts/login/")
    policy = response.headers["Content-Security-Policy"]
    for directive in (
        "default-src 'self'",
        "object-src 'none'",
        "frame-ancestors 'self'",
        "base-uri 'self'",
        "form-action 'self'",
    ):
        assert directive in policy
    assert "unsafe-inline" not in policy
    assert "unsafe-eval" not in policy
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert "camera=()" in response.headers["Permissions-Policy"]
    assert "geolocation=()" in response.headers["Permissions-Policy"]
