"""The trainee's learning journey on a phone: enrol, learn, fail, pass later, hours, transcript."""

import subprocess
from datetime import timedelta

from django.utils import timezone

import pytest
from playwright.sync_api import expect

from curriculum.models import LessonPage, ModulePage
from curriculum.starter import seed_starter_program
from lms.accounts.models import Invitation, Role
from lms.learning import services as learning
from lms.learning.models import (
    AssessmentAttempt,
    Cohort,
    Enrollment,
    ModuleCompletion,
    ReflectionDraft,
    TranscriptIssue,
)
from lms.learning.transcript import transcript_issue
from tests.e2e.conftest import assert_accessible, assert_fits_width, sign_in
from tests.factories import TEST_PASSWORD, OrganizationFactory, person_with_role
from tests.lms.builders import attend_every_live_part
from tests.lms.learning.test_services import correct_answers

pytestmark = pytest.mark.django_db(transaction=True)

MODULE = "Recovery and its many pathways"


def choose(page, attempt, *, correct: bool) -> None:
    """Click one answer per question (the right ones, or a wrong one), waiting for each save."""
    for number, question in enumerate(attempt.questions, start=1):
        options = [option for option in question["options"] if option["is_correct"] == correct]
        for option in options if correct else options[:1]:
            page.locator(f'input[value="{option["id"]}"]').check()
        page.locator(f"#status-{number}").get_by_text("Saved at").wait_for()


