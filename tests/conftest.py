"""Fixtures shared by the whole suite.

The suite runs against the real stack that `make test` starts (PostgreSQL, Redis, the S3
server); fixtures that need a part of it fail with a clear message when it is missing rather
than skipping, so a green run always means the real parts were exercised.
"""

import contextlib
import copy
import os
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

from django.conf import settings
from django.db import transaction

import pytest

from lms.accounts.models import Role
from tests import db_baseline
from tests.factories import OrganizationFactory, UserFactory, person_with_role

ROOT = Path(__file__).resolve().parent.parent


def require_stack(variable: str) -> str:
    value = os.environ.get(variable, "")
    if not value or value.startswith("memory://"):
        pytest.fail(
            f"This test needs the real stack ({variable} is not set). "
            'Run it through `make test`, or `eval "$(scripts/stack.sh env)"` after '
            "`scripts/stack.sh up`."
        )
    return value


def pytest_collection_modifyitems(items):
    """Transactional tests (browser journeys, the real worker) end by emptying every table,
    including what migrations load: the Wagtail root and home page, the site, the taxonomy.
    Serialized rollback reloads that baseline at the start of each of them."""
    for item in items:
        marker = item.get_closest_marker("django_db")
        if (
            marker
            and marker.kwargs.get("transaction")
            and "serialized_rollback" not in marker.kwargs
        ):
            item.add_marker(
                pytest.mark.django_db(*marker.args, **marker.kwargs, serialized_rollback=True),
                append=False,
            )


def pytest_xdist_make_scheduler(config, log):
    """``--dist loadscope`` shares out runs of one module's tests (tests/xdist_schedule.py)."""
    if config.getvalue("dist") == "loadscope":
        from tests.xdist_schedule import ModuleRunScheduling

        return ModuleRunScheduling(config, log)
    return None


def _database_use(item) -> str:
    """ "transactional", "database" or "none", as pytest-django orders the tests."""
    marker = item.get_closest_marker("django_db")
    fixtures = getattr(item, "fixturenames", ())
    if (marker and (marker.kwargs.get("transaction") or marker.kwargs.get("reset_sequences"))) or (
        "transactional_db" in fixtures or "live_server" in fixtures
    ):
        return "transactional"
    return "database" if marker or "db" in fixtures else "none"


_EMPTIED_BY: list[str] = []


def pytest_runtest_setup(item):
    """A transactional test ends by emptying every table of its process's test database, the
    content types and permissions included; a database test after it in the same process fails
    in confusing ways. pytest-django runs them last, and scripts/run-tests.sh shares tests out
    between processes in that order: if that ever changes, say so plainly."""
    use = _database_use(item)
    if use == "transactional":
        _EMPTIED_BY[:] = [item.nodeid]
    elif use == "database" and _EMPTIED_BY:
        pytest.fail(
            f"{item.nodeid} runs after the transactional test {_EMPTIED_BY[0]} in the same "
            "process, which emptied the tables it needs: run the suite in pytest-django's order "
            "(with pytest-xdist, --dist loadscope as scripts/run-tests.sh runs it, or load; not "
            "loadfile).",
            pytrace=False,
        )


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """pytest-django's test database, with the migrated baseline kept for transactional tests
    to get back quickly, and no autovacuum to mislead the planner (tests/db_baseline.py)."""
    with django_db_blocker.unblock():
        db_baseline.without_autovacuum()
        if db_baseline.keep():
            db_baseline.install()
    yield


@contextlib.contextmanager
def rolled_back_after(django_db_blocker):
    """For a module-scoped fixture: what is written inside stays for the module's tests (each in
    its own savepoint inside, as usual) and is rolled back after them."""
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            yield
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


@pytest.fixture
def require_postgresql(db):
    """For tests of PostgreSQL behaviour (row locks, triggers): fail loudly, never skip."""
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.fail("This test needs PostgreSQL: run it through `make test`.")


@pytest.fixture(autouse=True)
def default_language():
    """Every test starts in English: Django's LocaleMiddleware leaves the language of the last
    request active in the thread (a request in Spanish would otherwise carry over)."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def fresh_cache():
    """Throttling counters and used one-time codes live in the cache: start each test clean."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


# ------------------------------------------------------------------------------
# People
# ------------------------------------------------------------------------------
@pytest.fixture
def organization(db):
    return OrganizationFactory(name="Riverside Recovery Community", slug="riverside")


@pytest.fixture
def other_organization(db):
    return OrganizationFactory(name="Lakeshore Peer Network", slug="lakeshore")


@pytest.fixture
def trainee(organization):
    return person_with_role(Role.TRAINEE, organization, display_name="Jamie Trainee")


@pytest.fixture
def other_trainee(organization):
    return person_with_role(Role.TRAINEE, organization, display_name="Casey Trainee")


@pytest.fixture
def outside_trainee(other_organization):
    return person_with_role(Role.TRAINEE, other_organization, display_name="Robin Elsewhere")


@pytest.fixture
def supervisor(organization):
    return person_with_role(Role.SUPERVISOR, organization, display_name="Sam Supervisor")


@pytest.fixture
def staff(organization):
    return person_with_role(Role.STAFF, organization, display_name="Alex Staff")


@pytest.fixture
def org_admin(organization):
    return person_with_role(Role.ORG_ADMIN, organization, display_name="Morgan Admin")


@pytest.fixture
def other_staff(other_organization):
    return person_with_role(Role.STAFF, other_organization, display_name="Pat Elsewhere")


@pytest.fixture
def superuser(db):
    return UserFactory(display_name="Root Admin", is_superuser=True, is_staff=True)


