"""
Settings shared by every environment.

Everything that differs between the embedded default (``make run``) and the real stack
(``make stack``, production) is read from environment variables through django-environ,
so no code path branches on "demo". The README lists every variable.
"""

from pathlib import Path
from urllib.parse import urlsplit

from django.utils.translation import gettext_lazy as _

import environ
from celery.schedules import crontab
from csp.constants import NONCE, NONE, SELF

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()
# A local .env file is a convenience for developers; production sets real variables.
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

# ------------------------------------------------------------------------------
# Core
# ------------------------------------------------------------------------------
DEBUG = env.bool("DJANGO_DEBUG", default=False)
SECRET_KEY = env("DJANGO_SECRET_KEY", default="")
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])
SITE_ID = 1
ROOT_URLCONF = "cms.urls"
WSGI_APPLICATION = "cms.wsgi.application"
AUTH_USER_MODEL = "lms.User"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# ------------------------------------------------------------------------------
# Applications. Dependencies point one way: curriculum <- lms <- certification.
# ------------------------------------------------------------------------------
INSTALLED_APPS = [
    # Project apps first so their templates override third-party ones.
    "cms",
    "curriculum",
    "lms",
    "certification",
    # Curriculum in English and Spanish (curriculum/translation.py, docs/translating.md)
    "wagtail_localize",
    "wagtail_localize.locales",
    # Wagtail
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    # Purges a CDN in front of the public pages, when one is configured (cms/frontend_cache.py)
    "wagtail.contrib.frontend_cache",
    "wagtail.embeds",
    "wagtail.sites",
    "cms.apps.PeopleUsersAppConfig",  # wagtail.users with our user fields
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    # Accounts
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "allauth.usersessions",
    # Everything else
    "django_filters",
    "django_celery_beat",
    "django_htmx",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "storages",
    # Django
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.sites",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "csp",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    # Public pages for people not signed in, kept and served before routing (cms/page_cache.py).
    "cms.page_cache.AnonymousPageCacheMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "lms.middleware.PreferredLanguageMiddleware",
    "lms.middleware.CodeSessionLimitMiddleware",
    "lms.middleware.RequireMFAForPrivilegedRolesMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    "cms.middleware.ChooserIdGuardMiddleware",
    "cms.middleware.AdminCSPMiddleware",
    "lms.pwa.clear_site_data_on_sign_out",
]

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "wagtail.contrib.settings.context_processors.settings",
                "lms.context_processors.role_navigation",
                "lms.pwa.pwa_context",
                "lms.kept_pages.csrf_placeholder",
            ],
        },
    },
]

# ------------------------------------------------------------------------------
# Database and cache
# ------------------------------------------------------------------------------
DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
# Reusing connections matters under gunicorn: a fresh PostgreSQL login costs more than a page.
DATABASES["default"]["CONN_MAX_AGE"] = env.int("DATABASE_CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DATABASES["default"]["ATOMIC_REQUESTS"] = False
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql" and env.bool(
    "DATABASE_PREPARED_STATEMENTS", default=True
):
    # The pages' one-statement reads (lms/one_trip.py) are prepared once per connection and
    # run on a generic plan: planning them took longer than running them. Every other query
    # is still sent with its values in place, never prepared (Django's client-side cursors),
    # so psycopg's threshold only has to be set (it counts executions before preparing on its
    # own, which nothing else asks for). Turn off behind a pooler in transaction mode that
    # does not keep prepared statements.
    options = DATABASES["default"].setdefault("OPTIONS", {})
    options["prepare_threshold"] = 1_000_000
    options["options"] = " ".join(
        filter(None, [options.get("options", ""), "-c plan_cache_mode=force_generic_plan"])
    )

CACHES = {"default": env.cache("CACHE_URL", default="locmemcache://peerpath")}
if CACHES["default"]["BACKEND"].endswith(".redis.RedisCache"):
    # While Redis is unreachable pages still serve, from an in-process stand-in (cms/cache.py).
    CACHES["default"]["BACKEND"] = "cms.cache.ResilientRedisCache"

