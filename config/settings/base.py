"""Settings shared by every environment.

dev.py, test.py and production.py only put environment defaults in place and then import this
module; every variable read here is listed in the README.
"""

from datetime import timedelta
from pathlib import Path

import dj_database_url
from celery.schedules import crontab
from csp.constants import NONCE, NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from config.env import env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = Path(env_str("ZICHT_VAR_DIR", str(BASE_DIR / "var")))

SECRET_KEY = env_str("SECRET_KEY")
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", [])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

# Seeding demo users with the password "demo" is only allowed where this is switched on (dev, test).
DEMO_DATA_ALLOWED = False

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "guardian",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_htmx",
    "axes",
    "core",
    "accounts",
    "audit",
    "cases",
    "caseloads",
    "measures",
    "reportingcode",
    "referrals",
    "safetyplans",
    "tables",
    "flags",
    "reports",
    "api",
    "privacy",
]

MIDDLEWARE = [
    "audit.middleware.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # Permissions-Policy, and no caching of anything shown to a logged-in user (accounts/security.py).
    "accounts.security.SecurityHeadersMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Before anything reads the input: a NUL character gets a Dutch 400, never the database.
    "core.middleware.RefuseNulMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # An htmx request sent to the login page gets HX-Redirect, never the login form in a panel.
    "accounts.session.HtmxLoginRedirectMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "accounts.two_factor.TwoFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Logs out a session idle for SESSION_IDLE_MINUTES or older than SESSION_COOKIE_AGE (accounts/session.py).
    "accounts.session.SessionTimeoutMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Last, as django-axes asks: it turns a lockout into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "accounts.context_processors.navigation",
                "accounts.session.session_context",
            ],
        },
    },
]

# Form widgets render through Jinja2, the admin's own widgets through Django templates (core/forms.py).
FORM_RENDERER = "core.forms.FormRenderer"

DATABASES = {"default": dj_database_url.parse(env_str("DATABASE_URL"))}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # No JIT: our queries are short, and PostgreSQL compiled the larger ones (the stalled-case rules, a
    # big list) for longer than they ran: 225 ms of a 415 ms rule (ADR 14).
    _options = DATABASES["default"].setdefault("OPTIONS", {})
    _options["options"] = f"{_options.get('options', '')} -c jit=off".strip()
    # Prepared statements: a query a connection has run five times is kept on the server with its plan. Our
    # pages run the same few queries (core.prepared), and planning them cost PostgreSQL more than running
    # them: the case page's PostgreSQL time went from 7.1 to 2.7 ms (ADR 14). Django leaves them off for
    # connection poolers in transaction mode; Zicht connects to PostgreSQL directly (docker-compose.yml).
    _options.setdefault("server_side_binding", True)
    _options.setdefault("prepare_threshold", 5)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "accounts.backends.ZichtModelBackend",
    "guardian.backends.ObjectPermissionBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "accounts:logged-out"

# Case files are sensitive: a working day at most, and gone when the browser closes.
SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 9 * 60 * 60)
# ... and a quarter of an hour without activity ends it sooner (accounts/session.py, static/js/session.js).
SESSION_IDLE_MINUTES = env_int("SESSION_IDLE_MINUTES", 15)
if SESSION_IDLE_MINUTES < 1:
    raise ImproperlyConfigured(f"SESSION_IDLE_MINUTES={SESSION_IDLE_MINUTES} must be at least 1.")
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"

# Content-Security-Policy (django-csp): scripts and styles only from Zicht's own static files, no inline
# script at all. Inline styles are allowed only with the request's nonce (the plan's print preview) or by
# hash (the bare 500 page, templates/500.html, which must not depend on anything else working).
SERVER_ERROR_STYLE_HASH = "'sha256-OgE9noJS7uT8CbpjWDmoJjmdHoAVibl0PWwPA2DH290='"
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF, NONCE, SERVER_ERROR_STYLE_HASH],
        "img-src": [SELF],  # the two-step QR code is inline SVG, not a data: URI
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

# Two-factor authentication (TOTP, django-otp): required in production, optional elsewhere.
TWO_FACTOR_REQUIRED = env_bool("TWO_FACTOR_REQUIRED", False)
OTP_TOTP_ISSUER = "Zicht"

