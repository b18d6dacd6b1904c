"""Koers settings: one module, driven by the environment (see .env.example)."""

from __future__ import annotations

import ipaddress
import json
import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = BASE_DIR.parent.parent


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    if raw.lower() in {"1", "true", "yes", "on"}:
        return True
    if raw.lower() in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {raw!r}")


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    try:
        return int(raw)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {raw!r}") from exc


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in env_str(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", True)
SECRET_KEY = env_str("SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off")
    SECRET_KEY = "insecure-development-key-only-for-debug"  # noqa: S105

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
SITE_NAME = "Koers"

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "django_filters",
    "simple_history",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "csp",
    "django_tasks",
    "django_tasks_db",
    "koers.core",
    "koers.accounts",
    "koers.transfer",
    "koers.relations",
    "koers.notifications",
    # The catalogue before complaints: a complaint names a product (and the demo step needs it).
    "koers.sales",
    "koers.complaints",
    "koers.proposals",
    "koers.gifts",
    "koers.correspondence",
    # After sales, complaints and correspondence: an order's after-sales and surveys.
    "koers.aftersales",
    # After sales and relations: plans read their activities, deals and orders.
    "koers.planning",
    # After planning and sales: the indicators read orders, deals, quotes, complaints, targets.
    "koers.insights",
    # After accounts and sales: a selection reads the customer file and what was ordered.
    "koers.campaigns",
    "ninja",
    "koers.api",
    # Last: `manage.py demo` runs every app's demo step in the order above (koers/demo/).
    "koers.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Sees the response after the views and the middleware below: no-store behind the login.
    "koers.core.cache_control.NoStoreMiddleware",
    # A lost database in a view is a 503, not a 500 (handler500 covers the middleware).
    "koers.core.outage.DatabaseOutageMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "koers.core.middleware.UserLanguageMiddleware",
    "koers.core.middleware.TwoFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Axes goes last so that it sees the outcome of every login attempt.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "koers.urls"
WSGI_APPLICATION = "koers.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "csp.context_processors.nonce",
                "koers.core.context_processors.navigation",
            ],
        },
    }
]

# SQLite is the embedded default; DATABASE_URL points a team at PostgreSQL.
_sqlite_path = Path(env_str("SQLITE_PATH", str(PROJECT_DIR / "var" / "koers.sqlite3")))
if "DATABASE_URL" not in os.environ:
    _sqlite_path.parent.mkdir(parents=True, exist_ok=True)
DATABASE_URL = env_str("DATABASE_URL", f"sqlite:///{_sqlite_path}")
# Health checks: a kept connection is tested before a request reuses it, so the first request
# after a database restart reconnects instead of failing (issue 8, fault 4).
DATABASES = {
    "default": dj_database_url.parse(
        DATABASE_URL, conn_max_age=env_int("DB_CONN_MAX_AGE", 60), conn_health_checks=True
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA foreign_keys=ON; PRAGMA synchronous=NORMAL; "
            "PRAGMA busy_timeout=5000;"
        ),
        "transaction_mode": "IMMEDIATE",
    }
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # JIT compiling costs 0.5-2 s on the scoped COUNT(*) of a list page that runs in 20 ms;
    # it only pays off for long analytical queries (docs/performance.md, finding 1).
    # random_page_cost: the default 4 prices an index lookup as a disk seek; with the customer
    # file in memory that made the planner scan 330,000 positions instead of looking up a few
    # thousand by index (finding 6). 1.1 is the usual value for SSDs and cached data.
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = (
        "-c jit=off -c random_page_cost=" + env_str("PG_RANDOM_PAGE_COST", "1.1")
    )
if env_str("TEST_DB_NAME"):
    # Lets several test runs share one PostgreSQL server without colliding.
    DATABASES["default"]["TEST"] = {"NAME": env_str("TEST_DB_NAME")}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "core.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "core:login"
LOGIN_REDIRECT_URL = "accounts:account_list"
LOGOUT_REDIRECT_URL = "core:login"

AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("AXES_COOLOFF_MINUTES", 15))
# The order matters: koers.core.lockout reads the first as the lock per user name and
# address (AXES_FAILURE_LIMIT), the second as the one per user name.
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], "username"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "core/locked_out.html"
# Renders AXES_LOCKOUT_TEMPLATE with the lock's length in whole minutes.
AXES_LOCKOUT_CALLABLE = "koers.core.views.locked_out"
# From a trusted proxy (TRUSTED_PROXIES) the client's address comes from X-Forwarded-For.
AXES_CLIENT_IP_CALLABLE = "koers.core.middleware.client_ip"
# Next to the lock per user name and address: a lock per user name from whatever address, at a
# higher limit, against guesses spread over many addresses (koers.core.lockout).
AXES_USERNAME_FAILURE_LIMIT = env_int("AXES_USERNAME_FAILURE_LIMIT", 20)
AXES_HANDLER = "koers.core.lockout.LockoutHandler"
AXES_VERBOSE = False

OTP_TOTP_ISSUER = "Koers"

LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", _("Dutch")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
FORMAT_MODULE_PATH = ["koers.formats"]
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True
USE_THOUSAND_SEPARATOR = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(PROJECT_DIR / "var" / "static")))
# Front-end packages come from npm (package.json) and are served by WhiteNoise.
_NPM = PROJECT_DIR / "node_modules"
STATICFILES_DIRS = [
    (prefix, _NPM / path)
    for prefix, path in (
        ("vendor/htmx", "htmx.org/dist"),
        ("vendor/pico", "@picocss/pico/css"),
        ("vendor/chartjs", "chart.js/dist"),
    )
    if (_NPM / path).is_dir()
]


def env_json_object(name: str) -> dict[str, object]:
    raw = env_str(name)
    if not raw:
        return {}
    try:
        value = json.loads(raw)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} must be a JSON object, not {raw!r}") from exc
    if not isinstance(value, dict):
        raise ImproperlyConfigured(f"{name} must be a JSON object, not {raw!r}")
    return value


# Uploaded files (photos of visits) go through Django's storage API: MEDIA_ROOT by default, or
# object storage in production (docs/operations.md, "Photos of visits").
STORAGES = {
    "default": {
        "BACKEND": env_str("MEDIA_STORAGE_BACKEND", "django.core.files.storage.FileSystemStorage"),
        "OPTIONS": env_json_object("MEDIA_STORAGE_OPTIONS"),
    },
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(PROJECT_DIR / "var" / "media")))
WHITENOISE_USE_FINDERS = DEBUG

EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "koers@localhost")
# SMTP in production (EMAIL_BACKEND=django.core.mail.backends.smtp.EmailBackend);
# docs/operations.md, "Sending mail". Mails to customers go From the company's address
# (Administration → Company), which the SMTP server must accept (SPF/DKIM for that domain).
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 587)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 30)
if EMAIL_USE_TLS and EMAIL_USE_SSL:
    raise ImproperlyConfigured("EMAIL_USE_TLS and EMAIL_USE_SSL cannot both be true")
# In development, `EMAIL_BACKEND=django.core.mail.backends.filebased.EmailBackend` writes each
# mail as a file into this folder.
EMAIL_FILE_PATH = env_str("EMAIL_FILE_PATH", str(PROJECT_DIR / "var" / "mail"))
# Koers's own address, for links in e-mails (the daily digest) and calendar feeds.
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000")
# Requests per minute per address on a quote's public page (decision 108); beyond it, a 429.
QUOTE_LINK_RATE_LIMIT = env_int("QUOTE_LINK_RATE_LIMIT", 30)
# Campaign mailings (decision 136): copies per batch, a batch at most every so many seconds
# (the rate the mail server accepts), and requests per minute per address to the public
# unsubscribe page; beyond it, a 429.
MAILING_BATCH_SIZE = env_int("MAILING_BATCH_SIZE", 50)
MAILING_BATCH_SECONDS = env_int("MAILING_BATCH_SECONDS", 60)
UNSUBSCRIBE_RATE_LIMIT = env_int("UNSUBSCRIBE_RATE_LIMIT", 30)
# Requests per minute per address to an event's public registration and cancel pages
# (decision 139); beyond it, a 429.
EVENT_PAGE_RATE_LIMIT = env_int("EVENT_PAGE_RATE_LIMIT", 30)

