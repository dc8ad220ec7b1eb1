"""Applying for a credential, staff review, issuance and revocation (services and selectors)."""

import datetime
import re

from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format

import pytest

from certification.credentials import selectors as credential_selectors
from certification.credentials import services as credential_services
from certification.credentials.models import CredentialDefinition, CredentialRequirement
from certification.issuance.models import (
    ApplicationStatus,
    CredentialApplication,
    CredentialStatus,
    IssuedCredential,
)
from certification.issuance.services import (
    credential_application_approve,
    credential_application_deny,
    credential_application_submit,
    issued_credential_revoke,
)
from certification.models import AuditEvent
from certification.rules.collect import collect_records
from certification.rules.kinds import AttestationKind, RequirementKind

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def make_definition(code="ethics_cred", **fields) -> CredentialDefinition:
    """A small active credential: a signed code of ethics and lived experience. It is a
    training certificate the trainee's organisation issues itself, so its staff approve it
    (tests/certification/issuance/test_who_issues.py covers a board's credentials)."""
    values = {
        "name": "Ethics credential",
        "issuing_body": "Riverside Recovery Community",
        "issuance": "provider",
        "effective_from": datetime.date(2020, 1, 1),
        "validity_months": 24,
        "status": "active",
    }
    values.update(fields)
    definition = CredentialDefinition.objects.create(code=code, **values)
    CredentialRequirement.objects.create(
        definition=definition,
        kind=RequirementKind.ATTESTATION,
        attestation_kind=AttestationKind.CODE_OF_ETHICS,
        sort_order=0,
    )
    CredentialRequirement.objects.create(
        definition=definition,
        kind=RequirementKind.ATTESTATION,
        attestation_kind=AttestationKind.LIVED_EXPERIENCE,
        sort_order=1,
    )
    return definition


@pytest.fixture
def definition(db):
    return make_definition()


def meet(person):
    credential_services.attestation_sign(person=person, kind=AttestationKind.CODE_OF_ETHICS)
    credential_services.attestation_sign(person=person, kind=AttestationKind.LIVED_EXPERIENCE)


@pytest.fixture
def application(trainee, definition):
    meet(trainee)
    return credential_application_submit(applicant=trainee, definition=definition)


# ------------------------------------------------------------------------------
# Applying
# ------------------------------------------------------------------------------
def test_applying_freezes_the_version_and_keeps_the_evaluation(trainee, definition, organization):
    meet(trainee)
    application = credential_application_submit(applicant=trainee, definition=definition)
    definition.refresh_from_db()
    assert definition.is_frozen
    assert application.definition_id == definition.pk
    assert application.organization == organization
    assert application.status == ApplicationStatus.SUBMITTED
    assert application.evaluation["met"] is True
    assert application.evaluation["version"] == definition.version
    assert [r["met"] for r in application.results()] == [True, True]
    event = AuditEvent.objects.get(action="credential.apply")
    assert event.target_id == str(application.pk)
    assert "evaluation" not in event.after


def test_the_stored_evaluation_does_not_change_when_records_change(application, trainee):
    credential_services.attestation_sign(
        person=trainee, kind=AttestationKind.CODE_OF_ETHICS, affirmed=False
    )
    application.refresh_from_db()
    assert application.evaluation["met"] is True


def test_a_trainee_cannot_apply_before_every_requirement_is_met(trainee, definition):
    credential_services.attestation_sign(person=trainee, kind=AttestationKind.CODE_OF_ETHICS)
    with pytest.raises(ValidationError) as error:
        credential_application_submit(applicant=trainee, definition=definition)
    assert "Confirm your lived experience of recovery" in str(error.value)
    assert not CredentialApplication.objects.exists()
    definition.refresh_from_db()
    assert not definition.is_frozen


def test_applying_twice_finds_the_first_application(application, trainee, definition):
    again = credential_application_submit(applicant=trainee, definition=definition)
    assert again.pk == application.pk
    assert CredentialApplication.objects.count() == 1


def test_only_trainees_of_an_organisation_apply(staff, definition):
    meet(staff)
    with pytest.raises(PermissionDenied):
        credential_application_submit(applicant=staff, definition=definition)


def test_rules_not_in_effect_take_no_applications(trainee):
    retired = make_definition(code="old", effective_to=datetime.date(2021, 1, 1))
    meet(trainee)
    with pytest.raises(ValidationError):
        credential_application_submit(applicant=trainee, definition=retired)


