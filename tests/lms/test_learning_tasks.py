"""Learning emails go through the real Celery worker on Redis, queued when the data commits."""

import time

from django.core import mail

import pytest

from lms import learning
from tests.lms.test_learning import correct_answers

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.stack]


@pytest.fixture(autouse=True)
def migrated_content(transactional_db):
    """A transactional test before this one flushed what the migrations created."""
    from curriculum.taxonomy import seed_current_taxonomy
    from tests.curriculum.builders import ensure_site_tree

    ensure_site_tree()
    seed_current_taxonomy()


def test_congratulation_email_is_sent_by_the_worker_once_the_completion_commits(
    celery_worker, trainee, program, module, lessons
):
    learning.enrollment_create(trainee=trainee, program=program)
    for lesson in lessons:
        learning.lesson_complete(user=trainee, lesson=lesson)
    attempt = learning.attempt_start(user=trainee, module=module)
    learning.attempt_submit(user=trainee, attempt=attempt, answers=correct_answers(attempt))
    assert mail.outbox == []  # nothing in-process: the worker sends it
    sent = []
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and not sent:
        sent = list(celery_worker.glob("*.log"))
        time.sleep(0.2)
    assert sent, "the worker sent no email within 30 s"
    message = sent[0].read_text()
    assert f"To: {trainee.email}" in message
    assert "Ethics first" in message
    assert "3 contact hours are now on your transcript" in message
