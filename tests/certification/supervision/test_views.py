"""Pages: the trainee's log, the supervisor's queue (htmx), exports, scoping."""

import html
import re
from decimal import Decimal

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django.utils.formats import date_format

import pytest

from certification.credentials.seed import seed_credential_definitions
from certification.supervision.models import EntryStatus, PracticeLogEntry, SupervisionAgreement
from curriculum.editorial import statewide_section_ensure
from curriculum.models import ProgramCredential
from lms.accounts.models import Role
from lms.learning import services as learning
from tests.certification.conftest import days_ago, make_signed_agreement
from tests.factories import person_with_role
from tests.lms.builders import build_program, publish

SIGNING = {"signature": "Sam Supervisor", "attestation": "on"}


def entry_post(domain, **overrides):
    data = {
        "date": days_ago(1).isoformat(),
        "duration_hours": "1.25",
        "domain": domain.pk,
        "setting": "community",
        "activity_type": "one_to_one",
        "modality": "phone",
        "description": "Check-in call about a peer's recovery plan.",
        "action": "draft",
    }
    data.update(overrides)
    return data


# ------------------------------------------------------------------------------
# Trainee
# ------------------------------------------------------------------------------
def test_trainee_logs_an_entry_from_the_quick_form(client, trainee, agreement, domain):
    client.force_login(trainee)
    response = client.post("/practice/entries/new/", entry_post(domain))
    assert response.status_code == 302
    entry = PracticeLogEntry.objects.get()
    assert (entry.duration_hours, entry.status) == (Decimal("1.25"), EntryStatus.DRAFT)


def test_a_trainee_with_two_supervisors_chooses_whose_agreement_the_hours_fall_under(
    client, trainee, supervisor, organization, agreement, domain
):
    second_supervisor = person_with_role(
        Role.SUPERVISOR, organization, display_name="Rosa Second-Supervisor"
    )
    second = make_signed_agreement(
        trainee=trainee, supervisor=second_supervisor, organization=organization
    )
    client.force_login(trainee)
    page = client.get("/practice/").content.decode()
    menu = page[
        page.index('name="agreement"') : page.index("</select>", page.index('name="agreement"'))
    ]
    assert f'value="{agreement.pk}"' in menu and f'value="{second.pk}"' in menu
    assert "Rosa Second-Supervisor" in menu and supervisor.display_name in menu
    response = client.post("/practice/entries/new/", entry_post(domain, agreement=second.pk))
    assert response.status_code == 302
    assert PracticeLogEntry.objects.get().agreement == second
    # An agreement that is not theirs is refused, and what they typed stays on the form.
    someone_elses = make_signed_agreement(
        trainee=person_with_role(Role.TRAINEE, organization),
        supervisor=supervisor,
        organization=organization,
    )
    refused = client.post("/practice/entries/new/", entry_post(domain, agreement=someone_elses.pk))
    assert refused.status_code == 400, refused.status_code
    assert "Select a valid choice" in refused.content.decode()
    assert "Check-in call about a peer" in refused.content.decode()
    assert PracticeLogEntry.objects.count() == 1


def test_save_and_send_submits_at_once(client, trainee, agreement, domain):
    client.force_login(trainee)
    client.post("/practice/entries/new/", entry_post(domain, action="submit"))
    assert PracticeLogEntry.objects.get().status == EntryStatus.SUBMITTED


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"duration_hours": "0"}, "above zero"),
        ({"duration_hours": "-2"}, "above zero"),
        ({"duration_hours": "1.1"}, "quarter hours"),
        ({"duration_hours": "lots"}, "as a number"),
        ({"date": days_ago(-30).isoformat()}, "in the future"),
        ({"date": "not a date"}, "Enter a date"),
    ],
)
def test_bad_entry_input_gets_a_clear_message_and_keeps_what_was_typed(
    client, trainee, agreement, domain, overrides, message
):
    client.force_login(trainee)
    data = entry_post(domain, **overrides)
    response = client.post("/practice/entries/new/", data)
    assert response.status_code == 400
    body = response.content.decode()
    assert message in body
    # What they typed is back in the box, escaped (the apostrophe as &#39; or &#x27;).
    assert "Check-in call about a peer's recovery plan." not in body
    assert "Check-in call about a peer's recovery plan." in html.unescape(body)
    assert not PracticeLogEntry.objects.exists()


