# ruff: noqa: F811 - fixtures imported from other folders are parameters of the tests here
"""Every email the product sends names PeerPath, links to the configured address and has no
empty placeholder (issue 24: "[example.com] ...", a link to the Sites table's address, and
"expires on :" reached people)."""

import datetime
import re

from django.core import mail
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

import pytest

from certification import tasks as certification_tasks
from certification.models import AuditEvent
from certification.supervision import services as supervision
from certification.supervision import sessions
from certification.supervision.models import PracticeLogEntry
from lms.accounts import services as accounts
from lms.accounts.models import Role
from lms.learning import services as learning
from lms.learning.models import LearningPreference
from lms.learning.tasks import send_learning_reminder
from tests.certification.conftest import (  # noqa: F401 - fixtures used below
    agreement,
    approved_entry,
    days_ago,
    domain,
    domains,
    make_entry,
    submitted_entry,
)
from tests.certification.issuance.test_applications import make_definition, meet
from tests.lms.conftest import (  # noqa: F401 - fixtures used below
    advocacy_domain,
    ethics_domain,
    ethics_topic,
    lessons,
    module,
    program,
    section,
)
from tests.lms.learning.test_services import correct_answers
from tests.lms.live_training.conftest import (  # noqa: F401 - fixtures used below
    enrolled,
    facilitator,
    live_module,
    other_enrolled,
    schedule,
)

pytestmark = pytest.mark.django_db

BASE_URL = "https://learn.peerpath.test"
PASSWORD = "a-long-pass-phrase"


@pytest.fixture(autouse=True)
def configured_address():
    with override_settings(PEERPATH_BASE_URL=BASE_URL, PEERPATH_SITE_NAME="PeerPath"):
        yield


def assert_well_formed(message) -> None:
    text = f"{message.subject}\n{message.body}"
    assert "example.com" not in text, text
    assert "{{" not in text and "{%" not in text, text
    assert not re.search(r"\bon\s*[:.,]", text), f"empty placeholder after 'on': {text}"
    assert not re.search(r"\bNone\b", text), text
    links = re.findall(r"https?://\S+", message.body)
    assert links, f"no link in {message.subject!r}"
    for link in links:
        assert link.startswith(BASE_URL + "/"), link


def sent_to(address: str):
    return [message for message in mail.outbox if address in message.to]


def test_account_emails_sign_up_confirmation_password_reset_and_unknown_address(client, trainee):
    client.post(
        reverse("account_signup"),
        {
            "email": "riley@example.org",
            "display_name": "Riley",
            "password1": PASSWORD,
            "password2": PASSWORD,
        },
    )
    (confirmation,) = sent_to("riley@example.org")
    assert confirmation.subject == "Confirm your email address for PeerPath"
    assert f"{BASE_URL}/accounts/confirm-email/" in confirmation.body

    client.post(
        reverse("account_signup"),
        {
            "email": trainee.email,
            "display_name": "Again",
            "password1": PASSWORD,
            "password2": PASSWORD,
        },
    )
    client.post(reverse("account_reset_password"), {"email": trainee.email})
    client.post(reverse("account_reset_password"), {"email": "nobody@example.org"})
    subjects = [message.subject for message in mail.outbox]
    assert "You already have a PeerPath account" in subjects
    assert "Choose a new password for PeerPath" in subjects
    assert "No PeerPath account uses this address" in subjects
    assert len(mail.outbox) == 4
    for message in mail.outbox:
        assert_well_formed(message)


def test_account_emails_speak_the_account_language_whatever_page_asked(client, trainee):
    trainee.preferred_language = "es"
    trainee.save(update_fields=["preferred_language"])
    client.post(reverse("account_reset_password"), {"email": trainee.email})
    (reset,) = sent_to(trainee.email)
    assert reset.subject == "Elija una contraseña nueva para PeerPath"
    assert "restablecer la contraseña" in reset.body

    client.post(
        reverse("account_signup"),
        {
            "email": "dana@example.org",
            "display_name": "Dana",
            "preferred_language": "es",
            "password1": PASSWORD,
            "password2": PASSWORD,
        },
    )
    (confirmation,) = sent_to("dana@example.org")
    assert confirmation.subject == "Confirme su dirección de correo electrónico para PeerPath"


