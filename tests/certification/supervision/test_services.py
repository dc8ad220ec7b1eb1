"""The rules of supervised practice, enforced by the services (one behaviour per test)."""

from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

import pytest

from certification.models import AuditEvent
from certification.supervision import services, sessions
from certification.supervision.models import EntryStatus, PracticeLogEntry, SupervisionAgreement
from lms.accounts.models import Role
from tests.certification.conftest import days_ago, entry_values, make_signed_agreement
from tests.factories import person_with_role

SIGNATURE = "Sam Supervisor"


def approve(entry, supervisor, signature=SIGNATURE, attested=True):
    return services.practice_entry_approve(
        entry=entry, supervisor=supervisor, signature=signature, attested=attested
    )


def error_text(excinfo) -> str:
    return " ".join(excinfo.value.messages)


# ------------------------------------------------------------------------------
# Logging hours: what is refused, with a reason, and saves nothing
# ------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("hours", "message"),
    [
        (Decimal("0"), "above zero"),
        (Decimal("-1"), "above zero"),
        (Decimal("1.1"), "quarter hours"),
        (Decimal("0.3"), "quarter hours"),
        (Decimal("24.25"), "24 hours"),
    ],
)
def test_bad_duration_is_refused_and_nothing_is_saved(trainee, agreement, domain, hours, message):
    with pytest.raises(ValidationError) as excinfo:
        services.practice_entry_create(
            trainee=trainee, **entry_values(domain, duration_hours=hours)
        )
    assert message in str(excinfo.value.message_dict["duration_hours"])
    assert not PracticeLogEntry.objects.exists()
    assert not AuditEvent.objects.exists()


def test_quarter_hour_durations_are_accepted(trainee, agreement, domain):
    entry = services.practice_entry_create(
        trainee=trainee, **entry_values(domain, duration_hours=Decimal("2.75"))
    )
    assert entry.duration_hours == Decimal("2.75")
    assert entry.status == EntryStatus.DRAFT


def test_more_than_24_hours_on_one_day_is_refused(make_entry, trainee, agreement):
    make_entry(trainee=trainee, date=days_ago(2), duration_hours=Decimal("20"))
    with pytest.raises(ValidationError) as excinfo:
        make_entry(trainee=trainee, date=days_ago(2), duration_hours=Decimal("4.25"))
    assert "at most 4 h" in str(excinfo.value.message_dict["duration_hours"])
    assert PracticeLogEntry.objects.count() == 1


def test_the_day_limit_message_writes_round_hours_as_people_do(make_entry, trainee, agreement):
    """20 hours logged read "20 h", never "2E+1 h"."""
    make_entry(trainee=trainee, date=days_ago(2), duration_hours=Decimal("10"))
    make_entry(trainee=trainee, date=days_ago(2), duration_hours=Decimal("10"))
    with pytest.raises(ValidationError) as excinfo:
        make_entry(trainee=trainee, date=days_ago(2), duration_hours=Decimal("4.25"))
    message = str(excinfo.value.message_dict["duration_hours"])
    assert "You already logged 20 h" in message
    assert "at most 4 h" in message


def test_exactly_24_hours_on_one_day_is_accepted(make_entry, trainee, agreement):
    make_entry(trainee=trainee, date=days_ago(2), duration_hours=Decimal("20"))
    make_entry(trainee=trainee, date=days_ago(2), duration_hours=Decimal("4"))
    assert PracticeLogEntry.objects.count() == 2


def test_rejected_hours_do_not_use_up_the_day(make_entry, trainee, supervisor, agreement):
    entry = make_entry(trainee=trainee, date=days_ago(2), duration_hours=Decimal("20"))
    services.practice_entry_reject(entry=entry, supervisor=supervisor, reason="Not practice.")
    kept = make_entry(trainee=trainee, date=days_ago(2), duration_hours=Decimal("10"))
    day = PracticeLogEntry.objects.filter(trainee=trainee, date=days_ago(2))
    assert {(e.pk, e.status) for e in day} == {
        (entry.pk, EntryStatus.REJECTED),
        (kept.pk, EntryStatus.SUBMITTED),
    }


