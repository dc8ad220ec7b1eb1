"""API v1 for supervised practice and credential progress: each endpoint × role, tokens,
the one error format, fixed query counts, and a journey done through the API alone."""

from decimal import Decimal

import pytest
from rest_framework.test import APIClient

from certification.supervision import services, sessions
from certification.supervision.models import EntryStatus, PracticeLogEntry, SessionAttendance
from lms.accounts.models import PersonalAccessToken, Role
from lms.accounts.services import access_token_create, access_token_revoke
from tests.certification.conftest import days_ago, entry_values, make_signed_agreement
from tests.certification.credential_builders import icrc_definition
from tests.factories import person_with_role

pytestmark = pytest.mark.django_db

READ = PersonalAccessToken.Scope.READ
WRITE = PersonalAccessToken.Scope.WRITE
SIGNING = {"signature": "Sam Supervisor", "attestation": True}


def token_client(user, scope=WRITE):
    _token, secret = access_token_create(user=user, name="phone", scope=scope)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {secret}")
    return client


def entry_body(domain, /, **overrides):
    body = {
        "date": days_ago(1).isoformat(),
        "duration_hours": "1.25",
        "domain": domain.pk,
        "setting": "community",
        "activity_type": "one_to_one",
        "modality": "phone",
        "description": "Check-in call about a peer's recovery plan.",
    }
    body.update(overrides)
    return body


def sent_entry_in(domain, *, trainee, **overrides):
    """A submitted entry in a given competency domain."""
    return services.practice_entry_create(
        trainee=trainee, submit=True, **entry_values(domain, **overrides)
    )


def ids(response):
    return {item["id"] for item in response.json()["results"]}


@pytest.fixture
def lone_supervisor(organization):
    """A supervisor of the same organisation with no agreement with the trainee."""
    return person_with_role(Role.SUPERVISOR, organization, display_name="Lee Elsewhere")


@pytest.fixture
def attendance(trainee, supervisor, agreement, domain):
    session = sessions.supervision_session_record(
        supervisor=supervisor,
        date=days_ago(2),
        duration_hours=Decimal("1"),
        format="individual",
        modality="video",
        domains=[domain],
        trainees=[trainee],
    )
    return SessionAttendance.objects.get(session=session)


# ------------------------------------------------------------------------------
# Every endpoint: anonymous requests and tokens
# ------------------------------------------------------------------------------
ENDPOINTS = [
    ("get", "/api/v1/practice-entries/"),
    ("post", "/api/v1/practice-entries/"),
    ("get", "/api/v1/practice-entries/1/"),
    ("patch", "/api/v1/practice-entries/1/"),
    ("post", "/api/v1/practice-entries/submit/"),
    ("get", "/api/v1/supervision-sessions/"),
    ("post", "/api/v1/supervision-sessions/1/confirm/"),
    ("get", "/api/v1/me/credential-progress/"),
    ("get", "/api/v1/supervision/entries/"),
    ("post", "/api/v1/supervision/entries/1/approve/"),
    ("post", "/api/v1/supervision/entries/1/return/"),
    ("get", "/api/v1/supervision/sessions/"),
    ("post", "/api/v1/supervision/sessions/"),
]
WRITES = [(method, url) for method, url in ENDPOINTS if method != "get"]


@pytest.mark.parametrize(("method", "url"), ENDPOINTS)
def test_anonymous_requests_answer_401(db, method, url):
    response = getattr(APIClient(), method)(url, {}, format="json")
    assert response.status_code == 401


@pytest.mark.parametrize(("method", "url"), WRITES)
def test_a_read_token_cannot_write(trainee, method, url):
    response = getattr(token_client(trainee, READ), method)(url, {}, format="json")
    assert response.status_code == 403
    assert "can only read" in response.json()["detail"]


def test_a_read_token_cannot_log_hours(trainee, agreement, domain):
    response = token_client(trainee, READ).post(
        "/api/v1/practice-entries/", entry_body(domain), format="json"
    )
    assert response.status_code == 403
    assert not PracticeLogEntry.objects.exists()