# ------------------------------------------------------------------------------
# The real stack: S3 server and Celery worker
# ------------------------------------------------------------------------------
def ensure_buckets(client) -> None:
    """Create the media, private and anchor buckets the settings name (once each), with
    versioning on the anchors' one, as scripts/ensure_bucket.py does for `make stack`."""
    from botocore.exceptions import ClientError

    bucket = settings.AWS_STORAGE_BUCKET_NAME
    names = [bucket] + [
        settings.STORAGES[alias].get("OPTIONS", {}).get("bucket_name", bucket)
        for alias in ("private", "anchors")
    ]
    for name in dict.fromkeys(names):
        try:
            client.head_bucket(Bucket=name)
        except ClientError:
            client.create_bucket(Bucket=name)
    client.put_bucket_versioning(Bucket=names[-1], VersioningConfiguration={"Status": "Enabled"})


@pytest.fixture(scope="session", autouse=True)
def s3_bucket():
    """The S3 client, with the buckets made, when the suite is pointed at an S3 server."""
    if not getattr(settings, "AWS_STORAGE_BUCKET_NAME", ""):
        yield None
        return
    import boto3

    client = boto3.client(
        "s3",
        endpoint_url=settings.AWS_S3_ENDPOINT_URL,
        region_name=settings.AWS_S3_REGION_NAME,
        aws_access_key_id=settings.AWS_ACCESS_KEY_ID,
        aws_secret_access_key=settings.AWS_SECRET_ACCESS_KEY,
    )
    ensure_buckets(client)
    yield client


@pytest.fixture
def anchor_store(settings, s3_bucket):
    """A folder of the anchors' bucket of its own for this test."""
    require_stack("AWS_STORAGE_BUCKET_NAME")
    stores = copy.deepcopy(settings.STORAGES)
    location = f"audit-anchors-test-{uuid.uuid4().hex[:8]}"
    stores["anchors"]["OPTIONS"]["location"] = location
    settings.STORAGES = stores
    return stores["anchors"]["OPTIONS"]["bucket_name"], location


def suite_database_url() -> str:
    """The address of the database this test run uses (pytest-django's test_ database), for
    the processes the tests start: Celery workers, web nodes."""
    from django.db import connection

    database = dict(connection.settings_dict)
    if database.get("PASSWORD"):
        return "postgres://{USER}:{PASSWORD}@{HOST}:{PORT}/{NAME}".format(**database)
    return "postgres://{USER}@{HOST}:{PORT}/{NAME}".format(**database)


def start_worker(
    queue: str, folder: Path, *, pool: str = "solo", name: str = "", **environment: str
):
    """Start a real Celery worker process on the Redis broker, reading the test database, on a
    queue of its own; wait until it answers. Returns the process (the caller stops it)."""
    broker = require_stack("CELERY_BROKER_URL")
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "cms.settings.test",
        "DATABASE_URL": suite_database_url(),
        "CELERY_BROKER_URL": broker,
        "PEERPATH_TEST_EMAIL_DIR": str(folder),
        **environment,
    }
    name = name or queue
    log_path = folder.parent / f"{name}.log"
    with open(log_path, "w") as log:
        process = subprocess.Popen(  # noqa: S603 - fixed arguments
            [
                sys.executable, "-m", "celery", "-A", "cms", "worker",
                f"--pool={pool}", "--concurrency=1",
                "--without-mingle", "--without-gossip", "--without-heartbeat",
                "-Q", queue, "-n", f"{name}@%h", "--loglevel=INFO",
                "--include", "tests.worker_hooks",
            ],
            cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group: stop_worker ends its children too
        )  # fmt: skip
    deadline = time.monotonic() + 60
    while not worker_answers(f"{name}@{os.uname().nodename}"):
        if process.poll() is not None or time.monotonic() > deadline:
            stop_worker(process)
            pytest.fail("The Celery worker did not start:\n" + log_path.read_text())
    return process


def worker_answers(destination: str) -> bool:
    """Whether the named worker answers a ping. A broker connection the pool kept from before a
    Redis restart fails once ("Connection closed by server"); that is a "not yet", not an error."""
    from kombu.exceptions import OperationalError
    from redis.exceptions import ConnectionError as RedisConnectionError

    from cms.celery import app

    try:
        return bool(app.control.ping(destination=[destination], timeout=0.5))
    except (OperationalError, RedisConnectionError, ConnectionError):
        return False


def stop_worker(process) -> None:
    """Stop the worker and every process of its group: a prefork child whose parent was killed
    would otherwise live on, holding a connection to the test database."""
    process.terminate()
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=15)
    with contextlib.suppress(ProcessLookupError):  # the group ended with its leader
        os.killpg(process.pid, signal.SIGKILL)


@pytest.fixture(scope="session")
def celery_worker_process(django_db_setup, django_db_blocker, tmp_path_factory):
    """A real Celery worker process on the Redis broker, reading the test database.

    It listens on a queue of its own so concurrent test runs never take each other's tasks.
    Yields the queue name and the folder where the worker writes the email it sends.
    """
    queue = f"peerpath-test-{uuid.uuid4().hex[:8]}"
    email_dir = tmp_path_factory.mktemp("worker-email")
    process = start_worker(queue, email_dir)
    try:
        yield queue, email_dir
    finally:
        stop_worker(process)


@pytest.fixture
def celery_worker(celery_worker_process):
    """Within one test, send tasks to the real worker instead of running them in-process."""
    from cms.celery import app

    queue, email_dir = celery_worker_process
    previous = (app.conf.task_always_eager, app.conf.task_default_queue)
    app.conf.task_always_eager = False
    app.conf.task_default_queue = queue
    try:
        yield email_dir
    finally:
        app.conf.task_always_eager, app.conf.task_default_queue = previous