def test_entry_outside_the_agreement_is_refused_with_the_reason(
    client, trainee, supervisor, organization, domain
):
    make_signed_agreement(
        trainee=trainee,
        supervisor=supervisor,
        organization=organization,
        signed_days_ago=5,
        start_days_ago=5,
    )
    client.force_login(trainee)
    response = client.post(
        "/practice/entries/new/", entry_post(domain, date=days_ago(10).isoformat())
    )
    assert response.status_code == 400
    assert "starts on" in response.content.decode()
    assert not PracticeLogEntry.objects.exists()


def test_more_than_a_day_of_hours_is_refused_on_the_form(client, trainee, agreement, domain):
    client.force_login(trainee)
    client.post("/practice/entries/new/", entry_post(domain, duration_hours="23"))
    response = client.post("/practice/entries/new/", entry_post(domain, duration_hours="1.25"))
    assert response.status_code == 400
    assert "at most 1 h" in response.content.decode()
    assert PracticeLogEntry.objects.count() == 1


def test_submitting_several_entries_from_the_list(client, trainee, make_entry, agreement):
    drafts = [make_entry(trainee=trainee, submit=False, date=days_ago(n)) for n in (1, 2, 3)]
    client.force_login(trainee)
    client.post("/practice/entries/submit/", {"entries": [d.pk for d in drafts]})
    assert set(PracticeLogEntry.objects.values_list("status", flat=True)) == {"submitted"}


def test_trainee_cannot_open_another_trainees_entry(
    client, trainee, other_trainee, make_entry, other_agreement
):
    theirs = make_entry(trainee=other_trainee, submit=False)
    client.force_login(trainee)
    assert client.get(f"/practice/entries/{theirs.pk}/").status_code == 404


def test_trainee_cannot_submit_another_trainees_entry_by_id(
    client, trainee, other_trainee, make_entry, agreement, other_agreement
):
    theirs = make_entry(trainee=other_trainee, submit=False)
    client.force_login(trainee)
    response = client.post("/practice/entries/submit/", {"entries": [theirs.pk]}, follow=True)
    assert "not yours" in response.content.decode()
    theirs.refresh_from_db()
    assert theirs.status == EntryStatus.DRAFT


def test_practice_page_shows_a_reminder_not_to_identify_people(client, trainee, agreement):
    client.force_login(trainee)
    body = client.get("/practice/").content.decode()
    assert "Never name or identify the people you support" in body


def domain_menu(client) -> str:
    body = client.get("/practice/").content.decode()
    menu = body[body.index('<select name="domain"') :]
    return menu[: menu.index("</select>")]


def test_domain_menu_shows_the_framework_the_trainee_works_toward_with_short_names(
    client, trainee, agreement, domains
):
    seed_credential_definitions()
    program = build_program(statewide_section_ensure().section, title="Illinois CPRS prep")
    program.credentials = [ProgramCredential(credential="il_cprs")]
    publish(program)
    learning.enrollment_create(trainee=trainee, program=program)
    client.force_login(trainee)
    menu = domain_menu(client)
    assert '<optgroup label="IC&amp;RC Peer Recovery / Illinois CPRS">' in menu
    assert ">Mentoring and Education</option>" in menu
    assert "Illinois CRSS" not in menu
    assert "SAMHSA" not in menu
    assert menu.count("<option") == 5  # "Choose a domain" and the four domains


def test_domain_menu_without_a_credential_goal_groups_every_framework(
    client, trainee, agreement, domains
):
    client.force_login(trainee)
    menu = domain_menu(client)
    assert menu.count("<optgroup") == 3
    assert '<optgroup label="Illinois CRSS">' in menu
    assert "(IC&amp;RC" not in menu  # the group names the framework, not every option


def test_learn_home_shows_approved_hours_by_domain(client, trainee, approved_entry):
    client.force_login(trainee)
    body = client.get("/learn/").content.decode()
    assert "Your supervised practice hours" in body
    assert "Advocacy" in body
    assert "1.5 h" in body


def test_csv_export_lists_entries_and_defuses_formulas(client, trainee, make_entry, agreement):
    make_entry(trainee=trainee, description='=HYPERLINK("http://example.org")')
    client.force_login(trainee)
    response = client.get("/practice/hours.csv")
    assert response["Content-Type"].startswith("text/csv")
    body = response.content.decode()
    assert "'=HYPERLINK" in body
    assert "Waiting for sign-off" in body