def test_a_revoked_token_answers_401(trainee, draft_entry):
    token, secret = access_token_create(user=trainee, name="old phone", scope=WRITE)
    access_token_revoke(user=trainee, token_id=token.pk)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {secret}")
    assert client.get("/api/v1/practice-entries/").status_code == 401
    response = client.post("/api/v1/practice-entries/submit/", {"entries": [draft_entry.pk]})
    assert response.status_code == 401
    draft_entry.refresh_from_db()
    assert draft_entry.status == EntryStatus.DRAFT


def test_the_browser_session_works_too(client, trainee, draft_entry):
    client.force_login(trainee)
    response = client.get("/api/v1/practice-entries/")
    assert response.status_code == 200
    assert [item["id"] for item in response.json()["results"]] == [draft_entry.pk]


# ------------------------------------------------------------------------------
# Practice entries: reading, by role
# ------------------------------------------------------------------------------
def test_trainees_list_only_their_own_entries(
    trainee, other_trainee, other_agreement, draft_entry, make_entry
):
    theirs = make_entry(trainee=other_trainee)
    assert ids(token_client(trainee).get("/api/v1/practice-entries/")) == {draft_entry.pk}
    assert ids(token_client(other_trainee).get("/api/v1/practice-entries/")) == {theirs.pk}


def test_someone_elses_entry_answers_404(trainee, other_trainee, other_agreement, make_entry):
    theirs = make_entry(trainee=other_trainee)
    client = token_client(trainee)
    assert client.get(f"/api/v1/practice-entries/{theirs.pk}/").status_code == 404
    response = client.patch(
        f"/api/v1/practice-entries/{theirs.pk}/", {"duration_hours": "2"}, format="json"
    )
    assert response.status_code == 404


def test_supervisors_see_the_sent_entries_of_their_trainees_not_drafts(
    supervisor, lone_supervisor, trainee, make_entry, agreement
):
    draft = make_entry(trainee=trainee, submit=False)
    sent = make_entry(trainee=trainee, date=days_ago(2))
    assert ids(token_client(supervisor).get("/api/v1/practice-entries/")) == {sent.pk}
    assert token_client(supervisor).get(f"/api/v1/practice-entries/{draft.pk}/").status_code == 404
    assert ids(token_client(lone_supervisor).get("/api/v1/practice-entries/")) == set()
    response = token_client(lone_supervisor).get(f"/api/v1/practice-entries/{sent.pk}/")
    assert response.status_code == 404


def test_staff_see_their_organisations_sent_entries_only(
    staff, other_staff, submitted_entry, make_entry, trainee
):
    draft = make_entry(trainee=trainee, submit=False, date=days_ago(5))
    assert ids(token_client(staff).get("/api/v1/practice-entries/")) == {submitted_entry.pk}
    assert token_client(staff).get(f"/api/v1/practice-entries/{draft.pk}/").status_code == 404
    assert ids(token_client(other_staff).get("/api/v1/practice-entries/")) == set()


def test_an_entry_shows_what_the_trainee_needs(trainee, submitted_entry, domain):
    body = token_client(trainee).get(f"/api/v1/practice-entries/{submitted_entry.pk}/").json()
    assert body["status"] == "submitted"
    assert body["duration_hours"] == "1.50"
    assert body["domain"] == domain.pk
    assert body["supervisor_name"] == "Sam Supervisor"
    assert body["is_editable"] is False


def test_entries_filter_by_status_date_range_and_domain(trainee, agreement, make_entry, domains):
    old = make_entry(trainee=trainee, date=days_ago(20))
    recent_draft = make_entry(trainee=trainee, submit=False, date=days_ago(2))
    other_domain = sent_entry_in(domains["mentoring-education"], trainee=trainee, date=days_ago(3))
    client = token_client(trainee)
    url = "/api/v1/practice-entries/"
    assert ids(client.get(url, {"status": "draft"})) == {recent_draft.pk}
    assert ids(client.get(url, {"date_from": days_ago(10).isoformat()})) == {
        recent_draft.pk,
        other_domain.pk,
    }
    assert ids(client.get(url, {"date_to": days_ago(10).isoformat()})) == {old.pk}
    assert ids(client.get(url, {"domain": domains["mentoring-education"].pk})) == {other_domain.pk}


