"""Settings for the test suite. ``make test`` points DATABASE_URL at PostgreSQL."""

import os
import tempfile
from pathlib import Path

os.environ.setdefault("PEERPATH_REQUIRE_MFA_FOR_PRIVILEGED_ROLES", "false")

# The suite in parallel processes (pytest-xdist: scripts/run-tests.sh): each process has a test
# database of its own (pytest-django names it), and here a Redis database of its own for the
# cache, so that one process emptying its cache between tests never empties another's. Set in
# the environment, so the Celery workers and web nodes a process starts share its cache.
_xdist_worker = os.environ.get("PYTEST_XDIST_WORKER", "")
if _xdist_worker.startswith("gw") and os.environ.get("CACHE_URL", "").startswith("redis://"):
    _cache_url = os.environ["CACHE_URL"].rsplit("/", 1)[0]
    # Database 0 is the broker's and 1 the single process's cache: workers take 2, 3, ... 15
    # (Redis has 16; scripts/run-tests.sh starts at most 8 processes unless told otherwise).
    _index = 2 + int(_xdist_worker[2:])
    if _index > 15:
        raise RuntimeError("At most 14 test processes: Redis has 16 databases.")
    os.environ["CACHE_URL"] = f"{_cache_url}/{_index}"

from cms.settings.base import *  # noqa: E402,F403

SECRET_KEY = "test-only-key"  # noqa: S105
DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES["staticfiles"] = {  # noqa: F405
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
}
# One connection per request in the suite; the web nodes the fault tests start keep theirs.
DATABASES["default"]["CONN_MAX_AGE"] = env.int("DATABASE_CONN_MAX_AGE", default=0)  # noqa: F405
PEERPATH_BASE_URL = WAGTAILADMIN_BASE_URL = "http://testserver"

# Every page served from the personal cache is compared with a fresh rendering: a write that
# does not retire what it changes fails the test that makes it (lms/personal_pages.py).
PERSONAL_PAGES_VERIFY = True
PERSONAL_PAGES_REPLACE_AT_ONCE = True

# Tasks run in-process unless a test asks for the real worker (tests/conftest.py: celery_worker).
CELERY_TASK_ALWAYS_EAGER = True

# The real Celery worker started by the tests writes email to files the tests can read.
_email_dir = env("PEERPATH_TEST_EMAIL_DIR", default="")  # noqa: F405
if _email_dir:
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    EMAIL_FILE_PATH = _email_dir

# One key folder per test run (kept out of the checkout).
PEERPATH_SIGNING_KEY_DIR = str(
    Path(tempfile.gettempdir()) / f"peerpath-test-signing-keys-{os.getpid()}"
)
