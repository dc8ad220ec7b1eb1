"""The daily credential job: expired when due, reminders 90, 30 and 7 days before, each once."""

import datetime

from django.core import mail
from django.utils import timezone, translation

import pytest

from certification.issuance.models import CredentialStatus, IssuedCredential
from certification.issuance.services import (
    credential_application_approve,
    credential_application_submit,
)
from certification.models import AuditEvent, Notice
from certification.tasks import credentials_expiry_daily
from tests.certification.issuance.test_applications import make_definition, meet

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.fixture
def issued(trainee, staff):
    meet(trainee)
    application = credential_application_submit(applicant=trainee, definition=make_definition())
    return credential_application_approve(application=application, reviewer=staff)


def ends_in(credential, days: int) -> None:
    today = timezone.localdate()
    IssuedCredential.objects.filter(pk=credential.pk).update(
        issued_on=today - datetime.timedelta(days=700),
        expires_on=today + datetime.timedelta(days=days),
    )


def test_running_twice_on_the_same_day_sends_each_reminder_once(issued):
    ends_in(issued, 30)
    assert credentials_expiry_daily() == {"expired": 0, "reminded": 1, "told_expired": 0}
    assert credentials_expiry_daily() == {"expired": 0, "reminded": 0, "told_expired": 0}
    (notice,) = Notice.objects.filter(recipient=issued.holder)
    assert notice.key == f"credential-expiry:{issued.pk}:30"
    assert "valid until" in notice.subject
    assert len(mail.outbox) == 1


def test_each_threshold_is_reminded_once_as_the_date_nears(issued):
    for days_left, expected in ((95, 0), (90, 1), (60, 0), (30, 1), (8, 0), (7, 1), (1, 0)):
        ends_in(issued, days_left)
        assert credentials_expiry_daily()["reminded"] == expected, days_left
    assert Notice.objects.filter(recipient=issued.holder).count() == 3


def test_a_missed_day_still_sends_the_reminder(issued):
    ends_in(issued, 28)  # the job did not run on day 30
    assert credentials_expiry_daily()["reminded"] == 1


def test_credentials_past_their_end_date_become_expired_once(issued):
    ends_in(issued, -1)
    assert credentials_expiry_daily()["expired"] == 1
    assert credentials_expiry_daily()["expired"] == 0
    issued.refresh_from_db()
    assert issued.status == CredentialStatus.EXPIRED
    assert AuditEvent.objects.filter(action="credential.expire").count() == 1


def test_revoked_credentials_are_neither_reminded_nor_expired(issued, staff):
    from certification.issuance.services import issued_credential_revoke

    issued_credential_revoke(credential=issued, actor=staff, reason="Issued in error.")
    ends_in(issued, 7)
    assert credentials_expiry_daily() == {"expired": 0, "reminded": 0, "told_expired": 0}


def test_renewal_and_fresh_copies_follow_the_credential_status(issued):
    assert issued.is_renewable and issued.issues_copies
    ends_in(issued, -10)
    issued.refresh_from_db()
    assert issued.current_status == CredentialStatus.EXPIRED
    assert issued.is_renewable and issued.issues_copies
    IssuedCredential.objects.filter(pk=issued.pk).update(
        status=CredentialStatus.REVOKED, revoked_at=timezone.now(), revocation_reason="Misconduct."
    )
    issued.refresh_from_db()
    assert not issued.is_renewable and not issued.issues_copies
    IssuedCredential.objects.filter(pk=issued.pk).update(
        status=CredentialStatus.SUPERSEDED, revoked_at=None, revocation_reason=""
    )
    issued.refresh_from_db()
    assert not issued.is_renewable and issued.issues_copies


def test_the_last_week_reminder_asks_to_renew_now(issued):
    ends_in(issued, 6)
    credentials_expiry_daily()
    notice = Notice.objects.get(recipient=issued.holder)
    assert "a week or less is left" in notice.body
    assert "there is time" not in notice.body


def test_at_expiry_the_holder_and_the_organisations_staff_are_told_once(issued, staff, trainee):
    ends_in(issued, -1)
    result = credentials_expiry_daily()
    assert (result["expired"], result["told_expired"]) == (1, 2)
    holder_notice = Notice.objects.get(recipient=trainee, key__startswith="credential-expired")
    assert "was valid until" in holder_notice.body and "renew" in holder_notice.body
    staff_notice = Notice.objects.get(recipient=staff, key__startswith="credential-expired")
    assert staff_notice.subject.startswith(f"{issued.holder_name}'s")
    assert credentials_expiry_daily()["told_expired"] == 0
