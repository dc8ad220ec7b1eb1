"""A worker killed with SIGKILL after a task did its work but before it was acknowledged: the
task comes back (acks_late, reject_on_worker_lost), runs again, and nothing is done twice: one
packet file, one email, one notice. (tests/certification/privacy/test_worker_lost.py kills a
worker in the middle of a task's body.)"""

import datetime
import os
import signal
import uuid
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.utils import timezone

import pytest

from certification.issuance.models import CredentialApplication, PacketStatus
from certification.issuance.services import credential_application_submit
from certification.models import Notice
from certification.tasks import credentials_expiry_daily
from lms.learning.models import LearningPreference, ModuleCompletion
from lms.learning.tasks import send_learning_reminder, send_module_completion_email
from tests.certification.issuance.test_applications import make_definition, meet
from tests.certification.issuance.test_expiry import ends_in, issued  # noqa: F401 - fixture
from tests.certification.privacy.test_worker_lost import _children_of, _wait_for
from tests.conftest import start_worker, stop_worker

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


class KillableWorker:
    def __init__(self, folder: Path):
        self.queue = f"peerpath-killed-{uuid.uuid4().hex[:8]}"
        self.mail = folder / "mail"
        self.pauses = folder / "pauses"
        self.mail.mkdir()
        self.pauses.mkdir()
        self.log = folder / f"{self.queue}.log"
        self.process = start_worker(
            self.queue, self.mail, pool="prefork", PEERPATH_TEST_PAUSE_DIR=str(self.pauses)
        )

    def kill_after_the_body_of(self, task, start) -> None:
        """Start the work; once ``task``'s body is done (not yet acknowledged), kill the pool
        process running it; wait until the redelivered task has finished."""
        (self.pauses / f"{task.name}.pause").touch()
        done_before = self._finished(task)
        lost_before = self.log.read_text().count("WorkerLostError")
        start()
        _wait_for(
            lambda: (self.pauses / f"{task.name}.paused").exists(),
            seconds=60,
            what=f"{task.name} to finish its body",
        )
        for pid in _children_of(self.process.pid):
            os.kill(pid, signal.SIGKILL)
        # The first run logs its success before the pause (the body was done), the
        # redelivered run logs its own.
        _wait_for(
            lambda: self._finished(task) >= done_before + 2,
            seconds=90,
            what=f"the redelivered {task.name} to finish",
        )
        assert self.log.read_text().count("WorkerLostError") > lost_before

    def _finished(self, task) -> int:
        return sum(
            1
            for line in self.log.read_text().splitlines()
            if f"Task {task.name}[" in line and " succeeded in " in line
        )

    def emails(self, to: str) -> list[str]:
        return [
            text for path in self.mail.glob("*.log") if f"To: {to}" in (text := path.read_text())
        ]


@pytest.fixture(scope="module")
def killable_worker(django_db_setup, django_db_blocker, tmp_path_factory):
    """One prefork worker for the module: its pool replaces each process killed."""
    killable = KillableWorker(tmp_path_factory.mktemp("killed"))
    yield killable
    stop_worker(killable.process)


@pytest.fixture
def worker(killable_worker):
    from cms.celery import app

    previous = (app.conf.task_always_eager, app.conf.task_default_queue)
    app.conf.task_always_eager, app.conf.task_default_queue = False, killable_worker.queue
    try:
        yield killable_worker
    finally:
        app.conf.task_always_eager, app.conf.task_default_queue = previous


def _packet_files(s3_bucket) -> int:
    bucket = settings.STORAGES["private"]["OPTIONS"]["bucket_name"]
    listed = s3_bucket.list_objects_v2(Bucket=bucket, Prefix="private/credential-packets/")
    return listed.get("KeyCount", 0)


def test_a_packet_built_then_killed_is_stored_once(worker, trainee, s3_bucket):
    from certification.issuance.tasks import build_application_packet

    meet(trainee)
    files_before = _packet_files(s3_bucket)
    worker.kill_after_the_body_of(
        build_application_packet,
        lambda: credential_application_submit(applicant=trainee, definition=make_definition()),
    )
    application = CredentialApplication.objects.get(applicant=trainee)
    assert application.packet_status == PacketStatus.READY
    assert application.packet.read().startswith(b"%PDF")
    assert _packet_files(s3_bucket) == files_before + 1


def test_a_module_certificate_email_sent_then_killed_is_sent_once(worker, trainee):
    completion = ModuleCompletion.objects.create(
        user=trainee,
        module_title="Trauma-informed peer support",
        contact_hours=Decimal("3"),
        modality="self_paced",
    )
    worker.kill_after_the_body_of(
        send_module_completion_email,
        lambda: send_module_completion_email.delay(completion.pk),
    )
    (email,) = worker.emails(trainee.email)
    assert "Trauma-informed peer support" in email


def test_a_learning_reminder_sent_then_killed_is_sent_once(worker, trainee):
    preference = LearningPreference.objects.create(user=trainee, reminders_enabled=True)
    worker.kill_after_the_body_of(
        send_learning_reminder, lambda: send_learning_reminder.delay(preference.pk)
    )
    (email,) = worker.emails(trainee.email)
    preference.refresh_from_db()
    assert preference.last_reminded_at > timezone.now() - datetime.timedelta(minutes=5)


def test_an_expiry_reminder_sent_then_killed_is_sent_once(worker, issued):  # noqa: F811
    ends_in(issued, 7)
    worker.kill_after_the_body_of(credentials_expiry_daily, credentials_expiry_daily.delay)
    (notice,) = Notice.objects.filter(recipient=issued.holder)
    assert notice.key == f"credential-expiry:{issued.pk}:7"
    reminders = [email for email in worker.emails(issued.holder.email) if "valid until" in email]
    assert len(reminders) == 1
