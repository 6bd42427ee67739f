"""Settings for the annotator, read from the environment.

With nothing set, this runs the demo: DEBUG on, SQLite next to the project. Production sets
DEBUG=false, SECRET_KEY, ALLOWED_HOSTS and DATABASE_URL=postgres://...; nothing else differs.
The README's Configuration table lists every variable.
"""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.utils.csp import CSP

BASE_DIR = Path(__file__).resolve().parent.parent


def _env_flag(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


DEBUG = _env_flag("DEBUG", True)
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise RuntimeError("SECRET_KEY must be set when DEBUG is off")
    SECRET_KEY = "insecure-demo-key-only-for-local-development-never-deploy-this"


def _env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


ALLOWED_HOSTS = _env_list("ALLOWED_HOSTS", "127.0.0.1,localhost")
# Behind a TLS proxy on another host name or port: "https://annotate.example.org".
CSRF_TRUSTED_ORIGINS = _env_list("CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_htmx",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_tasks_db",
    "axes",
    "claims",
    "annotator",
]

MIDDLEWARE = [
    # First: probes are answered before host checks, HTTPS redirects, sessions or the
    # database are touched (a load balancer's probe carries no public host name).
    "annotator.health.probes",
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # After WhiteNoise, which answers static files (cacheable for everyone) itself.
    "annotator.http.PrivateByDefault",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # After htmx's and the session's, so it sees login_required's redirect with request.htmx
    # and request.user set.
    "annotator.http.logged_out_htmx_middleware",
    # Last, as django-axes asks: it turns a refused login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "annotator.urls"
WSGI_APPLICATION = "annotator.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]


def _prepare_threshold(value: str) -> int | None:
    return None if value.strip().lower() in {"off", "none", ""} else int(value)


DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", 60)),
        # A kept connection is checked before each request reuses it, so the first request
        # after a database restart does not fail on a connection the restart closed.
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # A database that is down, frozen or overloaded must not hold a request (and a server
    # thread) for longer than this: past either limit the request gets 503 (annotator/
    # faults.py). The statement timeout counts each statement, so a streamed export of
    # any size passes; 0 turns it off (the entrypoint does for migrations and the worker).
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        connect_timeout=int(os.environ.get("DB_CONNECT_TIMEOUT", 5)),
        options=f"-c statement_timeout={int(os.environ.get('DB_STATEMENT_TIMEOUT', 20))}s",
        # Parameters sent apart from the SQL, so that a query a request repeats has one
        # text and psycopg prepares it after it ran `prepare_threshold` times on the
        # connection: PostgreSQL then skips planning it. The label save's read of its
        # sentence took 2.1 ms to plan and 0.1 ms to run. Behind a pooler in transaction
        # mode (PgBouncer before 1.21), set DB_PREPARE_THRESHOLD=off.
        server_side_binding=True,
        prepare_threshold=_prepare_threshold(os.environ.get("DB_PREPARE_THRESHOLD", "5")),
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Behind a proxy: the request.META key holding the client's address (HTTP_X_REAL_IP,
# HTTP_X_FORWARDED_FOR), for the login and API throttles; see claims/clients.py.
CLIENT_IP_HEADER = os.environ.get("CLIENT_IP_HEADER", "REMOTE_ADDR")

# Login throttling (django-axes), for the site's login and the admin's, which both go through
# django.contrib.auth.authenticate. After LOGIN_FAILURE_LIMIT failures for one account (from
# any addresses), or from one address (for any accounts), within LOGIN_COOLOFF_MINUTES,
# logins for that account or from that address are refused with 429, right password or
# not, until LOGIN_COOLOFF_MINUTES pass without another attempt. Per account stops a guesser
# with many addresses; per address stops one trying a common password on every account.
# The price: anyone can lock an account for a while by failing to log in as it, which
# lifts by itself (or at once with `manage.py axes_reset_username USER`).
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # first: it refuses before any password is checked
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = int(os.environ.get("LOGIN_FAILURE_LIMIT", 10))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("LOGIN_COOLOFF_MINUTES", 15)))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_CLIENT_IP_CALLABLE = "claims.clients.client_address"
AXES_LOCKOUT_CALLABLE = "annotator.views.lockout.locked_out"
# axes's default, stated because the lockout page relies on it: an attempt while locked out
# starts the cool-off again, so Retry-After is always the whole cool-off.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = True
# Failures are recorded (AccessAttempt, in the admin); successful logins are not, so that no
# table grows with every login.
AXES_DISABLE_ACCESS_LOG = True

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "en"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))

# Long jobs (exports, agreement bootstraps) run inline by default, which suits tests and the
# demo; production sets TASKS_BACKEND=database and runs `manage.py db_worker`.
TASKS = {
    "default": {
        "BACKEND": {
            "immediate": "django.tasks.backends.immediate.ImmediateBackend",
            "database": "django_tasks_db.DatabaseBackend",
        }[os.environ.get("TASKS_BACKEND", "immediate")]
    }
}

# In the database, so that the web processes and the task worker share it (the agreement
# interval a worker computes is read by the page). `manage.py createcachetable` makes it.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "annotator_cache",
    },
}

