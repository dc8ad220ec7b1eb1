"""After an agreement ends: what its supervisor may still see and do.

The rule (docs/security.md, "After an agreement ends"): for PEERPATH_SUPERVISION_GRACE_DAYS
after an agreement's last covered day (its end date, or the supervisor's credential expiry if
that comes first) the supervisor may see, approve, return and decline the entries dated inside
it, on the pages and through the API alike. After that nothing of the trainee is visible to
them (404) unless another agreement with the trainee is open.
"""

import datetime
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

import pytest
from rest_framework.test import APIClient

from certification.supervision import services, sessions
from certification.supervision.models import (
    ActivityType,
    EntryStatus,
    Modality,
    PracticeLogEntry,
    PracticeSetting,
    SessionAttendance,
    SessionFormat,
    SupervisionSession,
)
from lms import access
from lms.accounts.models import Role
from tests.certification.conftest import days_ago, make_signed_agreement
from tests.factories import person_with_role

pytestmark = pytest.mark.django_db

GRACE_DAYS = 30
SIGNING = {"signature": "Sam Supervisor", "attestation": "on"}
API_SIGNING = {"signature": "Sam Supervisor", "attestation": True}


@pytest.fixture(autouse=True)
def grace(settings):
    settings.PEERPATH_SUPERVISION_GRACE_DAYS = GRACE_DAYS


def agreement_that_ended(*, days_ago_ended, trainee, supervisor, organization, **overrides):
    """A signed agreement of 90 days that ended `days_ago_ended` days ago."""
    values = {
        "signed_days_ago": days_ago_ended + 90,
        "start_days_ago": days_ago_ended + 90,
        "length_days": 90,
    }
    values.update(overrides)
    return make_signed_agreement(
        trainee=trainee, supervisor=supervisor, organization=organization, **values
    )


def sent_entry(*, agreement, domain, date, status=EntryStatus.SUBMITTED):
    """An entry the trainee sent while the agreement could still be reviewed.

    Written directly because the service (rightly) refuses to send hours under an agreement
    whose review window has closed, and the tests cannot move the clock back.
    """
    return PracticeLogEntry.objects.create(
        trainee=agreement.trainee,
        agreement=agreement,
        date=date,
        duration_hours=Decimal("2"),
        domain=domain,
        setting=PracticeSetting.COMMUNITY,
        activity_type=ActivityType.ONE_TO_ONE,
        modality=Modality.IN_PERSON,
        description="Went with a peer to a housing appointment.",
        status=status,
        submitted_at=timezone.now() - datetime.timedelta(days=60),
    )


def api(user):
    client = APIClient()
    client.force_authenticate(user=user)
    return client


@pytest.fixture
def in_grace(trainee, supervisor, organization):
    return agreement_that_ended(
        days_ago_ended=10, trainee=trainee, supervisor=supervisor, organization=organization
    )


@pytest.fixture
def after_grace(trainee, supervisor, organization):
    return agreement_that_ended(
        days_ago_ended=GRACE_DAYS + 1,
        trainee=trainee,
        supervisor=supervisor,
        organization=organization,
    )


def web_action(client, entry, action):
    data = {
        "approve": SIGNING,
        "return": {f"comment-{entry.pk}": "Please name the competency domain."},
        "reject": {f"comment-{entry.pk}": "These hours were before the agreement."},
    }[action]
    return client.post(f"/supervise/entries/{entry.pk}/{action}/", data)


def api_action(user, entry, action):
    data = {
        "approve": API_SIGNING,
        "return": {"comment": "Please name the competency domain."},
        "reject": {"reason": "These hours were before the agreement."},
    }[action]
    return api(user).post(f"/api/v1/supervision/entries/{entry.pk}/{action}/", data, format="json")


OUTCOME = {
    "approve": EntryStatus.APPROVED,
    "return": EntryStatus.RETURNED,
    "reject": EntryStatus.REJECTED,
}


# ------------------------------------------------------------------------------
# During the grace period
# ------------------------------------------------------------------------------
def test_in_the_grace_period_the_supervisor_still_sees_the_entry_and_the_agreement(
    client, supervisor, trainee, in_grace, domain
):
    entry = sent_entry(agreement=in_grace, domain=domain, date=days_ago(20))
    client.force_login(supervisor)
    assert f'id="entry-{entry.pk}"' in client.get("/supervise/").content.decode()
    assert client.get(f"/agreements/{in_grace.pk}/sign/").status_code == 200
    assert api(supervisor).get(f"/api/v1/practice-entries/{entry.pk}/").status_code == 200
    assert access.people_visible_to(supervisor).filter(pk=trainee.pk).exists()


@pytest.mark.parametrize("action", ["approve", "return", "reject"])
def test_in_the_grace_period_the_supervisor_can_sign_return_or_decline_on_the_page(
    client, supervisor, in_grace, domain, action
):
    entry = sent_entry(agreement=in_grace, domain=domain, date=days_ago(20))
    client.force_login(supervisor)
    response = web_action(client, entry, action)
    assert response.status_code == 302
    entry.refresh_from_db()
    assert entry.status == OUTCOME[action]


