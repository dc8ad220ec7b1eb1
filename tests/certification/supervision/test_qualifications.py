"""Qualified supervisors only (issue 21 item 3): sign-off needs a supervisor's credential that
staff verified, current on the day of the hours; a credential PeerPath issued counts too; staff
hear 30 days before a verified credential ends."""

import datetime

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone, translation

import pytest

from certification.models import Notice
from certification.supervision import services
from certification.supervision.qualifications import SupervisorQualification
from certification.tasks import qualification_lapse_notices
from lms.accounts.models import Role
from tests.certification.conftest import days_ago, entry_values, make_signed_agreement
from tests.factories import person_with_role, verified_qualification

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.fixture
def unqualified(organization):
    return person_with_role(
        Role.SUPERVISOR, organization, qualified=False, display_name="Lee Newcomer"
    )


def submitted(trainee, supervisor, organization, domain, *, on):
    agreement = make_signed_agreement(
        trainee=trainee, supervisor=supervisor, organization=organization
    )
    return services.practice_entry_create(
        trainee=trainee, agreement=agreement, submit=True, **entry_values(domain, date=on)
    )


def approve(entry, supervisor):
    return services.practice_entry_approve(
        entry=entry, supervisor=supervisor, signature=supervisor.display_name, attested=True
    )


def test_a_credential_that_expired_yesterday_cannot_sign_todays_hours_but_can_sign_earlier(
    trainee, unqualified, organization, domain
):
    verified_qualification(unqualified, organization, expires_on=days_ago(1))
    today = submitted(trainee, unqualified, organization, domain, on=days_ago(0))
    with pytest.raises(ValidationError, match="valid until"):
        approve(today, unqualified)
    earlier = services.practice_entry_create(
        trainee=trainee,
        agreement=today.agreement,
        submit=True,
        **entry_values(domain, date=days_ago(2)),
    )
    assert approve(earlier, unqualified).status == "approved"


def test_without_a_verified_credential_no_hours_are_signed_one_or_many(
    trainee, unqualified, organization, domain
):
    entry = submitted(trainee, unqualified, organization, domain, on=days_ago(3))
    with pytest.raises(ValidationError, match="not verified a supervisor"):
        approve(entry, unqualified)
    with pytest.raises(ValidationError, match="not verified a supervisor"):
        services.practice_entries_approve(
            entry_ids=[entry.pk],
            supervisor=unqualified,
            signature=unqualified.display_name,
            attested=True,
        )
    entry.refresh_from_db()
    assert entry.status == "submitted"


def test_a_credential_peerpath_issued_counts_without_upload(
    trainee, unqualified, organization, domain, staff, other_trainee
):
    from certification.issuance.services import (
        credential_application_approve,
        credential_application_submit,
    )
    from lms.accounts.services import membership_grant
    from tests.certification.issuance.test_applications import make_definition, meet

    # The supervisor earned an RCO certificate on PeerPath (as a trainee there).
    membership_grant(user=unqualified, organization=organization, role=Role.TRAINEE)
    meet(unqualified)
    credential_application_approve(
        application=credential_application_submit(
            applicant=unqualified, definition=make_definition()
        ),
        reviewer=staff,
    )
    entry = submitted(trainee, unqualified, organization, domain, on=days_ago(1))
    assert approve(entry, unqualified).status == "approved"


def test_the_supervisor_adds_a_credential_and_staff_verify_it(
    client, trainee, unqualified, organization, domain, staff, other_staff
):
    client.force_login(unqualified)
    url = reverse("certification:supervisor_qualifications")
    data = {
        "kind": "illinois",
        "credential_name": "Certified Recovery Support Specialist (CRSS)",
        "number": "CRSS-2231",
        "expires_on": (timezone.localdate() + datetime.timedelta(days=500)).isoformat(),
    }
    missing = client.post(url, data)
    assert missing.status_code == 400
    assert 'value="CRSS-2231"' in missing.content.decode()
    added = client.post(url, {**data, "proof": SimpleUploadedFile("p.pdf", PDF, "application/pdf")})
    assert added.status_code == 302
    qualification = SupervisorQualification.objects.get(supervisor=unqualified)
    entry = submitted(trainee, unqualified, organization, domain, on=days_ago(1))
    with pytest.raises(ValidationError):
        approve(entry, unqualified)  # waiting for staff

    client.force_login(other_staff)
    verify = reverse("certification:staff_qualification_verify", args=[qualification.pk])
    assert client.post(verify).status_code == 404
    assert (
        client.get(
            reverse("certification:staff_qualification_proof", args=[qualification.pk])
        ).status_code
        == 404
    )
    client.force_login(staff)
    page = client.get(reverse("certification:staff_qualifications")).content.decode()
    assert "Lee Newcomer" in page and "CRSS-2231" in page
    client.post(verify)
    assert approve(entry, unqualified).status == "approved"


def test_staff_hear_once_thirty_days_before_a_verified_credential_ends(
    unqualified, organization, staff
):
    verified_qualification(
        unqualified, organization, expires_on=timezone.localdate() + datetime.timedelta(days=20)
    )
    assert qualification_lapse_notices() == 1
    notice = Notice.objects.get(recipient=staff)
    assert notice.subject.startswith("Lee Newcomer's supervisor credential ends on")
    assert qualification_lapse_notices() == 0
    # A renewed, verified credential that lasts longer: nobody is told about the old one.
    other = person_with_role(Role.SUPERVISOR, organization, display_name="Kim Renewed")
    verified_qualification(
        other, organization, expires_on=timezone.localdate() + datetime.timedelta(days=10)
    )
    assert qualification_lapse_notices() == 0