def test_pdf_log_lists_each_approved_entry_with_signer_and_credential(
    client, trainee, approved_entry
):
    client.force_login(trainee)
    response = client.get("/practice/hours.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    text = pdf_text(response.content)
    assert "/s/ Sam" in text
    assert "CPRS-1234" in text
    assert "Jamie Trainee" in text
    # Read cell by cell: a long credential name wraps inside its column.
    flowing = " ".join(pdf_text(response.content, layout=False).split())
    assert "Certified Peer Recovery Specialist" in flowing


def test_the_hours_log_speaks_the_trainees_language_and_offers_english(
    client, trainee, approved_entry
):
    trainee.preferred_language = "es"
    trainee.save(update_fields=["preferred_language"])
    client.force_login(trainee)
    assert "?lang=en" in client.get("/practice/").content.decode()
    spanish = " ".join(pdf_text(client.get("/practice/hours.pdf").content, layout=False).split())
    assert "Registro de horas de práctica supervisada" in spanish
    assert "Supervised practice hours log" not in spanish
    english = client.get("/practice/hours.pdf?lang=en")
    assert english["Content-Language"] == "en"
    assert "Supervised practice hours log" in pdf_text(english.content)


def pdf_text(content: bytes, *, layout: bool = True) -> str:
    import shutil
    import subprocess

    if not shutil.which("pdftotext"):
        pytest.fail("pdftotext (poppler-utils) is needed: `make test` installs it.")
    result = subprocess.run(  # noqa: S603 - fixed arguments
        ["pdftotext", *(["-layout"] if layout else []), "-", "-"],  # noqa: S607
        input=content,
        capture_output=True,
        check=True,
    )
    return result.stdout.decode()


# ------------------------------------------------------------------------------
# Supervisor queue
# ------------------------------------------------------------------------------
def test_queue_lists_waiting_entries_but_never_drafts(
    client, supervisor, trainee, make_entry, agreement
):
    make_entry(trainee=trainee, description="Waiting entry")
    make_entry(trainee=trainee, submit=False, description="Private draft", date=days_ago(4))
    client.force_login(supervisor)
    body = client.get("/supervise/").content.decode()
    assert "Waiting entry" in body
    assert "Private draft" not in body


def test_queue_does_not_show_other_supervisors_trainees(
    client, organization, supervisor, outside_trainee, other_organization, make_entry
):
    other_supervisor = person_with_role(Role.SUPERVISOR, other_organization)
    make_signed_agreement(
        trainee=outside_trainee, supervisor=other_supervisor, organization=other_organization
    )
    make_entry(trainee=outside_trainee, description="Someone else's practice")
    client.force_login(supervisor)
    assert "Someone else" not in client.get("/supervise/").content.decode()


def test_queue_filters_by_trainee(
    client, supervisor, trainee, other_trainee, make_entry, agreement, other_agreement
):
    make_entry(trainee=trainee, description="Jamie's practice")
    make_entry(trainee=other_trainee, description="Casey's practice")
    client.force_login(supervisor)
    body = client.get("/supervise/", {"trainee": other_trainee.pk}).content.decode()
    assert "Casey&#x27;s practice" in body
    assert "Jamie&#x27;s practice" not in body
    assert "Showing the entries of Casey Trainee only." in body


@pytest.mark.parametrize("typed", ["casey", "  CASEY trainee ", "c.kim@example"])
def test_queue_searches_trainees_by_part_of_a_name_or_email(
    client, supervisor, trainee, other_trainee, make_entry, agreement, other_agreement, typed
):
    other_trainee.email = "c.kim@example.org"
    other_trainee.save(update_fields=["email"])
    make_entry(trainee=trainee, description="Jamie's practice")
    make_entry(trainee=other_trainee, description="Casey's practice")
    client.force_login(supervisor)
    body = client.get("/supervise/", {"search": typed}).content.decode()
    assert "Casey&#x27;s practice" in body
    assert "Jamie&#x27;s practice" not in body
    assert f'value="{typed}"' in body  # what the supervisor typed stays in the box


def test_queue_offers_a_search_box_instead_of_a_list_of_every_trainee(
    client, supervisor, trainee, other_trainee, agreement, other_agreement
):
    client.force_login(supervisor)
    body = client.get("/supervise/").content.decode()
    start = body.index('class="filter-form"')
    filters = body[start : body.index("</form>", start)]
    assert "Jamie Trainee" not in filters
    assert "Casey Trainee" not in filters
    assert 'name="search"' in filters
    assert 'list="queue-trainee-suggestions"' in filters
    assert 'hx-get="/supervise/trainees/"' in filters
    assert '<datalist id="queue-trainee-suggestions"></datalist>' in filters


def suggestions(client, typed: str) -> list[str]:
    response = client.get("/supervise/trainees/", {"search": typed}, headers={"HX-Request": "true"})
    assert response.status_code == 200
    body = response.content.decode()
    assert "<html" not in body
    return [line.split('"')[1] for line in body.splitlines() if line.startswith("<option")]


def test_trainee_suggestions_name_the_supervisors_trainees_who_match(
    client, supervisor, trainee, other_trainee, agreement, other_agreement
):
    client.force_login(supervisor)
    assert suggestions(client, "cas") == ["Casey Trainee"]
    assert suggestions(client, "TRAINEE") == ["Casey Trainee", "Jamie Trainee"]
    assert suggestions(client, "") == ["Casey Trainee", "Jamie Trainee"]
    assert suggestions(client, "nobody") == []


def test_trainee_suggestions_keep_a_trainee_whose_agreement_has_ended(
    client, supervisor, trainee, organization
):
    """Their entries can still wait for sign-off, so the search still finds them."""
    ended = make_signed_agreement(
        trainee=trainee,
        supervisor=supervisor,
        organization=organization,
        signed_days_ago=400,
        start_days_ago=400,
        length_days=370,
    )
    assert ended.end_date < days_ago(0)
    client.force_login(supervisor)
    assert suggestions(client, "jamie") == ["Jamie Trainee"]


def test_trainee_suggestions_never_name_someone_elses_trainees(
    client, supervisor, agreement, outside_trainee, other_organization
):
    other_supervisor = person_with_role(Role.SUPERVISOR, other_organization)
    make_signed_agreement(
        trainee=outside_trainee, supervisor=other_supervisor, organization=other_organization
    )
    client.force_login(supervisor)
    assert suggestions(client, "Robin Elsewhere") == []
    assert suggestions(client, outside_trainee.email) == []
    assert "Robin" not in "".join(suggestions(client, ""))


@pytest.mark.parametrize("person", ["trainee", "staff"])
def test_only_supervisors_get_trainee_suggestions(client, request, person, agreement):
    client.force_login(request.getfixturevalue(person))
    response = client.get("/supervise/trainees/", {"search": "jamie"})
    assert response.status_code == 403
    assert "Jamie" not in response.content.decode()


def test_trainee_suggestions_run_the_same_queries_for_2_and_40_trainees(
    client, supervisor, organization, trainee, agreement, django_assert_num_queries
):
    client.force_login(supervisor)
    client.get("/supervise/trainees/", {"search": "trainee"})
    with CaptureQueriesContext(connection) as few:
        assert len(suggestions(client, "trainee")) == 1
    for number in range(40):
        person = person_with_role(
            Role.TRAINEE, organization, display_name=f"Trainee number {number:02d}"
        )
        make_signed_agreement(trainee=person, supervisor=supervisor, organization=organization)
    with django_assert_num_queries(len(few)):
        assert len(suggestions(client, "trainee")) == 15  # at most fifteen names


def test_queue_filters_by_date_range_and_status(client, supervisor, trainee, make_entry, agreement):
    make_entry(trainee=trainee, date=days_ago(20), description="Older")
    make_entry(trainee=trainee, date=days_ago(2), description="Recent")
    client.force_login(supervisor)
    body = client.get(
        "/supervise/", {"date_from": days_ago(5).isoformat(), "status": "any"}
    ).content.decode()
    assert "Recent" in body
    assert "Older" not in body


def test_approving_one_entry_with_htmx_returns_only_its_row(client, supervisor, submitted_entry):
    client.force_login(supervisor)
    response = client.post(
        f"/supervise/entries/{submitted_entry.pk}/approve/", SIGNING, headers={"HX-Request": "true"}
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert f'id="entry-{submitted_entry.pk}"' in body
    assert "<html" not in body
    assert "Approved 1.5 h for Jamie Trainee" in body
    submitted_entry.refresh_from_db()
    assert submitted_entry.status == EntryStatus.APPROVED


def test_the_approval_message_writes_round_hours_as_people_do(
    client, supervisor, trainee, agreement, make_entry
):
    """Ten hours read "10 h", never "1E+1 h"."""
    entry = make_entry(trainee=trainee, date=days_ago(4), duration_hours=Decimal("10"))
    client.force_login(supervisor)
    response = client.post(
        f"/supervise/entries/{entry.pk}/approve/", SIGNING, headers={"HX-Request": "true"}
    )
    assert "Approved 10 h for Jamie Trainee" in response.content.decode()


def test_htmx_approval_with_a_wrong_name_shows_the_problem_in_the_row(
    client, supervisor, submitted_entry
):
    client.force_login(supervisor)
    response = client.post(
        f"/supervise/entries/{submitted_entry.pk}/approve/",
        {"signature": "Not Me", "attestation": "on"},
        headers={"HX-Request": "true"},
    )
    assert "does not match" in response.content.decode()
    submitted_entry.refresh_from_db()
    assert submitted_entry.status == EntryStatus.SUBMITTED


def test_returning_one_entry_keeps_the_comment_and_leaves_others(
    client, supervisor, trainee, make_entry, agreement
):
    first = make_entry(trainee=trainee, date=days_ago(1))
    second = make_entry(trainee=trainee, date=days_ago(2))
    client.force_login(supervisor)
    client.post(
        f"/supervise/entries/{first.pk}/return/",
        {f"comment-{first.pk}": "Please pick the right domain.", f"comment-{second.pk}": "x"},
        headers={"HX-Request": "true"},
    )
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, first.review_comment) == (
        EntryStatus.RETURNED,
        "Please pick the right domain.",
    )
    assert second.status == EntryStatus.SUBMITTED


def test_return_without_a_comment_without_javascript_rerenders_the_queue(
    client, supervisor, submitted_entry
):
    client.force_login(supervisor)
    response = client.post(f"/supervise/entries/{submitted_entry.pk}/return/", {})
    assert response.status_code == 400
    assert "Say what the trainee should change." in response.content.decode()


def test_bulk_approve_signs_the_selected_entries_only(
    client, supervisor, trainee, make_entry, agreement
):
    chosen = [make_entry(trainee=trainee, date=days_ago(n)) for n in (1, 2)]
    left = make_entry(trainee=trainee, date=days_ago(3))
    client.force_login(supervisor)
    response = client.post("/supervise/approve/", {**SIGNING, "entries": [e.pk for e in chosen]})
    assert response.status_code == 302
    statuses = dict(PracticeLogEntry.objects.values_list("pk", "status"))
    assert [statuses[e.pk] for e in chosen] == [EntryStatus.APPROVED] * 2
    assert statuses[left.pk] == EntryStatus.SUBMITTED


def test_bulk_approve_without_the_attestation_keeps_the_typed_name(
    client, supervisor, submitted_entry
):
    client.force_login(supervisor)
    response = client.post(
        "/supervise/approve/", {"signature": "Sam Supervisor", "entries": [submitted_entry.pk]}
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "Tick the box" in body
    assert 'value="Sam Supervisor"' in body


def test_supervisor_cannot_act_on_an_entry_outside_their_agreements(
    client, organization, trainee, make_entry, agreement
):
    entry = make_entry(trainee=trainee)
    stranger = person_with_role(Role.SUPERVISOR, organization, display_name="Lee Stranger")
    client.force_login(stranger)
    response = client.post(
        f"/supervise/entries/{entry.pk}/approve/",
        {"signature": "Lee Stranger", "attestation": "on"},
    )
    assert response.status_code == 404
    entry.refresh_from_db()
    assert entry.status == EntryStatus.SUBMITTED


def test_trainee_cannot_use_the_approval_url(client, trainee, submitted_entry):
    client.force_login(trainee)
    response = client.post(
        f"/supervise/entries/{submitted_entry.pk}/approve/",
        {"signature": "Jamie Trainee", "attestation": "on"},
    )
    assert response.status_code == 403


# ------------------------------------------------------------------------------
# Query budget: the queue costs the same for 10 or 1,000 waiting entries
# ------------------------------------------------------------------------------
QUEUE_QUERIES = 7  # the person, their roles, then the queue's own queries (session: cache)


def add_submitted_entries(*, count, trainee, agreement, domain):
    now = timezone.now()
    PracticeLogEntry.objects.bulk_create(
        PracticeLogEntry(
            trainee=trainee,
            agreement=agreement,
            date=days_ago(1 + n % 50),
            duration_hours=Decimal("0.25"),
            domain=domain,
            setting="community",
            activity_type="outreach",
            modality="in_person",
            description=f"Outreach shift {n}",
            status=EntryStatus.SUBMITTED,
            submitted_at=now,
        )
        for n in range(count)
    )


def queue_queries(client) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get("/supervise/")
    assert response.status_code == 200
    return len(captured)


def test_queue_runs_the_same_queries_for_10_and_1000_waiting_entries(
    settings, client, supervisor, trainee, agreement, domain, django_assert_num_queries
):
    # What rendering costs; a kept page's cost: tests/lms/test_personal_pages.py.
    settings.PERSONAL_PAGES = False
    client.force_login(supervisor)
    add_submitted_entries(count=10, trainee=trainee, agreement=agreement, domain=domain)
    with django_assert_num_queries(QUEUE_QUERIES):
        client.get("/supervise/")
    add_submitted_entries(count=990, trainee=trainee, agreement=agreement, domain=domain)
    with django_assert_num_queries(QUEUE_QUERIES):
        response = client.get("/supervise/")
    assert "1000 entries" in response.content.decode()


def add_entries_in_every_status(*, count, trainee, agreement, domain):
    statuses = [EntryStatus.DRAFT, EntryStatus.SUBMITTED, EntryStatus.RETURNED]
    now = timezone.now()
    PracticeLogEntry.objects.bulk_create(
        PracticeLogEntry(
            trainee=trainee,
            agreement=agreement,
            date=days_ago(1 + n % 50),
            duration_hours=Decimal("0.25"),
            domain=domain,
            setting="community",
            activity_type="outreach",
            modality="phone",
            description=f"Call {n}",
            status=statuses[n % 3],
            submitted_at=now,
            review_comment="Add the setting" if statuses[n % 3] == EntryStatus.RETURNED else "",
        )
        for n in range(count)
    )


@pytest.mark.parametrize("path", ["/practice/", "/learn/"])
def test_trainee_pages_run_the_same_queries_for_few_and_many_entries(
    client, settings, trainee, agreement, domain, path
):
    settings.PERSONAL_PAGES = False  # a first render each time
    client.force_login(trainee)
    add_entries_in_every_status(count=6, trainee=trainee, agreement=agreement, domain=domain)
    # The first request fills the shared curriculum and credential caches (no one's data);
    # what must not grow with the entries is the cost of every request after it.
    assert client.get(path).status_code == 200
    with CaptureQueriesContext(connection) as few:
        assert client.get(path).status_code == 200
    add_entries_in_every_status(count=600, trainee=trainee, agreement=agreement, domain=domain)
    with CaptureQueriesContext(connection) as many:
        assert client.get(path).status_code == 200
    assert len(many) == len(few)


def test_queue_shown_after_a_failed_action_comes_back_to_the_filtered_queue(
    client, supervisor, submitted_entry
):
    client.force_login(supervisor)
    response = client.post(
        f"/supervise/entries/{submitted_entry.pk}/return/",
        {"next": "/supervise/?status=any"},
    )
    assert response.status_code == 400
    assert 'name="next" value="/supervise/?status=any"' in response.content.decode()


# ------------------------------------------------------------------------------
# The supervisor's agreements list (plain rows, see selectors.agreements_for_supervisor)
# ------------------------------------------------------------------------------
def half_signed_agreement(*, trainee, supervisor, organization, signer):
    """An agreement only one side has signed (signed agreements cannot change, so build it)."""
    now = timezone.now()
    signature = {
        f"{signer}_signature": "Signed",
        f"{signer}_signed_at": now,
        f"{signer}_signed_on": timezone.localdate(now),
    }
    return SupervisionAgreement.objects.create(
        organization=organization,
        trainee=trainee,
        supervisor=supervisor,
        start_date=days_ago(10),
        end_date=days_ago(-300),
        supervisor_credential_name="Certified Peer Recovery Specialist",
        supervisor_credential_number="CPRS-1234",
        supervisor_credential_expires_on=days_ago(-400),
        created_by=supervisor,
        **signature,
    )


def test_supervisor_sees_each_agreement_with_its_dates_and_who_still_has_to_sign(
    client, supervisor, trainee, other_trainee, organization
):
    signed = make_signed_agreement(
        trainee=trainee, supervisor=supervisor, organization=organization
    )
    waiting_for_me = half_signed_agreement(
        trainee=other_trainee, supervisor=supervisor, organization=organization, signer="trainee"
    )
    nameless = person_with_role(Role.TRAINEE, organization, display_name="")
    half_signed_agreement(
        trainee=nameless, supervisor=supervisor, organization=organization, signer="supervisor"
    )
    client.force_login(supervisor)
    page = client.get("/supervise/").content.decode()
    listed = page[page.index('id="agreements-heading"') :]
    # Dates are written as on every other page ("Dec. 4, 2026"), never "12/04/2026".
    start = date_format(signed.start_date, "DATE_FORMAT")
    end = date_format(signed.end_date, "DATE_FORMAT")
    expected = f"{trainee.display_name} · {start} – {end} · signed by both"
    row = " ".join(listed[listed.index(trainee.display_name) :].split())
    assert row.startswith(expected)
    assert "/" not in start
    sign_url = f"/agreements/{waiting_for_me.pk}/sign/"
    assert f'<a href="{sign_url}">waiting for your signature</a>' in listed
    assert other_trainee.display_name in listed
    assert f"{nameless.email} · " in listed  # no display name: named by email, as everywhere
    assert "waiting for the trainee's signature" in listed


def test_the_practice_page_reads_in_one_statement_what_one_query_each_reads(
    client, settings, trainee, supervisor, organization, agreement, domains, monkeypatch
):
    """/practice/ reads the person's agreements, entries, sessions, notices, goals and hours in
    one statement (lms.one_trip); read one query each (as on SQLite) the page must be the same,
    on its first page and its second."""
    from certification import notices
    from certification.supervision import services, sessions
    from lms.one_trip import OneTrip
    from tests.certification.supervision.test_services import approve, record_session

    settings.PERSONAL_PAGES = False  # each request renders afresh
    seed_credential_definitions()
    program = build_program(statewide_section_ensure().section, title="Illinois CPRS prep")
    program.credentials = [ProgramCredential(credential="il_cprs")]
    publish(program)
    learning.enrollment_create(trainee=trainee, program=program)
    second_supervisor = person_with_role(Role.SUPERVISOR, organization, display_name="Rosa Two")
    make_signed_agreement(trainee=trainee, supervisor=second_supervisor, organization=organization)
    unsigned_agreement(trainee, organization, created_by=supervisor)  # asks for a signature
    advocacy, ethics = domains["advocacy"], domains["ethical-responsibility"]
    made = []
    for number in range(28):  # two pages, several entries a day
        domain = advocacy if number % 3 else ethics
        made.append(
            services.practice_entry_create(
                trainee=trainee,
                submit=number % 4 != 0,
                date=days_ago(1 + number // 3),
                duration_hours=Decimal("0.25") * (number % 7 + 1),
                domain=domain,
                setting="community",
                activity_type="one_to_one",
                modality="in_person",
                description=f"Entry {number}",
                agreement=agreement,
            )
        )
    corrected = approve(made[1], supervisor)
    services.practice_entry_correct(entry=corrected, trainee=trainee)
    services.practice_entry_return(entry=made[2], supervisor=supervisor, comment="Which day?")
    record_session(supervisor, [trainee], hours="1.5", domains=[advocacy])
    confirmed = record_session(supervisor, [trainee], hours="2", domains=[ethics])
    sessions.session_attendance_confirm(attendance=confirmed.attendances.get(), trainee=trainee)
    for number in range(7):
        notices.notice_deliver(
            recipient=trainee, key=f"test-{number}", subject=f"Notice {number}", body="Read me."
        )
    client.force_login(trainee)

    def pages() -> list[str]:
        token = re.compile(r'(csrfmiddlewaretoken" value="|X-CSRFToken": ")[^"]+"')
        return [
            token.sub("", client.get(path).content.decode())
            for path in ("/practice/", "/practice/?page=2")
        ]

    one_statement = pages()
    monkeypatch.setattr(OneTrip, "supported", staticmethod(lambda using="default": False))
    assert pages() == one_statement
    first = one_statement[0]
    assert "Rosa Two" in first and "Lee Three" in first  # the menu and the signature asked
    assert "Notice 6" in first and "Notice 1" not in first  # the five newest
    assert "Which day?" in first and "a correction is in progress" in first
    assert f"{supervisor.display_name} says:" in first
    assert '<optgroup label="IC&amp;RC Peer Recovery / Illinois CPRS">' in first
    assert first.count('class="queue-item ') == 25 and "?page=2" in first
    assert one_statement[1].count('class="queue-item ') == 4  # 28 and the correction


def test_the_practice_page_runs_the_same_queries_with_1_and_60_entries(
    client, settings, trainee, agreement, make_entry, django_assert_max_num_queries
):
    settings.PERSONAL_PAGES = False  # a first render each time
    make_entry(trainee=trainee)
    client.force_login(trainee)
    client.get("/practice/")  # warm caches that are per process, not per page
    # The user, their roles, one statement for the rest: agreements, entries and their number,
    # the last entry (the form remembers it), goals, sessions to confirm, notices, hours.
    with django_assert_max_num_queries(3) as with_one:
        client.get("/practice/")
    for number in range(59):
        make_entry(trainee=trainee, submit=number % 2 == 0, date=days_ago(number % 20))
    with django_assert_max_num_queries(len(with_one)):
        page = client.get("/practice/").content.decode()
    assert page.count('class="queue-item ') == 25 and "?page=2" in page


def test_the_learn_home_reads_in_one_statement_what_each_part_reads_itself(
    client, settings, trainee, supervisor, organization, agreement, domains, monkeypatch
):
    """/learn/ reads the learning summary, the live overview, the person's organisations and
    the hours panel's rows (a panel of another app, lms/home_panels.py) in one statement; read
    one query each (as on SQLite), or by each part itself (as for a superuser), the page must be
    the same."""
    from lms.learning import views as learning_views
    from lms.one_trip import OneTrip
    from tests.certification.supervision.test_services import approve

    settings.PERSONAL_PAGES = False  # each request renders afresh
    program = build_program(statewide_section_ensure().section, title="Peer basics")
    publish(program)
    learning.enrollment_create(trainee=trainee, program=program)
    approve(make_entry_for(trainee, domains["advocacy"], hours="1.5"), supervisor)
    make_entry_for(trainee, domains["ethical-responsibility"], hours="2", submit=False)
    unsigned_agreement(trainee, organization, created_by=supervisor)  # asks for a signature
    client.force_login(trainee)
    token = re.compile(r'(csrfmiddlewaretoken" value="|X-CSRFToken": ")[^"]+"')

    def page() -> str:
        return token.sub("", client.get("/learn/").content.decode())

    one_statement = page()
    monkeypatch.setattr(OneTrip, "supported", staticmethod(lambda using="default": False))
    assert page() == one_statement
    monkeypatch.undo()
    monkeypatch.setattr(learning_views, "learn_home_rows", lambda **arguments: None)
    assert page() == one_statement
    assert "Peer basics" in one_statement and "1.5 h" in one_statement
    assert organization.name in one_statement
    assert "An agreement is waiting for your signature." in one_statement


def make_entry_for(trainee, domain, *, hours: str, submit: bool = True):
    from certification.supervision import services
    from tests.certification.conftest import entry_values

    return services.practice_entry_create(
        trainee=trainee, submit=submit, **entry_values(domain, duration_hours=Decimal(hours))
    )


def unsigned_agreement(trainee, organization, *, created_by) -> SupervisionAgreement:
    """An agreement with a new supervisor, Lee Three, that neither side has signed yet."""
    return SupervisionAgreement.objects.create(
        trainee=trainee,
        supervisor=person_with_role(Role.SUPERVISOR, organization, display_name="Lee Three"),
        organization=organization,
        start_date=days_ago(5),
        end_date=days_ago(-300),
        supervisor_credential_expires_on=days_ago(-400),
        created_by=created_by,
    )