# Logging mail from outside (docs/operations.md, "The mail log"): each user's log address is
# `<MAIL_LOG_LOCAL_PART>+<token>@<MAIL_LOG_DOMAIN>`; no domain, no log addresses.
MAIL_LOG_DOMAIN = env_str("MAIL_LOG_DOMAIN").strip().lower()
MAIL_LOG_LOCAL_PART = env_str("MAIL_LOG_LOCAL_PART", "log").strip().lower()
# The shared secret a mail server sends to POST /api/v1/inbound-mail (Bearer); empty: refused.
MAIL_LOG_SECRET = env_str("MAIL_LOG_SECRET")
MAIL_LOG_MAX_BYTES = env_int("MAIL_LOG_MAX_BYTES", 25 * 1024 * 1024)
MAIL_LOG_ATTACHMENT_MAX_BYTES = env_int("MAIL_LOG_ATTACHMENT_MAX_BYTES", 10 * 1024 * 1024)
# The mailbox `manage.py poll_mail_log` reads (empty host: the command does nothing).
MAIL_LOG_IMAP_HOST = env_str("MAIL_LOG_IMAP_HOST")
MAIL_LOG_IMAP_PORT = env_int("MAIL_LOG_IMAP_PORT", 993)
MAIL_LOG_IMAP_SSL = env_bool("MAIL_LOG_IMAP_SSL", True)
MAIL_LOG_IMAP_USER = env_str("MAIL_LOG_IMAP_USER")
MAIL_LOG_IMAP_PASSWORD = env_str("MAIL_LOG_IMAP_PASSWORD")
MAIL_LOG_IMAP_FOLDER = env_str("MAIL_LOG_IMAP_FOLDER", "INBOX")
# Where processed messages are moved; empty: they are only marked as read.
MAIL_LOG_IMAP_DONE_FOLDER = env_str("MAIL_LOG_IMAP_DONE_FOLDER")
MAIL_LOG_IMAP_TIMEOUT = env_int("MAIL_LOG_IMAP_TIMEOUT", 60)

TASKS = {
    "default": {
        "BACKEND": env_str("TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
    }
}

# Security: secure cookies and HSTS whenever not in debug.
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", not DEBUG)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", not DEBUG)
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_SECURE = env_bool("LANGUAGE_COOKIE_SECURE", not DEBUG)
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
# Load balancers probe over plain HTTP inside the network.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = not DEBUG
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
BEHIND_PROXY = env_bool("BEHIND_PROXY", False)
# Addresses or networks of the reverse proxies in front: only from these is X-Forwarded-For read.
TRUSTED_PROXIES = env_list("TRUSTED_PROXIES")
for _proxy in TRUSTED_PROXIES:
    try:
        ipaddress.ip_network(_proxy, strict=False)
    except ValueError as exc:
        raise ImproperlyConfigured(
            f"TRUSTED_PROXIES must list addresses or networks, not {_proxy!r}"
        ) from exc
if BEHIND_PROXY and not TRUSTED_PROXIES:
    raise ImproperlyConfigured("BEHIND_PROXY needs TRUSTED_PROXIES, the proxies' addresses")
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if BEHIND_PROXY else None
X_FRAME_OPTIONS = "DENY"

# No inline script anywhere: every script is a static file.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
        "base-uri": [SELF],
        "object-src": [NONE],
    }
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"refusals_on_one_line": {"()": "koers.core.log_filters.RefusalsOnOneLine"}},
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "WARNING")},
    # A 403 or 404 is one line (who, what), not a traceback; a 500 keeps its traceback.
    "loggers": {"django.request": {"filters": ["refusals_on_one_line"]}},
}

PAGE_SIZE = 25