@pytest.mark.parametrize("action", ["approve", "return", "reject"])
def test_in_the_grace_period_the_supervisor_can_sign_return_or_decline_through_the_api(
    supervisor, in_grace, domain, action
):
    entry = sent_entry(agreement=in_grace, domain=domain, date=days_ago(20))
    response = api_action(supervisor, entry, action)
    assert response.status_code == 200, response.content
    assert response.json()["status"] == OUTCOME[action]


def test_in_the_grace_period_the_trainee_can_still_send_hours_dated_inside_the_agreement(
    trainee, in_grace, domain
):
    entry = services.practice_entry_create(
        trainee=trainee,
        submit=True,
        date=days_ago(15),
        duration_hours=Decimal("1"),
        domain=domain,
        setting=PracticeSetting.COMMUNITY,
        activity_type=ActivityType.OUTREACH,
        modality=Modality.PHONE,
        description="Follow-up call.",
    )
    assert (entry.agreement, entry.status) == (in_grace, EntryStatus.SUBMITTED)


def test_the_grace_period_counts_from_the_credential_expiry_when_it_comes_first(
    client, trainee, supervisor, organization, domain
):
    # The agreement runs another month, but the credential on it expired 31 days ago.
    agreement = make_signed_agreement(
        trainee=trainee,
        supervisor=supervisor,
        organization=organization,
        start_days_ago=200,
        signed_days_ago=200,
        length_days=230,
        credential_expires_in_days=-(GRACE_DAYS + 1),
    )
    entry = sent_entry(agreement=agreement, domain=domain, date=days_ago(40))
    client.force_login(supervisor)
    assert web_action(client, entry, "approve").status_code == 404


# ------------------------------------------------------------------------------
# After the grace period: nothing of the trainee is visible
# ------------------------------------------------------------------------------
def test_after_the_grace_period_the_entry_and_agreement_answer_404_everywhere(
    client, supervisor, trainee, after_grace, domain
):
    entry = sent_entry(agreement=after_grace, domain=domain, date=days_ago(50))
    client.force_login(supervisor)
    assert f'id="entry-{entry.pk}"' not in client.get("/supervise/").content.decode()
    assert client.get(f"/agreements/{after_grace.pk}/sign/").status_code == 404
    assert api(supervisor).get(f"/api/v1/practice-entries/{entry.pk}/").status_code == 404
    listed = api(supervisor).get("/api/v1/practice-entries/").json()["results"]
    assert entry.pk not in [item["id"] for item in listed]
    queue = api(supervisor).get("/api/v1/supervision/entries/").json()["results"]
    assert entry.pk not in [item["id"] for item in queue]
    assert not access.people_visible_to(supervisor).filter(pk=trainee.pk).exists()


@pytest.mark.parametrize("action", ["approve", "return", "reject"])
def test_after_the_grace_period_sign_return_and_decline_answer_404(
    client, supervisor, after_grace, domain, action
):
    entry = sent_entry(agreement=after_grace, domain=domain, date=days_ago(50))
    client.force_login(supervisor)
    assert web_action(client, entry, action).status_code == 404
    assert api_action(supervisor, entry, action).status_code == 404
    entry.refresh_from_db()
    assert entry.status == EntryStatus.SUBMITTED


def test_after_the_grace_period_the_services_refuse_too(supervisor, after_grace, domain):
    entry = sent_entry(agreement=after_grace, domain=domain, date=days_ago(50))
    with pytest.raises(PermissionDenied):
        services.practice_entry_approve(
            entry=entry, supervisor=supervisor, signature="Sam Supervisor", attested=True
        )
    with pytest.raises(PermissionDenied):
        services.practice_entry_return(entry=entry, supervisor=supervisor, comment="Fix it")
    with pytest.raises(PermissionDenied):
        services.practice_entries_approve(
            entry_ids=[entry.pk], supervisor=supervisor, signature="Sam Supervisor", attested=True
        )
    entry.refresh_from_db()
    assert entry.status == EntryStatus.SUBMITTED


def test_after_the_grace_period_bulk_approval_reads_like_an_unknown_id(
    supervisor, after_grace, domain
):
    entry = sent_entry(agreement=after_grace, domain=domain, date=days_ago(50))
    response = api(supervisor).post(
        "/api/v1/supervision/entries/approve/",
        {**API_SIGNING, "entries": [entry.pk]},
        format="json",
    )
    assert response.status_code == 400
    assert response.json()["errors"]["entries"] == [
        f"Entry {entry.pk}: no entry with this id was sent to you."
    ]


def test_after_the_grace_period_the_queue_page_no_longer_names_the_trainee(
    client, supervisor, trainee, after_grace, domain
):
    sent_entry(agreement=after_grace, domain=domain, date=days_ago(50))
    client.force_login(supervisor)
    body = client.get("/supervise/?status=any").content.decode()
    assert "Jamie Trainee" not in body


