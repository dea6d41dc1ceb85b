"""danvan settings, read from environment variables with safe local defaults.

Every variable is documented in README.md ("Cấu hình"). Development mode (the default) runs on
SQLite under ./var with no configuration; production mode (DANVAN_MODE=production) refuses to
start without a secret key and allowed hosts, and turns on every deploy-time protection.
"""

import os
from email.utils import getaddresses
from pathlib import Path

import dj_database_url
import xstatic.pkg.leaflet
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent


def env(name: str, default: str = "") -> str:
    """A variable's value; NAME_FILE names a file holding it (for container secrets)."""
    path = os.environ.get(f"{name}_FILE")
    if path:
        return Path(path).read_text(encoding="utf-8").strip()
    return os.environ.get(name, default)


def env_bool(name: str, default: bool) -> bool:
    value = env(name, "")
    if not value:
        return default
    if value.lower() in {"1", "true", "yes", "on"}:
        return True
    if value.lower() in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} phải là 1/0 (true/false), không phải {value!r}.")


def env_int(name: str, default: int) -> int:
    value = env(name, "")
    if not value:
        return default
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} phải là một số nguyên, không phải {value!r}.") from None


def env_list(name: str) -> list[str]:
    return [item.strip() for item in env(name, "").split(",") if item.strip()]


MODE = env("DANVAN_MODE", "development")
if MODE not in {"development", "production"}:
    raise ImproperlyConfigured("DANVAN_MODE phải là 'development' hoặc 'production'.")
PRODUCTION = MODE == "production"
DEBUG = env_bool("DANVAN_DEBUG", not PRODUCTION)

DATA_DIR = Path(env("DANVAN_DATA_DIR", str(BASE_DIR.parent / "var")))

SECRET_KEY = env("DANVAN_SECRET_KEY")
ALLOWED_HOSTS = env_list("DANVAN_ALLOWED_HOSTS")
if PRODUCTION:
    if len(SECRET_KEY) < 50 or len(set(SECRET_KEY)) < 5:
        # Django's deploy check only warns; a short key makes sessions and CSRF tokens guessable.
        raise ImproperlyConfigured(
            "Chế độ production cần DANVAN_SECRET_KEY dài ít nhất 50 ký tự ngẫu nhiên "
            f"(hiện có {len(SECRET_KEY)}). Tạo một khóa: python3 -c "
            "'import secrets; print(secrets.token_urlsafe(50))'"
        )
    if not ALLOWED_HOSTS:
        raise ImproperlyConfigured(
            "Chế độ production cần DANVAN_ALLOWED_HOSTS (vd. danvan.tinh.vn)."
        )
else:
    # Only ever used on a developer's machine; production refuses to start without its own key.
    SECRET_KEY = SECRET_KEY or "django-insecure-danvan-development-only-key-not-for-production"
    ALLOWED_HOSTS = ALLOWED_HOSTS or ["127.0.0.1", "localhost", "[::1]", "testserver"]
CSRF_TRUSTED_ORIGINS = env_list("DANVAN_CSRF_TRUSTED_ORIGINS")
# Behind our own reverse proxy, which sets X-Forwarded-Proto and appends to X-Forwarded-For.
BEHIND_PROXY = env_bool("DANVAN_BEHIND_PROXY", False)

INSTALLED_APPS = [
    # From the ground up: the shared ground floor, units, organizations and access; then the
    # domain apps; then the apps that read across them.
    "danvan.core",
    "danvan.geo",
    "danvan.orgs",
    "danvan.reporting",
    "danvan.welfare",
    "danvan.outreach",
    "danvan.situation",
    "danvan.directives",
    "danvan.documents",
    "danvan.dashboard",
    "danvan.api",
    "danvan.demo",
    "danvan.grassroots",  # migrations only: the tables the three apps above took over
    "danvan.jobs",
    "django_tasks",
    "django_tasks_db",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    # Django Ninja's templates and static files: the API's Swagger UI page is served locally.
    "ninja",
    "simple_history",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "danvan.core.security.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "danvan.core.middleware.BadInputMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # After a signed-in user's write, their reads stay on the primary for a moment.
    "danvan.core.replica.PinAfterWriteMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Names the signed-in user as the author of the history rows a page's writes leave.
    "simple_history.middleware.HistoryRequestMiddleware",
    "danvan.core.middleware.ErrorPagesMiddleware",
    "danvan.core.middleware.BusyDatabaseMiddleware",
]

ROOT_URLCONF = "danvan.urls"
# Django's CSRF failure page is in English; this one says what to do in Vietnamese.
CSRF_FAILURE_VIEW = "danvan.core.views.csrf_failure"
WSGI_APPLICATION = "danvan.wsgi.application"

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
                "danvan.orgs.context_processors.current_roles",
            ],
        },
    }
]

