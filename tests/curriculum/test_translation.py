"""The curriculum in English and Spanish (issue 14 item 3; curriculum/translation.py).

The starter program is translated by wagtail-localize's own machinery (a PO import per page),
every other page gets a Spanish alias; trainees read in their language and keep one record per
module; editors see when the English text moved on.
"""

import json
import re
from decimal import Decimal

from django.db import connection, transaction
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from wagtail.models import GroupPagePermission, Locale, Page

import pytest
from wagtail_localize.models import Translation, TranslationSource

from curriculum import starter_content_es
from curriculum.models import CurriculumSectionPage, LessonPage, ModulePage, ProgramPage
from curriculum.starter import seed_starter_program
from curriculum.starter_translation import translate_starter_program
from curriculum.translation import out_of_date_translations, translation_status
from lms.learning import services as learning
from lms.learning.models import AssessmentAttempt, LessonProgress
from tests.curriculum.builders import build_module, build_program
from tests.lms.learning.test_services import correct_answers

FIRST_MODULE = "recovery-and-its-many-pathways"


@pytest.fixture(scope="module")
def shared_spanish_starter(django_db_setup, django_db_blocker):
    """The starter program published in English and translated into Spanish, once for this
    module and rolled back after it (each test runs in its own savepoint inside)."""
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            with TestCase.captureOnCommitCallbacks(execute=True):
                program = seed_starter_program()
                translated = translate_starter_program()
            yield program, translated
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


@pytest.fixture
def spanish_starter(shared_spanish_starter, db):
    return shared_spanish_starter


def _spanish(page):
    return page.get_translation(Locale.objects.get(language_code="es")).specific


def _first_module():
    return ModulePage.objects.originals().get(slug=FIRST_MODULE)


def _reader(client, user, language):
    user.preferred_language = language
    user.save(update_fields=["preferred_language"])
    client.force_login(user)
    return client


def _h1(response) -> str:
    return re.search(r"<h1[^>]*>(.*?)</h1>", response.content.decode(), re.S).group(1).strip()


# ------------------------------------------------------------------------------
# The starter program in Spanish, made by wagtail-localize
# ------------------------------------------------------------------------------
def test_the_starter_program_is_translated_page_by_page_with_its_urls_and_ids(spanish_starter):
    program, translated = spanish_starter
    spanish_program = _spanish(program)
    assert spanish_program.title == starter_content_es.PROGRAM["title"]
    assert spanish_program.alias_of_id is None and spanish_program.live
    module = _first_module()
    spanish_module = _spanish(module)
    assert spanish_module.title == starter_content_es.MODULES[0]["title"]
    # The same URL in both languages, and the same question and option ids: an answer means
    # the same option whichever text the trainee read.
    assert spanish_module.url == module.url
    assert [q.id for q in spanish_module.question_bank] == [q.id for q in module.question_bank]
    spanish_lesson = _spanish(LessonPage.objects.child_of(module).first())
    assert "recuperación" in json.dumps(spanish_lesson.body.get_prep_value(), ensure_ascii=False)
    # Every page of the program, its section, the index and the home page.
    lessons = sum(len(spec["lessons"]) for spec in starter_content_es.MODULES)
    assert translated == 4 + len(starter_content_es.MODULES) + lessons
    # Editors find every string translated in the translation editor.
    source = TranslationSource.objects.get_for_instance(module)
    progress = Translation.objects.get(source=source, target_locale__language_code="es")
    total, done = progress.get_progress()
    assert total > 20 and done == total


def test_translating_again_leaves_an_editors_translation_alone(spanish_starter):
    module = _first_module()
    spanish = _spanish(module)
    spanish.title = "Un título que escribió el equipo"
    spanish.save_revision().publish()
    assert translate_starter_program() == 0
    assert _spanish(module).title == "Un título que escribió el equipo"


def test_the_curriculum_counts_each_module_once_in_two_languages(spanish_starter):
    english = ModulePage.objects.live().originals().count()
    assert ModulePage.objects.live().count() == 2 * english
    from lms.learning.cache import curriculum_snapshot

    assert len(curriculum_snapshot().modules) == english