# Personal pages (a trainee's home, a supervisor's queue...) kept per person in the cache and
# retired by every write to what they show (lms/personal_pages.py). VERIFY renders each kept page
# afresh too and fails on a difference (the test suite); REPLACE_AT_ONCE retires pages as a write
# happens rather than when its transaction commits (tests run inside one transaction).
PERSONAL_PAGES = env.bool("PEERPATH_PERSONAL_PAGES", default=True)
PERSONAL_PAGES_VERIFY = False
PERSONAL_PAGES_REPLACE_AT_ONCE = False

# ------------------------------------------------------------------------------
# Passwords and accounts (django-allauth)
# ------------------------------------------------------------------------------
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "/"

ACCOUNT_ADAPTER = "lms.accounts.adapters.AccountAdapter"
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_SIGNUP_FORM_CLASS = "lms.accounts.forms.SignupDetailsForm"
ACCOUNT_EMAIL_VERIFICATION = env("ACCOUNT_EMAIL_VERIFICATION", default="mandatory")
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_SESSION_REMEMBER = None
# Where a person is signed in (/accounts/sessions/, lms/accounts/devices.py): recorded at sign-in
# only; tracking every request would write to the database on every page view.
USERSESSIONS_TRACK_ACTIVITY = False
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
# Failed sign-ins are throttled per account and per address (allauth uses the cache).
ACCOUNT_RATE_LIMITS = {
    "login_failed": "5/5m/ip,5/5m/key",
    "signup": "20/h/ip",
    "reset_password": "20/m/ip,5/m/key",
}
# Behind a load balancer, how many proxies in X-Forwarded-For are ours: allauth's throttles and
# PeerPath's (lms/accounts/throttles.py) then count the address the nearest trusted proxy saw.
ALLAUTH_TRUSTED_PROXY_COUNT = env.int("PEERPATH_TRUSTED_PROXY_COUNT", default=0)
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "PeerPath"

# Supervisors, staff and organisation admins act on other people's records, so in production
# they must set up two-factor sign-in before they can. The embedded demo relaxes this.
PEERPATH_REQUIRE_MFA_FOR_PRIVILEGED_ROLES = env.bool(
    "PEERPATH_REQUIRE_MFA_FOR_PRIVILEGED_ROLES", default=True
)
PEERPATH_INVITATION_DAYS = env.int("PEERPATH_INVITATION_DAYS", default=14)
PEERPATH_SIGN_IN_CODE_HOURS = env.int("PEERPATH_SIGN_IN_CODE_HOURS", default=48)
# Wrong sign-in codes and API tokens: (wrong guesses, window in seconds) per client address and
# per target, counted in the cache (lms/accounts/throttles.py, docs/security.md "Throttles").
PEERPATH_GUESS_LIMITS = {
    "sign_in_code": {"client": (10, 15 * 60), "target": (300, 15 * 60)},
    "access_token": {"client": (20, 15 * 60), "target": (10, 15 * 60)},
}
# After a supervision agreement's last covered day its supervisor may still see, sign, return
# or decline the entries dated inside it for this many days; then they see nothing of the
# trainee unless another agreement is open (docs/security.md, "After an agreement ends").
PEERPATH_SUPERVISION_GRACE_DAYS = env.int("PEERPATH_SUPERVISION_GRACE_DAYS", default=30)

# Data rights (docs/privacy.md). A closed account is pseudonymised after this many days, in
# which the person can change their mind.
PEERPATH_CLOSURE_GRACE_DAYS = env.int("PEERPATH_CLOSURE_GRACE_DAYS", default=14)
# How long things nobody needs any more are kept; the nightly retention job deletes them after.
# Records a credential board relies on (signed entries and attendance, sessions, applications
# and their decisions, issued credentials, the audit trail) have no period here: they are kept.
PEERPATH_RETENTION = {
    # A copy of someone's data (the zip), from when it was ready.
    "data_exports_days": env.int("PEERPATH_RETAIN_DATA_EXPORTS_DAYS", default=7),
    # An application packet PDF, from the decision (the application and decision stay, and the
    # packet can be built again from the records).
    "application_packets_days": env.int("PEERPATH_RETAIN_PACKETS_DAYS", default=90),
    # Practice entries never sent for sign-off, and assessment attempts never submitted, from
    # their last change.
    "unfinished_drafts_months": env.int("PEERPATH_RETAIN_DRAFTS_MONTHS", default=12),
    # Invitations and sign-in codes, from when they expired or were used.
    "expired_codes_days": env.int("PEERPATH_RETAIN_CODES_DAYS", default=30),
}

# The Ed25519 private key (PEM) that signs Open Badges 3.0 credentials; its public half is at
# /.well-known/jwks.json. Empty in development and tests: a key is generated per process
# (certification/issuance/open_badges.py). Production requires it (settings/production.py).
# Make one:
#   openssl genpkey -algorithm ed25519
PEERPATH_CREDENTIAL_SIGNING_KEY = env("PEERPATH_CREDENTIAL_SIGNING_KEY", default="")


# ------------------------------------------------------------------------------
# Internationalisation
# ------------------------------------------------------------------------------
LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("es", _("Spanish"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = env("DJANGO_TIME_ZONE", default="America/Chicago")
USE_I18N = True
USE_TZ = True

# ------------------------------------------------------------------------------
# Static files and uploads
# ------------------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = env("DJANGO_MEDIA_ROOT", default=str(BASE_DIR / "media"))
# Private uploads (application packets, trainees' certificates) never share a folder, prefix or
# address with public media; only views that check who is asking read them (lms/private_files.py).
PRIVATE_MEDIA_ROOT = env("DJANGO_PRIVATE_MEDIA_ROOT", default=str(BASE_DIR / "private-media"))
# Without PEERPATH_CREDENTIAL_SIGNING_KEY (development, the demo), signing keys are kept as
# files here, so badges keep verifying across restarts (certification/issuance/badge_keys.py).
PEERPATH_SIGNING_KEY_DIR = env(
    "PEERPATH_SIGNING_KEY_DIR", default=str(Path(PRIVATE_MEDIA_ROOT) / "signing-keys")
)

AWS_STORAGE_BUCKET_NAME = env("AWS_STORAGE_BUCKET_NAME", default="")
if AWS_STORAGE_BUCKET_NAME:
    # Any S3-compatible server works: set AWS_S3_ENDPOINT_URL for one that is not AWS.
    AWS_S3_ENDPOINT_URL = env("AWS_S3_ENDPOINT_URL", default=None)
    AWS_S3_REGION_NAME = env("AWS_S3_REGION_NAME", default="us-east-1")
    AWS_ACCESS_KEY_ID = env("AWS_ACCESS_KEY_ID", default=None)
    AWS_SECRET_ACCESS_KEY = env("AWS_SECRET_ACCESS_KEY", default=None)
    AWS_DEFAULT_ACL = None
    AWS_QUERYSTRING_AUTH = True
    AWS_S3_FILE_OVERWRITE = False
    # A storage server that is down answers within seconds, not after minutes of retries: the
    # upload form then says so and keeps what the person typed (lms/service_errors.py).
    from botocore.config import Config as _S3Config

    AWS_S3_CLIENT_CONFIG = _S3Config(
        connect_timeout=2, read_timeout=20, retries={"max_attempts": 3, "mode": "standard"}
    )
    PUBLIC_FILE_STORAGE = {"BACKEND": "storages.backends.s3.S3Storage"}
    PRIVATE_FILE_STORAGE = {
        "BACKEND": "lms.private_files.PrivateS3Storage",
        "OPTIONS": {
            # A bucket of its own is best (block all public access on it); by default the
            # media bucket, under a prefix public media never use.
            "bucket_name": env("AWS_PRIVATE_STORAGE_BUCKET_NAME", default=AWS_STORAGE_BUCKET_NAME),
            "location": "private",
            "default_acl": "private",
            "file_overwrite": False,
            # PeerPath streams private files through its views and builds no link to them;
            # should a signed address ever be made, it lives one minute.
            "querystring_auth": True,
            "querystring_expire": 60,
            "custom_domain": None,
        },
    }
    # The audit chain's daily anchors (certification/audit_anchors.py): best a bucket of their
    # own, in another account, with versioning and object lock, writable but not deletable by
    # the application's key.
    ANCHOR_STORAGE = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": env("PEERPATH_ANCHOR_BUCKET_NAME", default=AWS_STORAGE_BUCKET_NAME),
            "location": "audit-anchors",
            "default_acl": "private",
            "file_overwrite": False,
            "querystring_auth": True,
        },
    }
else:
    PUBLIC_FILE_STORAGE = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    PRIVATE_FILE_STORAGE = {
        "BACKEND": "lms.private_files.PrivateFileSystemStorage",
        "OPTIONS": {"location": PRIVATE_MEDIA_ROOT},
    }
    ANCHOR_STORAGE = {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": str(Path(PRIVATE_MEDIA_ROOT) / "audit-anchors")},
    }

# ------------------------------------------------------------------------------
# The browser surface: Content-Security-Policy (django-csp) and Permissions-Policy
# ------------------------------------------------------------------------------
# No inline script or style anywhere: every script and style sheet is a static file. Images
# also come from the media storage (S3 serves public images and documents directly).
if AWS_STORAGE_BUCKET_NAME and AWS_S3_ENDPOINT_URL:
    _endpoint = urlsplit(AWS_S3_ENDPOINT_URL)
    _media_origins = [f"{_endpoint.scheme}://{_endpoint.netloc}"]
elif AWS_STORAGE_BUCKET_NAME:
    _media_origins = ["https://*.amazonaws.com"]
else:
    _media_origins = []
_media_origins = env.list("PEERPATH_CSP_MEDIA_ORIGINS", default=_media_origins)
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF, NONCE],
        "img-src": [SELF, "data:", "blob:", *_media_origins],
        "media-src": [SELF, *_media_origins],
        "font-src": [SELF, "data:"],
        "connect-src": [SELF],
        "frame-src": [SELF],
        "worker-src": [SELF, "blob:"],
        "frame-ancestors": [SELF],
        "form-action": [SELF],
        "base-uri": [SELF],
        "object-src": [NONE],
    },
}
# Features no page uses are switched off for every page and any frame.
PERMISSIONS_POLICY = {
    "accelerometer": [],
    "autoplay": [],
    "camera": [],
    "display-capture": [],
    "geolocation": [],
    "gyroscope": [],
    "magnetometer": [],
    "microphone": [],
    "midi": [],
    "payment": [],
    "usb": [],
    "fullscreen": ["self"],
}

STORAGES = {
    "default": PUBLIC_FILE_STORAGE,
    "private": PRIVATE_FILE_STORAGE,
    "anchors": ANCHOR_STORAGE,
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# ------------------------------------------------------------------------------
# Email
# ------------------------------------------------------------------------------
EMAIL_CONFIG = env.email("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="PeerPath <no-reply@peerpath.localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# ------------------------------------------------------------------------------
# Celery. With no broker configured, tasks run eagerly in-process (the embedded default).
# ------------------------------------------------------------------------------
CELERY_BROKER_URL = env("CELERY_BROKER_URL", default="memory://")
CELERY_RESULT_BACKEND = env("CELERY_RESULT_BACKEND", default=None)
CELERY_TASK_ALWAYS_EAGER = env.bool(
    "CELERY_TASK_ALWAYS_EAGER", default=CELERY_BROKER_URL == "memory://"
)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_TASK_TIME_LIMIT = 5 * 60
CELERY_TASK_SOFT_TIME_LIMIT = 4 * 60
CELERY_TASK_ACKS_LATE = True
# A task whose worker process dies (kill -9, out of memory) goes back to the queue and runs
# again; every task is idempotent (docs/operations.md, "When a part fails").
CELERY_TASK_REJECT_ON_WORKER_LOST = True
# Redis gives an unacknowledged task to another worker after this long: keep it well above the
# longest task (CELERY_TASK_TIME_LIMIT), or a slow task would run twice at once.
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 60 * 60}
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TIMEZONE = TIME_ZONE
# xAPI statements to a Learning Record Store (lms/xapi.py): off while the endpoint is empty.
PEERPATH_XAPI_ENDPOINT = env("PEERPATH_XAPI_ENDPOINT", default="")
PEERPATH_XAPI_KEY = env("PEERPATH_XAPI_KEY", default="")
PEERPATH_XAPI_SECRET = env("PEERPATH_XAPI_SECRET", default="")
# Statement ids are derived from this (PEERPATH_BASE_URL when empty): keep it once set.
PEERPATH_XAPI_ID_SEED = env("PEERPATH_XAPI_ID_SEED", default="")

CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
# Synced into django_celery_beat's tables when beat starts; staff can adjust times in the admin.
CELERY_BEAT_SCHEDULE = {
    # Scheduled publishing of curriculum pages (Wagtail's go-live and expiry times).
    # Work written to the outbox while the broker was unreachable (lms/outbox.py).
    "outbox-drain": {
        "task": "lms.tasks.drain_outbox",
        "schedule": 60.0,
    },
    "curriculum-publish-scheduled": {
        "task": "curriculum.tasks.publish_scheduled_pages",
        "schedule": 60.0,
    },
    "supervisor-daily-digest": {
        "task": "certification.tasks.send_supervisor_digests",
        "schedule": crontab(hour=7, minute=0),
    },
    # Only trainees who opted in, and only after their chosen quiet interval (lms/learning.py).
    "learning-reminders": {
        "task": "lms.tasks.send_learning_reminders",
        "schedule": crontab(hour=10, minute=0),
    },
    "supervisor-waiting-reminders": {
        "task": "certification.tasks.send_waiting_reminders",
        "schedule": crontab(hour=7, minute=30),
    },
    # Live sessions: a reminder 24 hours and 1 hour before, once each (lms/live_training).
    "live-session-reminders": {
        "task": "lms.tasks.send_live_session_reminders",
        "schedule": 300.0,
    },
    # Credentials past their end date become expired; holders hear 90, 30 and 7 days before.
    "credentials-expiry": {
        "task": "certification.tasks.credentials_expiry_daily",
        "schedule": crontab(hour=6, minute=30),
    },
    # Staff hear 30 days before a supervisor's verified credential ends (issue 21 item 3).
    "qualification-lapse-notices": {
        "task": "certification.tasks.qualification_lapse_notices",
        "schedule": crontab(hour=6, minute=45),
    },
    # The audit chain's head, written outside the database (certification/audit_anchors.py).
    "audit-anchor": {
        "task": "certification.tasks.audit_anchor_daily",
        "schedule": crontab(hour=2, minute=30),
    },
    # Learning records still waiting for the LRS after their retries (lms/xapi.py).
    "xapi-flush": {
        "task": "lms.tasks.xapi_flush",
        "schedule": crontab(minute="*/5"),
    },
    # Organisation administrators get last month's report on the first (certification/reports).
    "monthly-summaries": {
        "task": "certification.tasks.send_monthly_summaries",
        "schedule": crontab(day_of_month=1, hour=8, minute=0),
    },
    # Data rights: accounts past their grace period are closed; expired things are deleted.
    "privacy-nightly": {
        "task": "certification.tasks.privacy_nightly",
        "schedule": crontab(hour=3, minute=15),
    },
}

# ------------------------------------------------------------------------------
# Wagtail
# ------------------------------------------------------------------------------
# The product's name and public address, set once: every email, PDF, badge and calendar link
# is built from PEERPATH_BASE_URL (`make run` sets it to the address it serves).
PEERPATH_SITE_NAME = env("PEERPATH_SITE_NAME", default="PeerPath")
PEERPATH_BASE_URL = env(
    "PEERPATH_BASE_URL", default=env("WAGTAILADMIN_BASE_URL", default="http://127.0.0.1:8000")
).rstrip("/")
WAGTAIL_SITE_NAME = PEERPATH_SITE_NAME
# No avatars fetched from gravatar.com: editors' email digests are not sent to a third party
# (and the Content-Security-Policy allows images from this site and the media storage only).
WAGTAIL_GRAVATAR_PROVIDER_URL = None
# The admin's dashboard does not ask releases.wagtail.org for news (a closed network, and CSP).
WAGTAIL_ENABLE_UPDATE_CHECK = False
# People who start learning on their own become trainees of this statewide organisation.
PEERPATH_INDEPENDENT_LEARNERS_SLUG = "independent-learners"
WAGTAILADMIN_BASE_URL = PEERPATH_BASE_URL
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "key", "odt", "pdf", "pptx", "rtf", "txt", "xlsx", "zip"]
# Curriculum pages exist in English, the source every learning record points to, and where an
# editor has translated them, in Spanish (wagtail-localize). Both languages keep the same URLs:
# a page is shown in the reader's language, in English with a note where no translation exists.
WAGTAIL_I18N_ENABLED = True
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000
# A CDN in front of the public pages (cms/frontend_cache.py, docs/operations.md "A CDN in front"):
# WAGTAILFRONTENDCACHE is set in production.py from the environment, and nowhere else. While it
# is empty nothing is purged and no page says a shared cache may keep it. When it is set, the
# public pages kept for visitors who are not signed in say so for this many seconds.
PEERPATH_CDN_MAX_AGE = env.int("PEERPATH_CDN_MAX_AGE", default=300)

# ------------------------------------------------------------------------------
# REST framework (the API itself arrives with its own issue)
# ------------------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "cms.api_schema.PeerPathAutoSchema",
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "lms.accounts.api_auth.PersonalAccessTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": [
        "rest_framework.permissions.IsAuthenticated",
        "lms.accounts.api_auth.TokenScopePermission",
    ],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "cms.api_support.PagePagination",
    "PAGE_SIZE": 50,
    "DEFAULT_THROTTLE_CLASSES": [
        "rest_framework.throttling.AnonRateThrottle",
        "lms.accounts.api_auth.AccessTokenRateThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "anon": env("PEERPATH_API_ANON_RATE", default="60/minute"),
        "token": env("PEERPATH_API_TOKEN_RATE", default="600/minute"),
    },
    "EXCEPTION_HANDLER": "cms.api_support.api_exception_handler",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "PeerPath API",
    "DESCRIPTION": "Training, supervised practice and credentials for peer recovery specialists.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.AllowAny"],
    "SERVE_AUTHENTICATION": [],
    "PREPROCESSING_HOOKS": ["cms.api_schema.only_peerpath_api"],
    # Swagger UI's files come from drf-spectacular-sidecar: no CDN.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
}

# ------------------------------------------------------------------------------
# Security that holds everywhere; production.py tightens transport security.
# ------------------------------------------------------------------------------
SESSION_COOKIE_HTTPONLY = True
# Sessions are read from the cache (Redis in production) and written through to the database,
# so a signed-in page does not spend a query on its session.
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
CSRF_COOKIE_HTTPONLY = False
# A form sent from a page a CDN kept, before its token was filled in, is answered kindly (and the
# language switch is offered again with a token): cms/frontend_cache.py.
CSRF_FAILURE_VIEW = "cms.views.csrf_failure"
X_FRAME_OPTIONS = "SAMEORIGIN"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("DJANGO_LOG_LEVEL", default="INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        # WeasyPrint and fontTools narrate every PDF at INFO; their warnings still show.
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}
