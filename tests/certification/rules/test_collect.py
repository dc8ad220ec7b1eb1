"""The records collector: what the database gives the rules engine, and what it keeps back."""

from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone, translation

import pytest

from certification.credentials import services as credential_services
from certification.credentials.evidence import Attestation
from certification.credentials.models import CredentialDefinition
from certification.credentials.seed import seed_credential_definitions
from certification.rules.collect import collect_records, evaluate_for_person
from certification.rules.kinds import AttestationKind
from certification.rules.records import PersonRecords
from certification.supervision import services, sessions
from certification.supervision.models import PracticeLogEntry
from lms.accounts.models import Role
from tests.certification.conftest import days_ago, make_signed_agreement
from tests.certification.credential_builders import icrc_definition
from tests.factories import person_with_role

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def approve(entry, supervisor):
    return services.practice_entry_approve(
        entry=entry, supervisor=supervisor, signature=supervisor.display_name, attested=True
    )


# ------------------------------------------------------------------------------
# Practice entries
# ------------------------------------------------------------------------------
def test_only_approved_practice_entries_are_collected(trainee, supervisor, agreement, make_entry):
    approved = approve(make_entry(trainee=trainee, date=days_ago(4)), supervisor)
    make_entry(trainee=trainee, date=days_ago(3))  # waiting for sign-off
    make_entry(trainee=trainee, date=days_ago(2), submit=False)  # draft
    records = collect_records(trainee)
    assert [r.ref for r in records.practice] == [f"practice:{approved.pk}"]
    record = records.practice[0]
    assert record.hours == Decimal("1.5")
    assert record.domain == ("icrc_pr", "advocacy")
    assert record.organization_id == agreement.organization_id


def test_hours_before_the_agreement_was_signed_do_not_count(
    trainee, supervisor, organization, make_entry
):
    # Started 60 days ago on paper, but both sides signed only 10 days ago.
    agreement = make_signed_agreement(
        trainee=trainee, supervisor=supervisor, organization=organization, signed_days_ago=10
    )
    inside = approve(make_entry(trainee=trainee, date=days_ago(5)), supervisor)
    # An entry dated before the signatures cannot be approved through the services; write one
    # directly, as an import or a bug might, and check the collector still leaves it out.
    before = make_entry(trainee=trainee, date=days_ago(5))
    force_approved(before, supervisor, date=days_ago(30))
    assert agreement.reason_not_covering(days_ago(30)) is not None
    assert [r.ref for r in collect_records(trainee).practice] == [f"practice:{inside.pk}"]


def force_approved(entry, supervisor, *, date):
    """Write an approved entry the services would refuse (as an import or a bug might)."""
    type(entry).objects.filter(pk=entry.pk).update(
        date=date,
        status="approved",
        reviewed_at=timezone.now(),
        reviewed_by=supervisor,
        signature=supervisor.display_name,
    )


def test_hours_after_the_supervisors_credential_expired_do_not_count(
    trainee, supervisor, organization, make_entry
):
    make_signed_agreement(
        trainee=trainee, supervisor=supervisor, organization=organization,
        credential_expires_in_days=-10,
    )  # fmt: skip
    inside = make_entry(trainee=trainee, date=days_ago(20))
    force_approved(inside, supervisor, date=days_ago(20))
    after = make_entry(trainee=trainee, date=days_ago(20))
    force_approved(after, supervisor, date=days_ago(5))
    assert [r.ref for r in collect_records(trainee).practice] == [f"practice:{inside.pk}"]


def test_a_replaced_entry_counts_once(trainee, supervisor, agreement, make_entry):
    original = approve(make_entry(trainee=trainee), supervisor)
    correction = services.practice_entry_correct(entry=original, trainee=trainee)
    services.practice_entries_submit(trainee=trainee, entry_ids=[correction.pk])
    approve(correction, supervisor)
    assert [r.ref for r in collect_records(trainee).practice] == [f"practice:{correction.pk}"]


