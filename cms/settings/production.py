"""Production: every secret and host comes from the environment; transport is HTTPS only."""

from cms.settings.base import *  # noqa: F403
from cms.settings.base import env

DEBUG = False
SECRET_KEY = env("DJANGO_SECRET_KEY")
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS")
# Credentials signed with a key generated at start would stop verifying on restart.
PEERPATH_CREDENTIAL_SIGNING_KEY = env("PEERPATH_CREDENTIAL_SIGNING_KEY")

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=True)
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_HSTS_SECONDS = env.int("DJANGO_SECURE_HSTS_SECONDS", default=60 * 60 * 24 * 365)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = env.bool("DJANGO_SECURE_HSTS_PRELOAD", default=True)
SESSION_COOKIE_AGE = 60 * 60 * 12
# X-Frame-Options stays SAMEORIGIN (not DENY): Wagtail's live preview shows the page being
# edited in a same-origin iframe. Other origins still cannot frame any page.
SILENCED_SYSTEM_CHECKS = ["security.W019"]

TEMPLATES[0]["OPTIONS"]["loaders"] = [  # noqa: F405
    (
        "django.template.loaders.cached.Loader",
        [
            "django.template.loaders.filesystem.Loader",
            "django.template.loaders.app_directories.Loader",
        ],
    )
]
TEMPLATES[0]["APP_DIRS"] = False  # noqa: F405