@pytest.mark.parametrize(
    "query",
    [{"status": "lost"}, {"date_from": "yesterday"}, {"domain": "advocacy"}, {"domain": 999999}],
)
def test_bad_filters_answer_400_in_the_error_format(trainee, agreement, query):
    response = token_client(trainee).get("/api/v1/practice-entries/", query)
    assert response.status_code == 400
    assert set(response.json()["errors"]) == set(query)
    assert response.json()["input"] == {key: str(value) for key, value in query.items()}


def test_the_entry_list_is_paginated_with_a_fixed_number_of_queries(
    trainee, agreement, make_entry, django_assert_max_num_queries
):
    client = token_client(trainee)
    make_entry(trainee=trainee, submit=False, date=days_ago(1))
    with django_assert_max_num_queries(12) as few:
        client.get("/api/v1/practice-entries/")
    for day in range(2, 32):
        make_entry(trainee=trainee, submit=day % 2 == 0, date=days_ago(day))
    with django_assert_max_num_queries(len(few.captured_queries)):
        body = client.get("/api/v1/practice-entries/", {"page_size": 20}).json()
    assert body["count"] == 31
    assert len(body["results"]) == 20
    assert body["next"]


def test_a_persons_entry_list_is_kept_until_something_it_lists_changes(
    settings,
    trainee,
    other_trainee,
    supervisor,
    agreement,
    other_agreement,
    domain,
    make_entry,
    django_capture_on_commit_callbacks,
    django_assert_max_num_queries,
):
    """The list is kept per person (lms/personal_pages.py ``kept_api_answer``): asked again,
    only the token is checked; a new entry shows at once; nobody gets another person's."""
    settings.PERSONAL_PAGES_REPLACE_AT_ONCE = False  # replaced on commit, as in production
    settings.PERSONAL_PAGES_VERIFY = False
    with django_capture_on_commit_callbacks(execute=True):
        make_entry(trainee=trainee, date=days_ago(2))
        make_entry(trainee=other_trainee, date=days_ago(3))
    client, other = token_client(trainee), token_client(other_trainee)
    first = client.get("/api/v1/practice-entries/")
    with django_assert_max_num_queries(2):  # the token and its last use
        again = client.get("/api/v1/practice-entries/")
    assert again.status_code == 200 and again["Content-Type"] == first["Content-Type"]
    assert again.json() == first.json() and again.json()["count"] == 1
    assert other.get("/api/v1/practice-entries/").json()["results"][0]["trainee"] == (
        other_trainee.pk
    )
    with django_capture_on_commit_callbacks(execute=True):
        created = client.post("/api/v1/practice-entries/", entry_body(domain), format="json")
    assert created.status_code == 201
    assert ids(client.get("/api/v1/practice-entries/")) == {
        first.json()["results"][0]["id"],
        created.json()["id"],
    }
    # The supervisor's list (entries sent to them) follows their trainees' changes too.
    watcher = token_client(supervisor)
    sent = ids(watcher.get("/api/v1/practice-entries/"))
    with django_capture_on_commit_callbacks(execute=True):
        newer = make_entry(trainee=other_trainee, date=days_ago(4))
    assert ids(watcher.get("/api/v1/practice-entries/")) == sent | {newer.pk}


def test_the_entry_list_sends_exactly_what_drf_would_for_entries_in_every_state(
    trainee, supervisor, agreement, make_entry
):
    """The list builds each entry's representation in one pass (PracticeEntrySerializer): it
    must equal DRF's own, field by field, whatever the entry's state."""
    from rest_framework import serializers

    from certification.supervision.api import PracticeEntrySerializer, entries_for_display

    draft = make_entry(trainee=trainee, submit=False, date=days_ago(1), duration_hours="0.25")
    returned = make_entry(trainee=trainee, date=days_ago(2))
    services.practice_entry_return(
        entry=returned, supervisor=supervisor, comment="Add the setting."
    )
    approved = make_entry(trainee=trainee, date=days_ago(3), duration_hours="7.5")
    approved = services.practice_entry_approve(
        entry=approved, supervisor=supervisor, signature="Sam Supervisor", attested=True
    )
    services.practice_entry_correct(entry=approved, trainee=trainee)
    make_entry(trainee=trainee, date=days_ago(4))
    entries = list(entries_for_display(PracticeLogEntry.objects).order_by("pk"))
    assert {entry.status for entry in entries} >= {"draft", "returned", "approved", "submitted"}
    assert any(entry.corrects_id for entry in entries) and draft in entries
    body = token_client(trainee).get("/api/v1/practice-entries/").json()["results"]
    sent = {item["id"]: item for item in body}
    for entry in entries:
        drf = serializers.ModelSerializer.to_representation(PracticeEntrySerializer(), entry)
        assert sent[entry.pk] == drf, entry.status
        assert list(sent[entry.pk]) == list(drf), "the same keys in the same order"


