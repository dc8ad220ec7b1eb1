"""H5P activities in a lesson: uploading one needs a pass mark and is checked like a SCORM
package; the activity's scored result, posted with the page's signed token, is checked, kept,
and completes the block (then the lesson, the module and its hours) when it reaches the pass
mark; the package-finished statement reaches the LRS once. The activity's own state, posted as
H5P core posts it, is kept (the latest, up to 64 KB) and handed back to the player."""

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
from lms.learning.package_views import result_url, state_url
from lms.learning.services import enrollment_create
from lms.xapi import XapiStatement
from tests.curriculum import scorm_builders as build
from tests.factories import OrganizationFactory, UserFactory, person_with_role
from tests.lms import test_xapi
from tests.lms.builders import build_module, publish

lrs = test_xapi.lrs


def h5p_form(data: bytes, *, mark="80", name="activity.h5p"):
    form_class = modelform_factory(
        LearningPackage, form=LearningPackageForm, fields=["title", "upload", "pass_mark"]
    )
    return form_class(
        data={"title": "", "pass_mark": mark},
        files={"upload": SimpleUploadedFile(name, data, "application/zip")},
        instance=LearningPackage(),
    )


def upload_h5p(data: bytes | None = None, *, mark="80") -> LearningPackage:
    form = h5p_form(data or build.h5p(), mark=mark)
    assert form.is_valid(), form.errors
    return form.save()


@pytest.fixture
def h5p_lesson(program, ethics_domain):
    module = build_module(
        program,
        title="Listening",
        hours=Decimal("1"),
        domains=[(ethics_domain, Decimal("1"))],
        lessons=1,
    )
    lesson = module.get_children().specific().get()
    package = upload_h5p()
    lesson.body = json.dumps(
        [
            {"type": "text", "value": "<p>Try the activity.</p>"},
            {"type": "package", "value": {"package": package.pk, "frame_height": 600}, "id": "h5p"},
        ]
    )
    publish(lesson)
    return module, lesson.specific, package


@pytest.fixture
def learner(h5p_lesson, program):
    trainee = person_with_role(Role.TRAINEE, OrganizationFactory())
    enrollment_create(trainee=trainee, program=program)
    return trainee


def post_result(client, trainee, lesson, payload, *, block="h5p"):
    return client.post(
        result_url(user=trainee, lesson=lesson, block_id=block),
        data=json.dumps(payload),
        content_type="application/json",
    )


def scored(raw, maximum=4, verb="completed"):
    return {"verb": verb, "score": {"raw": raw, "max": maximum, "scaled": raw / maximum}}


# ------------------------------------------------------------------------------
# Uploading
# ------------------------------------------------------------------------------
def test_an_uploaded_h5p_activity_is_unpacked_with_its_pass_mark(db):
    package = upload_h5p(mark="75")
    assert package.kind == "h5p" and package.is_h5p
    assert package.title == build.H5P_TITLE
    assert package.pass_mark == Decimal("75")
    assert package.launch == "h5p.json"
    with default_storage.open(f"{package.folder}/H5P.PeerQuiz-1.1/peer-quiz.js") as stored:
        assert b"triggerXAPIScored" in stored.read()


def test_an_h5p_activity_needs_a_pass_mark(db):
    form = h5p_form(build.h5p(), mark="")
    assert not form.is_valid()
    assert "needs a pass mark" in " ".join(form.errors["pass_mark"])
    assert not LearningPackage.objects.exists()


@pytest.mark.parametrize("pass_mark", ["-1", "100.5"])
def test_a_pass_mark_is_a_percentage(db, pass_mark):
    assert not h5p_form(build.h5p(), mark=pass_mark).is_valid()


def test_a_scorm_package_takes_no_pass_mark(db):
    form = h5p_form(build.scorm_12(), mark="80", name="course.zip")
    assert not form.is_valid()
    assert "leave the pass mark empty" in " ".join(form.errors["pass_mark"])


def _stored() -> tuple:
    """What the default storage holds under packages/ (each package's folder, the uploads)."""
    found = []
    for folder in ("packages", "packages/uploads"):
        try:
            found.append(json.dumps(default_storage.listdir(folder), sort_keys=True))
        except FileNotFoundError:
            found.append("")
    return tuple(found)