# ------------------------------------------------------------------------------
# Review
# ------------------------------------------------------------------------------
def test_approving_issues_the_credential_with_its_dates_number_and_code(
    application, staff, trainee
):
    credential = credential_application_approve(application=application, reviewer=staff)
    application.refresh_from_db()
    assert application.status == ApplicationStatus.APPROVED
    assert application.decided_by == staff
    today = timezone.localdate()
    assert credential.issued_on == today
    assert credential.expires_on == today.replace(year=today.year + 2) or (
        today.month == 2 and today.day == 29
    )
    assert credential.holder == trainee
    assert credential.holder_name == trainee.display_name
    assert credential.number == f"PP-ETHICS-CRED-{today.year}-{credential.pk:06d}"
    assert re.fullmatch(r"CR(-[A-HJ-NP-Z2-9]{4}){4}", credential.verification_code)
    assert credential.current_status == CredentialStatus.ACTIVE
    actions = list(AuditEvent.objects.values_list("action", flat=True))
    assert actions[-2:] == ["credential.approve", "credential.issue"]


def test_verification_codes_differ_between_credentials():
    codes = {IssuedCredential.new_verification_code() for _ in range(200)}
    assert len(codes) == 200


def test_staff_of_another_organisation_cannot_decide(application, other_staff):
    with pytest.raises(PermissionDenied):
        credential_application_approve(application=application, reviewer=other_staff)
    with pytest.raises(PermissionDenied):
        credential_application_deny(application=application, reviewer=other_staff, reason="No")
    application.refresh_from_db()
    assert application.is_open


def test_a_supervisor_cannot_decide(application, supervisor):
    with pytest.raises(PermissionDenied):
        credential_application_approve(application=application, reviewer=supervisor)


def test_denying_needs_a_reason_and_lets_the_trainee_apply_again(
    application, staff, trainee, definition
):
    with pytest.raises(ValidationError):
        credential_application_deny(application=application, reviewer=staff, reason="  ")
    credential_application_deny(
        application=application, reviewer=staff, reason="The diploma copy is unreadable."
    )
    application.refresh_from_db()
    assert application.status == ApplicationStatus.DENIED
    assert application.decision_reason == "The diploma copy is unreadable."
    assert not IssuedCredential.objects.exists()
    again = credential_application_submit(applicant=trainee, definition=definition)
    assert again.pk != application.pk


def test_a_decided_application_cannot_be_decided_again(application, staff):
    credential_application_approve(application=application, reviewer=staff)
    with pytest.raises(ValidationError):
        credential_application_deny(application=application, reviewer=staff, reason="Oops")
    assert IssuedCredential.objects.count() == 1


def test_a_holder_cannot_apply_again_for_a_credential_they_hold(
    application, staff, trainee, definition
):
    credential_application_approve(application=application, reviewer=staff)
    with pytest.raises(ValidationError):
        credential_application_submit(applicant=trainee, definition=definition)


# ------------------------------------------------------------------------------
# Revoking, expiry, and the engine's prerequisites
# ------------------------------------------------------------------------------
@pytest.fixture
def issued(application, staff):
    return credential_application_approve(application=application, reviewer=staff)


def test_staff_revoke_with_a_reason_and_it_is_audited(issued, staff):
    with pytest.raises(ValidationError):
        issued_credential_revoke(credential=issued, actor=staff, reason="")
    issued_credential_revoke(credential=issued, actor=staff, reason="Issued in error.")
    issued.refresh_from_db()
    assert issued.current_status == CredentialStatus.REVOKED
    assert issued.revocation_reason == "Issued in error."
    event = AuditEvent.objects.filter(action="credential.revoke").get()
    assert event.before["status"] == "active"
    assert event.after["status"] == "revoked"


def test_only_staff_of_the_organisation_revoke(issued, other_staff, trainee):
    for actor in (other_staff, trainee):
        with pytest.raises(PermissionDenied):
            issued_credential_revoke(credential=issued, actor=actor, reason="No")
    issued.refresh_from_db()
    assert issued.current_status == CredentialStatus.ACTIVE


def test_a_credential_past_its_end_date_is_expired(issued):
    assert issued.status_on(issued.expires_on) == CredentialStatus.ACTIVE
    assert issued.status_on(issued.expires_on + datetime.timedelta(days=1)) == (
        CredentialStatus.EXPIRED
    )


