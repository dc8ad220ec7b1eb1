"""A Spanish-speaking newcomer does everything in Spanish, on a phone (issue 14): sign up
choosing Español, enrol in the starter program, read the content note and a lesson, write a
reflection, take the assessment with feedback, log practice hours with a mistake, download the
transcript, and have it verified. Every page says lang="es" and passes axe.

Labels are read from the Spanish catalogue (the words a Spanish reader sees), and the lesson
texts from the Spanish starter content, so the test follows the product's own words.
"""

import re
import subprocess
from datetime import timedelta

from django.core import mail
from django.utils import timezone, translation
from django.utils.translation import gettext

import pytest
from playwright.sync_api import expect

from certification.supervision.models import PracticeLogEntry
from curriculum import starter_content_es
from curriculum.models import ModulePage
from curriculum.starter import seed_starter_program
from curriculum.starter_translation import translate_starter_program
from lms.accounts.models import Membership, Role, User
from lms.learning.models import AssessmentAttempt, ReflectionDraft, TranscriptIssue
from tests.certification.conftest import make_signed_agreement
from tests.e2e.conftest import assert_accessible, assert_fits_width
from tests.factories import OrganizationFactory, person_with_role
from tests.lms.builders import attend_every_live_part

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

PASSWORD = "una frase de paso larga para rosa"
MODULE_ES = starter_content_es.MODULES[0]
PHONE = {"width": 360, "height": 780}
NEW_SPANISH_TITLE = "Lo que significa la recuperación para quien la vive"


def es(text: str) -> str:
    """What a Spanish reader sees for one of the product's English strings."""
    with translation.override("es"):
        translated = gettext(text)
    assert translated != text, f"not translated: {text!r}"
    return translated


@pytest.fixture
def spanish_phone(chromium, live_server):
    context = chromium.new_context(viewport=PHONE, locale="es-US")
    context.set_default_timeout(15_000)
    page = context.new_page()
    yield page
    context.close()


def check(page, context: str) -> None:
    assert page.locator("html").get_attribute("lang") == "es", context
    assert_accessible(page, context=context)
    assert_fits_width(page)