def test_future_date_is_refused(trainee, agreement, domain):
    with pytest.raises(ValidationError) as excinfo:
        services.practice_entry_create(trainee=trainee, **entry_values(domain, date=days_ago(-1)))
    assert "future" in str(excinfo.value.message_dict["date"])
    assert not PracticeLogEntry.objects.exists()


def test_hours_without_any_agreement_are_refused_with_the_reason(trainee, domain):
    with pytest.raises(ValidationError) as excinfo:
        services.practice_entry_create(trainee=trainee, **entry_values(domain))
    assert "no supervision agreement" in str(excinfo.value.message_dict["date"])


def test_hours_before_the_agreement_starts_are_refused_with_the_start_date(
    trainee, supervisor, organization, domain
):
    make_signed_agreement(
        trainee=trainee,
        supervisor=supervisor,
        organization=organization,
        signed_days_ago=30,
        start_days_ago=10,
    )
    with pytest.raises(ValidationError) as excinfo:
        services.practice_entry_create(trainee=trainee, **entry_values(domain, date=days_ago(20)))
    assert "starts on" in str(excinfo.value.message_dict["date"])
    assert not PracticeLogEntry.objects.exists()


def test_hours_before_both_signatures_are_refused_even_inside_the_dates(
    trainee, supervisor, organization, domain
):
    make_signed_agreement(
        trainee=trainee,
        supervisor=supervisor,
        organization=organization,
        signed_days_ago=5,
        start_days_ago=30,
    )
    with pytest.raises(ValidationError) as excinfo:
        services.practice_entry_create(trainee=trainee, **entry_values(domain, date=days_ago(10)))
    assert "both of you had signed" in str(excinfo.value.message_dict["date"])


def test_hours_after_the_agreement_ended_are_refused(trainee, supervisor, organization, domain):
    make_signed_agreement(
        trainee=trainee,
        supervisor=supervisor,
        organization=organization,
        start_days_ago=60,
        length_days=20,
    )
    with pytest.raises(ValidationError) as excinfo:
        services.practice_entry_create(trainee=trainee, **entry_values(domain, date=days_ago(5)))
    assert "ended on" in str(excinfo.value.message_dict["date"])


def test_hours_under_an_agreement_the_trainee_has_not_signed_are_refused(
    trainee, supervisor, organization, domain
):
    services.agreement_create(
        created_by=supervisor,
        organization=organization,
        trainee=trainee,
        supervisor=supervisor,
        start_date=days_ago(30),
        end_date=days_ago(-300),
        credential_name="CPRS",
        credential_number="1",
        credential_expires_on=days_ago(-400),
        supervisor_signature=SIGNATURE,
        attested=True,
    )
    with pytest.raises(ValidationError) as excinfo:
        services.practice_entry_create(trainee=trainee, **entry_values(domain))
    assert "not signed by both" in str(excinfo.value.message_dict["date"])


def test_entry_is_linked_to_the_agreement_covering_its_date(trainee, agreement, domain):
    entry = services.practice_entry_create(trainee=trainee, **entry_values(domain))
    assert entry.agreement == agreement


# ------------------------------------------------------------------------------
# Submitting
# ------------------------------------------------------------------------------
def test_several_drafts_are_submitted_at_once(make_entry, trainee, agreement):
    drafts = [make_entry(trainee=trainee, submit=False, date=days_ago(n)) for n in (1, 2, 3)]
    services.practice_entries_submit(trainee=trainee, entry_ids=[d.pk for d in drafts])
    assert set(PracticeLogEntry.objects.values_list("status", flat=True)) == {"submitted"}


