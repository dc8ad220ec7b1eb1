"""The embedded default: SQLite, eager tasks, local files, console email (``make run``)."""

import os

os.environ.setdefault("DJANGO_DEBUG", "true")
os.environ.setdefault("PEERPATH_REQUIRE_MFA_FOR_PRIVILEGED_ROLES", "false")
os.environ.setdefault("ACCOUNT_EMAIL_VERIFICATION", "optional")

from cms.settings.base import *  # noqa: E402,F403

SECRET_KEY = SECRET_KEY or "dev-only-key-not-for-production"  # noqa: F405, S105
STORAGES["staticfiles"] = {  # noqa: F405
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
}
# The roster's covering index (certification.PracticeLogEntry: INCLUDE hours) is a PostgreSQL
# feature; SQLite builds the index without the extra columns, which is all the demo needs.
SILENCED_SYSTEM_CHECKS = ["models.W040"]
