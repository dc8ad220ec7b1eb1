"""Trainee learning pages: what people see, what the server refuses, and query budgets."""

import re
import subprocess
from datetime import timedelta
from decimal import Decimal

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

import pytest

from curriculum.models import LessonPage, ProgramCredential
from lms import verification
from lms.learning import services as learning
from lms.learning.models import (
    AssessmentAttempt,
    CompletionDomainHours,
    CompletionTopicHours,
    LessonProgress,
    ModuleCompletion,
    ReflectionDraft,
    TranscriptIssue,
)
from lms.learning.transcript import transcript_issue
from tests.lms.builders import build_module, build_program, publish
from tests.lms.learning.test_services import correct_answers, wrong_answers

pytestmark = pytest.mark.django_db


@pytest.fixture
def enrolled(trainee, program):
    learning.enrollment_create(trainee=trainee, program=program)
    return trainee


@pytest.fixture
def trainee_client(client, trainee):
    client.force_login(trainee)
    return client


# ------------------------------------------------------------------------------
# Enrolment and lessons
# ------------------------------------------------------------------------------
def test_trainee_enrols_from_the_program_page(trainee_client, trainee, program, module):
    page = trainee_client.get(reverse("lms:program", args=[program.pk]))
    assert "Enrol in this program" in page.content.decode()
    trainee_client.post(reverse("lms:program_enrol", args=[program.pk]))
    page = trainee_client.get(reverse("lms:program", args=[program.pk]))
    assert "Enrol in this program" not in page.content.decode()
    assert trainee.enrollments.filter(program=program).exists()


def test_module_enrolment_with_missing_prerequisite_explains_kindly(
    trainee_client, module, later_module
):
    response = trainee_client.post(reverse("lms:module_enrol", args=[later_module.pk]), follow=True)
    assert "This module builds on “Ethics first”" in response.content.decode()


def test_completing_a_lesson_of_a_module_one_is_not_enrolled_in_is_refused(
    trainee_client, trainee, lessons
):
    response = trainee_client.post(
        reverse("lms:lesson_complete", args=[lessons[0].pk]), follow=True
    )
    assert "You are not enrolled in this module yet" in response.content.decode()
    assert not LessonProgress.objects.filter(user=trainee).exists()


def test_lesson_records_a_view_and_completing_moves_to_the_next(trainee_client, enrolled, lessons):
    page = trainee_client.get(reverse("lms:lesson", args=[lessons[0].pk]))
    assert page.status_code == 200
    assert LessonProgress.objects.get(user=enrolled).completed_at is None
    response = trainee_client.post(reverse("lms:lesson_complete", args=[lessons[0].pk]))
    assert response.url == reverse("lms:lesson", args=[lessons[1].pk])