def test_submitting_another_trainees_entry_is_refused_and_nothing_is_sent(
    make_entry, trainee, other_trainee, agreement, other_agreement
):
    mine = make_entry(trainee=trainee, submit=False)
    theirs = make_entry(trainee=other_trainee, submit=False)
    with pytest.raises(ValidationError):
        services.practice_entries_submit(trainee=trainee, entry_ids=[mine.pk, theirs.pk])
    mine.refresh_from_db()
    theirs.refresh_from_db()
    assert (mine.status, theirs.status) == (EntryStatus.DRAFT, EntryStatus.DRAFT)


def test_submitted_entry_cannot_be_edited(submitted_entry, trainee):
    with pytest.raises(ValidationError):
        services.practice_entry_update(
            entry=submitted_entry, trainee=trainee, duration_hours=Decimal("3")
        )


def test_trainee_cannot_edit_another_trainees_entry(draft_entry, other_trainee):
    with pytest.raises(PermissionDenied):
        services.practice_entry_update(
            entry=draft_entry, trainee=other_trainee, description="Changed"
        )


def test_editing_a_draft_records_before_and_after(draft_entry, trainee):
    services.practice_entry_update(entry=draft_entry, trainee=trainee, duration_hours=Decimal("2"))
    event = AuditEvent.objects.get(action="practice.edit")
    assert event.before["duration_hours"] == "1.50"
    assert event.after["duration_hours"] == "2.00"
    assert event.actor == trainee


# ------------------------------------------------------------------------------
# Reviewing
# ------------------------------------------------------------------------------
def test_supervisor_approval_signs_the_entry_with_the_credential(submitted_entry, supervisor):
    entry = approve(submitted_entry, supervisor)
    entry.refresh_from_db()
    assert entry.status == EntryStatus.APPROVED
    assert entry.signature == SIGNATURE
    assert entry.reviewed_by == supervisor
    assert entry.signed_credential_number == "CPRS-1234"
    assert AuditEvent.objects.filter(action="practice.approve").count() == 1


def test_signature_must_match_the_account_name(submitted_entry, supervisor):
    with pytest.raises(ValidationError) as excinfo:
        approve(submitted_entry, supervisor, signature="Someone Else")
    assert "does not match" in error_text(excinfo)
    submitted_entry.refresh_from_db()
    assert submitted_entry.status == EntryStatus.SUBMITTED


def test_signature_ignores_case_and_extra_spaces(submitted_entry, supervisor):
    approve(submitted_entry, supervisor, signature="  sam   SUPERVISOR ")
    submitted_entry.refresh_from_db()
    assert submitted_entry.status == EntryStatus.APPROVED


def test_approval_needs_the_attestation(submitted_entry, supervisor):
    with pytest.raises(ValidationError):
        approve(submitted_entry, supervisor, attested=False)
    submitted_entry.refresh_from_db()
    assert submitted_entry.status == EntryStatus.SUBMITTED


def test_supervisor_cannot_approve_entry_of_trainee_they_do_not_supervise(
    submitted_entry, organization
):
    stranger = person_with_role(Role.SUPERVISOR, organization, display_name="Lee Stranger")
    with pytest.raises(PermissionDenied):
        approve(submitted_entry, stranger, signature="Lee Stranger")
    submitted_entry.refresh_from_db()
    assert submitted_entry.status == EntryStatus.SUBMITTED


def test_trainee_cannot_approve_their_own_entry(submitted_entry, trainee):
    with pytest.raises(PermissionDenied):
        approve(submitted_entry, trainee, signature="Jamie Trainee")


def test_supervisor_never_signs_their_own_entries(supervisor, organization, domain, trainee):
    # A supervisor who is also a trainee under someone else's agreement.
    mentor = person_with_role(Role.SUPERVISOR, organization, display_name="Kim Mentor")
    from lms.accounts.services import membership_grant

    membership_grant(user=supervisor, organization=organization, role=Role.TRAINEE)
    make_signed_agreement(trainee=supervisor, supervisor=mentor, organization=organization)
    entry = services.practice_entry_create(trainee=supervisor, submit=True, **entry_values(domain))
    with pytest.raises(PermissionDenied):
        approve(entry, supervisor)