@pytest.mark.parametrize(
    ("builder", "words"),
    [
        (build.h5p_traversal, "outside the package"),
        (build.h5p_missing_h5p_json, "h5p.json"),
        (build.h5p_missing_library, "H5P.PeerQuiz 1.1"),
        (build.h5p_bad_json, "not valid JSON"),
        (build.h5p_with_php, "shell.php"),
    ],
)
def test_a_hostile_h5p_file_is_refused_and_nothing_is_stored(db, builder, words):
    before = _stored()
    form = h5p_form(builder())
    assert not form.is_valid()
    assert words in " ".join(form.errors["upload"])
    assert not LearningPackage.objects.exists()
    assert _stored() == before


def test_staff_upload_an_h5p_activity_in_the_wagtail_admin(client, db):
    admin = UserFactory(is_superuser=True, is_staff=True)
    client.force_login(admin)
    url = reverse("wagtailsnippets_curriculum_learningpackage:add")
    response = client.post(
        url, {"title": "", "upload": SimpleUploadedFile("x.h5p", build.h5p_missing_library())}
    )
    assert response.status_code == 200
    assert "H5P.PeerQuiz 1.1" in response.content.decode()
    response = client.post(
        url,
        {"title": "", "pass_mark": "80", "upload": SimpleUploadedFile("ok.h5p", build.h5p())},
    )
    assert response.status_code == 302
    package = LearningPackage.objects.get()
    assert (package.title, package.pass_mark) == (build.H5P_TITLE, Decimal("80"))


# ------------------------------------------------------------------------------
# Playing: the page, the files, the score
# ------------------------------------------------------------------------------
def test_the_lesson_plays_the_activity_in_the_page_with_the_pass_mark(client, h5p_lesson, learner):
    _module, lesson, package = h5p_lesson
    client.force_login(learner)
    page = client.get(reverse("lms:lesson", args=[lesson.pk])).content.decode()
    assert "data-h5p-player" in page and "data-package-frame" not in page
    assert f'data-h5p-json-path="/packages/{package.key}"' in page
    assert f'data-content-json-path="/packages/{package.key}/content"' in page
    assert "vendor/h5p-standalone/main.bundle.js" in page
    assert "scorm-again" not in page
    assert "a score of 80% or more completes it" in page
    assert "I have finished this lesson" not in page
    library = client.get(f"/packages/{package.key}/H5P.PeerQuiz-1.1/library.json")
    assert library.status_code == 200
    assert json.loads(b"".join(library.streaming_content))["minorVersion"] == 1


def test_a_score_below_the_pass_mark_is_kept_and_the_trainee_comes_back_to_it(
    client, h5p_lesson, learner
):
    _module, lesson, _package = h5p_lesson
    client.force_login(learner)
    response = post_result(client, learner, lesson, scored(1))
    assert response.status_code == 200
    assert response.json() == {
        "completed": False,
        "score_percent": "25.00",
        "lesson_completed": False,
    }
    attempt = PackageAttempt.objects.get(user=learner)
    assert (attempt.score_raw, attempt.score_max, attempt.success_status) == (1, 4, "failed")
    assert attempt.completed_at is None
    page = client.get(reverse("lms:lesson", args=[lesson.pk])).content.decode()
    assert "your best score so far is 25%; the pass mark is 80%" in page
    assert not LessonProgress.objects.filter(
        user=learner, lesson=lesson, completed_at__isnull=False
    ).exists()


def test_a_score_at_the_pass_mark_completes_the_lesson_module_and_hours(
    client, h5p_lesson, learner, program, ethics_domain
):
    module, lesson, package = h5p_lesson
    package.pass_mark = Decimal("75")
    package.save()
    client.force_login(learner)
    post_result(client, learner, lesson, scored(1))
    response = post_result(client, learner, lesson, scored(3, verb="answered"))  # 75%: passes
    assert response.json() == {
        "completed": True,
        "score_percent": "75.00",
        "lesson_completed": True,
    }
    attempt = PackageAttempt.objects.get(user=learner)
    assert attempt.completed_at is not None and attempt.success_status == "passed"
    assert attempt.commits == 2
    assert LessonProgress.objects.get(user=learner, lesson=lesson).completed_at is not None
    assert ModuleCompletion.objects.get(user=learner, module=module).contact_hours == Decimal("1")
    page = client.get(reverse("lms:lesson", args=[lesson.pk])).content.decode()
    assert "You completed this activity." in page and "You completed this lesson" in page


def test_a_fractional_score_is_kept_to_two_decimals(client, h5p_lesson, learner):
    _module, lesson, _package = h5p_lesson
    client.force_login(learner)
    response = post_result(
        client, learner, lesson, {"verb": "answered", "score": {"raw": 2.5, "max": 3}}
    )
    assert response.json()["score_percent"] == "83.33"
    response = post_result(client, learner, lesson, scored(1 / 3, 1))
    assert response.status_code == 200
    attempt = PackageAttempt.objects.get(user=learner)
    assert (attempt.score_raw, attempt.score_max) == (Decimal("2.50"), Decimal("3.00"))
    assert attempt.completed_at is not None  # 83.33% passes the pass mark of 80