def test_a_spanish_speaker_signs_up_learns_logs_hours_and_verifies_in_spanish(
    spanish_phone, live_server, settings, tmp_path
):
    settings.PEERPATH_BASE_URL = live_server.url
    seed_starter_program()
    translate_starter_program()
    organization = OrganizationFactory(name="Comunidad de Recuperación Riverbend", slug="rb")
    supervisor = person_with_role(Role.SUPERVISOR, organization, display_name="Sam Okafor")
    page = spanish_phone

    # Sign up, choosing Español (the browser already asks for Spanish).
    page.goto(live_server.url + "/")
    check(page, "home page in Spanish")
    page.get_by_role("link", name=es("Get started")).first.click()
    page.locator('input[name="email"]').fill("rosa@example.org")
    page.locator('input[name="display_name"]').fill("Rosa Medina")
    page.locator('select[name="preferred_language"]').select_option("es")
    page.locator('input[name="password1"]').fill(PASSWORD)
    page.locator('input[name="password2"]').fill(PASSWORD)
    page.locator('form button[type="submit"]').last.click()
    page.wait_for_load_state()
    rosa = User.objects.get(email="rosa@example.org")
    assert rosa.preferred_language == "es"
    (message,) = [m for m in mail.outbox if m.to == ["rosa@example.org"]]
    link = re.search(r"https?://\S+/accounts/confirm-email/\S+", message.body).group(0)
    page.goto(link)
    page.locator('form button[type="submit"]').last.click()
    page.wait_for_load_state()
    # (Staff accept her request; that journey is tests/e2e/test_getting_started.py.)
    Membership.objects.create(user=rosa, organization=organization, role=Role.TRAINEE)
    make_signed_agreement(trainee=rosa, supervisor=supervisor, organization=organization)

    # Enrol in the starter program, which reads in Spanish.
    page.goto(live_server.url + "/learn/")
    check(page, "learning home")
    page.get_by_role("link", name=starter_content_es.PROGRAM["title"]).click()
    page.get_by_role("button", name=es("Enrol in this program")).click()
    check(page, "program page")

    # The module: its content note first, then the lessons.
    page.get_by_role("link", name=MODULE_ES["title"]).first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(MODULE_ES["title"])
    check(page, "module page")
    page.get_by_role("link", name=es("Start the first lesson")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(MODULE_ES["lessons"][0]["title"])
    page.get_by_role("textbox").first.fill("La esperanza me deja ver un paso siguiente.")
    page.get_by_text(re.compile(es("Saved at %(time)s").split("%")[0].strip())).first.wait_for()
    assert ReflectionDraft.objects.filter(user=rosa).exists()
    check(page, "lesson page")
    for _lesson in MODULE_ES["lessons"]:
        page.get_by_role("button", name=es("I have finished this lesson")).click()
        page.wait_for_load_state()

    # The assessment, in Spanish, with feedback on each question.
    page.get_by_role("button", name=es("Start the assessment")).click()
    attempt = AssessmentAttempt.objects.get(user=rosa)
    prompts = {question[1] for question in MODULE_ES["questions"]}
    assert {question["prompt"] for question in attempt.questions} <= prompts
    check(page, "assessment")
    for number, question in enumerate(attempt.questions, start=1):
        wrong = next(o for o in question["options"] if not o["is_correct"])
        page.locator(f'input[value="{wrong["id"]}"]').check()
        page.locator(f"#status-{number}").wait_for()
    page.get_by_role("button", name=es("Submit my answers")).click()
    expect(page.get_by_role("heading", name=es("Feedback on each question"))).to_be_visible()
    check(page, "assessment result with feedback")
    AssessmentAttempt.objects.filter(pk=attempt.pk).update(
        submitted_at=timezone.now() - timedelta(minutes=11)
    )

    # Later (the pause over), she passes; with its live sessions attended the module is done.
    page.reload()
    page.get_by_role("button", name=es("Try again")).click()
    second = AssessmentAttempt.objects.get(user=rosa, number=2)
    for number, question in enumerate(second.questions, start=1):
        for option in question["options"]:
            if option["is_correct"]:
                page.locator(f'input[value="{option["id"]}"]').check()
        page.locator(f"#status-{number}").wait_for()
    page.get_by_role("button", name=es("Submit my answers")).click()
    expect(page.get_by_text(es("You passed."))).to_be_visible()
    module = ModulePage.objects.live().originals().get(slug=MODULE_ES["slug"])
    attend_every_live_part(rosa, module, organization)

    # The next module opens with its content note, in Spanish, before its lessons.
    trauma = starter_content_es.MODULES[1]
    page.goto(live_server.url + "/learn/")
    page.get_by_role("link", name=starter_content_es.PROGRAM["title"]).first.click()
    page.get_by_role("link", name=trauma["title"]).first.click()
    expect(page.get_by_text(trauma["content_note"])).to_be_visible()
    check(page, "content note")
    page.get_by_role("button", name=es("I am ready: show the lessons")).click()
    expect(page.get_by_role("link", name=trauma["lessons"][0]["title"])).to_be_visible()

    # Practice hours: a mistake answers in Spanish and keeps what she typed.
    page.goto(live_server.url + "/practice/")
    check(page, "practice log")
    future = timezone.localdate() + timedelta(days=2)
    page.locator('input[name="date"]').fill(future.isoformat())
    page.locator('input[name="duration_hours"]').fill("2")
    page.locator('textarea[name="description"]').fill("Acompañé una reunión de ayuda mutua.")
    page.get_by_role("button", name=es("Save as draft")).click()
    page.wait_for_load_state()
    assert not PracticeLogEntry.objects.filter(trainee=rosa).exists()
    expect(page.locator("#id_date_error")).to_have_text(
        es("This date is in the future. Log hours on or after the day they happened.")
    )
    assert page.locator('textarea[name="description"]').input_value() == (
        "Acompañé una reunión de ayuda mutua."
    )
    check(page, "practice entry with an error")

    # Her transcript, as a PDF in Spanish, and its verification page in Spanish.
    page.goto(live_server.url + "/learn/transcript/")
    check(page, "transcript")
    with page.expect_download() as download_info:
        page.get_by_role("link", name=es("Download as PDF")).click()
    pdf = tmp_path / "historial.pdf"
    download_info.value.save_as(pdf)
    text = subprocess.run(  # noqa: S603
        ["/usr/bin/pdftotext", "-layout", str(pdf), "-"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    assert es("Training transcript") in text
    assert es("Verification code") in text
    code = TranscriptIssue.objects.get(user=rosa).code
    page.context.clear_cookies()
    page.goto(f"{live_server.url}/verify/{code}/")
    expect(page.get_by_text("Rosa Medina")).to_be_visible()
    check(page, "verification page")
    assert ModulePage.objects.live().originals().count() == len(starter_content_es.MODULES)


def test_an_editor_changes_an_english_lesson_sees_it_out_of_date_and_brings_the_spanish_up_to_date(
    page, live_server, client
):
    from django.urls import reverse

    from wagtail.models import Locale

    from allauth.account.models import EmailAddress
    from wagtail_localize.models import Translation, TranslationSource

    from curriculum.models import LessonPage
    from lms.learning import services as learning
    from tests.e2e.conftest import sign_in
    from tests.factories import TEST_PASSWORD

    program = seed_starter_program()
    translate_starter_program()
    editor = User.objects.create_superuser(
        email="editor@example.org", password=TEST_PASSWORD, display_name="Dana Editor"
    )
    EmailAddress.objects.create(user=editor, email=editor.email, verified=True, primary=True)
    lesson = LessonPage.objects.originals().get(slug=MODULE_ES["lessons"][0]["slug"])
    spanish = lesson.get_translation(Locale.objects.get(language_code="es"))
    new_title = "What recovery means to the person living it"

    # The editor changes the English lesson's title and publishes it.
    sign_in(page, live_server, editor.email, TEST_PASSWORD)
    page.goto(f"{live_server.url}/admin/pages/{lesson.pk}/edit/")
    page.locator("#id_title").fill(new_title)
    page.get_by_role("button", name="More actions").first.click()
    page.get_by_role("button", name="Publish").click()
    page.wait_for_load_state()
    assert LessonPage.objects.get(pk=lesson.pk).title == new_title

    # The Spanish lesson shows as out of date, and keeps its last translation meanwhile.
    page.goto(f"{live_server.url}/admin/translations/out-of-date/")
    row = page.locator("tr.translation-out-of-date", has_text=MODULE_ES["lessons"][0]["title"])
    expect(row).to_be_visible()
    expect(row.get_by_text("Out of date")).to_be_visible()

    # Sync translated pages (wagtail-localize's button on the English page), then translate.
    source = TranslationSource.objects.get_for_instance(lesson)
    sync_url = reverse("wagtail_localize:update_translations", args=[source.pk])
    # wagtail-localize's "Sync translated pages" form (its menu item's address).
    page.goto(live_server.url + sync_url)
    page.locator('input[type="submit"]').first.click()
    page.wait_for_load_state()
    # The new string is translated as a PO upload stores it (the React editor's own boxes are
    # not driven here), then the editor publishes the translation from the translation editor.
    target = Translation.objects.get(source=source, target_locale__language_code="es")
    po = target.export_po()
    for entry in po:
        if entry.msgid == new_title:
            entry.msgstr = NEW_SPANISH_TITLE
    target.import_po(po)
    page.goto(f"{live_server.url}/admin/pages/{spanish.pk}/edit/")
    expect(page.get_by_text(NEW_SPANISH_TITLE).first).to_be_visible()
    page.get_by_role("button", name="Publish in Spanish").click()
    page.wait_for_load_state()

    # Up to date again, and a trainee reading Spanish sees the new text.
    page.goto(f"{live_server.url}/admin/translations/out-of-date/")
    expect(page.locator("tr.translation-out-of-date", has_text="para quien la vive")).to_have_count(
        0
    )
    trainee = person_with_role(
        Role.TRAINEE, OrganizationFactory(), display_name="Rosa Medina", email="rosa@example.org"
    )
    trainee.preferred_language = "es"
    trainee.save(update_fields=["preferred_language"])
    learning.enrollment_create(trainee=trainee, program=program)
    module = ModulePage.objects.live().originals().get(slug=MODULE_ES["slug"])
    learning.content_note_acknowledge(user=trainee, module=module)
    client.force_login(trainee)
    response = client.get(reverse("lms:lesson", args=[lesson.pk]))
    assert NEW_SPANISH_TITLE in response.content.decode()