def test_hours_after_the_supervisors_credential_expired_are_refused_with_the_reason(
    trainee, supervisor, organization, domain
):
    make_signed_agreement(
        trainee=trainee,
        supervisor=supervisor,
        organization=organization,
        credential_expires_in_days=-5,
    )
    with pytest.raises(ValidationError) as excinfo:
        services.practice_entry_create(trainee=trainee, **entry_values(domain, date=days_ago(3)))
    assert "credential on your agreement expired" in str(excinfo.value.message_dict["date"])


def test_approval_is_refused_for_hours_after_the_supervisors_credential_expired(
    trainee, supervisor, organization, domain
):
    agreement = make_signed_agreement(
        trainee=trainee,
        supervisor=supervisor,
        organization=organization,
        credential_expires_in_days=-5,
    )
    # Written directly, as an entry from before this rule would be; the service never allows it.
    entry = PracticeLogEntry.objects.create(
        trainee=trainee,
        agreement=agreement,
        status=EntryStatus.SUBMITTED,
        **entry_values(domain, date=days_ago(3)),
    )
    with pytest.raises(ValidationError) as excinfo:
        approve(entry, supervisor)
    assert "credential on this agreement expired" in error_text(excinfo)
    entry.refresh_from_db()
    assert entry.status == EntryStatus.SUBMITTED


def test_approved_entry_cannot_be_approved_twice(approved_entry, supervisor):
    with pytest.raises(ValidationError) as excinfo:
        approve(approved_entry, supervisor)
    assert "already signed" in error_text(excinfo)
    assert AuditEvent.objects.filter(action="practice.approve").count() == 1


def test_approved_entry_cannot_be_edited(approved_entry, trainee):
    with pytest.raises(ValidationError):
        services.practice_entry_update(
            entry=approved_entry, trainee=trainee, duration_hours=Decimal("8")
        )


def test_returning_one_entry_never_touches_the_others(make_entry, trainee, supervisor, agreement):
    first, second, third = (make_entry(trainee=trainee, date=days_ago(n)) for n in (1, 2, 3))
    services.practice_entry_return(entry=second, supervisor=supervisor, comment="Which domain?")
    statuses = dict(PracticeLogEntry.objects.values_list("pk", "status"))
    assert statuses == {
        first.pk: EntryStatus.SUBMITTED,
        second.pk: EntryStatus.RETURNED,
        third.pk: EntryStatus.SUBMITTED,
    }


def test_returning_needs_a_comment(submitted_entry, supervisor):
    with pytest.raises(ValidationError) as excinfo:
        services.practice_entry_return(entry=submitted_entry, supervisor=supervisor, comment=" ")
    assert "comment" in excinfo.value.message_dict


def test_returned_entry_can_be_corrected_and_resubmitted(submitted_entry, trainee, supervisor):
    services.practice_entry_return(entry=submitted_entry, supervisor=supervisor, comment="Domain?")
    services.practice_entry_update(entry=submitted_entry, trainee=trainee, description="Fixed")
    services.practice_entries_submit(trainee=trainee, entry_ids=[submitted_entry.pk])
    submitted_entry.refresh_from_db()
    assert submitted_entry.status == EntryStatus.SUBMITTED


def test_rejecting_needs_a_reason_and_keeps_it(submitted_entry, supervisor):
    services.practice_entry_reject(
        entry=submitted_entry, supervisor=supervisor, reason="This was training, not practice."
    )
    submitted_entry.refresh_from_db()
    assert submitted_entry.status == EntryStatus.REJECTED
    assert submitted_entry.review_comment == "This was training, not practice."