# ------------------------------------------------------------------------------
# Practice entries: logging and changing
# ------------------------------------------------------------------------------
def test_a_trainee_logs_a_draft(trainee, agreement, domain):
    response = token_client(trainee).post(
        "/api/v1/practice-entries/", entry_body(domain), format="json"
    )
    assert response.status_code == 201
    entry = PracticeLogEntry.objects.get()
    assert (entry.trainee, entry.duration_hours, entry.status) == (
        trainee,
        Decimal("1.25"),
        EntryStatus.DRAFT,
    )
    assert response.json()["id"] == entry.pk
    assert response.json()["agreement"] == agreement.pk


def test_a_trainee_logs_and_submits_at_once(trainee, agreement, domain):
    response = token_client(trainee).post(
        "/api/v1/practice-entries/", entry_body(domain, submit=True), format="json"
    )
    assert response.json()["status"] == "submitted"


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"duration_hours": "0"}, "duration_hours", "above zero"),
        ({"duration_hours": "-2"}, "duration_hours", "above zero"),
        ({"duration_hours": "1.1"}, "duration_hours", "quarter hours"),
        ({"duration_hours": "24.25"}, "duration_hours", "24 hours"),
        ({"duration_hours": "lots"}, "duration_hours", "number"),
        ({"date": days_ago(-30).isoformat()}, "date", "in the future"),
        ({"date": "not a date"}, "date", "Date has wrong format"),
        ({"date": days_ago(400).isoformat()}, "date", "starts on"),
        ({"domain": 999999}, "domain", "does not exist"),
        ({"setting": "moon"}, "setting", "not a valid choice"),
        ({"description": ""}, "description", "blank"),
    ],
)
def test_bad_entries_answer_400_naming_the_field_and_echoing_the_input(
    trainee, agreement, domain, overrides, field, message
):
    body = entry_body(domain, **overrides)
    response = token_client(trainee).post("/api/v1/practice-entries/", body, format="json")
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert list(errors) == [field]
    assert message in " ".join(errors[field])
    assert response.json()["input"] == body
    assert not PracticeLogEntry.objects.exists()


def test_a_day_holds_at_most_24_hours(trainee, agreement, domain, make_entry):
    make_entry(trainee=trainee, date=days_ago(1), duration_hours=Decimal("23"))
    response = token_client(trainee).post(
        "/api/v1/practice-entries/", entry_body(domain, duration_hours="1.5"), format="json"
    )
    assert response.status_code == 400
    assert "at most 1 h" in response.json()["errors"]["duration_hours"][0]


def test_someone_elses_agreement_cannot_be_chosen(trainee, agreement, other_agreement, domain):
    response = token_client(trainee).post(
        "/api/v1/practice-entries/",
        entry_body(domain, agreement=other_agreement.pk),
        format="json",
    )
    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["agreement"]


def test_without_an_agreement_the_date_error_says_why(trainee, domain):
    response = token_client(trainee).post(
        "/api/v1/practice-entries/", entry_body(domain), format="json"
    )
    assert response.status_code == 400
    assert "no supervision agreement" in response.json()["errors"]["date"][0]


@pytest.mark.parametrize("person", ["supervisor", "staff"])
def test_only_trainees_log_hours(request, person, domain):
    user = request.getfixturevalue(person)
    response = token_client(user).post(
        "/api/v1/practice-entries/", entry_body(domain), format="json"
    )
    assert response.status_code == 403


