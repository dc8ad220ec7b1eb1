"""Fault drills on the real stack: parts stopped and started (scripts/stack.sh stop/up), web
nodes started as real gunicorn processes on the suite's database.

Every test here is marked ``fault``. CI runs them all (``make test``); a developer may skip them
locally with ``-m "not fault"`` (``make test-fast`` does).
"""

import os
import re
import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

import pytest
import requests

from tests.conftest import ROOT, ensure_buckets, require_stack, suite_database_url
from tests.factories import TEST_PASSWORD


def pytest_collection_modifyitems(items):
    here = Path(__file__).parent
    for item in items:
        if Path(item.fspath).is_relative_to(here):
            item.add_marker(pytest.mark.fault)
            item.add_marker(pytest.mark.stack)


def stack(*arguments: str) -> None:
    """Run scripts/stack.sh with the suite's own ports (the environment make test exported)."""
    subprocess.run(["bash", "scripts/stack.sh", *arguments], cwd=ROOT, env=os.environ, check=True)  # noqa: S603, S607


@contextmanager
def part_stopped(part: str, *, s3_client=None):
    """Stop one part of the stack (pg, redis, s3) for the block; start it again after, also on
    failure, so the rest of the suite finds the stack whole."""
    require_stack("CELERY_BROKER_URL")
    stack("stop", part)
    try:
        yield
    finally:
        stack("up")
        if part == "s3" and s3_client is not None:
            ensure_buckets(s3_client)  # it keeps them in memory


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class WebNode:
    """One gunicorn process serving PeerPath from the suite's database and the real stack."""

    def __init__(self, name: str, folder: Path, **environment: str):
        self.name = name
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log_path = folder / f"web-{name}.log"
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "cms.settings.test",
            "DATABASE_URL": suite_database_url(),
            "DATABASE_CONN_MAX_AGE": "60",
            "PEERPATH_TEST_EMAIL_DIR": str(folder / f"mail-{name}"),
            **environment,
        }
        (folder / f"mail-{name}").mkdir(exist_ok=True)
        with open(self.log_path, "w") as log:
            self.process = subprocess.Popen(  # noqa: S603 - fixed arguments
                [
                    sys.executable, "-m", "gunicorn", "cms.wsgi:application",
                    "--bind", f"127.0.0.1:{self.port}", "--workers", "1", "--threads", "4",
                    "--timeout", "60", "--access-logfile", "-",
                ],
                cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
            )  # fmt: skip
        deadline = time.monotonic() + 60
        while True:
            try:
                # The first request loads the whole application: give it time on a busy machine.
                requests.get(self.url + "/accounts/login/", timeout=20)
                break
            except requests.RequestException:
                if self.process.poll() is not None or time.monotonic() > deadline:
                    self.stop()
                    pytest.fail(f"web node {name} did not start:\n{self.log_path.read_text()}")
                time.sleep(0.2)

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.process.kill()

    def get(self, browser: requests.Session, path: str, **kwargs) -> requests.Response:
        return browser.get(self.url + path, timeout=30, **kwargs)

    def post(self, browser: requests.Session, path: str, data: dict, **kwargs):
        """POST as a browser would: with the CSRF token of the form's page, from this origin."""
        token = browser.cookies.get("csrftoken") or self._token(browser, path)
        return browser.post(
            self.url + path,
            data={"csrfmiddlewaretoken": token, **data},
            headers={"Referer": self.url + path},
            timeout=30,
            **kwargs,
        )

    def _token(self, browser, path) -> str:
        page = self.get(browser, path)
        found = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)
        assert found, f"no CSRF token on {path}"
        return browser.cookies.get("csrftoken") or found.group(1)

    def sign_in(self, browser: requests.Session, email: str) -> None:
        self._token(browser, "/accounts/login/")
        answer = self.post(browser, "/accounts/login/", {"login": email, "password": TEST_PASSWORD})
        assert answer.status_code == 200, answer.status_code
        assert "sessionid" in browser.cookies, "signing in set no session"


@pytest.fixture
def web_nodes(tmp_path):
    """Start web nodes with ``web_nodes("a")``; all are stopped at the end of the test."""
    started: list[WebNode] = []

    def start(name: str, **environment: str) -> WebNode:
        node = WebNode(name, tmp_path, **environment)
        started.append(node)
        return node

    yield start
    for node in started:
        node.stop()