def test_bulk_approval_is_all_or_nothing(make_entry, trainee, other_trainee, supervisor, agreement):
    mine = make_entry(trainee=trainee)
    signed = make_entry(trainee=trainee, date=days_ago(5))
    services.practice_entry_approve(
        entry=signed, supervisor=supervisor, signature=SIGNATURE, attested=True
    )
    with pytest.raises(ValidationError) as excinfo:
        services.practice_entries_approve(
            entry_ids=[mine.pk, signed.pk],
            supervisor=supervisor,
            signature=SIGNATURE,
            attested=True,
        )
    assert "Nothing was approved" in error_text(excinfo)
    mine.refresh_from_db()
    assert mine.status == EntryStatus.SUBMITTED


def test_bulk_approval_signs_every_chosen_entry(make_entry, trainee, supervisor, agreement):
    entries = [make_entry(trainee=trainee, date=days_ago(n)) for n in (1, 2)]
    services.practice_entries_approve(
        entry_ids=[e.pk for e in entries], supervisor=supervisor, signature=SIGNATURE, attested=True
    )
    assert PracticeLogEntry.objects.filter(status=EntryStatus.APPROVED).count() == 2
    assert AuditEvent.objects.filter(action="practice.approve").count() == 2


# ------------------------------------------------------------------------------
# Signed entries are immutable; corrections are new entries
# ------------------------------------------------------------------------------
def test_a_correction_is_a_new_entry_and_leaves_the_signed_one_unchanged(approved_entry, trainee):
    correction = services.practice_entry_correct(entry=approved_entry, trainee=trainee)
    assert correction.pk != approved_entry.pk
    assert correction.corrects == approved_entry
    assert correction.status == EntryStatus.DRAFT
    approved_entry.refresh_from_db()
    assert approved_entry.status == EntryStatus.APPROVED


def test_a_correction_may_change_hours_without_counting_the_day_twice(approved_entry, trainee):
    correction = services.practice_entry_correct(entry=approved_entry, trainee=trainee)
    services.practice_entry_update(
        entry=correction, trainee=trainee, duration_hours=Decimal("22.5")
    )
    correction.refresh_from_db()
    approved_entry.refresh_from_db()
    assert correction.duration_hours == Decimal("22.5")
    assert approved_entry.status == EntryStatus.APPROVED
    assert approved_entry.duration_hours != correction.duration_hours


def test_approved_correction_replaces_the_original_in_counted_hours(
    approved_entry, trainee, supervisor
):
    correction = services.practice_entry_correct(entry=approved_entry, trainee=trainee)
    services.practice_entry_update(entry=correction, trainee=trainee, duration_hours=Decimal("1"))
    services.practice_entries_submit(trainee=trainee, entry_ids=[correction.pk])
    approve(correction, supervisor)
    assert list(PracticeLogEntry.objects.counted()) == [correction]


@pytest.mark.usefixtures("require_postgresql")
def test_database_refuses_to_update_a_signed_entry(approved_entry):
    with pytest.raises(IntegrityError, match="signed practice entry"), transaction.atomic():
        PracticeLogEntry.objects.filter(pk=approved_entry.pk).update(duration_hours=Decimal("9"))


@pytest.mark.usefixtures("require_postgresql")
def test_database_refuses_to_delete_a_signed_entry(approved_entry):
    with pytest.raises(IntegrityError), transaction.atomic():
        PracticeLogEntry.objects.filter(pk=approved_entry.pk).delete()


