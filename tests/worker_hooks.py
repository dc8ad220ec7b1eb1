"""Loaded into a test's Celery worker (``--include tests.worker_hooks``), never elsewhere.

When the folder ``PEERPATH_TEST_PAUSE_DIR`` holds ``<task name>.pause``, the first run of that
task pauses after its body has finished (its email sent, its file stored) and before the worker
acknowledges it, and writes ``<task name>.paused`` so the test knows: the moment a worker dying
would leave work done but unacknowledged.
"""

import os
import time
from pathlib import Path

from celery.signals import task_postrun


@task_postrun.connect
def pause_after_the_body(sender=None, task_id=None, **_signal):
    folder = os.environ.get("PEERPATH_TEST_PAUSE_DIR")
    if not folder or sender is None:
        return
    pause, paused = Path(folder) / f"{sender.name}.pause", Path(folder) / f"{sender.name}.paused"
    if pause.exists() and not paused.exists():
        paused.write_text(task_id or "")
        time.sleep(120)
