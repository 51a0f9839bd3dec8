"""Settings for the relocation guide, driven by the environment (see the README's configuration table)."""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env_flag(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


DEBUG = env_flag("DJANGO_DEBUG", False)

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY is not set. Set it to a long random value, or set DJANGO_DEBUG=1 "
            "for local development."
        )
    SECRET_KEY = "django-insecure-local-development-only"

ALLOWED_HOSTS = [h.strip() for h in os.environ.get("DJANGO_ALLOWED_HOSTS", "").split(",") if h.strip()]
if DEBUG and not ALLOWED_HOSTS:
    ALLOWED_HOSTS = ["127.0.0.1", "localhost", "[::1]"]

INSTALLED_APPS = [
    # modeltranslation must come before the admin and before simple_history (see the house style).
    "modeltranslation",
    "guides.curation.apps.CurationAdminConfig",  # Django's admin, with the curators' site
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_filters",
    "django_htmx",
    "simple_history",
    "axes",
    "django_tasks_db",
    "guides",
]

MIDDLEWARE = [
    # First, so it sees every cookie the others set: one person's responses are kept by no cache.
    "relocation.offline.PrivateResponsesMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.middleware.gzip.GZipMiddleware",
    "django.middleware.http.ConditionalGetMiddleware",
    # Anonymous page cache: above everything that builds a page, below compression and ETags.
    "relocation.cache.PageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "relocation.locale.PathLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Axes must be last.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "relocation.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

WSGI_APPLICATION = "relocation.wsgi.application"

DATABASES = {
    "default": dj_database_url.config(
        env="DATABASE_URL",
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=60,
        conn_health_checks=True,
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = os.environ.get("REDIS_URL", "")
# Keeps apart the cache entries of several sites (or benchmark databases) that share one cache.
CACHE_KEY_PREFIX = os.environ.get("DJANGO_CACHE_KEY_PREFIX", "")
# Both backends fail soft (relocation/softcache.py): an unreachable cache is logged and treated as a
# miss, so pages are built uncached and staff can still log in (the lockout then fails open).
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "relocation.softcache.SoftRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": CACHE_KEY_PREFIX,
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "relocation.softcache.SoftFileBasedCache",
            "LOCATION": BASE_DIR / ".cache",
            "KEY_PREFIX": CACHE_KEY_PREFIX,
            "OPTIONS": {"MAX_ENTRIES": 5000},
        }
    }
    # Axes warns that a file cache's counters are not atomic. For one machine's workers the file cache
    # is shared and good enough; a deployment with several machines sets REDIS_URL.
    SILENCED_SYSTEM_CHECKS = ["axes.W001"]

# Background jobs (Django's tasks framework): large fixture imports from the admin. "database" queues
# them in the database for the worker (`python manage.py db_worker`, django-tasks-db): no new service.
# "immediate" runs them inside the request: local development's default, where no worker runs.
TASKS_RUNNER = os.environ.get("DJANGO_TASKS", "immediate" if DEBUG else "database").strip().lower()
TASK_BACKENDS = {
    "database": "django_tasks_db.DatabaseBackend",
    "immediate": "django.tasks.backends.immediate.ImmediateBackend",
}
if TASKS_RUNNER not in TASK_BACKENDS:
    raise ImproperlyConfigured("DJANGO_TASKS must be 'database' or 'immediate'.")
TASKS = {"default": {"BACKEND": TASK_BACKENDS[TASKS_RUNNER]}}

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# How many reverse proxies of our own stand in front of the application (0: none). Behind them the
# client's address is read from X-Forwarded-For (relocation/clientip.py), for the report rate limit
# and the login lockout; set it to exactly the number of proxies, or clients can pick their address.
try:
    TRUSTED_PROXIES = int(os.environ.get("DJANGO_TRUSTED_PROXIES", "0") or 0)
except ValueError as error:
    raise ImproperlyConfigured(
        "DJANGO_TRUSTED_PROXIES must be a whole number (0 without a proxy)."
    ) from error

# Staff logins: lock out after repeated failures, kept in the cache only — a username from one address,
# and one address whatever usernames it tries (a password spray). With the cache down the counters
# are not kept: the lockout fails open (relocation/softcache.py).
AXES_HANDLER = "axes.handlers.cache.AxesCacheHandler"
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = 1  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], "ip_address"]
AXES_CLIENT_IP_CALLABLE = "relocation.clientip.client_ip"
SESSION_COOKIE_AGE = 60 * 60 * 8
SESSION_EXPIRE_AT_BROWSER_CLOSE = True

LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("ru", _("Russian"))]
LOCALE_PATHS = [BASE_DIR / "guides" / "locale"]
USE_I18N = True
TIME_ZONE = "UTC"
USE_TZ = True

MODELTRANSLATION_DEFAULT_LANGUAGE = "en"
MODELTRANSLATION_LANGUAGES = ("en", "ru")
MODELTRANSLATION_FALLBACK_LANGUAGES = ("en",)

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = DEBUG

FIXTURE_DIRS = [BASE_DIR / "fixtures"]
# JSON fixtures keep a date-time's microseconds, so an export imported again changes nothing.
SERIALIZATION_MODULES = {"json": "guides.exchange.serializer"}

# Page cache for anonymous GETs (DJANGO_PAGE_CACHE_SECONDS=0 switches it off); browsers may reuse a page
# for PAGE_CACHE_BROWSER_SECONDS.
PAGE_CACHE_SECONDS = int(os.environ.get("DJANGO_PAGE_CACHE_SECONDS", "600"))
PAGE_CACHE_BROWSER_SECONDS = 60
# The open data files (/data/...), written once per data version.
OPEN_DATA_DIR = Path(os.environ.get("DJANGO_OPEN_DATA_DIR", BASE_DIR / ".cache" / "open-data"))
# The longest query string a public page reads (its declared parameters); longer ones get 414.
PAGE_QUERY_MAX_BYTES = 2048

# Curation: an item is stale when it was last reviewed more than this many days ago (or never).
GUIDES_STALE_AFTER_DAYS = 180
# Readers' correction reports: at most this many per client address per window (seconds).
GUIDES_REPORT_RATE_LIMIT = 5
GUIDES_REPORT_RATE_WINDOW = 60 * 60

ADMIN_PATH = os.environ.get("DJANGO_ADMIN_PATH", "admin/").strip("/") + "/"

HTTPS = env_flag("DJANGO_HTTPS", not DEBUG)
if HTTPS:
    SECURE_SSL_REDIRECT = True
    # Load balancers probe liveness and readiness over plain HTTP.
    SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = 60 * 60 * 24 * 365
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"

# Public pages: 'self' only, no inline code, no nonces (pages stay cacheable).
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "style-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "object-src": [CSP.NONE],
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}