# ------------------------------------------------------------------------------
# Agreements and sessions
# ------------------------------------------------------------------------------
def test_both_signatures_make_an_agreement_active(trainee, supervisor, organization):
    agreement = services.agreement_create(
        created_by=supervisor,
        organization=organization,
        trainee=trainee,
        supervisor=supervisor,
        start_date=days_ago(0),
        end_date=days_ago(-365),
        credential_name="CPRS",
        credential_number="42",
        credential_expires_on=days_ago(-500),
        supervisor_signature=SIGNATURE,
        attested=True,
    )
    assert not SupervisionAgreement.objects.active_on(days_ago(0)).exists()
    services.agreement_sign(
        agreement=agreement, signer=trainee, signature="Jamie Trainee", attested=True
    )
    assert SupervisionAgreement.objects.active_on(days_ago(0)).get() == agreement
    assert AuditEvent.objects.filter(action="agreement.sign").count() == 2


def test_only_the_two_parties_sign_an_agreement(trainee, supervisor, organization, staff):
    agreement = services.agreement_create(
        created_by=staff,
        organization=organization,
        trainee=trainee,
        supervisor=supervisor,
        start_date=days_ago(0),
        end_date=days_ago(-365),
        credential_name="CPRS",
        credential_number="42",
        credential_expires_on=days_ago(-500),
    )
    with pytest.raises(PermissionDenied):
        services.agreement_sign(
            agreement=agreement, signer=staff, signature="Alex Staff", attested=True
        )


def test_supervisor_cannot_create_an_agreement_with_someone_outside_their_organisation(
    outside_trainee, supervisor, organization
):
    with pytest.raises(ValidationError):
        services.agreement_create(
            created_by=supervisor,
            organization=organization,
            trainee=outside_trainee,
            supervisor=supervisor,
            start_date=days_ago(0),
            end_date=days_ago(-365),
            credential_name="CPRS",
            credential_number="42",
            credential_expires_on=days_ago(-500),
            supervisor_signature=SIGNATURE,
            attested=True,
        )


def record_session(supervisor, trainees, *, hours="1", fmt="individual", modality="in_person",
                   domains=()):  # fmt: skip
    """A supervision session yesterday with these trainees, as the supervisor records it."""
    return sessions.supervision_session_record(
        supervisor=supervisor,
        date=days_ago(1),
        duration_hours=Decimal(hours),
        format=fmt,
        modality=modality,
        domains=list(domains),
        trainees=list(trainees),
    )


def hours_summary(trainee, *, one_trip=None):
    """The summary /practice/ shows (read with the rest of the page)."""
    from certification.supervision.selectors import practice_home

    return practice_home(trainee=trainee, one_trip=one_trip).summary


def test_group_session_counts_only_after_each_trainee_confirms(
    trainee, other_trainee, supervisor, agreement, other_agreement, domain
):
    session = record_session(
        supervisor, [trainee, other_trainee], hours="1.5", fmt="group", modality="video",
        domains=[domain],
    )  # fmt: skip
    assert hours_summary(trainee).supervision_hours == 0
    attendance = session.attendances.get(trainee=trainee)
    sessions.session_attendance_confirm(attendance=attendance, trainee=trainee)
    assert hours_summary(trainee).supervision_hours == Decimal("1.5")
    assert hours_summary(other_trainee).supervision_hours == 0


