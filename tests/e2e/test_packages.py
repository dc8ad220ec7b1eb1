"""A SCORM 2004 package: staff upload it in the Wagtail admin; a trainee plays it at a phone's
width, leaves, resumes in a new browser where they left off, and finishing it completes the
lesson and the module with its hours."""

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
