"""Benchmark settings: the test settings plus a bare view to measure against."""

from cms.settings.test import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
DATABASES["default"]["CONN_MAX_AGE"] = 60  # noqa: F405 - as in production
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