def test_reflection_autosaves_through_htmx_and_is_shown_again(trainee_client, enrolled, lessons):
    block_id = next(block.id for block in lessons[0].body if block.block_type == "reflection")
    url = reverse("lms:reflection_save", args=[lessons[0].pk, block_id])
    response = trainee_client.post(url, {"text": "I would listen first."}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert "Saved at" in response.content.decode()
    page = trainee_client.get(reverse("lms:lesson", args=[lessons[0].pk]))
    assert "I would listen first." in page.content.decode()


def test_reflections_are_private_to_their_author(client, enrolled, other_trainee, program, lessons):
    block_id = next(block.id for block in lessons[0].body if block.block_type == "reflection")
    learning.reflection_draft_save(
        user=enrolled, lesson=lessons[0], block_id=block_id, text="Only mine."
    )
    learning.enrollment_create(trainee=other_trainee, program=program)
    client.force_login(other_trainee)
    page = client.get(reverse("lms:lesson", args=[lessons[0].pk]))
    assert "Only mine." not in page.content.decode()
    assert ReflectionDraft.objects.filter(user=other_trainee).count() == 0


def test_content_note_comes_before_the_lessons_with_a_choice_to_continue_later(
    trainee_client, enrolled, module, later_module, lessons
):
    learning.content_note_acknowledge(user=enrolled, module=module)
    for lesson in lessons:
        learning.lesson_complete(user=enrolled, lesson=lesson)
    attempt = learning.attempt_start(user=enrolled, module=module)
    learning.attempt_submit(user=enrolled, attempt=attempt, answers=correct_answers(attempt))
    from curriculum.models import LessonPage

    later_lesson = LessonPage.objects.child_of(later_module).first()
    response = trainee_client.get(reverse("lms:lesson", args=[later_lesson.pk]))
    assert response.url == reverse("lms:module", args=[later_module.pk])
    page = trainee_client.get(response.url).content.decode()
    assert "This module mentions overdose." in page
    assert "Not now: back to my learning" in page
    assert later_lesson.title not in page
    trainee_client.post(reverse("lms:content_note_continue", args=[later_module.pk]))
    assert trainee_client.get(reverse("lms:lesson", args=[later_lesson.pk])).status_code == 200


# ------------------------------------------------------------------------------
# Assessments through the pages
# ------------------------------------------------------------------------------
def test_failed_attempt_shows_feedback_and_the_pause_before_the_next(
    trainee_client, enrolled, module
):
    response = trainee_client.post(reverse("lms:attempt_start", args=[module.pk]))
    attempt = AssessmentAttempt.objects.get(user=enrolled)
    assert response.url == reverse("lms:attempt", args=[attempt.pk])
    form = {f"q-{key}": value for key, value in wrong_answers(attempt).items()}
    trainee_client.post(reverse("lms:attempt_submit", args=[attempt.pk]), form)
    page = trainee_client.get(reverse("lms:attempt", args=[attempt.pk])).content.decode()
    assert "0 of 2 correct" in page
    assert "Not passed this time" in page
    assert "Think again." in page  # the chosen option's feedback
    assert "Take a short break" in page
    response = trainee_client.post(reverse("lms:attempt_start", args=[module.pk]), follow=True)
    assert "Take a short break" in response.content.decode()
    assert AssessmentAttempt.objects.filter(user=enrolled).count() == 1


def test_htmx_answer_naming_an_option_of_another_question_is_refused_with_a_message(
    trainee_client, enrolled, module
):
    attempt = learning.attempt_start(user=enrolled, module=module)
    first, second = attempt.questions
    response = trainee_client.post(
        reverse("lms:attempt_answer", args=[attempt.pk]),
        {"question": first["id"], f"q-{first['id']}": second["options"][0]["id"]},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 400
    assert "does not belong to this question" in response.content.decode()


def test_htmx_answer_is_saved(trainee_client, enrolled, module):
    attempt = learning.attempt_start(user=enrolled, module=module)
    first = attempt.questions[0]
    response = trainee_client.post(
        reverse("lms:attempt_answer", args=[attempt.pk]),
        {"question": first["id"], f"q-{first['id']}": first["options"][0]["id"]},
        HTTP_HX_REQUEST="true",
    )
    assert "Saved at" in response.content.decode()
    attempt.refresh_from_db()
    assert attempt.answers == {first["id"]: [first["options"][0]["id"]]}


def test_resubmitting_through_the_page_is_refused_with_a_message(trainee_client, enrolled, module):
    attempt = learning.attempt_start(user=enrolled, module=module)
    learning.attempt_submit(user=enrolled, attempt=attempt, answers=wrong_answers(attempt))
    form = {f"q-{key}": value for key, value in correct_answers(attempt).items()}
    response = trainee_client.post(reverse("lms:attempt_submit", args=[attempt.pk]), form)
    assert response.status_code == 400
    assert "already submitted" in response.content.decode()
    attempt.refresh_from_db()
    assert attempt.passed is False


def test_someone_elses_attempt_answers_404(client, enrolled, other_trainee, module):
    attempt = learning.attempt_start(user=enrolled, module=module)
    client.force_login(other_trainee)
    assert client.get(reverse("lms:attempt", args=[attempt.pk])).status_code == 404
    assert client.post(reverse("lms:attempt_submit", args=[attempt.pk])).status_code == 404


def test_passing_completes_the_module_visible_on_the_next_request(
    trainee_client, enrolled, module, lessons
):
    for lesson in lessons:
        trainee_client.post(reverse("lms:lesson_complete", args=[lesson.pk]))
    attempt = learning.attempt_start(user=enrolled, module=module)
    form = {f"q-{key}": value for key, value in correct_answers(attempt).items()}
    trainee_client.post(reverse("lms:attempt_submit", args=[attempt.pk]), form)
    page = trainee_client.get(reverse("lms:attempt", args=[attempt.pk])).content.decode()
    assert "You passed." in page
    assert "3 contact hours are on your transcript" in page
    home = trainee_client.get(reverse("lms:learn_home")).content.decode()
    assert "3 contact hours from 1 completed module" in home
    assert "Ethical Responsibility: 2 h" in home  # the SVG chart's label


# ------------------------------------------------------------------------------
# /learn/: the next step and the programs to join
# ------------------------------------------------------------------------------
def next_step_of(client) -> str:
    page = client.get(reverse("lms:learn_home")).content.decode()
    section = page[page.index('id="learning-next-heading"') :]
    return " ".join(section[: section.index("</section>")].split())


def complete_module(client, user, module):
    for lesson in LessonPage.objects.child_of(module).live():
        client.post(reverse("lms:lesson_complete", args=[lesson.pk]))
    attempt = learning.attempt_start(user=user, module=module)
    form = {f"q-{key}": value for key, value in correct_answers(attempt).items()}
    client.post(reverse("lms:attempt_submit", args=[attempt.pk]), form)


def test_after_completing_module_1_the_next_step_names_module_2s_first_lesson(
    trainee_client, enrolled, module, later_module
):
    complete_module(trainee_client, enrolled, module)
    step = next_step_of(trainee_client)
    assert "Pick up where you left off" not in step
    assert "Next is the module “Advocacy next”" in step
    assert "Next: Advocacy next lesson 1" in step


def test_the_next_step_resumes_the_lesson_opened_last(trainee_client, enrolled, lessons):
    first, second = lessons
    trainee_client.get(reverse("lms:lesson", args=[second.pk]))
    step = next_step_of(trainee_client)
    assert "Pick up where you left off in “Ethics first”" in step
    assert "Continue: Ethics first lesson 2" in step
    assert f'href="{reverse("lms:lesson", args=[second.pk])}"' in step
    # Once the lesson opened last is completed, the first one still to do comes next.
    trainee_client.post(reverse("lms:lesson_complete", args=[second.pk]))
    assert "Continue: Ethics first lesson 1" in next_step_of(trainee_client)


def catalogue_titles(client) -> list[str]:
    page = client.get(reverse("lms:learn_home")).content.decode()
    section = page[page.index('id="learning-catalog-heading"') :]
    section = section[: section.index("</section>")]
    return [chunk.split(">", 1)[1].split("<", 1)[0] for chunk in section.split('<h3><a href="')[1:]]


def test_programs_to_join_list_starter_programs_before_renewal_and_label_renewal(
    trainee_client, section
):
    renewal = build_program(section, title="Renewal hours for specialists")
    renewal.credentials = [ProgramCredential(credential="ceu")]
    publish(renewal)
    starter = build_program(section, title="Starting out in peer work")
    starter.credentials = [ProgramCredential(credential="il_cprs")]
    publish(starter)
    assert catalogue_titles(trainee_client) == [
        "Starting out in peer work",
        "Renewal hours for specialists",
    ]
    page = trainee_client.get(reverse("lms:learn_home")).content.decode()
    renewal_card = page[page.index("Renewal hours for specialists") :]
    assert "For people who already hold a credential and are renewing it" in renewal_card
    starter_card = page[
        page.index("Starting out in peer work") : page.index("Renewal hours for specialists")
    ]
    assert "already hold a credential" not in starter_card


def test_programs_that_build_on_unfinished_modules_come_after_those_open_now(
    trainee_client, section, module
):
    advanced = build_program(section, title="Advanced practice")
    build_module(advanced, title="Advanced advocacy", prerequisites=[module], lessons=1)
    build_program(section, title="Open to anyone")
    titles = catalogue_titles(trainee_client)
    assert titles.index("Open to anyone") < titles.index("Advanced practice")


# ------------------------------------------------------------------------------
# Query budgets: the same for 1 and 200 completions
# ------------------------------------------------------------------------------
def add_completions(user, count, *, domain, topic):
    completions = ModuleCompletion.objects.bulk_create(
        ModuleCompletion(
            user=user,
            module=None,
            module_title=f"Archived module {number}",
            program_title="Old program",
            contact_hours=Decimal("1.5"),
            modality="in_person",
            completed_at=timezone.now() - timedelta(days=number),
        )
        for number in range(count)
    )
    CompletionDomainHours.objects.bulk_create(
        CompletionDomainHours(
            completion=completion,
            domain=domain,
            framework=domain.framework,
            domain_name=domain.name,
            hours=Decimal("1.5"),
        )
        for completion in completions
    )
    CompletionTopicHours.objects.bulk_create(
        CompletionTopicHours(
            completion=completion, topic=topic, topic_name=topic.name, hours=Decimal("1")
        )
        for completion in completions
    )


def count_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context.captured_queries)


# /learn/: the user and their roles, then one statement (lms/learning/home.py) for the learning
# summary, the live sessions (a second query for someone registered), the memberships and
# certification's hours panel; the curriculum tree and domains come from the shared cache,
# filled by the warm-up request.
@pytest.mark.parametrize(("url_name", "budget"), [("lms:learn_home", 3), ("lms:transcript", 8)])
def test_page_runs_the_same_queries_for_1_and_200_completions(
    trainee_client,
    enrolled,
    module,
    lessons,
    ethics_domain,
    ethics_topic,
    django_assert_max_num_queries,
    url_name,
    budget,
):
    url = reverse(url_name)
    learning.lesson_view(user=enrolled, lesson=lessons[0], module=module)
    add_completions(enrolled, 1, domain=ethics_domain, topic=ethics_topic)
    trainee_client.get(url)  # warm caches that are per process, not per page
    with_one = count_queries(trainee_client, url)
    add_completions(enrolled, 199, domain=ethics_domain, topic=ethics_topic)
    with django_assert_max_num_queries(budget):
        page = trainee_client.get(url)
    assert count_queries(trainee_client, url) == with_one
    assert "300" in page.content.decode()  # 200 × 1.5 h


# ------------------------------------------------------------------------------
# Transcript, PDF and verification
# ------------------------------------------------------------------------------
def test_transcript_pdf_lists_the_module_and_its_hours_and_its_code_verifies(
    trainee_client, client, enrolled, module, lessons, tmp_path
):
    for lesson in lessons:
        learning.lesson_complete(user=enrolled, lesson=lesson)
    attempt = learning.attempt_start(user=enrolled, module=module)
    learning.attempt_submit(user=enrolled, attempt=attempt, answers=correct_answers(attempt))
    response = trainee_client.get(reverse("lms:transcript_pdf"))
    assert response["Content-Type"] == "application/pdf"
    pdf = tmp_path / "transcript.pdf"
    pdf.write_bytes(response.content)
    text = subprocess.run(  # noqa: S603
        ["/usr/bin/pdftotext", "-layout", str(pdf), "-"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    assert "Ethics first" in text
    assert "Ethical Responsibility" in text
    issue = TranscriptIssue.objects.get(user=enrolled)
    assert issue.code in text
    # Downloading again with nothing new gives the same transcript and code.
    trainee_client.get(reverse("lms:transcript_pdf"))
    assert TranscriptIssue.objects.filter(user=enrolled).count() == 1

    client.logout()
    page = client.get(reverse("lms:verify", args=[issue.code.lower()]))
    assert page.status_code == 200
    body = page.content.decode()
    assert "Valid" in body and "Jamie Trainee" in body and "Ethics first" in body


def test_the_transcript_pdf_is_in_the_trainees_language_with_an_english_version(
    trainee_client, enrolled, module, lessons
):
    for lesson in lessons:
        learning.lesson_complete(user=enrolled, lesson=lesson)
    attempt = learning.attempt_start(user=enrolled, module=module)
    learning.attempt_submit(user=enrolled, attempt=attempt, answers=correct_answers(attempt))
    enrolled.preferred_language = "es"
    enrolled.save(update_fields=["preferred_language"])
    page = trainee_client.get(reverse("lms:transcript")).content.decode()
    assert f"{reverse('lms:transcript_pdf')}?lang=en" in page

    def pdf_text(url):
        content = trainee_client.get(url).content
        return subprocess.run(  # noqa: S603
            ["/usr/bin/pdftotext", "-", "-"], input=content, check=True, capture_output=True
        ).stdout.decode()

    spanish = pdf_text(reverse("lms:transcript_pdf"))
    assert "Historial de formación" in spanish and "Training transcript" not in spanish
    english = pdf_text(reverse("lms:transcript_pdf") + "?lang=en")
    assert "Training transcript" in english and "Historial de formación" not in english


def test_verify_speaks_the_visitors_language(client, enrolled, module, lessons):
    for lesson in lessons:
        learning.lesson_complete(user=enrolled, lesson=lesson)
    attempt = learning.attempt_start(user=enrolled, module=module)
    learning.attempt_submit(user=enrolled, attempt=attempt, answers=correct_answers(attempt))
    issue = transcript_issue(user=enrolled)
    url = reverse("lms:verify", args=[issue.code])
    page = client.get(url, HTTP_ACCEPT_LANGUAGE="es-US,es;q=0.9").content.decode()
    assert '<html lang="es">' in page
    assert "Verificación" in page and "Emitido a" in page
    assert "Issued to" not in page
    form = client.get(reverse("lms:verify_form"), HTTP_ACCEPT_LANGUAGE="es").content.decode()
    assert "Verificar un documento" in form


def test_unknown_code_is_not_found_without_detail(client):
    response = client.get(reverse("lms:verify", args=["TR-AAAA-BBBB-CCCC"]))
    assert response.status_code == 404
    assert "could not find" in response.content.decode()


def test_another_app_plugs_its_codes_into_verify(client):
    import datetime

    def resolve(code):
        if code != "XT-1234":
            return None
        return verification.VerifiedDocument(
            kind="Credential",
            title="Peer Recovery Specialist",
            holder_name="Robin",
            issued_on=datetime.date(2027, 1, 1),
            status=verification.VerifiedDocument.REVOKED,
        )

    # A prefix of its own: "CR" belongs to certification's issued credentials.
    verification.register_resolver("XT", resolve)
    try:
        page = client.get(reverse("lms:verify", args=["xt-1234"]))
        assert page.status_code == 200
        assert "Revoked" in page.content.decode()
        assert client.get(reverse("lms:verify", args=["XT-9999"])).status_code == 404
    finally:
        verification.unregister_resolver("XT")


def test_reminders_are_off_until_the_trainee_turns_them_on(trainee_client, enrolled):
    from lms.learning.models import LearningPreference
    from lms.learning.selectors import learning_reminder_due

    assert learning_reminder_due() == []
    trainee_client.post(
        reverse("lms:reminders"), {"reminders_enabled": "on", "reminder_every_days": "7"}
    )
    preference = LearningPreference.objects.get(user=enrolled)
    assert learning_reminder_due() == [preference.pk]
    preference.last_reminded_at = timezone.now()
    preference.save()
    assert learning_reminder_due() == []


# ------------------------------------------------------------------------------
# Roles
# ------------------------------------------------------------------------------
def test_learning_pages_are_for_trainees(client, staff, lessons):
    client.force_login(staff)
    assert client.get(reverse("lms:lesson", args=[lessons[0].pk])).status_code == 403
    assert client.get(reverse("lms:transcript")).status_code == 403


def test_cohort_screens_are_for_staff(trainee_client):
    assert trainee_client.get(reverse("lms:cohorts")).status_code == 403


def test_opted_in_trainee_away_a_while_gets_one_gentle_reminder(enrolled, module, lessons):
    from django.core import mail

    from lms.learning.models import LearningPreference
    from lms.learning.tasks import send_learning_reminders

    learning.lesson_view(user=enrolled, lesson=lessons[0], module=module)
    LessonProgress.objects.update(last_viewed_at=timezone.now() - timedelta(days=20))
    learning.learning_preference_set(user=enrolled, reminders_enabled=True, reminder_every_days=14)
    assert send_learning_reminders() == 1
    assert send_learning_reminders() == 0  # not again until another fortnight has passed
    assert len(mail.outbox) == 1
    assert "waiting whenever you are ready" in mail.outbox[0].subject
    assert LearningPreference.objects.get(user=enrolled).last_reminded_at is not None


def test_public_lesson_link_opens_the_learning_view_for_an_enrolled_trainee(
    client, trainee, program, lessons
):
    public_url = lessons[0].url
    assert client.get(public_url).status_code == 200  # visitors read the public page
    client.force_login(trainee)
    assert client.get(public_url).status_code == 200  # not enrolled: the public page too
    learning.enrollment_create(trainee=trainee, program=program)
    response = client.get(public_url)
    assert response.url == reverse("lms:lesson", args=[lessons[0].pk])


def test_learning_home_ids_are_unique_alongside_other_apps_panels(trainee_client, enrolled):
    import re
    from collections import Counter

    page = trainee_client.get(reverse("lms:learn_home")).content.decode()
    repeated = [
        name for name, count in Counter(re.findall(r'id="([^"]+)"', page)).items() if count > 1
    ]
    assert repeated == []


def _failed_attempt_page(trainee_client, enrolled, module) -> str:
    learning.attempt_start(user=enrolled, module=module)
    attempt = AssessmentAttempt.objects.filter(user=enrolled).latest("number")
    form = {f"q-{key}": value for key, value in wrong_answers(attempt).items()}
    trainee_client.post(reverse("lms:attempt_submit", args=[attempt.pk]), form)
    return trainee_client.get(reverse("lms:attempt", args=[attempt.pk])).content.decode()


def test_by_default_the_correct_answers_appear_once_no_attempt_is_left(
    trainee_client, enrolled, module
):
    type(module).objects.filter(pk=module.pk).update(cooldown_minutes=0, attempts_allowed=2)
    module.refresh_from_db()
    assert "(a correct answer)" not in _failed_attempt_page(trainee_client, enrolled, module)
    assert "(a correct answer)" in _failed_attempt_page(trainee_client, enrolled, module)


@pytest.mark.parametrize(
    ("setting", "shown"), [("after_any_attempt", True), ("after_pass", False), ("never", False)]
)
def test_the_question_bank_setting_decides_when_correct_answers_appear(
    trainee_client, enrolled, module, setting, shown
):
    type(module).objects.filter(pk=module.pk).update(answer_feedback=setting)
    module.refresh_from_db()
    page = _failed_attempt_page(trainee_client, enrolled, module)
    assert ("(a correct answer)" in page) is shown
    assert "Think again." in page  # option feedback is always shown


@pytest.mark.usefixtures("require_postgresql")
def test_the_home_reads_in_one_statement_what_one_query_each_reads(
    enrolled, module, later_module, lessons, ethics_domain, ethics_topic, monkeypatch
):
    """/learn/'s own rows come in one statement (lms.one_trip); one query each (SQLite) gives
    the same summary: programs, progress, resume point, charts, totals, recent activity."""
    from lms.learning import selectors
    from lms.one_trip import OneTrip

    learning.lesson_view(user=enrolled, lesson=lessons[0], module=module)
    learning.lesson_complete(user=enrolled, lesson=lessons[0])
    learning.lesson_view(user=enrolled, lesson=lessons[1], module=module)
    attempt = learning.attempt_start(user=enrolled, module=module)
    learning.attempt_submit(user=enrolled, attempt=attempt, answers=wrong_answers(attempt))
    add_completions(enrolled, 8, domain=ethics_domain, topic=ethics_topic)
    one_statement = selectors.learning_summary(user=enrolled)
    monkeypatch.setattr(OneTrip, "supported", staticmethod(lambda using="default": False))
    one_query_each = selectors.learning_summary(user=enrolled)
    assert one_statement == one_query_each
    assert one_statement.completion_count == 8
    assert one_statement.total_hours == Decimal("12.0")
    assert {item.kind for item in one_statement.recent} == {"completion", "attempt", "lesson"}
    assert one_statement.charts and one_statement.programs[0].modules[0].completed_lesson_ids


def test_the_lesson_page_reads_in_one_statement_what_the_services_read_themselves(
    client, settings, trainee, enrolled, section, module, later_module, lessons, monkeypatch
):
    """The lesson page reads the person's enrolment, completions, progress in the module, the
    content-note choice, latest views and drafts in one statement (selectors.lesson_page_reads);
    the services reading each themselves (a module not in the shared curriculum) must answer
    the same: the page, or where it sends the person and what it tells them, at each step."""
    from django.contrib.messages import get_messages

    from lms.learning import selectors
    from lms.one_trip import OneTrip

    settings.PERSONAL_PAGES = False  # each request renders afresh
    later_lesson = LessonPage.objects.child_of(later_module).get()
    apart = build_module(build_program(section, title="Elsewhere"), title="Apart", lessons=1)
    outsider = LessonPage.objects.child_of(apart).get()
    block_id = next(block.id for block in lessons[0].body if block.block_type == "reflection")
    learning.reflection_draft_save(user=trainee, lesson=lessons[0], block_id=block_id, text="Mine.")
    client.force_login(trainee)
    token = re.compile(r'(csrfmiddlewaretoken" value="|X-CSRFToken": ")[^"]+"')

    def visit(lesson) -> tuple:
        response = client.get(reverse("lms:lesson", args=[lesson.pk]))
        said = [str(message) for message in get_messages(response.wsgi_request)]
        client.cookies.pop("messages", None)  # read: not carried to the next visit
        return (
            response.status_code,
            response.get("Location"),
            said,
            token.sub("", response.content.decode()),
        )

    def both_ways(lesson) -> tuple:
        monkeypatch.undo()
        one_statement = visit(lesson)
        monkeypatch.setattr(selectors, "cached_module_of", lambda lesson: None)
        services_alone = visit(lesson)
        monkeypatch.undo()
        monkeypatch.setattr(OneTrip, "supported", staticmethod(lambda using="default": False))
        one_query_each = visit(lesson)
        monkeypatch.undo()
        assert one_statement == services_alone == one_query_each, lesson.title
        return one_statement

    assert both_ways(outsider)[1] is not None  # not enrolled: sent to the module, told why
    assert both_ways(later_lesson)[1] is not None  # a prerequisite first
    status, _location, _said, page = both_ways(lessons[0])
    assert status == 200 and "Lesson 1 of 2" in page and "Mine." in page
    learning.lesson_complete(user=trainee, lesson=lessons[0])
    assert both_ways(lessons[1])[0] == 200
    learning.lesson_complete(user=trainee, lesson=lessons[1])
    attempt = learning.attempt_start(user=trainee, module=module)
    learning.attempt_submit(user=trainee, attempt=attempt, answers=correct_answers(attempt))
    said = both_ways(later_lesson)  # the content note waits for their choice
    assert said[1] == reverse("lms:module", args=[later_module.pk])
    learning.content_note_acknowledge(user=trainee, module=later_module)
    assert both_ways(later_lesson)[0] == 200


# The lesson page: the user, their roles, the lesson, one statement for what opening it reads
# about the person (enrolment, completions, progress, latest views and this lesson's, drafts),
# the view recorded. The module page: the user, their roles, one statement (enrolment,
# completions, progress, the content-note choice, attempts, completion).
@pytest.mark.parametrize(("page", "budget"), [("lms:lesson", 5), ("lms:module", 3)])
def test_a_modules_pages_run_the_same_queries_for_1_and_200_completions(
    client, settings, trainee, enrolled, module, lessons, ethics_domain, ethics_topic,
    django_assert_max_num_queries, page, budget,
):  # fmt: skip
    settings.PERSONAL_PAGES = False  # a first render each time
    client.force_login(trainee)
    url = reverse(page, args=[lessons[1].pk if page == "lms:lesson" else module.pk])
    client.get(url)  # warm caches that are per process, not per page
    add_completions(trainee, 1, domain=ethics_domain, topic=ethics_topic)
    attempt = learning.attempt_start(user=trainee, module=module)
    learning.lesson_view(user=trainee, lesson=lessons[0], module=module)  # read last: not this
    with django_assert_max_num_queries(budget) as with_one:
        assert client.get(url).status_code == 200
    add_completions(trainee, 199, domain=ethics_domain, topic=ethics_topic)
    learning.attempt_submit(user=trainee, attempt=attempt, answers=wrong_answers(attempt))
    learning.lesson_view(user=trainee, lesson=lessons[0], module=module)
    with django_assert_max_num_queries(len(with_one)):
        assert client.get(url).status_code == 200


def test_the_module_page_reads_in_one_statement_what_one_query_each_reads(
    client, settings, trainee, enrolled, section, module, later_module, lessons, monkeypatch
):
    """A module's page reads the person's enrolment, progress, content-note choice, attempts
    and completion in one statement (selectors.module_page_reads); read one query each (as on
    SQLite) the page must be the same, at each step of working through two modules."""
    from lms.one_trip import OneTrip

    settings.PERSONAL_PAGES = False  # each request renders afresh
    apart = build_module(build_program(section, title="Elsewhere"), title="Apart", lessons=1)
    client.force_login(trainee)
    token = re.compile(r'(csrfmiddlewaretoken" value="|X-CSRFToken": ")[^"]+"')

    def both_ways(page_module) -> str:
        url = reverse("lms:module", args=[page_module.pk])
        one_statement = token.sub("", client.get(url).content.decode())
        monkeypatch.setattr(OneTrip, "supported", staticmethod(lambda using="default": False))
        one_query_each = token.sub("", client.get(url).content.decode())
        monkeypatch.undo()
        assert one_statement == one_query_each, page_module.title
        return one_statement

    assert "Enrol in this module" in both_ways(apart)
    assert "Ethics first" in both_ways(later_module)  # its prerequisite, named
    learning.lesson_view(user=trainee, lesson=lessons[0], module=module)
    learning.lesson_complete(user=trainee, lesson=lessons[0])
    both_ways(module)
    learning.lesson_complete(user=trainee, lesson=lessons[1])
    attempt = learning.attempt_start(user=trainee, module=module)
    assert "Continue your attempt" in both_ways(module)
    learning.attempt_submit(user=trainee, attempt=attempt, answers=wrong_answers(attempt))
    both_ways(module)
    assert "I am ready: show the lessons" not in both_ways(later_module)  # not open yet
    AssessmentAttempt.objects.filter(pk=attempt.pk).update(  # the pause between attempts over
        submitted_at=timezone.now() - timedelta(minutes=11)
    )
    attempt = learning.attempt_start(user=trainee, module=module)
    learning.attempt_submit(user=trainee, attempt=attempt, answers=correct_answers(attempt))
    assert "See your transcript" in both_ways(module)
    assert "I am ready: show the lessons" in both_ways(later_module)
    learning.content_note_acknowledge(user=trainee, module=later_module)
    assert "I am ready: show the lessons" not in both_ways(later_module)
