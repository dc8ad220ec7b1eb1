"""Learning emails go through the real Celery worker on Redis, queued when the data commits."""

import time

from django.core import mail

import pytest

from lms.learning import services as learning
from tests.lms.learning.test_services import correct_answers

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.stack]


def test_congratulation_email_is_sent_by_the_worker_once_the_completion_commits(
    celery_worker, trainee, program, module, lessons
):
    before = set(celery_worker.glob("*.log"))
    learning.enrollment_create(trainee=trainee, program=program)
    for lesson in lessons:
        learning.lesson_complete(user=trainee, lesson=lesson)
    attempt = learning.attempt_start(user=trainee, module=module)
    learning.attempt_submit(user=trainee, attempt=attempt, answers=correct_answers(attempt))
    assert mail.outbox == []  # nothing in-process: the worker sends it
    sent = []
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and not sent:
        sent = [path for path in celery_worker.glob("*.log") if path not in before]
        time.sleep(0.2)
    assert sent, "the worker sent no email within 30 s"
    message = sent[0].read_text()
    for path in sent:  # the folder is shared by the session's tests: leave it as found
        path.unlink()
    assert f"To: {trainee.email}" in message
    assert "Ethics first" in message
    assert "3 contact hours are now on your transcript" in message
