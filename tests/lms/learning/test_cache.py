"""The curriculum the learning pages share is cached for everyone: an editor's change shows on
the trainee's next request, and the cache never carries one person's progress to another."""

from django.urls import reverse

import pytest

from lms.learning import services as learning

pytestmark = pytest.mark.django_db


@pytest.fixture
def enrolled(trainee, program):
    learning.enrollment_create(trainee=trainee, program=program)
    return trainee


@pytest.fixture
def trainee_client(client, trainee):
    client.force_login(trainee)
    return client


def test_module_renamed_and_published_shows_its_new_title_on_learn(
    trainee_client, enrolled, module
):
    assert "Ethics first" in trainee_client.get(reverse("lms:learn_home")).content.decode()
    module.title = "Ethics, first steps"
    module.save_revision().publish()
    page = trainee_client.get(reverse("lms:learn_home")).content.decode()
    assert "Ethics, first steps" in page
    assert "Ethics first<" not in page


def test_unpublished_module_leaves_the_program_count(
    trainee_client, enrolled, module, later_module
):
    page = trainee_client.get(reverse("lms:learn_home")).content.decode()
    assert "0 of 2 modules completed" in page
    later_module.unpublish()
    page = trainee_client.get(reverse("lms:learn_home")).content.decode()
    assert "0 of 1 module completed" in page


def test_lesson_added_to_a_module_counts_on_learn(trainee_client, enrolled, module, lessons):
    from curriculum.models import LessonPage

    page = trainee_client.get(reverse("lms:learn_home")).content.decode()
    assert "0 of 2 lessons completed" in page
    module.add_child(
        instance=LessonPage(title="A third lesson", slug="a-third-lesson", estimated_minutes=10)
    )
    page = trainee_client.get(reverse("lms:learn_home")).content.decode()
    assert "0 of 3 lessons completed" in page


def test_one_trainees_progress_never_shows_for_another(
    client, trainee, other_trainee, program, module, lessons
):
    learning.enrollment_create(trainee=trainee, program=program)
    learning.enrollment_create(trainee=other_trainee, program=program)
    learning.lesson_complete(user=trainee, lesson=lessons[0])
    client.force_login(trainee)
    assert "1 of 2 lessons completed" in client.get(reverse("lms:learn_home")).content.decode()
    client.force_login(other_trainee)
    page = client.get(reverse("lms:learn_home")).content.decode()
    assert "0 of 2 lessons completed" in page


def test_another_web_process_reads_the_same_curriculum_from_the_shared_cache(
    trainee_client, enrolled, module, later_module
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from lms.learning import cache as learning_cache

    url = reverse("lms:module", args=[later_module.pk])
    assert "This module opens a little later" in trainee_client.get(url).content.decode()
    learning_cache._local.clear()  # what a freshly started web process holds
    with CaptureQueriesContext(connection) as queries:
        page = trainee_client.get(url).content.decode()
    assert "This module opens a little later" in page
    assert f'href="{reverse("lms:module", args=[module.pk])}">Ethics first</a>' in page
    assert not any("curriculum_lessonpage" in query["sql"] for query in queries)
