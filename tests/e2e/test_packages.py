"""Packaged activities in the browser.

A SCORM 2004 package: staff upload it in the Wagtail admin; a trainee plays it at a phone's
width, leaves, resumes in a new browser where they left off, and finishing it completes the
lesson and the module with its hours.

An H5P activity: staff upload it in the Wagtail admin with a pass mark; a trainee plays it at a
phone's width under the site's own Content Security Policy, scores below the pass mark, chooses
another answer and leaves, comes back in a new browser to their best score so far and the answer
they had chosen, passes, and the lesson and the module are
complete with their hours. Each journey's statements are in the LRS once."""

import json
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from curriculum.models import LearningPackage
from lms.accounts.models import Role
from lms.learning.models import ModuleCompletion, PackageAttempt
from lms.learning.services import enrollment_create
from tests.curriculum import scorm_builders as build
from tests.e2e.conftest import PHONE, assert_accessible, assert_fits_width, sign_in
from tests.factories import TEST_PASSWORD, OrganizationFactory, UserFactory, person_with_role
from tests.lms import test_xapi
from tests.lms.builders import build_module, build_program, publish

lrs = test_xapi.lrs  # the fixture: PeerPath pointed at the stack's LRS (Ralph)

pytestmark = pytest.mark.django_db(transaction=True)


def test_staff_upload_a_package_and_a_trainee_plays_resumes_and_finishes_it(
    page, chromium, live_server, tmp_path, lrs
):
    from curriculum.editorial import statewide_section_ensure
    from curriculum.models import CompetencyDomain
    from curriculum.starter import seed_current_taxonomy

    seed_current_taxonomy()
    domain = CompetencyDomain.objects.filter(slug="ethical-responsibility").first()
    program = build_program(statewide_section_ensure().section, title="Boundaries program")
    module = build_module(
        program, title="Boundaries", hours=Decimal("1"), domains=[(domain, Decimal("1"))], lessons=1
    )
    lesson = module.get_children().specific().get()

    # Staff upload the package in the Wagtail admin.
    admin = UserFactory(is_superuser=True, is_staff=True)
    sign_in(page, live_server, admin.email, TEST_PASSWORD)
    page.goto(f"{live_server.url}/admin/snippets/curriculum/learningpackage/add/")
    hostile = tmp_path / "hostile.zip"
    hostile.write_bytes(build.traversal())
    page.locator('input[type="file"]').set_input_files(str(hostile))
    page.get_by_role("button", name="Save").click()
    page.get_by_text("outside the package").first.wait_for()
    course = tmp_path / "boundaries.zip"
    course.write_bytes(build.scorm_2004())
    page.locator('input[type="file"]').set_input_files(str(course))
    page.get_by_role("button", name="Save").click()
    page.get_by_text("Boundaries in peer work (SCORM 2004)").first.wait_for()
    package = LearningPackage.objects.get()
    assert package.kind == "scorm2004"

    # The editor adds it to the lesson as a packaged activity, and publishes (written here
    # directly: the StreamField editor itself is Wagtail's, tested by Wagtail).
    lesson.body = json.dumps(
        [{"type": "package", "value": {"package": package.pk, "frame_height": 420}, "id": "pkg"}]
    )
    publish(lesson)

    trainee = person_with_role(Role.TRAINEE, OrganizationFactory(), display_name="Kai Jensen")
    enrollment_create(trainee=trainee, program=program)

    def open_lesson():
        context = chromium.new_context(viewport=PHONE, locale="en-US")
        context.set_default_timeout(15_000)
        phone = context.new_page()
        sign_in(phone, live_server, trainee.email, TEST_PASSWORD)
        phone.goto(f"{live_server.url}/learn/lessons/{lesson.pk}/")
        return context, phone, phone.frame_locator("iframe[data-package-frame]")

    context, phone, frame = open_lesson()
    frame.locator("#step").get_by_text("1").wait_for()
    assert_accessible(phone, context="a lesson with a SCORM package")
    assert_fits_width(phone)
    frame.get_by_role("button", name="Next step").click()
    frame.locator("#step").get_by_text("2").wait_for()
    attempt = PackageAttempt.objects.get(user=trainee)
    assert attempt.location == "2" and attempt.completed_at is None
    context.close()

    # Another browser: the package opens where the trainee left off.
    context, phone, frame = open_lesson()
    expect(phone.get_by_text("Welcome back")).to_be_visible()
    frame.locator("#step").get_by_text("2").wait_for()
    frame.get_by_role("button", name="Finish").click()
    phone.get_by_text("You completed this activity.").wait_for()
    phone.reload()
    phone.get_by_text("You completed this lesson").wait_for()
    completion = ModuleCompletion.objects.get(user=trainee, module=module)
    assert completion.contact_hours == Decimal("1")
    phone.goto(f"{live_server.url}/learn/modules/{module.pk}/")
    assert_accessible(phone, context="the module after the package")
    context.close()

    # The journey's learning records are in the LRS, each once: the lesson opened, the package
    # passed, the lesson and the module completed.
    statements = test_xapi.statements_for(trainee)
    kinds = sorted(
        (s["verb"]["display"]["en-US"], s["object"]["definition"]["type"].rsplit("/", 1)[-1])
        for s in statements
    )
    assert kinds == [
        ("completed", "lesson"),
        ("completed", "module"),
        ("launched", "lesson"),
        ("passed", "course"),
    ]
    passed = next(s for s in statements if s["verb"]["display"]["en-US"] == "passed")
    assert passed["result"]["score"]["raw"] == 90 and passed["result"]["success"] is True


