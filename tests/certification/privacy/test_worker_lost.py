"""A worker killed in the middle of building a copy: the task goes back to the queue, runs
again, and the copy is built once (acks_late with reject_on_worker_lost)."""

import io
import os
import signal
import time
import uuid
import zipfile
from pathlib import Path

import pytest

from certification.privacy.models import DataExport, ExportStatus
from certification.privacy.tasks import build_data_export
from tests.conftest import start_worker, stop_worker


def _children_of(pid: int) -> list[int]:
    """The processes whose parent is ``pid`` (read from /proc: no procps needed)."""
    children = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            children.append(int(stat.parent.name))
    return children


def _wait_for(condition, *, seconds: float, what: str):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.02)
    pytest.fail(f"waited {seconds} s for {what}")


@pytest.mark.stack
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_copy_whose_worker_is_killed_mid_build_is_built_once_by_the_redelivery(
    tmp_path, trainee, lived_in
):
    from cms.celery import app

    queue = f"peerpath-lost-{uuid.uuid4().hex[:8]}"
    folder = tmp_path / "mail"
    folder.mkdir()
    process = start_worker(queue, folder, pool="prefork")
    previous = (app.conf.task_always_eager, app.conf.task_default_queue)
    app.conf.task_always_eager, app.conf.task_default_queue = False, queue
    try:
        export = DataExport.objects.create(person=trainee, requested_by=trainee)
        build_data_export.delay(export.pk)
        _wait_for(
            lambda: DataExport.objects.filter(pk=export.pk, status=ExportStatus.BUILDING).exists(),
            seconds=60,
            what="the worker to start building",
        )
        children = _children_of(process.pid)
        assert children, "the prefork worker has no child process"
        for pid in children:
            os.kill(pid, signal.SIGKILL)
        # Killed before it finished: nothing stored yet.
        assert DataExport.objects.get(pk=export.pk).status == ExportStatus.BUILDING

        ready = _wait_for(
            lambda: DataExport.objects.filter(pk=export.pk, status=ExportStatus.READY).first(),
            seconds=90,
            what="the redelivered task to finish the copy",
        )
    finally:
        app.conf.task_always_eager, app.conf.task_default_queue = previous
        stop_worker(process)
    log = (folder.parent / f"{queue}.log").read_text()
    assert "WorkerLostError" in log
    task = "Task certification.tasks.build_data_export["
    lines = [line for line in log.splitlines() if task in line]
    # Received, lost with its process, received again, and done once.
    assert [line.rsplit("]", 1)[1].split()[0] for line in lines] == [
        "received",
        "received",
        "succeeded",
    ]
    with ready.file.open("rb") as handle:
        names = zipfile.ZipFile(io.BytesIO(handle.read())).namelist()
    assert "practice_entries.json" in names
    assert DataExport.objects.filter(person=trainee).count() == 1
