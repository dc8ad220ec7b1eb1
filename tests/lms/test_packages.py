"""Packaged activities (SCORM) in a lesson (H5P ones: test_h5p_packages.py): uploading checks
and stores a package, its files
are served path by path, the runtime's commits are kept and resumed, and completing the package
completes the lesson, its module and the hours."""

import io
import json
from decimal import Decimal

from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.forms import modelform_factory
from django.urls import reverse

import pytest

from curriculum.forms import LearningPackageForm
from curriculum.models import LearningPackage
from lms.accounts.models import Role
from lms.learning.models import LessonProgress, ModuleCompletion, PackageAttempt
from lms.learning.package_views import commit_url
from lms.learning.services import enrollment_create
from tests.curriculum import scorm_builders as build
from tests.factories import OrganizationFactory, UserFactory, person_with_role
from tests.lms.builders import build_module, publish


def package_form(**kwargs):
    """The snippet's admin form (Wagtail builds it from the model's panels the same way)."""
    form_class = modelform_factory(
        LearningPackage, form=LearningPackageForm, fields=["title", "upload"]
    )
    return form_class(**kwargs)


def upload_package(data: bytes, *, name="course.zip", title="") -> LearningPackage:
    form = package_form(
        data={"title": title},
        files={"upload": SimpleUploadedFile(name, data, "application/zip")},
        instance=LearningPackage(),
    )
    assert form.is_valid(), form.errors
    return form.save()


@pytest.fixture
def package_lesson(program, ethics_domain):
    module = build_module(
        program,
        title="Boundaries",
        hours=Decimal("1"),
        domains=[(ethics_domain, Decimal("1"))],
        lessons=1,
    )
    lesson = module.get_children().specific().get()
    package = upload_package(build.scorm_2004(), title="Boundaries activity")
    lesson.body = json.dumps(
        [
            {"type": "text", "value": "<p>Work through the activity.</p>"},
            {
                "type": "package",
                "value": {"package": package.pk, "frame_height": 500},
                "id": "pkg-1",
            },
        ]
    )
    publish(lesson)
    return module, lesson.specific, package


@pytest.fixture
def learner(package_lesson, program):
    trainee = person_with_role(Role.TRAINEE, OrganizationFactory())
    enrollment_create(trainee=trainee, program=program)
    return trainee


def test_an_uploaded_package_is_unpacked_into_storage(db):
    package = upload_package(build.scorm_12())
    assert package.kind == "scorm12" and package.launch == "index.html"
    assert package.title == "Listening without fixing (SCORM 1.2)"
    with default_storage.open(f"{package.folder}/course.js") as stored:
        assert b"LMSInitialize" in stored.read()


@pytest.mark.parametrize(
    ("builder", "words"),
    [
        (build.traversal, "outside the package"),
        (build.bomb, "zip bomb"),
        (build.missing_manifest, "no imsmanifest.xml"),
        (build.wrong_launch, "start.html"),
        (build.symlink, "link"),
    ],
)
def test_a_hostile_package_is_refused_and_nothing_is_stored(db, builder, words):
    form = package_form(
        data={"title": "Hostile"},
        files={"upload": SimpleUploadedFile("bad.zip", builder(), "application/zip")},
        instance=LearningPackage(),
    )
    assert not form.is_valid()
    assert words in " ".join(form.errors["upload"])
    assert not LearningPackage.objects.exists()


def test_staff_upload_a_package_in_the_wagtail_admin(client, db):
    admin = UserFactory(is_superuser=True, is_staff=True)
    client.force_login(admin)
    url = reverse("wagtailsnippets_curriculum_learningpackage:add")
    response = client.post(
        url, {"title": "", "upload": SimpleUploadedFile("x.zip", build.traversal())}
    )
    assert response.status_code == 200
    assert "outside the package" in response.content.decode()
    response = client.post(
        url, {"title": "Listening", "upload": SimpleUploadedFile("ok.zip", build.scorm_12())}
    )
    assert response.status_code == 302
    assert LearningPackage.objects.get().title == "Listening"


def test_package_files_are_served_only_when_the_package_lists_them(client, package_lesson):
    _module, _lesson, package = package_lesson
    response = client.get(reverse("lms:package_file", args=[package.key, "content/course.js"]))
    assert response.status_code == 200
    assert b"API_1484_11" in b"".join(response.streaming_content)
    assert response["X-Frame-Options"] == "SAMEORIGIN"
    assert "'unsafe-inline'" in response["Content-Security-Policy"]
    for path in ("content/../imsmanifest.xml", "other.js", "../../etc/passwd"):
        assert client.get(f"/packages/{package.key}/{path}").status_code == 404