# REST API (claims/api/).
REST_FRAMEWORK = {
    # Token first: an anonymous request then gets 401 with `WWW-Authenticate: Token`, which
    # tells a script what to send (with session first, DRF answers 403).
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "claims.api.authentication.ApiTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "claims.api.pagination.IdCursorPagination",
    # JSON in and out: the docs are Swagger UI at /api/v1/docs/; DRF's browsable API needs
    # inline scripts, which our CSP forbids.
    "DEFAULT_PARSER_CLASSES": ["claims.api.parsers.JSONParser"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "EXCEPTION_HANDLER": "claims.api.errors.handle_exception",
    # Counted in the database (a row per client), so across processes; over the rate, 429
    # with Retry-After. A user's rate is far above keyboard speed (one label a keystroke), so
    # only runaway scripts meet it; anonymous requests can only read the schema and docs.
    "DEFAULT_THROTTLE_CLASSES": [
        "claims.api.throttling.UserThrottle",
        "claims.api.throttling.AnonThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "user": os.environ.get("API_USER_RATE", "1000/minute"),
        "anon": os.environ.get("API_ANON_RATE", "60/minute"),
    },
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Claim annotator API",
    "DESCRIPTION": "Articles, sentences, annotations and datasets of claim-attribution projects.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # Two fields are called `role`: a member's and a label's.
    "ENUM_NAME_OVERRIDES": {
        "MemberRoleEnum": "claims.models.Membership.Role",
        "LabelRoleEnum": "claims.models.Label.Role",
        "SourceClassEnum": "claims.models.SourceKind.SourceClass",
    },
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "claims.api.schema.finish_schema",
    ],
}

# Uploads: an article file may be large, but not unbounded. Bigger imports go through
# the import_articles command.
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
MAX_IMPORT_UPLOAD_BYTES = int(os.environ.get("MAX_IMPORT_UPLOAD_BYTES", 50 * 1024 * 1024))
# Uploads above this many bytes are imported by the task worker, with their progress on
# a page of their own, so that no request outlives the server's timeout; smaller ones are
# imported during the request. A running import that writes no progress for
# IMPORT_STALLED_AFTER seconds is shown as stalled (its worker may have died).
IMPORT_IN_BACKGROUND_ABOVE = int(os.environ.get("IMPORT_IN_BACKGROUND_ABOVE", 2 * 1024 * 1024))
IMPORT_STALLED_AFTER = int(os.environ.get("IMPORT_STALLED_AFTER", 600))

# Suggestion backends offered, as comma-separated dotted paths of classes; the first is
# the default. The rules need nothing installed and download nothing.
SUGGESTION_BACKENDS = [
    path.strip()
    for path in os.environ.get("SUGGESTION_BACKENDS", "claims.suggestions.rules.RuleBackend").split(
        ","
    )
    if path.strip()
]

# No inline scripts or styles anywhere: the keyboard handler is a static file and htmx
# is configured with allowEval false (see templates/base.html).
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    # The one inline <style> of drf-spectacular's Swagger UI page, allowed by its hash.
    "style-src": [CSP.SELF, "'sha256-MMpT0iDxyjALd9PdfepImGX3DBfJPXZ4IlDWdPAgtn0='"],
    "img-src": [CSP.SELF, "data:"],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "frame-ancestors": [CSP.NONE],
    "form-action": [CSP.SELF],
}
# The keyboard pages read the current CSRF token from its cookie before each change: a login
# in another tab gives a new token, and the one in the page would be refused (changes.js).
CSRF_COOKIE_HTTPONLY = False
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

# HTTPS (default: on when DEBUG is off) says the site is served over HTTPS behind a TLS
# proxy, and sets the defaults of the six below, each of which can also be set alone
# (SECURE_HSTS_SECONDS=0 to try HTTPS before browsers remember it for a year). HTTPS=false
# serves plain HTTP, e.g. to try the image on localhost. The demo (DEBUG on) is plain HTTP.
_https = _env_flag("HTTPS", not DEBUG)
# The header the proxy sets to say the client used HTTPS (HTTPS_PROXY_HEADER="" if none
# does). Trust only a proxy that overwrites it, or clients could claim HTTPS over HTTP.
_proxy_header = os.environ.get("HTTPS_PROXY_HEADER", "HTTP_X_FORWARDED_PROTO" if _https else "")
SECURE_PROXY_SSL_HEADER = (_proxy_header, "https") if _proxy_header else None
SECURE_SSL_REDIRECT = _env_flag("SECURE_SSL_REDIRECT", _https)
SESSION_COOKIE_SECURE = _env_flag("SESSION_COOKIE_SECURE", _https)
CSRF_COOKIE_SECURE = _env_flag("CSRF_COOKIE_SECURE", _https)
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", 31536000 if _https else 0))
SECURE_HSTS_INCLUDE_SUBDOMAINS = _env_flag("SECURE_HSTS_INCLUDE_SUBDOMAINS", _https)
SECURE_HSTS_PRELOAD = _env_flag("SECURE_HSTS_PRELOAD", _https)

if not DEBUG:
    # Hashed names, compressed copies and far-future caching; `manage.py collectstatic`
    # (the image runs it at build) makes the manifest.
    STORAGES = {
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}
