"""Django settings for Dân Vận, configured only from environment variables."""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("DANVAN_VAR_DIR", BASE_DIR / "var"))


def env_str(name: str, default: str | None = None) -> str:
    """Return a string setting, failing loudly when a required one is missing."""
    value = os.environ.get(name, default)
    if value is None:
        raise ImproperlyConfigured(f"Environment variable {name} is required")
    return value


def env_bool(name: str, default: bool) -> bool:
    """Return a boolean setting; accepts 1/0, true/false, yes/no, on/off."""
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    lowered = raw.strip().lower()
    if lowered in {"1", "true", "yes", "on"}:
        return True
    if lowered in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be a boolean (1/0, true/false), got {raw!r}")


def env_int(name: str, default: int) -> int:
    """Return an integer setting, failing loudly on a non-integer value."""
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    try:
        return int(raw)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} must be an integer, got {raw!r}") from exc


def env_list(name: str, default: list[str]) -> list[str]:
    """Return a comma-separated list setting."""
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    return [part.strip() for part in raw.split(",") if part.strip()]


PRODUCTION = env_bool("DANVAN_PRODUCTION", False)
DEBUG = env_bool("DANVAN_DEBUG", not PRODUCTION)

if PRODUCTION:
    SECRET_KEY = env_str("DANVAN_SECRET_KEY")
    if len(SECRET_KEY) < 50:
        raise ImproperlyConfigured("DANVAN_SECRET_KEY must be at least 50 characters long")
else:
    # Development only: a fixed key is fine because nothing real is protected by it.
    SECRET_KEY = env_str("DANVAN_SECRET_KEY", "dev-insecure-" + "x" * 50)
# Old secret keys after a rotation, newest first. Only the keyed hashes stored with petition
# cases (tracking secrets, duplicate detection) still verify with them; sessions, password
# reset links and signed values do not (Django's SECRET_KEY_FALLBACKS stays empty), so a
# leaked key is dead at once for everything else. See docs/production.md.
DANVAN_OLD_SECRET_KEYS = env_list("DANVAN_OLD_SECRET_KEYS", [])

# Denouncers' identities are encrypted at rest with this key (Fernet: 32 url-safe base64 bytes;
# several comma-separated keys rotate, the first encrypts). It is never stored in the database
# or the repository. Development derives a throw-away key; production must set it.
if PRODUCTION:
    DANVAN_IDENTITY_KEYS = env_list("DANVAN_IDENTITY_KEYS", [])
    if not DANVAN_IDENTITY_KEYS:
        raise ImproperlyConfigured("DANVAN_IDENTITY_KEYS must be set (Fernet key, see README)")
else:
    DANVAN_IDENTITY_KEYS = env_list(
        "DANVAN_IDENTITY_KEYS", ["ZGV2LW9ubHktaWRlbnRpdHkta2V5LW5vdC1zZWNyZXQ="]
    )

ALLOWED_HOSTS = env_list("DANVAN_ALLOWED_HOSTS", ["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env_list("DANVAN_CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "axes",
    "danvan.core",
    "danvan.orgs",
    "danvan.workcal",
    "danvan.accounts",
    "danvan.plans",
    "danvan.reports",
    "danvan.petitions",
    "danvan.reception",
    "danvan.portal",
    "danvan.front",
    "danvan.consultations",
    "danvan.emulation",
    "danvan.indices",
    "danvan.registers",
    "danvan.imports",
    "danvan.notifications",
    "danvan.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "danvan.core.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",
    "danvan.core.middleware.ApplicationErrorMiddleware",
]

ROOT_URLCONF = "danvan.urls"
WSGI_APPLICATION = "danvan.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "danvan" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "danvan.core.context_processors.nav",
            ],
        },
    },
]

# Database: SQLite under var/ unless DANVAN_DATABASE_URL points elsewhere.
CONN_MAX_AGE = env_int("DANVAN_CONN_MAX_AGE", 600)
_db_url = os.environ.get("DANVAN_DATABASE_URL", "").strip()
if _db_url:
    DATABASES = {
        "default": dj_database_url.parse(
            _db_url, conn_max_age=CONN_MAX_AGE, conn_health_checks=True
        )
    }
