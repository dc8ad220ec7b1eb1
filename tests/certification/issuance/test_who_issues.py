"""Who issues what (issue 23, finding 2; DOMAIN.md "Who issues what").

- A training certificate: the trainee's own organisation approves and issues it.
- A board's credential decided on PeerPath: the training organisation endorses the
  application (a staff signature), then only the credentialing body's staff approve and issue.
- A board's credential decided elsewhere: the training organisation endorses it, then records
  the board's decision from its letter; the credential shows as held, issued by the board.
"""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone, translation

import pytest

from certification.issuance.models import IssuedCredential
from certification.issuance.services import (
    credential_application_approve,
    credential_application_endorse,
    credential_application_submit,
    credential_board_decision_record,
    issued_credential_revoke,
)
from certification.models import AuditEvent
from lms.accounts.models import OrganizationKind, Role
from tests.certification.issuance.test_applications import make_definition, meet
from tests.factories import OrganizationFactory, person_with_role

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.fixture
def board(db):
    return OrganizationFactory(
        name="Prairie Certification Board",
        slug="prairie-board",
        kind=OrganizationKind.CREDENTIALING_BODY,
    )


@pytest.fixture
def board_staff(board):
    return person_with_role(Role.STAFF, board, display_name="Dana Board")


def board_definition(board=None):
    return make_definition(
        code="board_cred",
        name="Prairie Peer Specialist",
        issuing_body="Prairie Certification Board",
        issuance="board",
        issuer=board,
    )


def endorse(application, staff):
    return credential_application_endorse(
        application=application, staff=staff, signature=staff.display_name, attested=True
    )


def test_a_board_credential_is_endorsed_by_the_rco_and_issued_by_the_board(
    client, trainee, staff, board, board_staff
):
    meet(trainee)
    application = credential_application_submit(
        applicant=trainee, definition=board_definition(board)
    )
    with pytest.raises(ValidationError, match="endorse the application"):
        credential_application_approve(application=application, reviewer=staff)
    client.force_login(board_staff)
    review_url = reverse("certification:staff_application", args=[application.pk])
    assert client.get(review_url).status_code == 404  # not sent to the board yet

    with pytest.raises(ValidationError):
        credential_application_endorse(
            application=application, staff=staff, signature="Someone", attested=True
        )
    endorse(application, staff)
    assert AuditEvent.objects.filter(action="credential.endorse").count() == 1
    with pytest.raises(PermissionDenied):
        credential_application_approve(application=application, reviewer=staff)

    queue = client.get(reverse("certification:staff_applications")).content.decode()
    assert trainee.display_name in queue
    assert "Approve and issue" in client.get(review_url).content.decode()
    credential = credential_application_approve(application=application, reviewer=board_staff)
    assert credential.issuer_organization == board
    page = client.get(reverse("lms:verify", args=[credential.verification_code])).content
    assert "Prairie Certification Board" in page.decode()
    assert "PeerPath, for" not in page.decode()

    with pytest.raises(PermissionDenied):
        issued_credential_revoke(credential=credential, actor=staff, reason="Not ours to revoke.")
    issued_credential_revoke(credential=credential, actor=board_staff, reason="Issued in error.")


def test_the_rco_records_a_board_decision_made_elsewhere(client, trainee, staff):
    meet(trainee)
    application = credential_application_submit(applicant=trainee, definition=board_definition())
    with pytest.raises(ValidationError, match="record its decision"):
        credential_application_approve(application=application, reviewer=staff)
    endorse(application, staff)

    client.force_login(staff)
    url = reverse("certification:staff_board_decision", args=[application.pk])
    today = timezone.localdate()
    data = {
        "decision-number": "PPS-20417",
        "decision-issued_on": (today - datetime.timedelta(days=3)).isoformat(),
        "decision-expires_on": (today - datetime.timedelta(days=5)).isoformat(),
        "decision-letter": SimpleUploadedFile("letter.pdf", PDF, "application/pdf"),
    }
    refused = client.post(url, data)
    assert refused.status_code == 400
    assert "The end date comes after the date of issue." in refused.content.decode()
    assert 'value="PPS-20417"' in refused.content.decode()

    data["decision-expires_on"] = (today + datetime.timedelta(days=700)).isoformat()
    data["decision-letter"] = SimpleUploadedFile("letter.pdf", PDF, "application/pdf")
    assert client.post(url, data).status_code == 302
    credential = IssuedCredential.objects.get(application=application)
    assert (credential.number, credential.recorded) == ("PPS-20417", True)
    assert credential.issuer_organization is None
    assert not credential.issues_copies  # the board issues its own certificate

    verify = client.get(reverse("lms:verify", args=[credential.verification_code])).content
    assert "Prairie Certification Board" in verify.decode()
    assert "Riverside Recovery Community, from the board" in verify.decode()
    client.force_login(trainee)
    home = client.get(reverse("certification:credentials_home")).content.decode()
    assert "Held, issued by Prairie Certification Board" in home
    assert reverse("certification:credential_certificate", args=[credential.pk]) not in home


def test_a_decision_is_recorded_only_after_endorsement_and_with_the_letter(trainee, staff):
    meet(trainee)
    application = credential_application_submit(applicant=trainee, definition=board_definition())
    today = timezone.localdate()
    values = {
        "application": application,
        "staff": staff,
        "number": "PPS-1",
        "issued_on": today,
        "expires_on": today + datetime.timedelta(days=365),
    }
    with pytest.raises(ValidationError, match="letter"):
        credential_board_decision_record(**values, letter=None)
    with pytest.raises(ValidationError, match="Endorse the application"):
        credential_board_decision_record(
            **values, letter=SimpleUploadedFile("l.pdf", PDF, "application/pdf")
        )


def test_a_training_certificate_is_approved_by_the_trainees_own_organisation(trainee, staff):
    meet(trainee)
    application = credential_application_submit(applicant=trainee, definition=make_definition())
    with pytest.raises(ValidationError, match="approve it"):
        endorse(application, staff)
    credential = credential_application_approve(application=application, reviewer=staff)
    assert credential.issuer_organization == application.organization
