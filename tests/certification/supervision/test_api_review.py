"""API v1: the supervisor's bulk sign-off and reject, and the query counts of every write."""

import pytest

from certification.models import AuditEvent
from certification.supervision import services
from certification.supervision.models import EntryStatus, PracticeLogEntry
from lms.accounts.models import Role
from tests.certification.conftest import days_ago, make_signed_agreement
from tests.certification.supervision.test_api import SIGNING, entry_body, token_client
from tests.factories import person_with_role

pytestmark = pytest.mark.django_db

BULK_URL = "/api/v1/supervision/entries/approve/"


def statuses(*entries):
    return list(
        PracticeLogEntry.objects.filter(pk__in=[e.pk for e in entries])
        .order_by("pk")
        .values_list("status", flat=True)
    )


def sent_entries(make_entry, trainee, count, *, first_day=1):
    return [make_entry(trainee=trainee, date=days_ago(first_day + n)) for n in range(count)]


# ------------------------------------------------------------------------------
# Bulk sign-off
# ------------------------------------------------------------------------------
def test_a_supervisor_signs_several_entries_at_once(supervisor, trainee, agreement, make_entry):
    entries = sent_entries(make_entry, trainee, 3)
    response = token_client(supervisor).post(
        BULK_URL, {**SIGNING, "entries": [e.pk for e in entries]}, format="json"
    )
    assert response.status_code == 200
    assert [item["status"] for item in response.json()] == ["approved"] * 3
    assert {item["signature"] for item in response.json()} == {"Sam Supervisor"}
    assert statuses(*entries) == [EntryStatus.APPROVED] * 3
    assert AuditEvent.objects.filter(action="practice.approve").count() == 3


def test_someone_elses_or_unknown_ids_sign_nothing_and_are_named_alike(
    supervisor, trainee, other_trainee, organization, agreement, make_entry
):
    """An entry sent to another supervisor answers exactly like an id that does not exist."""
    mine = make_entry(trainee=trainee)
    elsewhere = person_with_role(Role.SUPERVISOR, organization, display_name="Lee Elsewhere")
    make_signed_agreement(trainee=other_trainee, supervisor=elsewhere, organization=organization)
    theirs = make_entry(trainee=other_trainee)
    response = token_client(supervisor).post(
        BULK_URL, {**SIGNING, "entries": [mine.pk, theirs.pk, 999999]}, format="json"
    )
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert errors["entries"] == [
        f"Entry {theirs.pk}: no entry with this id was sent to you.",
        "Entry 999999: no entry with this id was sent to you.",
    ]
    assert errors["non_field_errors"] == ["Nothing was approved."]
    assert response.json()["input"]["entries"] == [mine.pk, theirs.pk, 999999]
    assert statuses(mine, theirs) == [EntryStatus.SUBMITTED, EntryStatus.SUBMITTED]
    assert not AuditEvent.objects.filter(action="practice.approve").exists()


def test_entries_not_waiting_for_sign_off_are_each_named_and_nothing_is_signed(
    supervisor, trainee, agreement, make_entry
):
    waiting, signed, returned = sent_entries(make_entry, trainee, 3)
    services.practice_entry_approve(
        entry=signed, supervisor=supervisor, signature="Sam Supervisor", attested=True
    )
    services.practice_entry_return(entry=returned, supervisor=supervisor, comment="Which day?")
    response = token_client(supervisor).post(
        BULK_URL,
        {**SIGNING, "entries": [waiting.pk, signed.pk, returned.pk]},
        format="json",
    )
    assert response.status_code == 400
    problems = response.json()["errors"]["entries"]
    assert len(problems) == 2
    assert problems[0].startswith(f"Entry {signed.pk}: Jamie Trainee, ")
    assert "already signed" in problems[0]
    assert problems[1].startswith(f"Entry {returned.pk}: ")
    assert "returned to the trainee" in problems[1]
    assert response.json()["errors"]["non_field_errors"] == ["Nothing was approved."]
    assert statuses(waiting, signed, returned) == [
        EntryStatus.SUBMITTED,
        EntryStatus.APPROVED,
        EntryStatus.RETURNED,
    ]
    assert AuditEvent.objects.filter(action="practice.approve").count() == 1  # the earlier one


def test_drafts_are_not_for_sign_off_and_answer_like_unknown_ids(
    supervisor, trainee, agreement, draft_entry
):
    """The trainee has not sent a draft: the supervisor does not see it, so it is not named."""
    response = token_client(supervisor).post(
        BULK_URL, {**SIGNING, "entries": [draft_entry.pk]}, format="json"
    )
    assert response.status_code == 400
    assert response.json()["errors"]["entries"] == [
        f"Entry {draft_entry.pk}: no entry with this id was sent to you."
    ]
    assert statuses(draft_entry) == [EntryStatus.DRAFT]