def test_held_credentials_reach_the_engine_until_revoked(issued, staff, trainee):
    (held,) = collect_records(trainee).credentials
    assert (held.code, held.is_valid_on(timezone.localdate())) == ("ethics_cred", True)
    issued_credential_revoke(credential=issued, actor=staff, reason="Issued in error.")
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    (held,) = collect_records(trainee, as_of=tomorrow).credentials
    assert not held.is_valid_on(tomorrow)


# ------------------------------------------------------------------------------
# The staff queue
# ------------------------------------------------------------------------------
def test_the_queue_shows_only_the_staff_members_organisation(
    application, staff, other_staff, outside_trainee, definition
):
    meet(outside_trainee)
    elsewhere = credential_application_submit(applicant=outside_trainee, definition=definition)
    assert list(credential_selectors.application_queue(user=staff).qs) == [application]
    assert list(credential_selectors.application_queue(user=other_staff).qs) == [elsewhere]


def test_the_queue_filters_by_status_and_credential(application, staff, trainee, other_trainee):
    other_definition = make_definition(code="other_cred", name="Other credential")
    meet(other_trainee)
    other = credential_application_submit(applicant=other_trainee, definition=other_definition)
    credential_application_deny(application=other, reviewer=staff, reason="Missing a page.")
    queue = credential_selectors.application_queue
    assert list(queue(user=staff).qs) == [application]
    assert list(queue(user=staff, data={"status": "denied"}).qs) == [other]
    assert set(queue(user=staff, data={"status": "any"}).qs) == {application, other}
    assert list(queue(user=staff, data={"status": "any", "credential": "other_cred"}).qs) == [other]


def test_the_queue_runs_a_fixed_number_of_queries(
    staff, organization, definition, django_assert_max_num_queries
):
    from lms.accounts.models import Role
    from tests.factories import person_with_role

    for number in range(6):
        person = person_with_role(Role.TRAINEE, organization, display_name=f"Trainee {number}")
        meet(person)
        credential_application_submit(applicant=person, definition=definition)
    staff = type(staff).objects.get(pk=staff.pk)
    # staffed organisations are a subquery; filter choices; the page of rows
    with django_assert_max_num_queries(3):
        rows = list(credential_selectors.application_queue(user=staff).qs)
        assert {row.applicant.display_name for row in rows} >= {"Trainee 0"}
        assert all(row.definition.name for row in rows)


# ------------------------------------------------------------------------------
# Applying again after a revocation (issue 23, finding 5)
# ------------------------------------------------------------------------------
def test_after_a_revocation_staff_see_it_and_its_reason_on_the_next_application(
    client, issued, staff, trainee, definition
):
    issued_credential_revoke(credential=issued, actor=staff, reason="Hours logged twice.")
    again = credential_application_submit(applicant=trainee, definition=definition)
    client.force_login(staff)
    page = client.get(reverse("certification:staff_application", args=[again.pk]))
    text = page.content.decode()
    assert "An earlier credential was revoked" in text
    assert "Hours logged twice." in text
    assert issued.number in text
    # The application that led to the revoked credential does not warn about itself.
    first = client.get(reverse("certification:staff_application", args=[issued.application_id]))
    assert "An earlier credential was revoked" not in first.content.decode()


def test_a_definition_can_ask_for_a_wait_before_applying_again(trainee, staff):
    waiting = make_definition(code="waited_cred", reapplication_wait_days=90)
    meet(trainee)
    application = credential_application_submit(applicant=trainee, definition=waiting)
    credential = credential_application_approve(application=application, reviewer=staff)
    issued_credential_revoke(credential=credential, actor=staff, reason="Issued in error.")
    with pytest.raises(ValidationError) as refused:
        credential_application_submit(applicant=trainee, definition=waiting)
    allowed_from = timezone.localdate() + datetime.timedelta(days=90)
    message = " ".join(refused.value.messages)
    assert "wait 90 days" in message
    assert date_format(allowed_from, "DATE_FORMAT") in message
    IssuedCredential.objects.filter(pk=credential.pk).update(
        revoked_at=timezone.now() - datetime.timedelta(days=91)
    )
    assert credential_application_submit(applicant=trainee, definition=waiting).is_open