def test_a_page_nobody_translated_is_an_alias_shown_in_english_with_a_note(
    client, spanish_starter, own_section, ethics_domain
):
    program = build_program(own_section.section, title="Our own program")
    module = build_module(program, title="Our own module", domains=[(ethics_domain, Decimal("2"))])
    translate_starter_program()  # Spanish follows English: the new pages get their aliases
    alias = _spanish(module)
    assert alias.alias_of_id == module.pk
    response = client.get(module.url, HTTP_ACCEPT_LANGUAGE="es")
    assert response.status_code == 200
    body = response.content.decode()
    assert '<html lang="es"' in body
    assert "Our own module" in body
    assert "todavía no está traducida" in body or "no está traducida" in body


def test_a_translated_public_page_reads_in_spanish_at_the_same_url(client, spanish_starter):
    module = _first_module()
    english = client.get(module.url, HTTP_ACCEPT_LANGUAGE="en")
    spanish = client.get(module.url, HTTP_ACCEPT_LANGUAGE="es")
    assert _h1(english) == module.title
    assert _h1(spanish) == starter_content_es.MODULES[0]["title"]
    assert "translation-note" not in spanish.content.decode()


def test_a_section_in_spanish_keeps_the_editors_and_review_of_its_english_section(
    spanish_starter,
):
    english = CurriculumSectionPage.objects.originals().get(slug="statewide")
    spanish = _spanish(english)
    grants = set(
        GroupPagePermission.objects.filter(page=english).values_list("group", "permission")
    )
    assert grants
    assert (
        set(GroupPagePermission.objects.filter(page=spanish).values_list("group", "permission"))
        == grants
    )


# ------------------------------------------------------------------------------
# Trainees: their language, one record
# ------------------------------------------------------------------------------
@pytest.fixture
def enrolled_reader(client, trainee, spanish_starter):
    program, _ = spanish_starter
    learning.enrollment_create(trainee=trainee, program=program)
    return _reader(client, trainee, "es")


def test_a_trainee_reads_the_lesson_in_spanish_and_the_progress_is_on_the_english_lesson(
    enrolled_reader, trainee
):
    module = _first_module()
    learning.content_note_acknowledge(user=trainee, module=module)
    lesson = LessonPage.objects.child_of(module).first()
    response = enrolled_reader.get(reverse("lms:lesson", args=[lesson.pk]))
    assert response.status_code == 200
    assert _h1(response) == starter_content_es.MODULES[0]["lessons"][0]["title"]
    assert '<html lang="es"' in response.content.decode()
    assert LessonProgress.objects.filter(user=trainee, lesson=lesson).exists()
    # The Spanish page is not a second lesson: its own id is not a learning page.
    assert enrolled_reader.get(reverse("lms:lesson", args=[_spanish(lesson).pk])).status_code == 404


def test_the_module_page_lists_its_lessons_in_spanish(enrolled_reader):
    module = _first_module()
    response = enrolled_reader.get(reverse("lms:module", args=[module.pk]))
    body = response.content.decode()
    assert _h1(response) == starter_content_es.MODULES[0]["title"]
    for spec in starter_content_es.MODULES[0]["lessons"]:
        assert spec["title"] in body


def test_an_attempt_in_spanish_keeps_the_spanish_text_and_counts_for_the_english_module(
    enrolled_reader, trainee
):
    module = _first_module()
    for lesson in LessonPage.objects.child_of(module):
        learning.lesson_complete(user=trainee, lesson=lesson)
    response = enrolled_reader.post(reverse("lms:attempt_start", args=[module.pk]))
    attempt = AssessmentAttempt.objects.get(user=trainee, module=module)
    assert response.status_code == 302
    spanish_prompts = {question[1] for question in starter_content_es.MODULES[0]["questions"]}
    assert {question["prompt"] for question in attempt.questions} <= spanish_prompts
    learning.attempt_submit(user=trainee, attempt=attempt, answers=correct_answers(attempt))
    attempt.refresh_from_db()
    # Graded like the English questions, and recorded on the English module (whose live
    # sessions, still to attend, complete it).
    assert attempt.passed
    assert attempt.module_id == module.pk