def test_a_draft_changes(trainee, draft_entry):
    response = token_client(trainee).patch(
        f"/api/v1/practice-entries/{draft_entry.pk}/", {"duration_hours": "2.75"}, format="json"
    )
    assert response.status_code == 200
    assert response.json()["duration_hours"] == "2.75"
    draft_entry.refresh_from_db()
    assert draft_entry.duration_hours == Decimal("2.75")


def test_a_change_can_submit_in_the_same_step(trainee, draft_entry):
    response = token_client(trainee).patch(
        f"/api/v1/practice-entries/{draft_entry.pk}/",
        {"description": "Group check-in.", "submit": True},
        format="json",
    )
    assert response.json()["status"] == "submitted"


def test_a_bad_change_leaves_the_entry_as_it_was(trainee, draft_entry):
    response = token_client(trainee).patch(
        f"/api/v1/practice-entries/{draft_entry.pk}/",
        {"duration_hours": "1.1", "submit": True},
        format="json",
    )
    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["duration_hours"]
    draft_entry.refresh_from_db()
    assert (draft_entry.duration_hours, draft_entry.status) == (Decimal("1.5"), "draft")


@pytest.mark.parametrize("fixture", ["submitted_entry", "approved_entry"])
def test_sent_and_signed_entries_do_not_change(request, trainee, fixture):
    entry = request.getfixturevalue(fixture)
    response = token_client(trainee).patch(
        f"/api/v1/practice-entries/{entry.pk}/", {"duration_hours": "3"}, format="json"
    )
    assert response.status_code == 400
    assert "cannot change" in response.json()["errors"]["non_field_errors"][0]
    entry.refresh_from_db()
    assert entry.duration_hours == Decimal("1.5")


def test_several_drafts_are_submitted_together(trainee, agreement, make_entry):
    first = make_entry(trainee=trainee, submit=False, date=days_ago(1))
    second = make_entry(trainee=trainee, submit=False, date=days_ago(2))
    response = token_client(trainee).post(
        "/api/v1/practice-entries/submit/", {"entries": [first.pk, second.pk]}, format="json"
    )
    assert response.status_code == 200
    assert [item["status"] for item in response.json()] == ["submitted", "submitted"]


@pytest.mark.parametrize("entries", [[], ["x"], [0]])
def test_submit_needs_entry_ids(trainee, entries):
    response = token_client(trainee).post(
        "/api/v1/practice-entries/submit/", {"entries": entries}, format="json"
    )
    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["entries"]


def test_submitting_someone_elses_entry_sends_nothing(
    trainee, other_trainee, other_agreement, draft_entry, make_entry
):
    theirs = make_entry(trainee=other_trainee, submit=False)
    response = token_client(trainee).post(
        "/api/v1/practice-entries/submit/", {"entries": [draft_entry.pk, theirs.pk]}, format="json"
    )
    assert response.status_code == 400
    assert "Nothing was sent" in response.json()["errors"]["non_field_errors"][0]
    draft_entry.refresh_from_db()
    theirs.refresh_from_db()
    assert (draft_entry.status, theirs.status) == ("draft", "draft")


# ------------------------------------------------------------------------------
# Supervision sessions
# ------------------------------------------------------------------------------
def test_trainees_list_their_sessions_and_confirm_presence(trainee, attendance):
    client = token_client(trainee)
    body = client.get("/api/v1/supervision-sessions/").json()
    assert [item["id"] for item in body["results"]] == [attendance.pk]
    assert body["results"][0]["confirmed"] is False
    assert body["results"][0]["session"]["supervisor_name"] == "Sam Supervisor"
    response = client.post(f"/api/v1/supervision-sessions/{attendance.pk}/confirm/")
    assert response.status_code == 200
    assert response.json()["confirmed"] is True
    again = client.post(f"/api/v1/supervision-sessions/{attendance.pk}/confirm/")
    assert again.status_code == 400
    assert "already confirmed" in again.json()["errors"]["non_field_errors"][0]


def test_nobody_else_sees_or_confirms_a_trainees_session(other_trainee, attendance):
    client = token_client(other_trainee)
    assert client.get("/api/v1/supervision-sessions/").json()["count"] == 0
    assert client.post(f"/api/v1/supervision-sessions/{attendance.pk}/confirm/").status_code == 404
    attendance.refresh_from_db()
    assert attendance.confirmed_at is None