def _commit(client, trainee, lesson, cmi, *, block="pkg-1"):
    return client.post(
        commit_url(user=trainee, lesson=lesson, block_id=block),
        data=json.dumps({"cmi": cmi}),
        content_type="text/plain;charset=UTF-8",  # as the runtime's last commit (a beacon) sends it
    )


def test_progress_is_kept_resumed_and_completion_completes_the_module(
    client, package_lesson, learner
):
    module, lesson, _package = package_lesson
    client.force_login(learner)
    page = client.get(reverse("lms:lesson", args=[lesson.pk])).content.decode()
    assert "data-package-player" in page and "I have finished this lesson" not in page

    response = _commit(
        client,
        learner,
        lesson,
        {"location": "2", "suspend_data": "step=2", "completion_status": "incomplete"},
    )
    assert response.json() == {"result": True, "errorCode": 0, "completed": False}
    page = client.get(reverse("lms:lesson", args=[lesson.pk])).content.decode()
    resume = json.loads(
        page.split('id="package-pkg-1-resume" type="application/json">')[1].split("</script>")[0]
    )
    assert resume == {
        "location": "2",
        "completion_status": "incomplete",
        "entry": "resume",
        "suspend_data": "step=2",
    }

    # Completed but not passed, where the package sets a mastery score: not complete yet.
    _commit(
        client,
        learner,
        lesson,
        {"completion_status": "completed", "success_status": "failed", "score": {"raw": "40"}},
    )
    assert not LessonProgress.objects.filter(
        user=learner, lesson=lesson, completed_at__isnull=False
    ).exists()
    response = _commit(
        client,
        learner,
        lesson,
        {
            "completion_status": "completed",
            "success_status": "passed",
            "score": {"raw": "90", "scaled": "0.9"},
        },
    )
    assert response.json()["completed"] is True
    attempt = PackageAttempt.objects.get(user=learner)
    assert attempt.score_raw == 90 and attempt.commits == 3
    assert LessonProgress.objects.get(user=learner, lesson=lesson).completed_at is not None
    completion = ModuleCompletion.objects.get(user=learner, module=module)
    assert completion.contact_hours == Decimal("1")


def test_a_commit_needs_the_persons_own_token(client, package_lesson, learner):
    _module, lesson, _package = package_lesson
    other = person_with_role(Role.TRAINEE, OrganizationFactory())
    client.force_login(other)
    response = _commit(client, learner, lesson, {"completion_status": "completed"})
    assert response.status_code == 404  # someone else's activity, as any other person's record
    response = client.post(
        reverse("lms:package_commit", args=[lesson.pk, "pkg-1"]) + "?t=forged",
        data="{}",
        content_type="application/json",
    )
    assert response.status_code == 403
    assert not PackageAttempt.objects.exists()


def test_bad_commits_are_answered_plainly(client, package_lesson, learner):
    _module, lesson, _package = package_lesson
    client.force_login(learner)
    url = commit_url(user=learner, lesson=lesson, block_id="pkg-1")
    assert client.post(url, data="not json", content_type="application/json").status_code == 400
    assert _commit(client, learner, lesson, {"suspend_data": "x" * 300_000}).status_code in (
        400,
        413,
    )
    assert _commit(client, learner, lesson, {}, block="not-a-block").status_code in (400, 403)
    assert not PackageAttempt.objects.exists()


def test_marking_a_package_lesson_finished_by_hand_is_refused(client, package_lesson, learner):
    _module, lesson, _package = package_lesson
    client.force_login(learner)
    client.post(reverse("lms:lesson_complete", args=[lesson.pk]))
    assert not LessonProgress.objects.filter(
        user=learner, lesson=lesson, completed_at__isnull=False
    ).exists()


def test_scorm_12_status_counts_as_completed_and_passed(db):
    from lms.learning.services import package_status

    assert package_status(
        "scorm12",
        {"core": {"lesson_status": "passed", "lesson_location": "3", "score": {"raw": "85"}}},
    ) == ("3", "completed", "passed", "85")
    assert package_status("scorm12", {"core": {"lesson_status": "incomplete"}})[1:3] == (
        "incomplete",
        "",
    )
    assert package_status("scorm2004", io.StringIO()) == ("", "", "", None)


def test_section_editors_may_upload_packages(db):
    from curriculum.editorial import section_with_access_ensure

    access = section_with_access_ensure(slug="riverside", title="Riverside")
    editor = UserFactory()
    editor.groups.add(access.editors)
    assert editor.has_perm("curriculum.add_learningpackage")
    assert not editor.has_perm("curriculum.delete_learningpackage")