@pytest.mark.parametrize("page", ["module", "lesson", "program"])
def test_a_learning_page_in_spanish_runs_the_same_queries_as_in_english(
    settings, client, trainee, spanish_starter, page
):
    # What rendering costs in each language; a kept page's cost: tests/lms/test_personal_pages.py.
    settings.PERSONAL_PAGES = False
    program, _ = spanish_starter
    learning.enrollment_create(trainee=trainee, program=program)
    module = _first_module()
    learning.content_note_acknowledge(user=trainee, module=module)
    lesson = LessonPage.objects.child_of(module).first()
    url = {
        "module": reverse("lms:module", args=[module.pk]),
        "lesson": reverse("lms:lesson", args=[lesson.pk]),
        "program": reverse("lms:program", args=[program.pk]),
    }[page]
    counts = {}
    for language in ("en", "es"):
        _reader(client, trainee, language)
        client.get(url)  # warm the per-process caches
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url)
        assert response.status_code == 200
        counts[language] = len(captured)
    assert counts["es"] == counts["en"]


# ------------------------------------------------------------------------------
# Editors: the English text moved on
# ------------------------------------------------------------------------------
def _change_english(lesson, text):
    body = lesson.body.get_prep_value()
    body[0]["value"] = f"<p>{text}</p>"
    lesson.body = json.dumps(body)
    lesson.save_revision().publish()


def test_a_changed_english_lesson_marks_its_translation_out_of_date_until_it_is_translated(
    client, superuser, enrolled_reader, trainee, django_capture_on_commit_callbacks
):
    module = _first_module()
    learning.content_note_acknowledge(user=trainee, module=module)
    lesson = LessonPage.objects.child_of(module).first()
    spanish = _spanish(lesson)
    assert not translation_status(spanish).is_out_of_date
    _change_english(lesson, "Recovery is a process a person leads, in their own time.")
    status = translation_status(Page.objects.get(pk=spanish.pk))
    assert status.is_out_of_date
    assert spanish.pk in {page.pk for page, _status in out_of_date_translations()}
    # The Spanish page keeps serving its last translation meanwhile.
    response = enrolled_reader.get(reverse("lms:lesson", args=[lesson.pk]))
    assert "in their own time" not in response.content.decode()
    # The editors' report lists it.
    admin = client.__class__()
    admin.force_login(superuser)
    report = admin.get(reverse("curriculum_translations_out_of_date"))
    assert report.status_code == 200
    assert spanish.title in report.content.decode()
    # Sync (wagtail-localize's "Sync translated pages"), translate the new text, publish.
    source, _ = TranslationSource.update_or_create_from_instance(lesson)
    target = Translation.objects.get(source=source, target_locale__language_code="es")
    po = target.export_po()
    for entry in po:
        if entry.msgid == "Recovery is a process a person leads, in their own time.":
            entry.msgstr = "La recuperación es un proceso que la persona dirige, a su tiempo."
    target.import_po(po)
    with django_capture_on_commit_callbacks(execute=True):
        target.save_target(publish=True)
    assert not translation_status(Page.objects.get(pk=spanish.pk)).is_out_of_date
    assert spanish.pk not in {page.pk for page, _status in out_of_date_translations()}
    response = enrolled_reader.get(reverse("lms:lesson", args=[lesson.pk]))
    assert "a su tiempo" in response.content.decode()


def test_english_pages_have_no_translation_status(spanish_starter):
    assert translation_status(_first_module()) is None
    with translation.override("es"):
        assert translation_status(_first_module()) is None


def test_search_in_spanish_finds_spanish_modules_only_once(client, spanish_starter):
    index = ProgramPage.objects.originals().first().get_parent().get_parent()
    response = client.get(index.url, {"q": "recuperación"}, HTTP_ACCEPT_LANGUAGE="es")
    assert response.status_code == 200
    body = response.content.decode()
    assert body.count(starter_content_es.MODULES[0]["title"]) >= 1


def test_an_rcos_editors_may_translate_their_own_pages(spanish_starter, own_section, trainee):
    from django.contrib.auth.models import Group

    from curriculum.editorial import editors_group_name

    editors = Group.objects.get(name=editors_group_name(own_section.section.slug))
    editor = trainee  # any account put in the section's editors group
    editor.groups.add(editors)
    assert editor.has_perm("wagtail_localize.submit_translation")