@pytest.mark.parametrize(
    ("body", "fields"),
    [
        ({"signature": "Someone Else", "attestation": True}, {"signature"}),
        ({"signature": "Sam Supervisor"}, {"attestation"}),
        ({"signature": "", "attestation": False}, {"signature", "attestation"}),
    ],
)
def test_bulk_sign_off_needs_the_typed_name_and_the_attestation(
    supervisor, trainee, agreement, make_entry, body, fields
):
    entries = sent_entries(make_entry, trainee, 2)
    body = {**body, "entries": [e.pk for e in entries]}
    response = token_client(supervisor).post(BULK_URL, body, format="json")
    assert response.status_code == 400
    assert set(response.json()["errors"]) == fields
    assert response.json()["input"] == body  # what was typed comes back
    assert statuses(*entries) == [EntryStatus.SUBMITTED] * 2


@pytest.mark.parametrize(
    "body",
    [{}, {"entries": []}, {"entries": "12"}, {"entries": [0]}, {"entries": list(range(1, 202))}],
)
def test_bulk_sign_off_needs_a_list_of_ids(supervisor, body):
    response = token_client(supervisor).post(BULK_URL, {**SIGNING, **body}, format="json")
    assert response.status_code == 400
    assert "entries" in response.json()["errors"]


# ------------------------------------------------------------------------------
# Reject
# ------------------------------------------------------------------------------
def test_a_supervisor_rejects_an_entry_with_a_reason(supervisor, trainee, submitted_entry):
    url = f"/api/v1/supervision/entries/{submitted_entry.pk}/reject/"
    response = token_client(supervisor).post(
        url, {"reason": "This was a training day, not practice."}, format="json"
    )
    assert response.status_code == 200
    assert response.json()["status"] == "rejected"
    assert response.json()["review_comment"] == "This was a training day, not practice."
    assert AuditEvent.objects.filter(action="practice.reject").count() == 1
    seen = token_client(trainee).get(f"/api/v1/practice-entries/{submitted_entry.pk}/").json()
    assert seen["status"] == "rejected"
    assert seen["is_editable"] is False


def test_rejecting_needs_a_reason_under_its_own_name(supervisor, submitted_entry):
    url = f"/api/v1/supervision/entries/{submitted_entry.pk}/reject/"
    response = token_client(supervisor).post(url, {"reason": "   "}, format="json")
    assert response.status_code == 400
    assert response.json()["errors"] == {"reason": ["Give the reason the hours are not accepted."]}
    assert response.json()["input"] == {"reason": "   "}
    submitted_entry.refresh_from_db()
    assert submitted_entry.status == EntryStatus.SUBMITTED


def test_only_the_entrys_supervisor_can_reject_it(organization, submitted_entry, draft_entry):
    lone = person_with_role(Role.SUPERVISOR, organization, display_name="Lee Elsewhere")
    for entry in (submitted_entry, draft_entry):
        response = token_client(lone).post(
            f"/api/v1/supervision/entries/{entry.pk}/reject/", {"reason": "No"}, format="json"
        )
        assert response.status_code == 404
    assert statuses(submitted_entry) == [EntryStatus.SUBMITTED]


def test_a_signed_entry_cannot_be_rejected(supervisor, approved_entry):
    response = token_client(supervisor).post(
        f"/api/v1/supervision/entries/{approved_entry.pk}/reject/", {"reason": "No"}, format="json"
    )
    assert response.status_code == 400
    assert "already signed" in response.json()["errors"]["non_field_errors"][0]


# ------------------------------------------------------------------------------
# Query counts of the writes
#
# A write of one entry costs a fixed number of queries, whatever the size of the log. Writes of
# several entries (submit, bulk sign-off) grow linearly, by a fixed number per entry: each entry
# is checked against the agreement in effect on its day, updated, and gets its own event in the
# hash-chained audit trail (lock the chain's head, insert the event, move the head), since each
# event is hashed over the one before it.
# ------------------------------------------------------------------------------
ONE_ENTRY_WRITE = 22
SEVERAL_FIXED = 7
SEVERAL_PER_ENTRY = 5
# A review also writes the trainee's notice to the outbox, in the same transaction (lms/outbox.py).
OUTBOX_ROW = 1


def warm_client(person):
    """A token client whose last-used time is already recorded (a write once a minute)."""
    client = token_client(person)
    client.get("/api/v1/me/")
    return client


def count_queries(django_assert_max_num_queries, call, *, at_most):
    with django_assert_max_num_queries(at_most) as captured:
        response = call()
    assert response.status_code < 300, response.content
    return len(captured.captured_queries)