def test_supervisors_record_a_session_and_list_it(supervisor, trainee, agreement, domain):
    client = token_client(supervisor)
    response = client.post(
        "/api/v1/supervision/sessions/",
        {
            "date": days_ago(1).isoformat(),
            "duration_hours": "1.5",
            "format": "individual",
            "domains": [domain.pk],
            "trainees": [trainee.pk],
        },
        format="json",
    )
    assert response.status_code == 201
    body = response.json()
    assert body["attendances"] == [
        {"trainee": trainee.pk, "trainee_name": "Jamie Trainee", "confirmed_at": None}
    ]
    assert SessionAttendance.objects.get().trainee == trainee
    listed = client.get("/api/v1/supervision/sessions/").json()
    assert [item["id"] for item in listed["results"]] == [body["id"]]


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"trainees": []}, "trainees"),
        ({"duration_hours": "0.1"}, "duration_hours"),
        ({"date": days_ago(-30).isoformat()}, "date"),
        ({"domains": [999999]}, "domains"),
        ({"format": "individual", "trainees": "both"}, "trainees"),
    ],
)
def test_bad_sessions_answer_400(supervisor, trainee, other_trainee, agreement, overrides, field):
    from tests.certification.conftest import make_signed_agreement as sign

    sign(trainee=other_trainee, supervisor=supervisor, organization=agreement.organization)
    body = {
        "date": days_ago(1).isoformat(),
        "duration_hours": "1",
        "format": "group",
        "trainees": [trainee.pk],
    }
    body.update(overrides)
    if body["trainees"] == "both":
        body["trainees"] = [trainee.pk, other_trainee.pk]
    response = token_client(supervisor).post("/api/v1/supervision/sessions/", body, format="json")
    assert response.status_code == 400
    assert list(response.json()["errors"]) == [field]
    assert not SessionAttendance.objects.exists()


def test_a_supervisor_cannot_record_a_session_for_someone_they_do_not_supervise(
    lone_supervisor, trainee, agreement
):
    response = token_client(lone_supervisor).post(
        "/api/v1/supervision/sessions/",
        {
            "date": days_ago(1).isoformat(),
            "duration_hours": "1",
            "format": "individual",
            "trainees": [trainee.pk],
        },
        format="json",
    )
    assert response.status_code == 400
    assert "signed supervision agreement" in response.json()["errors"]["trainees"][0]


@pytest.mark.parametrize("person", ["trainee", "staff"])
def test_only_supervisors_record_sessions(request, person):
    client = token_client(request.getfixturevalue(person))
    assert client.get("/api/v1/supervision/sessions/").status_code == 403
    assert client.post("/api/v1/supervision/sessions/", {}, format="json").status_code == 403


# ------------------------------------------------------------------------------
# The supervisor's queue: approve and return
# ------------------------------------------------------------------------------
def test_the_queue_lists_what_waits_with_the_filters_of_the_web(
    supervisor, trainee, other_trainee, other_agreement, make_entry, domains
):
    from tests.certification.conftest import make_signed_agreement as sign

    sign(trainee=trainee, supervisor=supervisor, organization=other_agreement.organization)
    waiting = make_entry(trainee=trainee, date=days_ago(1))
    theirs = sent_entry_in(domains["mentoring-education"], trainee=other_trainee, date=days_ago(4))
    make_entry(trainee=trainee, submit=False, date=days_ago(6))  # a draft: never in the queue
    client = token_client(supervisor)
    url = "/api/v1/supervision/entries/"
    assert ids(client.get(url)) == {waiting.pk, theirs.pk}
    assert ids(client.get(url, {"trainee": other_trainee.pk})) == {theirs.pk}
    assert ids(client.get(url, {"search": "casey"})) == {theirs.pk}
    assert ids(client.get(url, {"domain": domains["mentoring-education"].pk})) == {theirs.pk}
    assert ids(client.get(url, {"date_from": days_ago(2).isoformat()})) == {waiting.pk}
    assert ids(client.get(url, {"status": "approved"})) == set()
    assert ids(client.get(url, {"status": "any"})) == {waiting.pk, theirs.pk}