def test_after_the_grace_period_sessions_with_the_trainee_are_no_longer_listed(
    supervisor, trainee, after_grace
):
    session = SupervisionSession.objects.create(
        supervisor=supervisor,
        date=days_ago(50),
        duration_hours=Decimal("1"),
        format=SessionFormat.INDIVIDUAL,
        modality=Modality.VIDEO,
    )
    SessionAttendance.objects.create(session=session, trainee=trainee, agreement=after_grace)
    listed = api(supervisor).get("/api/v1/supervision/sessions/").json()["results"]
    assert listed == []


def test_after_the_grace_period_no_session_can_be_recorded_under_the_agreement(
    supervisor, trainee, after_grace
):
    with pytest.raises(ValidationError):
        sessions.supervision_session_record(
            supervisor=supervisor,
            date=days_ago(50),
            duration_hours=Decimal("1"),
            format=SessionFormat.INDIVIDUAL,
            modality=Modality.VIDEO,
            domains=[],
            trainees=[trainee],
        )
    assert not SupervisionSession.objects.exists()


def test_after_the_grace_period_the_trainee_is_told_hours_under_it_can_no_longer_be_sent(
    trainee, after_grace, domain
):
    with pytest.raises(ValidationError) as refusal:
        services.practice_entry_create(
            trainee=trainee,
            date=days_ago(50),
            duration_hours=Decimal("1"),
            domain=domain,
            setting=PracticeSetting.COMMUNITY,
            activity_type=ActivityType.OUTREACH,
            modality=Modality.PHONE,
            description="Follow-up call.",
        )
    assert "could be sent for sign-off until" in str(refusal.value)
    assert not PracticeLogEntry.objects.exists()


def test_a_draft_under_a_closed_agreement_can_no_longer_be_sent(trainee, after_grace, domain):
    draft = sent_entry(
        agreement=after_grace, domain=domain, date=days_ago(50), status=EntryStatus.DRAFT
    )
    with pytest.raises(ValidationError):
        services.practice_entries_submit(trainee=trainee, entry_ids=[draft.pk])
    draft.refresh_from_db()
    assert draft.status == EntryStatus.DRAFT


def test_a_newer_open_agreement_shows_the_trainee_but_not_entries_under_the_closed_one(
    client, supervisor, trainee, organization, after_grace, domain
):
    old_entry = sent_entry(agreement=after_grace, domain=domain, date=days_ago(50))
    current = make_signed_agreement(
        trainee=trainee,
        supervisor=supervisor,
        organization=organization,
        start_days_ago=10,
        signed_days_ago=10,
    )
    new_entry = sent_entry(agreement=current, domain=domain, date=days_ago(5))
    assert access.people_visible_to(supervisor).filter(pk=trainee.pk).exists()
    client.force_login(supervisor)
    assert web_action(client, old_entry, "approve").status_code == 404
    assert web_action(client, new_entry, "approve").status_code == 302


# ------------------------------------------------------------------------------
# Entries dated outside the agreement
# ------------------------------------------------------------------------------
def test_hours_dated_after_the_end_cannot_be_logged_under_the_agreement_in_the_grace_period(
    trainee, in_grace, domain
):
    with pytest.raises(ValidationError) as refusal:
        services.practice_entry_create(
            trainee=trainee,
            date=days_ago(5),
            duration_hours=Decimal("1"),
            domain=domain,
            setting=PracticeSetting.COMMUNITY,
            activity_type=ActivityType.OUTREACH,
            modality=Modality.PHONE,
            description="Follow-up call.",
            agreement=in_grace,
        )
    assert "ended on" in str(refusal.value)


@pytest.mark.parametrize("action", ["approve", "return", "reject"])
def test_an_entry_dated_outside_its_agreement_is_refused_with_the_reason(
    client, supervisor, agreement, domain, action
):
    # Only hours on record from before the signature rule (or a direct database change) can
    # be dated outside their agreement; the supervisor sees them and is told why they cannot
    # act on them: 403 through the API, the queue again with the reason on the page.
    outside = sent_entry(
        agreement=agreement, domain=domain, date=agreement.start_date - datetime.timedelta(days=3)
    )
    client.force_login(supervisor)
    page = web_action(client, outside, action)
    assert page.status_code == 400
    assert "outside your signed agreement" in page.content.decode()
    through_api = api_action(supervisor, outside, action)
    assert through_api.status_code == 403
    assert "outside your signed agreement" in through_api.json()["detail"]
    outside.refresh_from_db()
    assert outside.status == EntryStatus.SUBMITTED


def test_in_the_grace_period_entries_under_the_trainees_next_supervisor_stay_hidden(
    client, supervisor, trainee, organization, in_grace, domain
):
    next_supervisor = person_with_role(Role.SUPERVISOR, organization, display_name="Ari Next")
    later = make_signed_agreement(
        trainee=trainee,
        supervisor=next_supervisor,
        organization=organization,
        start_days_ago=9,
        signed_days_ago=9,
    )
    entry = sent_entry(agreement=later, domain=domain, date=days_ago(3))
    client.force_login(supervisor)
    assert web_action(client, entry, "approve").status_code == 404
    assert api(supervisor).get(f"/api/v1/practice-entries/{entry.pk}/").status_code == 404
