"""The site shell, demo data and production settings."""

import os
import re
import subprocess
import sys
from pathlib import Path

from django.core.management import CommandError, call_command
from django.utils import timezone

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from cms.models import HomePage
from lms.accounts.models import Membership, Organization, User
from lms.demo import DEMO_ACCOUNTS
from lms.live_training.models import LiveRegistration, LiveRosterSignature, LiveSession

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.django_db


def test_home_page_is_served_with_the_accessible_layout(client):
    response = client.get("/")
    page = response.content.decode()
    assert response.status_code == 200
    assert isinstance(response.context["page"], HomePage)
    assert 'class="skip-link" href="#main"' in page
    assert '<main id="main"' in page
    assert '<nav class="site-nav" aria-label="Main">' in page
    # Nothing is loaded from another host (a random CSRF token may well contain "cdn").
    assert not re.search(r'(?:src|href)="(?:https?:)?//', page), "an asset from another host"


def test_unknown_page_answers_a_kind_404(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "We could not find that page" in response.content.decode()


def test_health_check_answers(client):
    assert client.get("/healthz/").json() == {"status": "ok"}


def test_seed_demo_needs_debug_or_force_is_idempotent_and_its_staff_opens_the_wagtail_admin(
    client, settings
):
    from wagtail.models import Page, Revision

    # Demo accounts with known passwords: never on a production database by mistake.
    settings.DEBUG = False
    with pytest.raises(CommandError, match="only with DEBUG on"):
        call_command("seed_demo")
    assert not User.objects.exists()
    call_command("seed_demo", "--force", "--quiet-accounts")
    pages, revisions = Page.objects.count(), Revision.objects.count()
    settings.DEBUG = True
    call_command("seed_demo", "--quiet-accounts")
    # The second run changes nothing: no page or revision more (the curriculum), ...
    assert (Page.objects.count(), Revision.objects.count()) == (pages, revisions)
    assert Organization.objects.filter(slug="riverbend-recovery").count() == 1
    # One account per role of the RCO, a trainee ready for the last steps to a credential,
    # one staff member of the demo credentialing body, and the network: three RCOs, each
    # with a staff member, a supervisor and trainees at every stage (37 in all) and a spring
    # class of 14 each; and a reader of one ROSC council's reports.
    assert User.objects.filter(email__endswith="@demo.peerpath.test").count() == (
        len(DEMO_ACCOUNTS) + 2 + 3 * 2 + 37 + 3 * 14 + 1
    )
    trainees = Membership.objects.filter(
        role="trainee", user__email__endswith="@demo.peerpath.test"
    )
    assert trainees.values("organization__region").distinct().count() == 2
    assert trainees.count() == 39 + 3 * 14
    board = Organization.objects.get(slug="illinois-certification-board-demo")
    assert board.is_credentialing_body
    assert set(board.credentials_issued_here.values_list("code", flat=True)) == {
        "icrc_pr",
        "il_cprs",
    }
    assert Membership.objects.filter(organization__slug="riverbend-recovery").count() == 6 + 15 + 14
    # The live workshop: two past sessions signed, two upcoming, the trainee holding a seat;
    # and the live part of the starter program's first module, one session per part, upcoming.
    sessions = LiveSession.objects.filter(organization__slug="riverbend-recovery")
    assert sessions.count() == 6
    starter = sessions.filter(module__slug="recovery-and-its-many-pathways")
    assert sorted(starter.values_list("part", flat=True)) == [1, 2]
    assert all(session.starts_at > timezone.now() for session in starter)
    assert LiveRosterSignature.objects.filter(session__in=sessions).count() == 2
    assert (
        LiveRegistration.objects.filter(
            trainee__email="trainee@demo.peerpath.test", session__starts_at__gt=timezone.now()
        ).count()
        == 1
    )
    # The staff account opens the curriculum editor.
    client.force_login(User.objects.get(email="staff@demo.peerpath.test"))
    assert client.get("/admin/").status_code == 200


def test_production_settings_pass_the_deploy_check():
    signing_key = Ed25519PrivateKey.generate().private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "DATABASE_URL"))
    }
    env.update(
        DJANGO_SETTINGS_MODULE="cms.settings.production",
        DJANGO_SECRET_KEY="x" * 20 + "production-like-secret-key-with-enough-entropy-0123456789",
        DJANGO_ALLOWED_HOSTS="peerpath.example.org",
        DATABASE_URL="sqlite:///:memory:",
        PEERPATH_CREDENTIAL_SIGNING_KEY=signing_key.decode(),
    )
    result = subprocess.run(  # noqa: S603 - fixed arguments
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout
