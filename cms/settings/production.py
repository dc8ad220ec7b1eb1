"""Production: every secret and host comes from the environment; transport is HTTPS only."""

from cms.settings.base import *  # noqa: F403
from cms.settings.base import env

DEBUG = False
SECRET_KEY = env("DJANGO_SECRET_KEY")
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS")
# Credentials signed with a key generated at start would stop verifying on restart.
PEERPATH_CREDENTIAL_SIGNING_KEY = env("PEERPATH_CREDENTIAL_SIGNING_KEY")

# A CDN (or Varnish, nginx) in front of the public pages, purged when they change
# (cms/frontend_cache.py; docs/operations.md, "A CDN in front"). Nothing set: no CDN, no purge.
WAGTAILFRONTENDCACHE = {}
_cdn_hostnames = env.list("PEERPATH_CDN_HOSTNAMES", default=[])
_cdn_limits = {"HOSTNAMES": _cdn_hostnames} if _cdn_hostnames else {}
if env("PEERPATH_CDN_PURGE_URL", default=""):
    # Varnish, nginx or any cache that takes `PURGE <path>` with the site's Host header.
    WAGTAILFRONTENDCACHE["http"] = {
        "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
        "LOCATION": env("PEERPATH_CDN_PURGE_URL"),
        **_cdn_limits,
    }
if env("PEERPATH_CDN_CLOUDFLARE_ZONE_ID", default=""):
    WAGTAILFRONTENDCACHE["cloudflare"] = {
        "BACKEND": "wagtail.contrib.frontend_cache.backends.CloudflareBackend",
        "ZONEID": env("PEERPATH_CDN_CLOUDFLARE_ZONE_ID"),
        "BEARER_TOKEN": env("PEERPATH_CDN_CLOUDFLARE_API_TOKEN"),
        **_cdn_limits,
    }
if env("PEERPATH_CDN_CLOUDFRONT_DISTRIBUTION_ID", default=""):
    # AWS credentials as for S3: the AWS_* variables or the instance role (boto3).
    WAGTAILFRONTENDCACHE["cloudfront"] = {
        "BACKEND": "wagtail.contrib.frontend_cache.backends.CloudfrontBackend",
        "DISTRIBUTION_ID": env("PEERPATH_CDN_CLOUDFRONT_DISTRIBUTION_ID"),
        **_cdn_limits,
    }

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
