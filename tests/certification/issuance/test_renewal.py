"""Renewing a credential: renewal rules per version, the cycle window, applying and approving."""

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone, translation

import pytest

from certification.credentials.models import (
    CredentialDefinition,
    CredentialRequirement,
    RequirementPurpose,
)
from certification.credentials.seed import seed_credential_definitions
from certification.external_training import services as training_services
from certification.issuance.models import ApplicationStatus, CredentialStatus, IssuedCredential
from certification.issuance.renewal import (
    RENEWAL_GRACE_DAYS,
    credential_renewal_submit,
    renewal_state,
)
from certification.issuance.services import (
    credential_application_approve,
    credential_application_submit,
    issued_credential_revoke,
)
from certification.models import AuditEvent
from certification.rules.kinds import RequirementKind, TrainingModality
from certification.rules.windows import add_months
from curriculum.models import Topic
from lms.verification import resolve
from tests.certification.external_training.test_external_training import certificate
from tests.certification.issuance.test_applications import make_definition, meet

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def days_from_today(days: int) -> datetime.date:
    return TODAY() + datetime.timedelta(days=days)


@pytest.fixture
def ethics(domains):
    return Topic.objects.get(slug="ethics")


@pytest.fixture
def definition(ethics):
    """Ethics credential with IC&RC-style renewal: 20 h including 6 h ethics per 24 months."""
    definition = make_definition()
    CredentialRequirement.objects.create(
        definition=definition,
        kind=RequirementKind.EDUCATION_HOURS,
        purpose=RequirementPurpose.RENEWAL,
        hours=Decimal("20"),
        sort_order=10,
    )
    CredentialRequirement.objects.create(
        definition=definition,
        kind=RequirementKind.EDUCATION_HOURS,
        purpose=RequirementPurpose.RENEWAL,
        hours=Decimal("6"),
        topic=ethics,
        sort_order=11,
    )
    return definition


def issue(trainee, staff, definition, *, issued_days_ago: int, expires_in_days: int):
    """Issue the credential, then move its dates into the past (services stamp today)."""
    meet(trainee)
    application = credential_application_submit(applicant=trainee, definition=definition)
    credential = credential_application_approve(application=application, reviewer=staff)
    IssuedCredential.objects.filter(pk=credential.pk).update(
        issued_on=days_from_today(-issued_days_ago), expires_on=days_from_today(expires_in_days)
    )
    credential.refresh_from_db()
    return credential


@pytest.fixture
def credential(trainee, staff, definition):
    # Issued about two years ago; 30 days left: the renewal window is open.
    return issue(trainee, staff, definition, issued_days_ago=700, expires_in_days=30)


def verified_training(person, staff, *, date, hours, ethics_hours=Decimal(0), title=None):
    topic_hours = {}
    if ethics_hours:
        topic_hours[Topic.objects.get(slug="ethics")] = ethics_hours
    training = training_services.external_training_add(
        person=person,
        provider="Recovery Coach Academy",
        title=title or f"Training on {date}",
        date=date,
        hours=Decimal(hours),
        modality=TrainingModality.LIVE_ONLINE,
        certificate=certificate(),
        topic_hours=topic_hours,
    )
    return training_services.external_training_verify(training=training, reviewer=staff)


# ------------------------------------------------------------------------------
# Renewal rules per version
# ------------------------------------------------------------------------------
def test_renewal_requirements_are_kept_apart_from_the_ones_to_earn_it(definition):
    assert [r.kind for r in definition.as_spec().requirements] == ["attestation", "attestation"]
    renewal = definition.renewal_spec().requirements
    assert [(r.hours, r.topic) for r in renewal] == [(Decimal("20"), ""), (Decimal("6"), "ethics")]


def test_a_renewal_requirement_must_be_education_hours(definition):
    requirement = CredentialRequirement(
        definition=definition,
        kind=RequirementKind.ATTESTATION,
        attestation_kind="code_of_ethics",
        purpose=RequirementPurpose.RENEWAL,
    )
    with pytest.raises(ValidationError) as error:
        requirement.full_clean()
    assert "continuing-education hours" in error.value.message_dict["purpose"][0]


def test_the_seeded_renewal_rules_are_the_boards(domains):
    seed_credential_definitions()

    def renewal(code):
        definition = CredentialDefinition.objects.get(code=code, version=1)
        return sorted(
            (str(int(r.hours)), r.topic or r.framework or "")
            for r in definition.renewal_spec().requirements
        )

    assert renewal("icrc_pr") == [("20", ""), ("6", "ethics")]
    assert renewal("il_cprs") == [
        ("10", "core-functions"),
        ("20", "icrc_pr"),
        ("30", ""),
        ("6", "ethics"),
    ]
    assert CredentialDefinition.objects.get(code="icrc_pr", version=1).validity_months == 24