@pytest.mark.parametrize("query", [{"status": "draft"}, {"trainee": "x"}, {"date_to": "soon"}])
def test_bad_queue_filters_answer_400(supervisor, agreement, query):
    response = token_client(supervisor).get("/api/v1/supervision/entries/", query)
    assert response.status_code == 400
    assert set(response.json()["errors"]) == set(query)


def test_a_trainee_of_someone_else_cannot_be_filtered_for(
    lone_supervisor, supervisor, trainee, submitted_entry
):
    response = token_client(lone_supervisor).get(
        "/api/v1/supervision/entries/", {"trainee": trainee.pk}
    )
    assert response.status_code == 400
    assert ids(token_client(lone_supervisor).get("/api/v1/supervision/entries/")) == set()


@pytest.mark.parametrize("person", ["trainee", "staff"])
def test_only_supervisors_have_a_queue(request, person, submitted_entry):
    client = token_client(request.getfixturevalue(person))
    assert client.get("/api/v1/supervision/entries/").status_code == 403
    response = client.post(
        f"/api/v1/supervision/entries/{submitted_entry.pk}/approve/", SIGNING, format="json"
    )
    assert response.status_code == 403


def test_the_queue_runs_a_fixed_number_of_queries(
    supervisor, trainee, agreement, make_entry, django_assert_max_num_queries
):
    client = token_client(supervisor)
    make_entry(trainee=trainee, date=days_ago(1))
    with django_assert_max_num_queries(12) as few:
        client.get("/api/v1/supervision/entries/")
    for day in range(2, 30):
        make_entry(trainee=trainee, date=days_ago(day))
    with django_assert_max_num_queries(len(few.captured_queries)):
        body = client.get("/api/v1/supervision/entries/", {"page_size": 10}).json()
    assert body["count"] == 29
    assert len(body["results"]) == 10


def test_a_supervisor_approves_with_signature_and_attestation(supervisor, submitted_entry):
    response = token_client(supervisor).post(
        f"/api/v1/supervision/entries/{submitted_entry.pk}/approve/", SIGNING, format="json"
    )
    assert response.status_code == 200
    assert response.json()["status"] == "approved"
    assert response.json()["signature"] == "Sam Supervisor"
    submitted_entry.refresh_from_db()
    assert submitted_entry.reviewed_by == supervisor


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"signature": "Someone Else", "attestation": True}, "signature"),
        ({"signature": "", "attestation": True}, "signature"),
        ({"signature": "Sam Supervisor"}, "attestation"),
        ({"signature": "Sam Supervisor", "attestation": "maybe"}, "attestation"),
    ],
)
def test_approving_needs_the_typed_name_and_the_attestation(
    supervisor, submitted_entry, body, field
):
    response = token_client(supervisor).post(
        f"/api/v1/supervision/entries/{submitted_entry.pk}/approve/", body, format="json"
    )
    assert response.status_code == 400
    assert field in response.json()["errors"]
    assert response.json()["input"] == body
    submitted_entry.refresh_from_db()
    assert submitted_entry.status == EntryStatus.SUBMITTED


def test_an_entry_is_signed_once(supervisor, approved_entry):
    response = token_client(supervisor).post(
        f"/api/v1/supervision/entries/{approved_entry.pk}/approve/", SIGNING, format="json"
    )
    assert response.status_code == 400
    assert "already signed" in response.json()["errors"]["non_field_errors"][0]


def test_a_supervisor_without_the_agreement_gets_404(lone_supervisor, submitted_entry):
    client = token_client(lone_supervisor)
    signing = {"signature": "Lee Elsewhere", "attestation": True}
    url = f"/api/v1/supervision/entries/{submitted_entry.pk}"
    assert client.post(f"{url}/approve/", signing, format="json").status_code == 404
    assert client.post(f"{url}/return/", {"comment": "No"}, format="json").status_code == 404
    submitted_entry.refresh_from_db()
    assert submitted_entry.status == EntryStatus.SUBMITTED


def test_a_supervisor_cannot_sign_their_own_drafts_nor_see_them(supervisor, trainee, agreement):
    response = token_client(supervisor).post(
        "/api/v1/supervision/entries/999999/approve/", SIGNING, format="json"
    )
    assert response.status_code == 404