DATABASE_URL = env("DANVAN_DATABASE_URL", f"sqlite:///{DATA_DIR / 'danvan.sqlite3'}")
DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60)}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {
        # WAL lets readers go on while one officer saves; IMMEDIATE makes a writer wait for the
        # lock at BEGIN instead of failing halfway through its transaction.
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
# A read replica (PostgreSQL streaming replication) for the leaders' pages: the dashboard,
# explorer, map and consolidation read it; every write, and a user's reads for a few seconds
# after their own write, stay on the primary (danvan.core.replica).
REPLICA_URL = env("DANVAN_DATABASE_REPLICA_URL")
DANVAN_REPLICA_ALIAS = "replica" if REPLICA_URL else ""
if REPLICA_URL:
    DATABASES["replica"] = dj_database_url.parse(REPLICA_URL, conn_max_age=60)
    # A test run makes no database on the replica (it is read-only): the alias reads the
    # primary's test database.
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
DATABASE_ROUTERS = ["danvan.core.replica.ReplicaRouter"]
DANVAN_REPLICA_PIN_SECONDS = env_int("DANVAN_REPLICA_PIN_SECONDS", 10)
# The leaders' pages are kept until the data changes (core.pagecache), in files that the
# server's processes share; this bounds how long one is kept when nothing changed, 0 turns
# keeping off.
DANVAN_PAGE_CACHE_SECONDS = env_int("DANVAN_PAGE_CACHE_SECONDS", 300)
DANVAN_PAGE_CACHE_DIR = DATA_DIR / "pages"
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    # A page is about 80 KB: at most some 50 MB.
    "pages": {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": str(DANVAN_PAGE_CACHE_DIR),
        "OPTIONS": {"MAX_ENTRIES": 600},
    },
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Long work (list imports, de-duplication, documents, daily notices) runs as jobs on Django's
# task framework. The database backend needs no other server: `make run` starts a worker
# (`danvan db_worker`) beside the web server; production runs workers as their own services.
# A province that outgrows it names another backend here (e.g. a Celery- or RQ-backed one for
# django-tasks); the code only ever calls `run_job.enqueue(...)`.
TASKS = {
    "default": {
        "BACKEND": env("DANVAN_TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
    }
}
# How long a generated document is kept for download (then `danvan jobs prune` deletes it).
DANVAN_RESULT_DAYS = env_int("DANVAN_RESULT_DAYS", 7)

AUTH_USER_MODEL = "orgs.User"
# One backend for every sign-in path: Django's, behind the login throttle.
AUTHENTICATION_BACKENDS = ["danvan.orgs.backends.ThrottledModelBackend"]
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
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
# Repeated failed logins for one account or from one address lock it out for a while.
LOGIN_MAX_FAILURES = env_int("DANVAN_LOGIN_MAX_FAILURES", 5)
LOGIN_LOCK_MINUTES = env_int("DANVAN_LOGIN_LOCK_MINUTES", 15)

# Uploads (lists, data values, Word reports) are checked against these before being read
# (danvan/core/uploads.py): an .xlsx of a few hundred KB can unpack into gigabytes.
UPLOAD_MAX_MB = env_int("DANVAN_UPLOAD_MAX_MB", 50)
UPLOAD_MAX_UNPACKED_MB = env_int("DANVAN_UPLOAD_MAX_UNPACKED_MB", 300)
UPLOAD_MAX_ROWS = env_int("DANVAN_UPLOAD_MAX_ROWS", 200_000)
UPLOAD_MAX_COLUMNS = env_int("DANVAN_UPLOAD_MAX_COLUMNS", 100)
UPLOAD_MAX_CELLS = env_int("DANVAN_UPLOAD_MAX_CELLS", 5_000_000)
DOCUMENT_MAX_UNPACKED_MB = env_int("DANVAN_DOCUMENT_MAX_UNPACKED_MB", 50)

# The PDF's font (package.json, installed by `make install`): see danvan/documents/render.py.
PDF_FONT_DIR = Path(
    env("DANVAN_PDF_FONT_DIR", str(BASE_DIR.parent / "node_modules" / "@fontsource" / "tinos"))
)

LANGUAGE_CODE = "vi"
# What Django's own Vietnamese catalogues lack (the admin's newer strings), ours fills in.
LOCALE_PATHS = [BASE_DIR / "locale"]
LANGUAGES = [("vi", "Tiếng Việt")]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
USE_THOUSAND_SEPARATOR = True
# Django's vi format file leaves NUMBER_GROUPING commented out; without it 1234567 prints ungrouped.
NUMBER_GROUPING = 3
FORMAT_MODULE_PATH = ["danvan.formats"]

STATIC_URL = "static/"
STATICFILES_DIRS = [
    BASE_DIR / "static",
    # The map's library, from its registry package (xstatic-leaflet), served as static/leaflet/.
    ("leaflet", xstatic.pkg.leaflet.BASE_DIR),
]
STATIC_ROOT = Path(env("DANVAN_STATIC_ROOT", str(DATA_DIR / "static")))
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
# Uploaded lists and generated documents live here, on disk (their SHA-256 in the database).
MEDIA_ROOT = Path(env("DANVAN_MEDIA_ROOT", str(DATA_DIR / "media")))
# In development whitenoise serves straight from the apps' static folders, as they change.
WHITENOISE_USE_FINDERS = WHITENOISE_AUTOREFRESH = not PRODUCTION
if not PRODUCTION:
    STATIC_ROOT.mkdir(parents=True, exist_ok=True)

SESSION_COOKIE_AGE = 60 * 60 * 12
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Requests per minute one API token may make (a Vietnamese 429 beyond).
API_RATE_LIMIT = env_int("DANVAN_API_RATE_LIMIT", 600)
# Exchange between servers: this server's province (its code), the private key that signs the
# files it exports, and the senders' public keys whose files it imports (a file or a list).
EXCHANGE_PROVINCE = env("DANVAN_EXCHANGE_PROVINCE")
EXCHANGE_PRIVATE_KEY = env("DANVAN_EXCHANGE_PRIVATE_KEY")
EXCHANGE_TRUSTED_KEYS = env("DANVAN_EXCHANGE_TRUSTED_KEYS")
# Django Ninja's own settings: no page may be larger than this.
NINJA_PAGINATION_MAX_LIMIT = 1000
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
    "font-src 'self'; connect-src 'self'; frame-ancestors 'none'; form-action 'self'; "
    "base-uri 'self'; object-src 'none'"
)
if PRODUCTION:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SESSION_COOKIE_HTTPONLY = True
    SECURE_SSL_REDIRECT = env_bool("DANVAN_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = env_int("DANVAN_HSTS_SECONDS", 60 * 60 * 24 * 365)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("DANVAN_HSTS_INCLUDE_SUBDOMAINS", False)
    # The preload list is for public domains; a provincial intranet host has no business there.
    SECURE_HSTS_PRELOAD = env_bool("DANVAN_HSTS_PRELOAD", False)
    if BEHIND_PROXY:
        # Only when a reverse proxy that terminates TLS always sets this header itself.
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SILENCED_SYSTEM_CHECKS = [
        *([] if SECURE_HSTS_INCLUDE_SUBDOMAINS else ["security.W005"]),
        *([] if SECURE_HSTS_PRELOAD else ["security.W021"]),
    ]

# DANVAN_ADMINS: "Tên <a@b.vn>, Tên khác <c@d.vn>" (or bare addresses): they receive server
# errors by e-mail (when e-mail is configured).
ADMINS = [
    (name.strip() or address, address)
    for name, address in (
        getaddresses([env("DANVAN_ADMINS", "")]) if env("DANVAN_ADMINS", "") else []
    )
    if address
]
# Actions log what they did (who, what, which record) at INFO on "danvan.actions"; everything
# else at DANVAN_LOG_LEVEL. Errors go to the admins too when DANVAN_ADMINS is set.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": "plain"},
        "mail_admins": {
            "class": "django.utils.log.AdminEmailHandler",
            "level": "ERROR",
            "filters": ["require_debug_false"],
        },
    },
    "filters": {"require_debug_false": {"()": "django.utils.log.RequireDebugFalse"}},
    "root": {"handlers": ["console"], "level": env("DANVAN_LOG_LEVEL", "WARNING")},
    "loggers": {
        "danvan": {
            "handlers": ["console"],
            "level": env("DANVAN_LOG_LEVEL", "INFO"),
            "propagate": False,
        },
        "django.request": {
            "handlers": ["console", *(["mail_admins"] if ADMINS else [])],
            "level": "ERROR",
            "propagate": False,
        },
    },
}

# E-mail for notifications (assignments, escalations, deadlines); none when DANVAN_EMAIL_HOST
# is empty, and the notices stay in the app.
EMAIL_HOST = env("DANVAN_EMAIL_HOST", "")
EMAIL_PORT = env_int("DANVAN_EMAIL_PORT", 587)
EMAIL_HOST_USER = env("DANVAN_EMAIL_USER", "")
EMAIL_HOST_PASSWORD = env("DANVAN_EMAIL_PASSWORD", "")
EMAIL_USE_TLS = env_bool("DANVAN_EMAIL_TLS", True)
DEFAULT_FROM_EMAIL = env("DANVAN_EMAIL_FROM", "danvan@localhost")