def test_invitation_and_join_request_emails(
    staff, organization, django_capture_on_commit_callbacks
):
    newcomer = type(staff).objects.create_user(
        email="riley@example.org", password=PASSWORD, display_name="Riley"
    )
    with django_capture_on_commit_callbacks(execute=True):
        accounts.invitation_create(
            organization=organization,
            email="new.person@example.org",
            role=Role.TRAINEE,
            invited_by=staff,
        )
        join_request = accounts.join_request_create(user=newcomer, organization=organization)
    with django_capture_on_commit_callbacks(execute=True):
        accounts.join_request_accept(join_request_id=join_request.pk, accepted_by=staff)
    (invitation,) = sent_to("new.person@example.org")
    expires = timezone.localdate() + datetime.timedelta(days=14)
    assert f"expires on {expires:%b}" in invitation.body.replace("\n", " ")
    assert len(sent_to(staff.email)) == 1
    assert len(sent_to(newcomer.email)) == 2
    assert len(mail.outbox) == 4
    for message in mail.outbox:
        assert_well_formed(message)


def test_learning_emails_completion_and_reminder(
    trainee, program, module, lessons, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        learning.enrollment_create(trainee=trainee, program=program)
        for lesson in lessons:
            learning.lesson_complete(user=trainee, lesson=lesson)
        attempt = learning.attempt_start(user=trainee, module=module)
        learning.attempt_submit(user=trainee, attempt=attempt, answers=correct_answers(attempt))
    preference = LearningPreference.objects.create(user=trainee, reminders_enabled=True)
    assert send_learning_reminder(preference.pk)
    assert len(mail.outbox) == 2
    for message in mail.outbox:
        assert_well_formed(message)


def test_supervision_notices_and_reminders(
    trainee, supervisor, submitted_entry, django_capture_on_commit_callbacks
):
    assert certification_tasks.send_supervisor_digests() == 1
    PracticeLogEntry.objects.filter(pk=submitted_entry.pk).update(
        submitted_at=timezone.now() - datetime.timedelta(days=8)
    )
    assert certification_tasks.send_waiting_reminders() == 1
    with django_capture_on_commit_callbacks(execute=True):
        supervision.practice_entry_approve(
            entry=submitted_entry, supervisor=supervisor, signature="Sam Supervisor", attested=True
        )
    from decimal import Decimal

    with django_capture_on_commit_callbacks(execute=True):
        sessions.supervision_session_record(
            supervisor=supervisor,
            date=days_ago(1),
            duration_hours=Decimal("1"),
            format="individual",
            modality="phone",
            domains=[],
            trainees=[trainee],
        )
    assert AuditEvent.objects.filter(action="practice.approve").exists()
    assert len(mail.outbox) == 4
    for message in mail.outbox:
        assert_well_formed(message)


def test_credential_expiry_reminder(trainee, staff):
    from certification.issuance.models import IssuedCredential
    from certification.issuance.services import (
        credential_application_approve,
        credential_application_submit,
    )

    meet(trainee)
    application = credential_application_submit(applicant=trainee, definition=make_definition())
    issued = credential_application_approve(application=application, reviewer=staff)
    today = timezone.localdate()
    IssuedCredential.objects.filter(pk=issued.pk).update(
        issued_on=today - datetime.timedelta(days=700),
        expires_on=today + datetime.timedelta(days=30),
    )
    mail.outbox.clear()
    certification_tasks.credentials_expiry_daily()
    assert len(mail.outbox) == 1
    assert_well_formed(mail.outbox[0])


def test_live_session_notices_and_reminders(
    enrolled, other_enrolled, staff, schedule, django_capture_on_commit_callbacks
):
    """Reminder, a change of time, a seat freed for the waiting list, and a cancellation."""
    from lms import tasks as lms_tasks
    from lms.live_training import services as live

    session = schedule(20, capacity=1)
    with django_capture_on_commit_callbacks(execute=True):
        live.live_registration_create(trainee=enrolled, session=session)
        live.live_registration_create(trainee=other_enrolled, session=session)  # waiting list
    mail.outbox.clear()
    assert lms_tasks.send_live_session_reminders() == 1
    with django_capture_on_commit_callbacks(execute=True):
        live.live_registration_cancel(trainee=enrolled, session=session)  # promotes the other
        live.live_session_update(actor=staff, session=session, place="Riverside centre, room 3")
        live.live_session_cancel(actor=staff, session=session, reason="The room flooded.")
    subjects = [message.subject for message in mail.outbox]
    assert len(mail.outbox) == 4, subjects
    for message in mail.outbox:
        assert_well_formed(message)