def test_a_later_lower_score_keeps_the_best_and_the_completion(client, h5p_lesson, learner):
    _module, lesson, _package = h5p_lesson
    client.force_login(learner)
    post_result(client, learner, lesson, scored(4))
    response = post_result(client, learner, lesson, scored(0))
    assert response.json()["completed"] is True
    attempt = PackageAttempt.objects.get(user=learner)
    assert (attempt.score_raw, attempt.success_status) == (4, "passed")


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"verb": "completed", "score": {"raw": 5, "max": 4}}, "score"),
        ({"verb": "completed", "score": {"raw": -1, "max": 4}}, "score"),
        ({"verb": "completed", "score": {"raw": 0, "max": 0}}, "score"),
        ({"verb": "completed", "score": {"raw": "NaN", "max": 4}}, "score"),
        ({"verb": "completed", "score": {"raw": "many", "max": 4}}, "score"),
        ({"verb": "completed", "score": {"raw": 1, "max": 10**9}}, "score"),
        ({"verb": "completed", "score": {"raw": 1, "max": "Infinity"}}, "score"),
        ({"verb": "completed"}, "score"),
        ({"verb": "experienced", "score": {"raw": 1, "max": 4}}, "verb"),
        ([1, 2], "verb"),
    ],
)
def test_a_nonsense_result_is_answered_400_naming_the_field(
    client, h5p_lesson, learner, payload, field
):
    _module, lesson, _package = h5p_lesson
    client.force_login(learner)
    response = post_result(client, learner, lesson, payload)
    assert response.status_code == 400
    errors = response.json()
    assert field in errors
    assert all(isinstance(messages, list | dict) for messages in errors.values())
    assert not PackageAttempt.objects.exists()


def test_a_result_that_is_not_json_is_answered_400(client, h5p_lesson, learner):
    _module, lesson, _package = h5p_lesson
    client.force_login(learner)
    response = client.post(
        result_url(user=learner, lesson=lesson, block_id="h5p"),
        data="not json",
        content_type="application/json",
    )
    assert response.status_code == 400
    assert "non_field_errors" in response.json()


def test_a_result_for_a_block_that_is_not_in_the_lesson_is_refused(client, h5p_lesson, learner):
    _module, lesson, _package = h5p_lesson
    client.force_login(learner)
    response = post_result(client, learner, lesson, scored(4), block="nowhere")
    assert response.status_code == 400
    assert not PackageAttempt.objects.exists()


def test_scorm_runtime_data_cannot_complete_an_h5p_activity(client, h5p_lesson, learner):
    from lms.learning.package_views import commit_url

    _module, lesson, _package = h5p_lesson
    client.force_login(learner)
    response = client.post(
        commit_url(user=learner, lesson=lesson, block_id="h5p"),
        data=json.dumps({"cmi": {"completion_status": "completed"}}),
        content_type="application/json",
    )
    assert response.status_code == 400
    assert not PackageAttempt.objects.exists()


# ------------------------------------------------------------------------------
# Whose result
# ------------------------------------------------------------------------------
def test_someone_elses_result_address_answers_404(client, h5p_lesson, learner, program):
    _module, lesson, _package = h5p_lesson
    other = person_with_role(Role.TRAINEE, OrganizationFactory())
    enrollment_create(trainee=other, program=program)
    client.force_login(other)
    response = post_result(client, learner, lesson, scored(4))  # the learner's token
    assert response.status_code == 404
    assert "detail" in response.json()
    assert not PackageAttempt.objects.exists()


def test_a_forged_token_is_refused(client, h5p_lesson, learner):
    _module, lesson, _package = h5p_lesson
    client.force_login(learner)
    response = client.post(
        reverse("lms:package_result", args=[lesson.pk, "h5p"]) + "?t=forged",
        data=json.dumps(scored(4)),
        content_type="application/json",
    )
    assert response.status_code == 403
    assert "reload it" in response.json()["detail"]
    assert not PackageAttempt.objects.exists()


def test_a_trainee_not_enrolled_cannot_record_a_result(client, h5p_lesson):
    _module, lesson, _package = h5p_lesson
    outsider = person_with_role(Role.TRAINEE, OrganizationFactory())
    client.force_login(outsider)
    response = post_result(client, outsider, lesson, scored(4))
    assert response.status_code == 403
    assert "detail" in response.json()
    assert not PackageAttempt.objects.exists()


