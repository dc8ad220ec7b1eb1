"""Supervised practice, end to end on a phone: log, submit, review (htmx), correct, count."""

import datetime

from django.utils import timezone

import pytest
from playwright.sync_api import expect

from certification.supervision.models import EntryStatus, PracticeLogEntry
from lms.accounts.models import Role
from tests.certification.conftest import make_signed_agreement
from tests.e2e.conftest import assert_accessible, assert_fits_width, sign_in
from tests.factories import TEST_PASSWORD, person_with_role

# serialized_rollback: every transactional test restores the migrations' data (Wagtail root,
# competency domains) and flushes without re-running post_migrate, so they can follow each other.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def people(organization):
    trainee = person_with_role(
        Role.TRAINEE, organization, display_name="Jamie Rivera", email="jamie@example.org"
    )
    supervisor = person_with_role(
        Role.SUPERVISOR, organization, display_name="Sam Okafor", email="sam@example.org"
    )
    make_signed_agreement(trainee=trainee, supervisor=supervisor, organization=organization)
    return trainee, supervisor


def sign_out(page):
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_load_state()


def log_entry(page, *, day: datetime.date, hours: str, domain: str, description: str):
    page.get_by_label("Date", exact=True).fill(day.isoformat())
    page.get_by_label("Hours", exact=True).fill(hours)
    page.get_by_label("Competency domain", exact=True).select_option(label=domain)
    page.get_by_label("Setting", exact=True).select_option(label="Recovery community centre")
    page.get_by_label("Activity", exact=True).select_option(label="One-to-one peer support")
    page.get_by_label("How", exact=True).select_option(label="In person")
    page.get_by_label("What you did", exact=True).fill(description)
    page.get_by_role("button", name="Save as draft").click()
    expect(page.get_by_text("Saved as a draft.")).to_be_visible()