def test_logging_and_changing_an_entry_cost_the_same_however_long_the_log(
    trainee, agreement, domain, make_entry, django_assert_max_num_queries
):
    client = warm_client(trainee)
    counts = []
    for log_length in (0, 30):
        for day in range(log_length):
            make_entry(trainee=trainee, date=days_ago(5 + day))
        counts.append(
            count_queries(
                django_assert_max_num_queries,
                lambda: client.post("/api/v1/practice-entries/", entry_body(domain), format="json"),
                at_most=ONE_ENTRY_WRITE,
            )
        )
        created = PracticeLogEntry.objects.order_by("-pk").first()
        counts.append(
            count_queries(
                django_assert_max_num_queries,
                lambda created=created: client.patch(
                    f"/api/v1/practice-entries/{created.pk}/",
                    {"duration_hours": "0.5", "submit": True},
                    format="json",
                ),
                at_most=ONE_ENTRY_WRITE + SEVERAL_FIXED + SEVERAL_PER_ENTRY,
            )
        )
        PracticeLogEntry.objects.filter(pk=created.pk).delete()
    assert counts[:2] == counts[2:]


# Signing off reads, once per request, how long the supervisor's verified credential lasts.
QUALIFICATION_CHECK = 1


def several_cost(count: int) -> int:
    return SEVERAL_FIXED + SEVERAL_PER_ENTRY * count


def test_submitting_several_entries_grows_by_a_fixed_number_per_entry(
    trainee, agreement, make_entry, django_assert_max_num_queries
):
    client = warm_client(trainee)
    two = [make_entry(trainee=trainee, submit=False, date=days_ago(n)) for n in (1, 2)]
    ten = [make_entry(trainee=trainee, submit=False, date=days_ago(n)) for n in range(3, 13)]
    costs = [
        count_queries(
            django_assert_max_num_queries,
            lambda entries=entries: client.post(
                "/api/v1/practice-entries/submit/",
                {"entries": [e.pk for e in entries]},
                format="json",
            ),
            at_most=several_cost(len(entries)),
        )
        for entries in (two, ten)
    ]
    assert costs[1] - costs[0] == SEVERAL_PER_ENTRY * 8


def test_approving_or_returning_one_entry_costs_a_fixed_number_of_queries(
    supervisor, trainee, agreement, make_entry, django_assert_max_num_queries
):
    client = warm_client(supervisor)
    first, second = sent_entries(make_entry, trainee, 2)
    for _other in range(20):  # a longer queue does not make a sign-off cost more
        make_entry(trainee=trainee, date=days_ago(10 + _other))
    count_queries(
        django_assert_max_num_queries,
        lambda: client.post(
            f"/api/v1/supervision/entries/{first.pk}/approve/", SIGNING, format="json"
        ),
        # One more than a return: whether the supervisor's verified credential covers the day.
        at_most=several_cost(1) + QUALIFICATION_CHECK + OUTBOX_ROW,
    )
    third = make_entry(trainee=trainee, date=days_ago(40))
    for action, body, entry in (
        ("return", {"comment": "Day?"}, second),
        ("reject", {"reason": "Not practice"}, third),
    ):
        count_queries(
            django_assert_max_num_queries,
            lambda action=action, body=body, entry=entry: client.post(
                f"/api/v1/supervision/entries/{entry.pk}/{action}/", body, format="json"
            ),
            at_most=several_cost(1) + OUTBOX_ROW,
        )
    statuses = dict(
        PracticeLogEntry.objects.filter(pk__in=[first.pk, second.pk, third.pk]).values_list(
            "pk", "status"
        )
    )
    assert statuses == {
        first.pk: EntryStatus.APPROVED,
        second.pk: EntryStatus.RETURNED,
        third.pk: EntryStatus.REJECTED,
    }


def test_bulk_sign_off_grows_by_a_fixed_number_per_entry(
    supervisor, trainee, agreement, make_entry, django_assert_max_num_queries
):
    """Linear, not constant: one audit event and one outbox row per signed entry (see above).
    2 entries: 19 queries; 20 entries: 127 (as submitting: which ids are the supervisor's to sign
    is read by the service's locking query itself, and one query reads how long the
    supervisor's verified credential lasts, once for the whole batch)."""
    client = warm_client(supervisor)
    two = sent_entries(make_entry, trainee, 2)
    twenty = sent_entries(make_entry, trainee, 20, first_day=3)
    costs = [
        count_queries(
            django_assert_max_num_queries,
            lambda entries=entries: client.post(
                BULK_URL, {**SIGNING, "entries": [e.pk for e in entries]}, format="json"
            ),
            at_most=several_cost(len(entries))
            - 1
            + QUALIFICATION_CHECK
            + OUTBOX_ROW * len(entries),
        )
        for entries in (two, twenty)
    ]
    assert costs == [several_cost(2) + 2 * OUTBOX_ROW, several_cost(20) + 20 * OUTBOX_ROW]