def test_a_visitor_who_is_not_signed_in_cannot_record_a_result(client, h5p_lesson, learner):
    _module, lesson, _package = h5p_lesson
    response = post_result(client, learner, lesson, scored(4))
    assert response.status_code == 302
    assert not PackageAttempt.objects.exists()


# ------------------------------------------------------------------------------
# The activity's own state
# ------------------------------------------------------------------------------
def post_state(client, trainee, lesson, data, *, block="h5p"):
    # As H5P core posts it: form fields data, preload and invalidate.
    return client.post(
        state_url(user=trainee, lesson=lesson, block_id=block),
        data={"data": data, "preload": "1", "invalidate": "1"},
    )


def test_the_state_is_kept_and_handed_back_to_the_player(client, h5p_lesson, learner):
    _module, lesson, _package = h5p_lesson
    client.force_login(learner)
    page = client.get(reverse("lms:lesson", args=[lesson.pk])).content.decode()
    assert "data-state-url=" in page and "data-saved-state" not in page
    response = post_state(client, learner, lesson, json.dumps({"chosen": 1}))
    assert response.status_code == 200
    assert response.json() == {"success": True}
    attempt = PackageAttempt.objects.get(user=learner)
    assert json.loads(attempt.h5p_state) == {"chosen": 1}
    assert attempt.completed_at is None and attempt.score_raw is None
    page = client.get(reverse("lms:lesson", args=[lesson.pk])).content.decode()
    assert 'data-saved-state="{&quot;chosen&quot;: 1}"' in page
    # Still nothing scored: the trainee is asked to answer, not welcomed back to a score.
    assert "a score of 80% or more completes it" in page


def test_a_later_state_replaces_the_last_and_keeps_the_score(client, h5p_lesson, learner):
    _module, lesson, _package = h5p_lesson
    client.force_login(learner)
    assert post_result(client, learner, lesson, scored(1)).status_code == 200
    assert post_state(client, learner, lesson, '{"chosen": 0}').status_code == 200
    assert (
        post_state(client, learner, lesson, '{"chosen": 1, "note": "<b>&</b>"}').status_code == 200
    )
    attempt = PackageAttempt.objects.get(user=learner)
    assert json.loads(attempt.h5p_state) == {"chosen": 1, "note": "<b>&</b>"}
    assert (attempt.score_raw, attempt.score_max) == (1, 4)
    page = client.get(reverse("lms:lesson", args=[lesson.pk])).content.decode()
    assert "your best score so far is 25%" in page
    # Escaped in the attribute: the page's markup cannot be broken out of.
    assert "<b>&</b>" not in page
    assert "&lt;b&gt;&amp;&lt;/b&gt;" in page


def test_h5p_forgetting_the_state_clears_it(client, h5p_lesson, learner):
    _module, lesson, _package = h5p_lesson
    client.force_login(learner)
    post_state(client, learner, lesson, '{"chosen": 1}')
    assert post_state(client, learner, lesson, "0").status_code == 200  # H5P's "delete"
    assert PackageAttempt.objects.get(user=learner).h5p_state == ""
    page = client.get(reverse("lms:lesson", args=[lesson.pk])).content.decode()
    assert "data-saved-state" not in page


def test_a_state_over_64_kb_is_answered_400_naming_the_field(client, h5p_lesson, learner):
    _module, lesson, _package = h5p_lesson
    client.force_login(learner)
    post_state(client, learner, lesson, '{"chosen": 0}')
    too_big = json.dumps({"notes": "x" * (64 * 1024)})
    response = post_state(client, learner, lesson, too_big)
    assert response.status_code == 400
    assert "64 KB" in response.json()["data"][0]
    assert PackageAttempt.objects.get(user=learner).h5p_state == '{"chosen": 0}'
    just_fits = json.dumps({"notes": "x" * (64 * 1024 - 20)})
    assert post_state(client, learner, lesson, just_fits).status_code == 200


@pytest.mark.parametrize("data", ["{not json", "", "{'chosen': 1}"])
def test_a_state_that_is_not_json_is_answered_400(client, h5p_lesson, learner, data):
    _module, lesson, _package = h5p_lesson
    client.force_login(learner)
    response = post_state(client, learner, lesson, data)
    assert response.status_code == 400
    assert list(response.json()) == ["data"]
    assert not PackageAttempt.objects.exists()