def test_trainee_logs_supervisor_reviews_trainee_corrects_and_sees_approved_hours(
    phone_page, live_server, people
):
    page = phone_page
    trainee, supervisor = people
    today = timezone.localdate()

    # The trainee logs three entries on their phone and sends them together.
    sign_in(page, live_server, trainee.email, TEST_PASSWORD)
    page.get_by_role("link", name="Log hours and see every entry").click()
    expect(page.get_by_text("Never name or identify the people you support")).to_be_visible()
    assert_accessible(page, context="practice log, empty")
    assert_fits_width(page)
    log_entry(
        page,
        day=today - datetime.timedelta(days=3),
        hours="2",
        domain="Advocacy",
        description="Went with a peer to a housing appointment.",
    )
    log_entry(
        page,
        day=today - datetime.timedelta(days=2),
        hours="1.5",
        domain="Mentoring and Education",
        description="Led a recovery skills group.",
    )
    log_entry(
        page,
        day=today - datetime.timedelta(days=1),
        hours="0.75",
        domain="Advocacy",
        description="Phone check-in.",
    )
    for checkbox in page.locator("input[name=entries]").all():
        checkbox.check()
    page.get_by_role("button", name="Send selected for sign-off").click()
    expect(page.get_by_text("3 entries sent for sign-off.")).to_be_visible()
    assert_accessible(page, context="practice log with entries")
    assert_fits_width(page)
    sign_out(page)

    entries = {e.description: e for e in PracticeLogEntry.objects.all()}
    housing = entries["Went with a peer to a housing appointment."]
    group = entries["Led a recovery skills group."]
    call = entries["Phone check-in."]

    # The supervisor approves two and returns one, each without a page reload.
    sign_in(page, live_server, supervisor.email, TEST_PASSWORD)
    assert page.url == live_server.url + "/supervise/"
    expect(page.get_by_role("heading", name="3 entries")).to_be_visible()
    assert_accessible(page, context="supervisor queue")
    assert_fits_width(page)
    page.evaluate("window.stillTheSamePage = true")
    page.get_by_label("Type your full name to sign").fill("Sam Okafor")
    page.get_by_label("I attest").check()
    for entry in (housing, group):
        row = page.locator(f"#entry-{entry.pk}")
        row.get_by_role("button", name="Approve").click()
        expect(row).to_contain_text("signed by Sam Okafor")
    row = page.locator(f"#entry-{call.pk}")
    row.get_by_text("Return or decline").click()
    row.get_by_label("Comment for the trainee").fill("Please add which setting the call was for.")
    row.get_by_role("button", name="Return for changes").click()
    expect(row).to_contain_text("Returned for changes")
    expect(page.locator("#queue-announcer")).to_contain_text("Returned 0.75 h")
    assert page.evaluate("window.stillTheSamePage") is True
    assert_accessible(page, context="supervisor queue after reviewing")
    sign_out(page)

    # The trainee reads the comment, corrects the entry and sends it again.
    sign_in(page, live_server, trainee.email, TEST_PASSWORD)
    page.goto(live_server.url + "/practice/")
    expect(page.get_by_role("heading", name="New for you")).to_be_visible()  # the notice
    returned = page.locator(f"#my-entry-{call.pk}")
    expect(returned).to_contain_text("Please add which setting the call was for.")
    returned.get_by_role("link", name="Edit").click()
    assert_accessible(page, context="returned entry")
    page.get_by_label("What you did", exact=True).fill("Phone check-in from the recovery centre.")
    page.get_by_role("button", name="Save and send for sign-off").click()
    expect(page.get_by_text("Sent to Sam Okafor for sign-off.")).to_be_visible()
    sign_out(page)

    # The supervisor approves the corrected entry.
    sign_in(page, live_server, supervisor.email, TEST_PASSWORD)
    page.get_by_label("Type your full name to sign").fill("Sam Okafor")
    page.get_by_label("I attest").check()
    row = page.locator(f"#entry-{call.pk}")
    row.get_by_role("button", name="Approve").click()
    expect(row).to_contain_text("signed by Sam Okafor")
    sign_out(page)
    assert set(PracticeLogEntry.objects.values_list("status", flat=True)) == {EntryStatus.APPROVED}

    # The trainee sees the approved hours by domain on their learning home.
    sign_in(page, live_server, trainee.email, TEST_PASSWORD)
    assert page.url == live_server.url + "/learn/"
    table = page.get_by_role("table", name="Practice hours by competency domain")
    expect(table.get_by_role("row", name="Advocacy").get_by_role("cell").first).to_have_text("2.75")
    expect(
        table.get_by_role("row", name="Mentoring and Education").get_by_role("cell").first
    ).to_have_text("1.5")
    assert_accessible(page, context="learning home with hours")
    assert_fits_width(page)


def test_supervisor_finds_one_trainees_entries_by_typing_part_of_their_name(
    page, live_server, people, organization
):
    from certification.supervision import services
    from curriculum.models import CompetencyDomain
    from tests.certification.conftest import entry_values

    trainee, supervisor = people
    domain = CompetencyDomain.objects.order_by("pk").first()
    other = person_with_role(
        Role.TRAINEE, organization, display_name="Casey Moreno", email="casey@example.org"
    )
    make_signed_agreement(trainee=other, supervisor=supervisor, organization=organization)
    for person, description in ((trainee, "Jamie's group check-in"), (other, "Casey's call")):
        services.practice_entry_create(
            trainee=person, submit=True, **entry_values(domain, description=description)
        )

    sign_in(page, live_server, supervisor.email, TEST_PASSWORD)
    page.get_by_text("Filter entries").click()
    search = page.get_by_label("Trainee's name or email")
    search.press_sequentially("mor", delay=50)
    # htmx fills the suggestions from the server as the supervisor types.
    suggestions = page.locator("#queue-trainee-suggestions option")
    expect(suggestions).to_have_count(1)
    expect(suggestions.first).to_have_attribute("value", "Casey Moreno")
    search.fill("Casey Moreno")
    page.get_by_role("button", name="Show").click()
    expect(page.get_by_text("Casey's call")).to_be_visible()
    expect(page.get_by_text("Jamie's group check-in")).to_have_count(0)
    expect(page.get_by_label("Trainee's name or email")).to_have_value("Casey Moreno")
    assert_accessible(page, context="queue filtered by a trainee's name")