def test_staff_upload_an_h5p_activity_and_a_trainee_passes_it(
    page, chromium, live_server, tmp_path, lrs
):
    from curriculum.editorial import statewide_section_ensure
    from curriculum.models import CompetencyDomain
    from curriculum.starter import seed_current_taxonomy

    seed_current_taxonomy()
    domain = CompetencyDomain.objects.filter(slug="ethical-responsibility").first()
    program = build_program(statewide_section_ensure().section, title="Listening program")
    module = build_module(
        program,
        title="Listening",
        hours=Decimal("1.5"),
        domains=[(domain, Decimal("1.5"))],
        lessons=1,
    )
    lesson = module.get_children().specific().get()

    # Staff upload the activity in the Wagtail admin: refused without its library, then
    # refused without a pass mark, then kept.
    admin = UserFactory(is_superuser=True, is_staff=True)
    sign_in(page, live_server, admin.email, TEST_PASSWORD)
    page.goto(f"{live_server.url}/admin/snippets/curriculum/learningpackage/add/")
    hostile = tmp_path / "no-library.h5p"
    hostile.write_bytes(build.h5p_missing_library())
    page.locator('input[type="file"]').set_input_files(str(hostile))
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("needs the library H5P.PeerQuiz 1.1").first).to_be_visible()
    activity = tmp_path / "listening.h5p"
    activity.write_bytes(build.h5p())
    page.locator('input[type="file"]').set_input_files(str(activity))
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("An H5P activity needs a pass mark").first).to_be_visible()
    page.locator('input[type="file"]').set_input_files(str(activity))
    page.get_by_role("spinbutton", name="Pass mark (%)").fill("80")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text(build.H5P_TITLE).first).to_be_visible()
    package = LearningPackage.objects.get()
    assert package.kind == "h5p" and package.pass_mark == Decimal("80")

    # The editor adds it to the lesson as a packaged activity, and publishes (written here
    # directly: the StreamField editor itself is Wagtail's, tested by Wagtail).
    lesson.body = json.dumps(
        [
            {"type": "text", "value": "<p>Try the activity below.</p>"},
            {"type": "package", "value": {"package": package.pk, "frame_height": 600}, "id": "h5p"},
        ]
    )
    publish(lesson)

    trainee = person_with_role(Role.TRAINEE, OrganizationFactory(), display_name="Ari Moreno")
    enrollment_create(trainee=trainee, program=program)
    refused_by_policy = []

    def open_lesson():
        context = chromium.new_context(viewport=PHONE, locale="en-US")
        context.set_default_timeout(15_000)
        phone = context.new_page()
        phone.on(
            "console",
            lambda message: (
                refused_by_policy.append(message.text)
                if "Content Security Policy" in message.text
                else None
            ),
        )
        sign_in(phone, live_server, trainee.email, TEST_PASSWORD)
        phone.goto(f"{live_server.url}/learn/lessons/{lesson.pk}/")
        return context, phone

    context, phone = open_lesson()
    activity_area = phone.locator("[data-h5p-container]")
    expect(activity_area.get_by_text(build.H5P_CONTENT["question"])).to_be_visible()
    expect(phone.get_by_text("a score of 80% or more completes it")).to_be_visible()
    assert_accessible(phone, context="a lesson with an H5P activity")
    assert_fits_width(phone)
    activity_area.get_by_role("button", name="Tell them what worked for you").click()
    activity_area.get_by_role("button", name="Check my answer").click()
    expect(phone.get_by_text("Your score was below the pass mark of 80%")).to_be_visible()
    attempt = PackageAttempt.objects.get(user=trainee)
    assert attempt.score_raw == 1 and attempt.completed_at is None

    # The trainee chooses another answer and leaves before checking it: the activity's own
    # state reaches PeerPath as they go.
    def saves_second_answer(response):
        request = response.request
        return (
            request.method == "POST"
            and "/packages/h5p/state/" in response.url
            and "chosen%22%3A1" in (request.post_data or "")
        )

    with phone.expect_response(saves_second_answer) as saved:
        activity_area.get_by_role("button", name="Reflect back what you heard").click()
    assert saved.value.ok
    attempt.refresh_from_db()
    assert json.loads(attempt.h5p_state) == {"chosen": 1}
    assert attempt.score_raw == 1 and attempt.completed_at is None
    context.close()

    # Another browser: the lesson remembers the best score so far, and the activity opens with
    # the answer they had chosen; checking it passes.
    context, phone = open_lesson()
    expect(phone.get_by_text("your best score so far is 25%")).to_be_visible()
    activity_area = phone.locator("[data-h5p-container]")
    expect(
        activity_area.get_by_role("button", name="Reflect back what you heard")
    ).to_have_attribute("aria-pressed", "true")
    expect(
        activity_area.get_by_role("button", name="Tell them what worked for you")
    ).to_have_attribute("aria-pressed", "false")
    expect(activity_area.get_by_text("Your choice: Reflect back what you heard")).to_be_visible()
    assert_fits_width(phone)
    activity_area.get_by_role("button", name="Check my answer").click()
    expect(phone.get_by_text("You completed this activity.")).to_be_visible()
    expect(phone.get_by_text("The lesson is complete.")).to_be_visible()
    phone.reload()
    expect(phone.get_by_text("You completed this lesson")).to_be_visible()
    assert_accessible(phone, context="a lesson with a completed H5P activity")
    completion = ModuleCompletion.objects.get(user=trainee, module=module)
    assert completion.contact_hours == Decimal("1.5")
    phone.goto(f"{live_server.url}/learn/modules/{module.pk}/")
    expect(phone.get_by_role("heading", name="Listening").first).to_be_visible()
    assert_accessible(phone, context="the module after the H5P activity")
    context.close()
    assert refused_by_policy == [], refused_by_policy

    # The journey's learning records are in the LRS, each once.
    statements = test_xapi.statements_for(trainee)
    kinds = sorted(
        (s["verb"]["display"]["en-US"], s["object"]["definition"]["type"].rsplit("/", 1)[-1])
        for s in statements
    )
    assert kinds == [
        ("completed", "lesson"),
        ("completed", "module"),
        ("launched", "lesson"),
        ("passed", "course"),
    ]
    assert len({s["id"] for s in statements}) == len(statements)
    passed = next(s for s in statements if s["verb"]["display"]["en-US"] == "passed")
    assert passed["result"]["score"] == {"raw": 4, "min": 0, "max": 4, "scaled": 1}
    assert passed["object"]["id"].endswith(f"/packages/{package.key}/h5p.json")
