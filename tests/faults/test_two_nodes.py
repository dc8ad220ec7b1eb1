"""Two of everything: two web nodes and two workers on one PostgreSQL, Redis and S3. A person
signed in on one node is signed in on the other, a file sent through one is served by the
other, and a daily job queued by two beats runs once."""

import time
import uuid

from django.urls import reverse

import pytest
import requests

from certification.external_training.models import ExternalTraining
from certification.tasks import credentials_expiry_daily
from lms.schedule import ScheduledRun
from tests.certification.external_training.test_external_training import PDF, form_data
from tests.certification.issuance.test_expiry import ends_in, issued  # noqa: F401 - fixture
from tests.conftest import start_worker, stop_worker


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_session_and_a_file_started_on_one_node_continue_on_the_other(
    web_nodes, trainee, s3_bucket
):
    first, second = web_nodes("a"), web_nodes("b")
    browser = requests.Session()
    first.sign_in(browser, trainee.email)

    # The session made on A is good on B.
    home = second.get(browser, reverse("lms:learn_home"), allow_redirects=False)
    assert home.status_code == 200
    assert trainee.display_name in home.text

    # A certificate sent through A ...
    data = form_data(title="Ethics refresher")
    data.pop("certificate")
    url = reverse("certification:training_home")
    first.get(browser, url)
    sent = first.post(
        browser, url, data, files={"certificate": ("certificate.pdf", PDF, "application/pdf")}
    )
    assert sent.status_code == 200
    assert "Training added" in sent.text
    training = ExternalTraining.objects.get(person=trainee)
    # ... is served by B, from the shared S3 bucket.
    served = second.get(browser, reverse("certification:training_certificate", args=[training.pk]))
    assert served.status_code == 200
    assert served.content == PDF

    # Signing out on B ends the session on A too.
    second.post(browser, reverse("account_logout"), {})
    after = first.get(browser, reverse("lms:learn_home"), allow_redirects=False)
    assert after.status_code == 302
    assert reverse("account_login") in after.headers["Location"]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_daily_job_queued_by_two_beats_runs_once_on_two_workers(tmp_path, issued):  # noqa: F811
    from cms.celery import app

    ends_in(issued, 30)
    queue = f"peerpath-two-{uuid.uuid4().hex[:8]}"
    folder = tmp_path / "mail"
    folder.mkdir()
    workers = [start_worker(queue, folder, name=f"{queue}-{n}") for n in (1, 2)]
    previous = (app.conf.task_always_eager, app.conf.task_default_queue)
    app.conf.task_always_eager, app.conf.task_default_queue = False, queue
    try:
        # Two beats (one per node) each queue the day's expiry job.
        credentials_expiry_daily.delay()
        credentials_expiry_daily.delay()
        deadline = time.monotonic() + 60
        logs = []
        while time.monotonic() < deadline:
            logs = [(tmp_path / f"{queue}-{n}.log").read_text() for n in (1, 2)]
            if sum(log.count("succeeded in") for log in logs) == 2:
                break
            time.sleep(0.2)
    finally:
        app.conf.task_always_eager, app.conf.task_default_queue = previous
        for worker in workers:
            stop_worker(worker)
    both = "\n".join(logs)
    assert both.count("succeeded in") == 2, both
    assert both.count("'reminded': 1") == 1, both
    assert both.count("credentials-expiry already ran today") == 1, both
    run = ScheduledRun.objects.get()
    assert run.job == "credentials-expiry"
    assert run.finished_at is not None
    assert issued.holder.notices.count() == 1