def test_a_supervisor_returns_an_entry_with_a_comment_and_the_trainee_fixes_it(
    supervisor, trainee, submitted_entry
):
    url = f"/api/v1/supervision/entries/{submitted_entry.pk}/return/"
    missing = token_client(supervisor).post(url, {"comment": "  "}, format="json")
    assert missing.status_code == 400
    assert "should change" in missing.json()["errors"]["comment"][0]
    response = token_client(supervisor).post(url, {"comment": "Split by day."}, format="json")
    assert response.json()["status"] == "returned"
    assert response.json()["review_comment"] == "Split by day."
    fixed = token_client(trainee).patch(
        f"/api/v1/practice-entries/{submitted_entry.pk}/",
        {"duration_hours": "1", "submit": True},
        format="json",
    )
    assert fixed.json()["status"] == "submitted"


# ------------------------------------------------------------------------------
# Credential progress, and the journey through the API alone
# ------------------------------------------------------------------------------
def practice_result(client):
    response = client.get("/api/v1/me/credential-progress/")
    assert response.status_code == 200
    progress = next(item for item in response.json()["results"] if item["code"] == "icrc_pr")
    return next(result for result in progress["results"] if result["kind"] == "practice_hours")


@pytest.mark.parametrize("person", ["supervisor", "staff"])
def test_credential_progress_is_for_trainees(request, person):
    client = token_client(request.getfixturevalue(person))
    assert client.get("/api/v1/me/credential-progress/").status_code == 403


def test_credential_progress_is_the_engines_result(trainee, domain):
    definition = icrc_definition()
    body = token_client(trainee, READ).get("/api/v1/me/credential-progress/").json()
    progress = next(item for item in body["results"] if item["code"] == "icrc_pr")
    assert progress["credential"] == definition.pk
    assert progress["met"] is False
    assert progress["may_apply"] is False
    assert {result["kind"] for result in progress["results"]} >= {"practice_hours"}


def test_credential_progress_runs_a_fixed_number_of_queries(
    trainee, agreement, make_entry, supervisor, django_assert_max_num_queries
):
    icrc_definition()
    client = token_client(trainee, READ)
    with django_assert_max_num_queries(30) as few:
        client.get("/api/v1/me/credential-progress/")
    for day in range(1, 10):
        entry = make_entry(trainee=trainee, date=days_ago(day))
        services.practice_entry_approve(
            entry=entry, supervisor=supervisor, signature="Sam Supervisor", attested=True
        )
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get("/api/v1/me/credential-progress/")
    progress = next(item for item in response.json()["results"] if item["code"] == "icrc_pr")
    practice = next(r for r in progress["results"] if r["kind"] == "practice_hours")
    assert len(practice["counted_refs"]) == 9


def test_journey_log_submit_approve_and_see_progress_through_the_api(
    trainee, supervisor, organization, domain
):
    icrc_definition()
    make_signed_agreement(trainee=trainee, supervisor=supervisor, organization=organization)
    phone = token_client(trainee)
    supervisor_app = token_client(supervisor)
    assert practice_result(phone)["have"] == "0"

    first = phone.post(
        "/api/v1/practice-entries/", entry_body(domain, duration_hours="2.5"), format="json"
    ).json()
    second = phone.post(
        "/api/v1/practice-entries/",
        entry_body(domain, date=days_ago(2).isoformat(), duration_hours="1"),
        format="json",
    ).json()
    sent = phone.post(
        "/api/v1/practice-entries/submit/", {"entries": [first["id"], second["id"]]}, format="json"
    )
    assert sent.status_code == 200

    queue = supervisor_app.get("/api/v1/supervision/entries/").json()
    assert {item["id"] for item in queue["results"]} == {first["id"], second["id"]}
    for item in queue["results"]:
        response = supervisor_app.post(
            f"/api/v1/supervision/entries/{item['id']}/approve/", SIGNING, format="json"
        )
        assert response.status_code == 200

    result = practice_result(phone)
    assert Decimal(result["have"]) == Decimal("3.5")
    assert set(result["counted_refs"]) == {f"practice:{first['id']}", f"practice:{second['id']}"}
    assert supervisor_app.get("/api/v1/supervision/entries/").json()["count"] == 0