def test_trainee_enrols_learns_fails_passes_later_and_downloads_the_transcript(
    phone_page, live_server, tmp_path
):
    seed_starter_program()
    organization = OrganizationFactory(name="Riverside Recovery Community", slug="riverside")
    trainee = person_with_role(
        Role.TRAINEE, organization, email="jamie@example.org", display_name="Jamie Rivera"
    )
    page = phone_page
    sign_in(page, live_server, trainee.email, TEST_PASSWORD)

    # Enrol in the starter program from the learning home.
    assert page.url == live_server.url + "/learn/"
    assert_accessible(page, context="learning home before enrolling")
    page.get_by_role("link", name="Foundations of Peer Recovery Support").click()
    page.get_by_role("button", name="Enrol in this program").click()
    expect(page.get_by_text("You are enrolled in")).to_be_visible()
    assert_accessible(page, context="program page")
    assert_fits_width(page)

    # Work through the module's lessons, writing a reflection that saves as it is typed.
    page.get_by_role("link", name=MODULE).click()
    page.get_by_role("link", name="Start the first lesson").click()
    reflection = page.get_by_role("textbox").first
    reflection.fill("Hope matters because it lets a person see a next step.")
    page.get_by_text("Saved at").first.wait_for()
    assert ReflectionDraft.objects.filter(user=trainee).exists()
    assert_accessible(page, context="lesson page")
    assert_fits_width(page)
    page.get_by_role("button", name="I have finished this lesson").click()
    page.get_by_role("button", name="I have finished this lesson").click()
    assert "#assessment-heading" in page.url

    # Fail the assessment: feedback on every question, and a pause before the next try.
    page.get_by_role("button", name="Start the assessment").click()
    attempt = AssessmentAttempt.objects.get(user=trainee)
    assert_accessible(page, context="assessment")
    choose(page, attempt, correct=False)
    attempt.refresh_from_db()
    assert len(attempt.answers) == len(attempt.questions)  # saved before submitting
    page.get_by_role("button", name="Submit my answers").click()
    expect(page.get_by_text("Not passed this time")).to_be_visible()
    expect(page.get_by_role("heading", name="Feedback on each question")).to_be_visible()
    expect(page.get_by_text("Take a short break")).to_be_visible()
    assert page.get_by_role("button", name="Try again").count() == 0
    assert_accessible(page, context="failed result")
    assert_fits_width(page)

    # Later (the pause over), pass.
    AssessmentAttempt.objects.filter(pk=attempt.pk).update(
        submitted_at=timezone.now() - timedelta(minutes=11)
    )
    page.reload()
    page.get_by_role("button", name="Try again").click()
    second = AssessmentAttempt.objects.get(user=trainee, number=2)
    choose(page, second, correct=True)
    page.get_by_role("button", name="Submit my answers").click()
    expect(page.get_by_text("You passed.")).to_be_visible()
    # Most of the module's hours are earned in its live sessions: the page says so.
    expect(page.get_by_text("you have attended its 2 live sessions")).to_be_visible()
    assert not ModuleCompletion.objects.filter(user=trainee).exists()

    # The trainee attends both live sessions; the facilitator signs each roster.
    attend_every_live_part(trainee, ModulePage.objects.get(title=MODULE), organization)

    # The hours show on the learning home, by domain.
    page.get_by_role("link", name="My learning").click()
    expect(page.get_by_text("6 contact hours from 1 completed module.")).to_be_visible()
    expect(page.get_by_role("img", name="IC&RC Peer Recovery")).to_be_visible()
    assert_accessible(page, context="learning home with hours")
    assert_fits_width(page)

    # The transcript, and its PDF listing the module and its hours.
    page.get_by_role("link", name="Your transcript").click()
    assert_accessible(page, context="transcript")
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download as PDF").click()
    pdf = tmp_path / "transcript.pdf"
    download_info.value.save_as(pdf)
    text = subprocess.run(  # noqa: S603
        ["/usr/bin/pdftotext", "-layout", str(pdf), "-"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    assert MODULE in text
    assert "Recovery and Wellness Support" in text
    line = next(line for line in text.splitlines() if MODULE in line)
    assert " 6 " in f" {line} "

    # Anyone the trainee gives the PDF to can confirm it, without an account.
    code = TranscriptIssue.objects.get(user=trainee).code
    assert code in text
    page.context.clear_cookies()
    page.goto(f"{live_server.url}/verify/{code}/")
    expect(page.get_by_text("Valid", exact=True)).to_be_visible()
    expect(page.get_by_text("Jamie Rivera")).to_be_visible()
    assert_accessible(page, context="verification page")
    assert_fits_width(page)


def test_staff_import_a_csv_with_a_mistake_then_go_ahead_with_the_valid_rows(
    phone_page, live_server
):
    program = seed_starter_program()
    organization = OrganizationFactory(name="Riverside Recovery Community", slug="riverside")
    staff = person_with_role(Role.STAFF, organization, email="alex@example.org")
    trainee = person_with_role(Role.TRAINEE, organization, email="jamie@example.org")
    cohort = Cohort.objects.create(
        organization=organization, name="Spring group", program=program, starts_on="2027-03-01"
    )
    page = phone_page
    sign_in(page, live_server, staff.email, TEST_PASSWORD)
    page.goto(f"{live_server.url}/staff/cohorts/{cohort.pk}/")
    page.get_by_label("CSV file of email addresses").set_input_files(
        files=[
            {
                "name": "people.csv",
                "mimeType": "text/csv",
                "buffer": b"email\njamie@example.org\nnot an email\nsam@example.org\n",
            }
        ]
    )
    page.get_by_role("button", name="Check and import").click()
    expect(page.get_by_role("heading", name="Nothing was imported yet")).to_be_visible()
    expect(page.get_by_text("This is not an email address.")).to_be_visible()
    assert not Enrollment.objects.exists()
    assert_accessible(page, context="cohort import with an error")
    assert_fits_width(page)
    page.get_by_role("button", name="Go ahead with the 2 rows without a problem").click()
    expect(page.get_by_role("heading", name="Import done")).to_be_visible()
    assert Enrollment.objects.filter(user=trainee, cohort=cohort).exists()
    assert Invitation.objects.filter(email="sam@example.org").exists()
    assert_accessible(page, context="cohort after the import")


HEADER_WORDS_FIT = """() => Array.from(document.querySelectorAll('table th')).map((cell) => {
    const style = getComputedStyle(cell);
    const room = cell.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
    const probe = document.createElement('span');
    probe.style.cssText = 'position:absolute;visibility:hidden;white-space:nowrap';
    probe.style.font = style.font;
    probe.style.letterSpacing = style.letterSpacing;
    document.body.appendChild(probe);
    const widest = Math.max(...cell.textContent.trim().split(/\\s+/).map((word) => {
        probe.textContent = word;
        return probe.getBoundingClientRect().width;
    }));
    probe.remove();
    const overflows = cell.scrollWidth > cell.clientWidth;
    return {text: cell.textContent.trim(), room, widest, overflows};
})"""


def test_verification_page_reads_on_a_phone_without_breaking_a_word(chromium, live_server):
    """The page an employer opens from a QR code: no header word split ("Ho / ur / s")."""
    program = seed_starter_program()
    trainee = person_with_role(
        Role.TRAINEE, OrganizationFactory(), email="jamie@example.org", display_name="Jamie Rivera"
    )
    learning.enrollment_create(trainee=trainee, program=program)
    module = ModulePage.objects.child_of(program).live().order_by("path").first()
    for lesson in LessonPage.objects.child_of(module).live():
        learning.lesson_complete(user=trainee, lesson=lesson)
    attempt = learning.attempt_start(user=trainee, module=module)
    learning.attempt_submit(user=trainee, attempt=attempt, answers=correct_answers(attempt))
    attend_every_live_part(trainee, module, trainee.memberships.get().organization)
    code = transcript_issue(user=trainee).code

    context = chromium.new_context(viewport={"width": 390, "height": 844}, locale="en-US")
    page = context.new_page()
    try:
        page.goto(f"{live_server.url}/verify/{code}/")
        expect(page.get_by_text("Valid", exact=True)).to_be_visible()
        cells = page.evaluate(HEADER_WORDS_FIT)
        texts = [cell["text"] for cell in cells]
        assert {"Module", "Hours"} <= set(texts)
        assert any(text.startswith(module.title) for text in texts)
        for cell in cells:
            assert cell["widest"] <= cell["room"] + 0.5, f"a word of “{cell['text']}” is broken"
            assert not cell["overflows"], f"“{cell['text']}” spills out of its cell"
        assert_fits_width(page)
    finally:
        context.close()