def test_the_hours_summary_is_the_same_in_one_statement_as_in_one_query_each(
    trainee, supervisor, agreement, domains
):
    """/practice/ and /learn/ read the summary in one statement (lms.one_trip); one query each
    (SQLite) must give the same figures, statuses, domains and supervision alike."""

    advocacy, ethics = domains["advocacy"], domains["ethical-responsibility"]

    def make_entry(domain, *, submit=True, **values):
        return services.practice_entry_create(
            trainee=trainee, submit=submit, **entry_values(domain, **values)
        )

    approve(make_entry(advocacy, duration_hours=Decimal("2.5")), supervisor)
    replaced = approve(make_entry(ethics, duration_hours=Decimal("3")), supervisor)
    correction = services.practice_entry_correct(entry=replaced, trainee=trainee)
    services.practice_entries_submit(trainee=trainee, entry_ids=[correction.pk])
    approve(correction, supervisor)  # replaces the 3 hours: they count once
    services.practice_entry_return(
        entry=make_entry(advocacy), supervisor=supervisor, comment="Date?"
    )
    make_entry(ethics, submit=False)
    make_entry(ethics)
    session = record_session(supervisor, [trainee], hours="1.5", domains=[advocacy])
    one_statement = hours_summary(trainee, one_trip=True)
    assert one_statement == hours_summary(trainee, one_trip=False)
    assert len(one_statement.domains) == 2
    assert set(one_statement.totals) == {"approved", "returned", "draft", "submitted"}
    assert (one_statement.supervision_hours, one_statement.supervision_unconfirmed) == (0, 1)
    sessions.session_attendance_confirm(attendance=session.attendances.get(), trainee=trainee)
    confirmed = hours_summary(trainee, one_trip=True)
    assert confirmed == hours_summary(trainee, one_trip=False)
    assert (confirmed.supervision_hours, confirmed.supervision_unconfirmed) == (Decimal("1.5"), 0)


def test_session_with_a_trainee_outside_an_agreement_is_refused(
    trainee, other_trainee, supervisor, agreement
):
    with pytest.raises(ValidationError) as excinfo:
        record_session(supervisor, [trainee, other_trainee], fmt="group")
    assert "Casey Trainee" in str(excinfo.value.message_dict["trainees"])
    from certification.supervision.models import SupervisionSession

    assert not SupervisionSession.objects.exists()


def test_trainee_cannot_confirm_someone_elses_presence(
    trainee, other_trainee, supervisor, agreement
):
    session = record_session(supervisor, [trainee], modality="phone")
    with pytest.raises(PermissionDenied):
        sessions.session_attendance_confirm(
            attendance=session.attendances.get(), trainee=other_trainee
        )


def test_bulk_approval_names_every_entry_it_cannot_sign(make_entry, trainee, supervisor, agreement):
    waiting = make_entry(trainee=trainee, date=days_ago(1))
    returned = make_entry(trainee=trainee, date=days_ago(2))
    services.practice_entry_return(entry=returned, supervisor=supervisor, comment="Add a domain")
    signed = make_entry(trainee=trainee, date=days_ago(3))
    services.practice_entry_approve(
        entry=signed, supervisor=supervisor, signature=SIGNATURE, attested=True
    )
    with pytest.raises(ValidationError) as excinfo:
        services.practice_entries_approve(
            entry_ids=[waiting.pk, returned.pk, signed.pk],
            supervisor=supervisor,
            signature=SIGNATURE,
            attested=True,
        )
    named = [item.params["entry"] for item in excinfo.value.error_list if item.params]
    assert named == [returned.pk, signed.pk]
    assert excinfo.value.messages[-1] == "Nothing was approved."
    waiting.refresh_from_db()
    assert waiting.status == EntryStatus.SUBMITTED
    assert AuditEvent.objects.filter(action="practice.approve").count() == 1


def test_bulk_approval_answers_a_draft_like_an_id_that_does_not_exist(
    make_entry, trainee, supervisor, agreement
):
    """Drafts are never shown to supervisors, so naming one (with its trainee and date) in a
    refusal would tell them it exists: it reads like an unknown id instead."""
    waiting = make_entry(trainee=trainee, date=days_ago(1))
    draft = make_entry(trainee=trainee, submit=False, date=days_ago(2))
    answers = []
    for ids in ([waiting.pk, draft.pk], [waiting.pk, 999999]):
        with pytest.raises(PermissionDenied) as excinfo:
            services.practice_entries_approve(
                entry_ids=ids, supervisor=supervisor, signature=SIGNATURE, attested=True
            )
        answers.append(str(excinfo.value))
    assert answers[0] == answers[1] == "Some of the chosen entries are not yours to sign."
    waiting.refresh_from_db()
    assert waiting.status == EntryStatus.SUBMITTED