def test_as_of_in_the_past_leaves_out_later_entries(trainee, supervisor, agreement, make_entry):
    approve(make_entry(trainee=trainee, date=days_ago(20)), supervisor)
    approve(make_entry(trainee=trainee, date=days_ago(2)), supervisor)
    assert len(collect_records(trainee, as_of=days_ago(10)).practice) == 1
    assert len(collect_records(trainee).practice) == 2


def test_records_of_another_organisation_count_for_the_person(
    trainee, supervisor, agreement, make_entry, other_organization
):
    elsewhere_supervisor = person_with_role(Role.SUPERVISOR, other_organization)
    trainee.memberships.create(organization=other_organization, role=Role.TRAINEE)
    elsewhere = make_signed_agreement(
        trainee=trainee, supervisor=elsewhere_supervisor, organization=other_organization
    )
    approve(make_entry(trainee=trainee, date=days_ago(6), agreement=agreement), supervisor)
    approve(
        make_entry(trainee=trainee, date=days_ago(5), agreement=elsewhere), elsewhere_supervisor
    )
    organizations = {r.organization_id for r in collect_records(trainee).practice}
    assert organizations == {agreement.organization_id, other_organization.pk}


def test_an_entry_under_someone_elses_agreement_is_judged_by_that_agreement(
    trainee, other_trainee, supervisor, organization, agreement, make_entry,
    django_assert_num_queries,
):  # fmt: skip
    """The agreements are read as the person's own; an entry the services would never file
    under another trainee's agreement (an import, a repair by hand) is still judged by its own
    agreement, read by itself: one more query, never a missing or a wrong rule."""
    own = approve(make_entry(trainee=trainee, date=days_ago(3)), supervisor)
    ended, current = (
        make_signed_agreement(
            trainee=other_trainee,
            supervisor=supervisor,
            organization=organization,
            length_days=length,
        )
        for length in (56, 365)  # from 60 days ago: ended 4 days ago, or still running
    )
    imported = []
    for other_agreement in (ended, current):
        entry = PracticeLogEntry.objects.get(pk=own.pk)
        entry.pk, entry.agreement = None, other_agreement
        entry.save()  # written as an import would: an approved entry, straight in
        imported.append(entry)
    with django_assert_num_queries(2):
        refs = {r.ref for r in collect_records(trainee).practice}
    assert refs == {f"practice:{own.pk}", f"practice:{imported[1].pk}"}


def test_another_persons_records_are_never_collected(
    trainee, other_trainee, supervisor, other_agreement, make_entry
):
    approve(make_entry(trainee=other_trainee), supervisor)
    assert collect_records(trainee) == PersonRecords()


# ------------------------------------------------------------------------------
# Supervision sessions
# ------------------------------------------------------------------------------
def record_session(supervisor, trainee, domains, *, date=None, hours="2"):
    session = sessions.supervision_session_record(
        supervisor=supervisor,
        date=date or days_ago(7),
        duration_hours=Decimal(hours),
        format="individual",
        modality="in_person",
        domains=domains,
        trainees=[trainee],
    )
    return session.attendances.get()


def test_only_confirmed_supervision_is_collected(trainee, supervisor, agreement, domains):
    attendance = record_session(
        supervisor, trainee, [domains["advocacy"], domains["mentoring-education"]]
    )
    assert collect_records(trainee).supervision == ()
    sessions.session_attendance_confirm(attendance=attendance, trainee=trainee)
    (record,) = collect_records(trainee).supervision
    assert record.ref == f"session:{attendance.session_id}"
    assert record.hours == Decimal(2)
    assert record.domains == {("icrc_pr", "advocacy"), ("icrc_pr", "mentoring-education")}