def test_seeding_again_adds_no_second_set_of_renewal_rules(domains):
    seed_credential_definitions()
    seed_credential_definitions()
    definition = CredentialDefinition.objects.get(code="il_cprs", version=1)
    assert definition.requirements.filter(purpose=RequirementPurpose.RENEWAL).count() == 4


# ------------------------------------------------------------------------------
# The cycle window
# ------------------------------------------------------------------------------
def test_training_inside_the_cycle_meets_the_renewal(trainee, staff, credential):
    verified_training(trainee, staff, date=days_from_today(-100), hours=14)
    verified_training(trainee, staff, date=days_from_today(-50), hours=6, ethics_hours=6)
    state = renewal_state(credential=credential)
    assert state.evaluation.met
    assert state.may_apply


def test_training_before_the_cycle_does_not_count(trainee, staff, credential):
    # Before first certification: the day before the credential was issued.
    verified_training(
        trainee, staff, date=credential.issued_on - datetime.timedelta(days=1), hours=20
    )
    verified_training(trainee, staff, date=credential.issued_on, hours=6, ethics_hours=6)
    state = renewal_state(credential=credential)
    assert not state.evaluation.met
    total = state.evaluation.results[0]
    assert total.have == Decimal("6")
    assert "14 more hours" in " ".join(state.evaluation.missing)


def test_training_after_the_cycle_ended_does_not_count(trainee, staff, definition):
    credential = issue(trainee, staff, definition, issued_days_ago=750, expires_in_days=-20)
    verified_training(trainee, staff, date=days_from_today(-30), hours=14)
    verified_training(trainee, staff, date=days_from_today(-10), hours=6, ethics_hours=6)
    state = renewal_state(credential=credential)
    assert state.evaluation.results[0].have == Decimal("14")
    assert not state.evaluation.met


def test_the_ethics_sub_minimum_must_be_met_too(trainee, staff, credential):
    verified_training(trainee, staff, date=days_from_today(-60), hours=20, ethics_hours=4)
    state = renewal_state(credential=credential)
    total, ethics = state.evaluation.results
    assert total.met and not ethics.met
    assert "2 more hours" in " ".join(ethics.missing_items)
    with pytest.raises(ValidationError):
        credential_renewal_submit(holder=trainee, credential=credential)


def test_one_event_entered_twice_counts_once_in_the_cycle(trainee, staff, credential):
    day = days_from_today(-40)
    verified_training(trainee, staff, date=day, hours=12, ethics_hours=6, title="Ethics day")
    verified_training(trainee, staff, date=day, hours=12, ethics_hours=6, title="ETHICS  day")
    state = renewal_state(credential=credential)
    assert state.evaluation.results[0].have == Decimal("12")


def test_training_that_is_not_verified_does_not_count(trainee, staff, credential):
    training_services.external_training_add(
        person=trainee,
        provider="Recovery Coach Academy",
        title="Waiting",
        date=days_from_today(-10),
        hours=Decimal("20"),
        modality=TrainingModality.IN_PERSON,
        certificate=certificate(),
    )
    assert renewal_state(credential=credential).evaluation.results[0].have == Decimal("0")


def test_the_window_opens_ninety_days_before_the_end(trainee, staff, definition):
    credential = issue(trainee, staff, definition, issued_days_ago=300, expires_in_days=200)
    state = renewal_state(credential=credential)
    assert "You can apply to renew from" in state.reason_closed
    assert not state.may_apply


def test_the_window_closes_after_the_grace_period(trainee, staff, definition):
    credential = issue(
        trainee, staff, definition, issued_days_ago=900, expires_in_days=-(RENEWAL_GRACE_DAYS + 1)
    )
    assert "The time to renew ended" in renewal_state(credential=credential).reason_closed


def test_a_revoked_credential_cannot_be_renewed(trainee, staff, credential):
    issued_credential_revoke(credential=credential, actor=staff, reason="Board decision.")
    credential.refresh_from_db()
    with pytest.raises(ValidationError) as error:
        credential_renewal_submit(holder=trainee, credential=credential)
    assert "revoked" in error.value.messages[0]


# ------------------------------------------------------------------------------
# Applying and approving
# ------------------------------------------------------------------------------
@pytest.fixture
def renewal_application(trainee, staff, credential):
    verified_training(trainee, staff, date=days_from_today(-100), hours=14)
    verified_training(trainee, staff, date=days_from_today(-50), hours=6, ethics_hours=6)
    return credential_renewal_submit(holder=trainee, credential=credential)