# Login throttling (django-axes): lock a username from one address after repeated failures.
AXES_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("LOGIN_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_VERBOSE = False
# The client address behind PROXY_COUNT reverse proxies (django-ipware). Each proxy appends the address it
# saw to X-Forwarded-For, so the client is the PROXY_COUNT-th entry from the right; entries a client sends
# itself stand further left and are ignored. Without proxies only REMOTE_ADDR counts.
PROXY_COUNT = env_int("PROXY_COUNT", 0)
if PROXY_COUNT < 0:
    raise ImproperlyConfigured(f"PROXY_COUNT={PROXY_COUNT} must be 0 (no proxy) or more.")
AXES_IPWARE_META_PRECEDENCE_ORDER = ["HTTP_X_FORWARDED_FOR"] * bool(PROXY_COUNT) + ["REMOTE_ADDR"]
AXES_IPWARE_PROXY_ORDER = "left-most"
# ipware counts the proxies listed after the client; the nearest proxy is REMOTE_ADDR, not listed.
AXES_IPWARE_PROXY_COUNT = PROXY_COUNT - 1 if PROXY_COUNT else None
IPWARE_STRICT = False  # a longer chain (the client's own entries first) still counts from the right

# The one-time link to set a password (the functional admin never sets one): hours it stays valid.
PASSWORD_RESET_TIMEOUT = 48 * 60 * 60

# django-guardian: no anonymous user row; anonymous visitors never see case data.
ANONYMOUS_USER_NAME = None

LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", _("Dutch")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = "Europe/Amsterdam"
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_TIMEOUT = 10
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Zicht <zicht@localhost>")
# Where Zicht is reached, for links in e-mail.
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Regional agreements (domain.md §1.4): working days a local team has to accept a handover.
REFERRAL_ACCEPTANCE_WORKING_DAYS = env_int("REFERRAL_ACCEPTANCE_WORKING_DAYS", 5)
# Beschermtafel members read a meeting's submissions until this many days after the meeting.
TABLE_MEMBER_ACCESS_DAYS_AFTER_MEETING = env_int("TABLE_MEMBER_ACCESS_DAYS_AFTER_MEETING", 14)
# Years a closed youth-care file is kept, from its closing date (domain.md §6.1: 20 since 2020).
RETENTION_YEARS = env_int("RETENTION_YEARS", 20)
# Calls an API client may make per minute (api/auth.py); more get 429 with Retry-After.
API_RATE_LIMIT_PER_MINUTE = env_int("API_RATE_LIMIT_PER_MINUTE", 120)
# Outcome events to the chain (api/delivery.py): seconds a receiver has to answer; the first wait after a
# failure (doubling, at most an hour); hours after which a delivery still failing is given up and the
# functional administrators are told; whether an endpoint must be https (production says yes).
API_DELIVERY_TIMEOUT_SECONDS = env_int("API_DELIVERY_TIMEOUT_SECONDS", 10)
API_DELIVERY_RETRY_SECONDS = env_int("API_DELIVERY_RETRY_SECONDS", 30)
API_DELIVERY_GIVE_UP_HOURS = env_int("API_DELIVERY_GIVE_UP_HOURS", 72)
API_DELIVERY_HTTPS_ONLY = env_bool("API_DELIVERY_HTTPS_ONLY", False)
# Minutes a confirmed password (and two-step code) counts for a copy of a file or a bulk export.
REAUTHENTICATION_MINUTES = env_int("REAUTHENTICATION_MINUTES", 5)

REDIS_URL = env_str("REDIS_URL", None)

CELERY_BROKER_URL = env_str("CELERY_BROKER_URL", REDIS_URL)
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SOFT_TIME_LIMIT = env_int("CELERY_TASK_SOFT_TIME_LIMIT", 240)
CELERY_TASK_TIME_LIMIT = env_int("CELERY_TASK_TIME_LIMIT", 300)
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ALWAYS_EAGER = False
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# A web request that enqueues work must not hang on a broker that is down (core/queue.py).
CELERY_BROKER_CONNECTION_TIMEOUT = 2
CELERY_BROKER_TRANSPORT_OPTIONS = {"socket_connect_timeout": 2, "socket_timeout": 5}
CELERY_WORKER_HIJACK_ROOT_LOGGER = False
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celerybeat-schedule")
CELERY_BEAT_SCHEDULE = {
    "sessions-clear-expired": {
        "task": "accounts.tasks.sessions_clear_expired",
        "schedule": crontab(hour=3, minute=30),
    },
    "flag-stalled-cases": {
        "task": "flags.tasks.flag_stalled_cases",
        "schedule": crontab(minute="*/15"),
    },
    "send-flag-digest": {
        "task": "flags.tasks.send_flag_digest",
        "schedule": crontab(hour=7, minute=0),
    },
    "notifications-email-pending": {
        "task": "accounts.tasks.notifications_email_pending",
        "schedule": crontab(minute="*/10"),
    },
    "monitoring-access-expire": {
        "task": "referrals.tasks.monitoring_access_expire",
        "schedule": crontab(hour=2, minute=15),
    },
    "emergency-access-expire": {
        "task": "cases.tasks.emergency_access_expire",
        "schedule": crontab(minute="*/5"),
    },
    "table-access-expire": {
        "task": "tables.tasks.table_access_expire",
        "schedule": crontab(hour=2, minute=30),
    },
    "retention-sweep": {
        "task": "privacy.tasks.retention_sweep",
        "schedule": crontab(day_of_week="monday", hour=4, minute=0),
    },
    "outcome-deliveries-pick-up": {
        "task": "api.tasks.deliveries_pick_up",
        "schedule": crontab(minute="*"),
    },
    "agenda-packs-pick-up": {
        "task": "tables.tasks.agenda_packs_pick_up",
        "schedule": crontab(minute="*/2"),
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {"axes": {"level": "WARNING"}},
}