# ------------------------------------------------------------------------------
# Exam results and attestations
# ------------------------------------------------------------------------------
def test_exam_results_are_recorded_by_staff_of_the_persons_organisation(
    trainee, staff, other_staff
):
    icrc_definition()  # the exam is one a credential asks for
    with pytest.raises(PermissionDenied):
        credential_services.exam_result_record(
            person=trainee, exam_code="icrc_pr_exam", taken_on=days_ago(3),
            score=Decimal(520), recorded_by=other_staff,
        )  # fmt: skip
    result = credential_services.exam_result_record(
        person=trainee, exam_code="icrc_pr_exam", taken_on=days_ago(3), score=Decimal(520),
        recorded_by=staff,
    )  # fmt: skip
    (record,) = collect_records(trainee).exams
    assert (record.ref, record.score) == (f"exam:{result.pk}", Decimal(520))


def test_lived_experience_keeps_only_yes_or_no_and_a_date(trainee, supervisor):
    with pytest.raises(ValidationError):
        credential_services.attestation_sign(
            person=trainee, kind=AttestationKind.LIVED_EXPERIENCE, signature="Jamie Trainee"
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        Attestation.objects.create(
            person=trainee,
            kind=AttestationKind.LIVED_EXPERIENCE,
            attested_on=days_ago(1),
            signer_role="Peer",
        )
    attestation = credential_services.attestation_sign(
        person=trainee, kind=AttestationKind.LIVED_EXPERIENCE
    )
    assert attestation.is_private
    assert str(attestation) == "Private attestation"
    (record,) = collect_records(trainee).attestations
    assert (record.kind, record.affirmed) == (AttestationKind.LIVED_EXPERIENCE, True)


def test_someone_else_attests_only_for_people_they_supervise_or_staff(
    trainee, outside_trainee, supervisor, agreement
):
    credential_services.attestation_sign(
        person=trainee, kind=AttestationKind.RECOVERY_SUPPORT_ROLE, signer=supervisor,
        signature=supervisor.display_name, signer_role="Supervisor",
    )  # fmt: skip
    with pytest.raises(PermissionDenied):
        credential_services.attestation_sign(
            person=outside_trainee, kind=AttestationKind.RECOVERY_SUPPORT_ROLE,
            signer=supervisor, signature=supervisor.display_name,
        )  # fmt: skip


# ------------------------------------------------------------------------------
# From the database to a judgement
# ------------------------------------------------------------------------------
@pytest.fixture
def icrc(domains):
    seed_credential_definitions()
    return CredentialDefinition.objects.get(code="icrc_pr")


def test_evaluate_for_person_judges_stored_records(
    trainee, supervisor, agreement, make_entry, icrc
):
    approve(make_entry(trainee=trainee, duration_hours=Decimal("3.5")), supervisor)
    credential_services.attestation_sign(person=trainee, kind=AttestationKind.CODE_OF_ETHICS)
    evaluation = evaluate_for_person(definition=icrc, person=trainee)
    assert not evaluation.met
    practice = next(r for r in evaluation.results if r.kind == "practice_hours")
    assert practice.have == Decimal("3.5")
    assert (
        practice.missing
        == "496.5 more hours of supervised practice in IC&RC Peer Recovery / Illinois CPRS"
    )
    ethics = next(r for r in evaluation.results if r.kind == "attestation" and r.met)
    assert ethics.counted_refs
    assert "Sign the code of ethics" not in evaluation.missing
    assert "Confirm your high school diploma or equivalent (such as a GED)" in evaluation.missing


def test_collecting_runs_a_fixed_number_of_queries(
    trainee, supervisor, agreement, make_entry, domains, django_assert_num_queries
):
    for day in range(5, 15):
        approve(make_entry(trainee=trainee, date=days_ago(day)), supervisor)
        attendance = record_session(supervisor, trainee, [domains["advocacy"]], date=days_ago(day))
        sessions.session_attendance_confirm(attendance=attendance, trainee=trainee)
    # Every kind of row in one statement (lms.one_trip), whatever the number of records.
    with django_assert_num_queries(1):
        records = collect_records(trainee, as_of=timezone.localdate())
    assert (len(records.practice), len(records.supervision)) == (10, 10)