def test_applying_to_renew_stores_a_renewal_application(renewal_application, credential):
    assert renewal_application.renews == credential
    assert renewal_application.status == ApplicationStatus.SUBMITTED
    assert renewal_application.evaluation["met"] is True
    assert AuditEvent.objects.filter(action="credential.renewal_apply").count() == 1


def test_applying_twice_finds_the_first(renewal_application, trainee, credential):
    assert credential_renewal_submit(holder=trainee, credential=credential) == renewal_application


def test_someone_else_cannot_renew_a_credential(renewal_application, other_trainee, credential):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        credential_renewal_submit(holder=other_trainee, credential=credential)


def test_approving_a_renewal_issues_the_renewed_credential(renewal_application, credential, staff):
    renewed = credential_application_approve(application=renewal_application, reviewer=staff)
    credential.refresh_from_db()
    assert renewed.previous_credential == credential
    assert renewed.number != credential.number
    assert renewed.verification_code != credential.verification_code
    assert renewed.issued_on == TODAY()
    # Renewing early never shortens the cycle: the new one starts when the old one ends.
    assert renewed.expires_on == add_months(credential.expires_on, 24)
    assert renewed.is_active
    assert credential.status == CredentialStatus.SUPERSEDED
    assert credential.current_status == CredentialStatus.SUPERSEDED
    assert AuditEvent.objects.filter(
        action="credential.supersede", target_id=str(credential.pk)
    ).exists()


def test_the_next_cycle_counts_only_training_after_the_renewal(renewal_application, trainee, staff):
    renewed = credential_application_approve(application=renewal_application, reviewer=staff)
    state = renewal_state(credential=renewed, today=renewed.expires_on - datetime.timedelta(10))
    assert state.evaluation.results[0].have == Decimal("0")


def test_a_recently_expired_credential_renews_from_today(trainee, staff, definition):
    credential = issue(trainee, staff, definition, issued_days_ago=760, expires_in_days=-30)
    verified_training(trainee, staff, date=days_from_today(-100), hours=20, ethics_hours=6)
    application = credential_renewal_submit(holder=trainee, credential=credential)
    renewed = credential_application_approve(application=application, reviewer=staff)
    assert renewed.expires_on == add_months(TODAY(), 24)


def test_the_renewed_credential_page_points_to_the_new_one(renewal_application, credential, staff):
    renewed = credential_application_approve(application=renewal_application, reviewer=staff)
    document = resolve(credential.verification_code)
    assert document.status == "superseded"
    assert renewed.number in document.status_note


def test_the_verification_page_of_a_renewed_credential_says_renewed(
    client, renewal_application, credential, staff
):
    credential_application_approve(application=renewal_application, reviewer=staff)
    with translation.override("en"):
        page = client.get(reverse("lms:verify", args=[credential.verification_code]))
    assert "Renewed" in page.content.decode()
    assert "Replaced by a newer version" not in page.content.decode()


# ------------------------------------------------------------------------------
# Pages
# ------------------------------------------------------------------------------
def test_the_renewal_page_shows_progress_and_applies(client, trainee, staff, credential):
    verified_training(trainee, staff, date=days_from_today(-50), hours=20, ethics_hours=6)
    client.force_login(trainee)
    url = reverse("certification:credential_renew", args=[credential.pk])
    page = client.get(url).content.decode()
    assert "Apply to renew" in page
    assert client.post(url).status_code == 302
    assert credential.renewal_applications.count() == 1
    assert "You applied to renew on" in client.get(url).content.decode()


def test_the_renewal_page_says_what_is_missing(client, trainee, credential):
    client.force_login(trainee)
    page = client.get(reverse("certification:credential_renew", args=[credential.pk]))
    assert "20 more hours" in page.content.decode()
    assert "Apply to renew" not in page.content.decode()


def test_someone_elses_renewal_page_answers_404(client, other_trainee, staff, credential):
    for user in (other_trainee, staff):
        client.force_login(user)
        url = reverse("certification:credential_renew", args=[credential.pk])
        assert client.get(url).status_code == 404
        assert client.post(url).status_code == 404
    assert not credential.renewal_applications.exists()


def test_the_renewal_packet_lists_verified_training_taken_elsewhere(renewal_application, tmp_path):
    from certification.issuance.packet import application_packet_build
    from tests.certification.issuance.test_packet import pdf_text

    application = application_packet_build(application_id=renewal_application.pk)
    text = pdf_text(application.packet.read(), tmp_path)
    assert "Training taken elsewhere" in text
    assert "Recovery Coach Academy" in text