def test_a_state_sent_as_json_rather_than_h5p_form_fields_is_answered_400(
    client, h5p_lesson, learner
):
    _module, lesson, _package = h5p_lesson
    client.force_login(learner)
    response = client.post(
        state_url(user=learner, lesson=lesson, block_id="h5p"),
        data=json.dumps({"chosen": 1}),
        content_type="application/json",
    )
    assert response.status_code == 400
    assert "data" in response.json()


def test_a_state_for_a_block_that_is_not_in_the_lesson_is_refused(client, h5p_lesson, learner):
    _module, lesson, _package = h5p_lesson
    client.force_login(learner)
    response = post_state(client, learner, lesson, '{"chosen": 1}', block="elsewhere")
    assert response.status_code == 400
    assert "non_field_errors" in response.json()
    assert not PackageAttempt.objects.exists()


def test_someone_elses_state_address_answers_404(client, h5p_lesson, learner, program):
    _module, lesson, _package = h5p_lesson
    other = person_with_role(Role.TRAINEE, OrganizationFactory())
    enrollment_create(trainee=other, program=program)
    client.force_login(other)
    response = post_state(client, learner, lesson, '{"chosen": 1}')  # the learner's token
    assert response.status_code == 404
    assert "detail" in response.json()
    assert not PackageAttempt.objects.exists()


def test_a_forged_state_token_is_refused(client, h5p_lesson, learner):
    _module, lesson, _package = h5p_lesson
    client.force_login(learner)
    response = client.post(
        reverse("lms:package_state", args=[lesson.pk, "h5p"]) + "?t=forged",
        data={"data": '{"chosen": 1}'},
    )
    assert response.status_code == 403
    assert "reload it" in response.json()["detail"]
    assert not PackageAttempt.objects.exists()


def test_a_trainee_not_enrolled_cannot_save_a_state(client, h5p_lesson):
    _module, lesson, _package = h5p_lesson
    outsider = person_with_role(Role.TRAINEE, OrganizationFactory())
    client.force_login(outsider)
    response = post_state(client, outsider, lesson, '{"chosen": 1}')
    assert response.status_code == 403
    assert "detail" in response.json()
    assert not PackageAttempt.objects.exists()


def test_a_visitor_who_is_not_signed_in_cannot_save_a_state(client, h5p_lesson, learner):
    _module, lesson, _package = h5p_lesson
    response = post_state(client, learner, lesson, '{"chosen": 1}')
    assert response.status_code == 302
    assert not PackageAttempt.objects.exists()


def test_the_state_is_saved_without_a_csrf_token_as_the_player_posts_it(h5p_lesson, learner):
    from django.test import Client

    _module, lesson, _package = h5p_lesson
    client = Client(enforce_csrf_checks=True)
    client.force_login(learner)
    response = post_state(client, learner, lesson, '{"chosen": 1}')
    assert response.status_code == 200


def test_a_replaced_package_does_not_get_the_old_packages_state(client, h5p_lesson, learner):
    _module, lesson, _package = h5p_lesson
    client.force_login(learner)
    post_state(client, learner, lesson, '{"chosen": 1}')
    replacement = upload_h5p()
    lesson.body = json.dumps(
        [
            {
                "type": "package",
                "value": {"package": replacement.pk, "frame_height": 600},
                "id": "h5p",
            }
        ]
    )
    publish(lesson)
    page = client.get(reverse("lms:lesson", args=[lesson.pk])).content.decode()
    assert "data-state-url=" in page and "data-saved-state" not in page


# ------------------------------------------------------------------------------
# Learning records
# ------------------------------------------------------------------------------
def test_passing_sends_the_package_statement_once_with_its_score(
    client, lrs, h5p_lesson, learner, django_capture_on_commit_callbacks
):
    _module, lesson, package = h5p_lesson
    client.force_login(learner)
    with django_capture_on_commit_callbacks(execute=True):
        post_result(client, learner, lesson, scored(1))
        post_result(client, learner, lesson, scored(4))
        post_result(client, learner, lesson, scored(4))  # again: no second statement
    statements = test_xapi.statements_for(learner)
    passed = [s for s in statements if s["verb"]["display"]["en-US"] == "passed"]
    assert len(passed) == 1
    assert passed[0]["object"]["id"].endswith(f"/packages/{package.key}/h5p.json")
    assert passed[0]["result"]["score"] == {"raw": 4, "min": 0, "max": 4, "scaled": 1}
    assert passed[0]["result"]["success"] is True
    assert XapiStatement.objects.filter(sent_at__isnull=True).count() == 0