# Imports of more rows than this are checked and written by the task worker (db_worker).
IMPORT_BACKGROUND_ROWS = env_int("IMPORT_BACKGROUND_ROWS", 1000)
# Uploads larger than this are read (parsed) by the task worker, not in the upload request: a
# server process is not held for the seconds a large spreadsheet takes to read.
IMPORT_BACKGROUND_KB = env_int("IMPORT_BACKGROUND_KB", 256)
IMPORT_MAX_ROWS = env_int("IMPORT_MAX_ROWS", 50000)
IMPORT_MAX_UPLOAD_MB = env_int("IMPORT_MAX_UPLOAD_MB", 20)
# An .xlsx file is a zip archive: checked before it is unpacked (transfer/parsing.py), so a
# 1 MB file that inflates to 1 GB is refused instead of holding a server process.
IMPORT_MAX_UNPACKED_MB = env_int("IMPORT_MAX_UNPACKED_MB", 50)
IMPORT_MAX_COLUMNS = env_int("IMPORT_MAX_COLUMNS", 200)
IMPORT_MAX_PARSE_SECONDS = env_int("IMPORT_MAX_PARSE_SECONDS", 30)
# The memory a spreadsheet may take while it is read, in a child process (transfer/isolation.py).
IMPORT_PARSE_MEMORY_MB = env_int("IMPORT_PARSE_MEMORY_MB", 512)
# A background job (import, …) whose worker gave no sign of life for this long is marked failed
# (core/jobs.py); longer than the longest single transaction of a job (an import of
# IMPORT_MAX_ROWS rows).
JOB_STALE_AFTER_SECONDS = env_int("JOB_STALE_AFTER_SECONDS", 900)

# Complaints: how many days after solving a complaint its owner asks whether the customer is
# satisfied (the follow-up check, planned as an activity).
COMPLAINT_FOLLOW_UP_DAYS = env_int("COMPLAINT_FOLLOW_UP_DAYS", 14)
if not 1 <= COMPLAINT_FOLLOW_UP_DAYS <= 365:
    raise ImproperlyConfigured(
        f"COMPLAINT_FOLLOW_UP_DAYS must be 1 to 365, not {COMPLAINT_FOLLOW_UP_DAYS}"
    )

# Recurring visit schedules: how far ahead the daily job plans their visits (not years at once).
RECURRING_VISITS_WEEKS_AHEAD = env_int("RECURRING_VISITS_WEEKS_AHEAD", 6)
if not 1 <= RECURRING_VISITS_WEEKS_AHEAD <= 52:
    raise ImproperlyConfigured(
        f"RECURRING_VISITS_WEEKS_AHEAD must be 1 to 52, not {RECURRING_VISITS_WEEKS_AHEAD}"
    )

# AVG: contacts without any change for this many years and without consent for mailings are
# listed for review (erase or keep) on Administration → Retention review.
PRIVACY_RETENTION_YEARS = env_int("PRIVACY_RETENTION_YEARS", 2)
if PRIVACY_RETENTION_YEARS < 1:
    raise ImproperlyConfigured(
        f"PRIVACY_RETENTION_YEARS must be 1 or more, not {PRIVACY_RETENTION_YEARS}"
    )

# Insights (decision 142): a customer without an order for this many days is dormant, and the
# activity goals per account manager per week (done visits, done phone and video calls).
INSIGHTS_DORMANT_DAYS = env_int("INSIGHTS_DORMANT_DAYS", 180)
INSIGHTS_VISITS_PER_WEEK = env_int("INSIGHTS_VISITS_PER_WEEK", 8)
INSIGHTS_CALLS_PER_WEEK = env_int("INSIGHTS_CALLS_PER_WEEK", 15)
for _name, _value in (
    ("INSIGHTS_DORMANT_DAYS", INSIGHTS_DORMANT_DAYS),
    ("INSIGHTS_VISITS_PER_WEEK", INSIGHTS_VISITS_PER_WEEK),
    ("INSIGHTS_CALLS_PER_WEEK", INSIGHTS_CALLS_PER_WEEK),
):
    if not 1 <= _value <= 3650:
        raise ImproperlyConfigured(f"{_name} must be 1 to 3650, not {_value}")
