"""Benchmark settings: production settings on the local stack, over plain HTTP on loopback.

Everything production does per request is kept (DEBUG off, cached templates, manifest static
files, Redis cache, connection reuse, the same middleware). What differs, and why:

- transport: gunicorn listens on 127.0.0.1 without TLS, so the HTTPS redirect is off; cookies stay
  ``Secure`` (the benchmark client sends them itself);
- MFA for privileged roles is off: the benchmark signs people in without a second factor;
- the API's per-token rate limit is raised so the benchmark measures the endpoint, not a 429;
- the bare view (bench/urls.py) is added to measure against;
- the `bench` app is installed for `manage.py generate_load_data`, and its ``--reset`` is
  allowed (``BENCH_LOAD_DATA_RESET``): this database (`peerpath_bench`) is the benchmark's own.
"""

import os

os.environ.setdefault("DJANGO_SECRET_KEY", "bench-only-secret-key-not-used-anywhere-else")
os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
os.environ.setdefault("PEERPATH_CREDENTIAL_SIGNING_KEY", "")
os.environ.setdefault("DJANGO_SECURE_SSL_REDIRECT", "false")
os.environ.setdefault("PEERPATH_REQUIRE_MFA_FOR_PRIVILEGED_ROLES", "false")
os.environ.setdefault("PEERPATH_API_TOKEN_RATE", "1000000/minute")
os.environ.setdefault("PEERPATH_API_ANON_RATE", "1000000/minute")

from cms.settings.production import *  # noqa: E402,F403

ROOT_URLCONF = "bench.urls"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # bench accounts only
INSTALLED_APPS = [*INSTALLED_APPS, "bench"]  # noqa: F405
BENCH_LOAD_DATA_RESET = True