else:
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": env_str("DANVAN_SQLITE_PATH", str(VAR_DIR / "danvan.sqlite3")),
            "CONN_MAX_AGE": CONN_MAX_AGE,
            "CONN_HEALTH_CHECKS": True,
            "OPTIONS": {
                # WAL with synchronous=FULL: an acknowledged commit survives a crash.
                "init_command": (
                    "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; "
                    "PRAGMA foreign_keys=ON; PRAGMA busy_timeout=5000;"
                ),
                "transaction_mode": "IMMEDIATE",
            },
            # Tests use a file too, not Django's shared-cache memory database: threads (the
            # live server, background imports) then lock and wait as they do in production.
            "TEST": {"NAME": str(VAR_DIR / "test-danvan.sqlite3")},
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "core:dashboard"
LOGOUT_REDIRECT_URL = "accounts:login"

# Failed-login throttling (django-axes): lock a username+IP pair after repeated failures.
AXES_FAILURE_LIMIT = env_int("DANVAN_LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = 0.25  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked.html"
AXES_VERBOSE = False
# Behind nginx set DANVAN_TRUSTED_PROXY_COUNT=1 so lockouts and logs see the real client.
DANVAN_TRUSTED_PROXY_COUNT = env_int("DANVAN_TRUSTED_PROXY_COUNT", 0)
AXES_CLIENT_IP_CALLABLE = "danvan.core.net.client_ip"

# Sessions end after inactivity (seconds); every request extends them.
SESSION_COOKIE_AGE = env_int("DANVAN_SESSION_TIMEOUT", 30 * 60)
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"

LANGUAGE_CODE = "vi"
# Only Vietnamese is served for now; strings are wrapped for translation for a later English UI.
LANGUAGES = [("vi", "Tiếng Việt")]
LOCALE_PATHS = [BASE_DIR / "danvan" / "locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "danvan" / "static"]
STATIC_ROOT = VAR_DIR / "static"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
MEDIA_ROOT = Path(os.environ.get("DANVAN_MEDIA_ROOT", VAR_DIR / "media"))
# Media files are never served directly: downloads go through views that check permissions.
MEDIA_URL = "/media-not-served/"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}

# Uploads: evidence files are limited in size and type (see core.uploads).
DANVAN_UPLOAD_MAX_BYTES = env_int("DANVAN_UPLOAD_MAX_BYTES", 20 * 1024 * 1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# Plan import: how uploaded files are read (see docs/imports.md). The size limits are read by
# danvan.imports.readers from DANVAN_IMPORT_MAX_* variables.
DANVAN_IMPORT_RUN = env_str("DANVAN_IMPORT_RUN", "thread")
if DANVAN_IMPORT_RUN not in ("thread", "sync", "command"):
    raise ImproperlyConfigured("DANVAN_IMPORT_RUN must be thread, sync or command")
# Public forms: proof-of-work difficulty of the portal, minimum seconds to fill a comment form.
DANVAN_PORTAL_POW_BITS = env_int("DANVAN_PORTAL_POW_BITS", 16)
DANVAN_CONSULTATION_MIN_FILL_SECONDS = env_int("DANVAN_CONSULTATION_MIN_FILL_SECONDS", 3)
if os.environ.get("DANVAN_SMS_SENDER"):
    # Dotted path of the class that sends one-time codes by SMS (docs/consultations.md).
    DANVAN_SMS_SENDER = env_str("DANVAN_SMS_SENDER")

EMAIL_BACKEND = env_str("DANVAN_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env_str("DANVAN_EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("DANVAN_EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("DANVAN_EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("DANVAN_EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("DANVAN_EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = env_str("DANVAN_FROM_EMAIL", "danvan@localhost")
DANVAN_SITE_URL = env_str("DANVAN_SITE_URL", "http://127.0.0.1:8000")

SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if PRODUCTION:
    SECURE_SSL_REDIRECT = env_bool("DANVAN_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env_int("DANVAN_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env_bool("DANVAN_HSTS_PRELOAD", True)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env_str("DANVAN_LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}
