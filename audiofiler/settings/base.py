"""Settings for AudioFiler, read from the environment.

SQLite under ``var/`` unless ``DATABASE_URL`` says otherwise; every integration is off
until its environment variables exist.
"""

import logging
import ssl
from pathlib import Path

import dj_database_url

from audiofiler.log_format import django_logging, json_logs_enabled

from .env import env_bool, env_float, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent.parent
DATA_DIR = Path(env_str("AUDIOFILER_DATA_DIR", str(BASE_DIR / "var")))

DEBUG = env_bool("DEBUG", False)
PRODUCTION = env_bool("AUDIOFILER_PRODUCTION", False)
SECRET_KEY = env_str("SECRET_KEY", "")
if not SECRET_KEY:
    if PRODUCTION:
        raise RuntimeError("SECRET_KEY must be set when AUDIOFILER_PRODUCTION is on")
    # Laptop default: a fixed, clearly-marked key that production refuses above.
    SECRET_KEY = "insecure-local-key-set-SECRET_KEY-in-production"
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])
CSRF_FAILURE_VIEW = "audiofiler.views.csrf_failure"

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "audiofiler",
    "classifier",
    "dataset",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "audiofiler.middleware.RequestBudgetMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "audiofiler.urls"
WSGI_APPLICATION = "audiofiler.wsgi.application"
ASGI_APPLICATION = "audiofiler.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "audiofiler" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{DATA_DIR / 'db.sqlite3'}",
        conn_max_age=env_int("DB_CONN_MAX_AGE", 60),
        # A kept connection is tested before a request uses it, so one the server
        # cut (a restart, a failover) is replaced instead of failing the request.
        conn_health_checks=env_bool("DB_CONN_HEALTH_CHECKS", True),
    )
}
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # The embedded default: its folder must exist before the first connection.
    Path(DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)
elif DATABASES["default"]["ENGINE"].endswith("postgresql"):
    # Django's backend with a health check that needs no round trip to the server
    # (audiofiler/db/postgresql/base.py).
    DATABASES["default"]["ENGINE"] = "audiofiler.db.postgresql"
    # A database that is down or does not answer costs a request a few seconds
    # (then a 503, see audiofiler/exceptions.py), not a worker until its timeout.
    # gunicorn.conf.py sets DB_STATEMENT_TIMEOUT_S for the web workers; commands
    # (migrations, builds) run without one unless it is set.
    DATABASES["default"].setdefault("OPTIONS", {})
    DATABASES["default"]["OPTIONS"]["connect_timeout"] = env_int(
        "DB_CONNECT_TIMEOUT_S", 3
    )
    _statement_timeout_ms = int(env_float("DB_STATEMENT_TIMEOUT_S", 0) * 1000)
    if _statement_timeout_ms > 0:
        DATABASES["default"]["OPTIONS"]["options"] = (
            f"-c statement_timeout={_statement_timeout_ms}"
        )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(env_str("AUDIOFILER_STATIC_ROOT", str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [BASE_DIR / "frontend" / "dist"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # collectstatic names every file by its content's hash (the page asks for
    # frontend/main.<webpack hash>.<Django hash>.js) and writes gzip copies beside
    # them; WhiteNoise serves hashed names as immutable, cached for years.
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage",
    },
}

REDIS_URL = env_str("REDIS_URL", "")
# Heroku Redis speaks TLS (rediss://) with a self-signed certificate, which cannot
# be verified: app.json sets REDIS_SSL_CERT_REQS=none there (still encrypted).
REDIS_SSL_CERT_REQS = env_str("REDIS_SSL_CERT_REQS", "required")
#: Extra arguments of every Redis client (the cache, provider limits, Celery).
REDIS_CLIENT_OPTIONS = (
    {"ssl_cert_reqs": REDIS_SSL_CERT_REQS} if REDIS_URL.startswith("rediss://") else {}
)
CACHES = {
    "default": (
        {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            # A Redis that does not answer must not hold a request for long.
            "OPTIONS": {
                "socket_connect_timeout": 1.0,
                "socket_timeout": 1.0,
                **REDIS_CLIENT_OPTIONS,
            },
        }
        if REDIS_URL
        else {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "audiofiler",
        }
    )
}

# After the cache fails (Redis down), a process leaves it alone this long.
AUDIOFILER_CACHE_RETRY_S = env_float("AUDIOFILER_CACHE_RETRY_S", 5.0)

REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "audiofiler.exceptions.exception_handler",
    # JSON only: DRF's browsable API would answer ``Accept: text/html`` with an HTML
    # page, errors included (the API's errors are JSON for every client).
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_CONTENT_NEGOTIATION_CLASS": "audiofiler.negotiation.JSONFirstNegotiation",
    "DEFAULT_PARSER_CLASSES": [
        "audiofiler.parsers.JSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "DEFAULT_THROTTLE_CLASSES": [
        "audiofiler.throttling.AnonRateThrottle",
        "audiofiler.throttling.ScopedRateThrottle",
    ],
    # Proxies in front of the app that append to X-Forwarded-For: 1 behind Heroku's
    # router, 0 (the default) when clients connect directly. Never unset: DRF would
    # then trust whatever X-Forwarded-For a client sends.
    "NUM_PROXIES": env_int("NUM_PROXIES", 0),
    # Search is called on every keystroke; a classification decodes a whole clip.
    "DEFAULT_THROTTLE_RATES": {
        "anon": env_str("ANON_THROTTLE_RATE", "120/minute"),
        "classify": env_str("CLASSIFY_THROTTLE_RATE", "30/minute"),
        # Votes on results: a person gives a few; a script giving hundreds is not.
        "feedback": env_str("FEEDBACK_THROTTLE_RATE", "20/minute"),
    },
    # Session authentication that checks the CSRF token on every unsafe request,
    # anonymous ones included (DRF's own checks it for logged-in users only).
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "audiofiler.authentication.CsrfSessionAuthentication",
    ],
}
SPECTACULAR_SETTINGS = {
    "TITLE": "AudioFiler API",
    "DESCRIPTION": "Search songs, classify their previews into genres.",
    "VERSION": "0.1.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
}

CELERY_BROKER_URL = env_str("CELERY_BROKER_URL", REDIS_URL or "memory://")
if CELERY_BROKER_URL.startswith("rediss://"):
    CELERY_BROKER_USE_SSL = {
        "ssl_cert_reqs": {"none": ssl.CERT_NONE, "optional": ssl.CERT_OPTIONAL}.get(
            REDIS_SSL_CERT_REQS, ssl.CERT_REQUIRED
        )
    }
CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_TASK_ALWAYS_EAGER", False)
# A broker that is down is said at once (build_features --celery checks it first).
CELERY_BROKER_CONNECTION_TIMEOUT = env_float("CELERY_BROKER_CONNECTION_TIMEOUT", 3.0)
CELERY_BROKER_TRANSPORT_OPTIONS = {"socket_connect_timeout": 3.0}

# --- AudioFiler ---------------------------------------------------------------
AUDIOFILER_MODELS_DIR = Path(env_str("AUDIOFILER_MODELS_DIR", str(DATA_DIR / "models")))
AUDIOFILER_DEMO_DIR = Path(env_str("AUDIOFILER_DEMO_DIR", str(DATA_DIR / "demo")))
# A music folder of the user's; the demo catalogue stands in when it is unset.
AUDIOFILER_LIBRARY = env_str("AUDIOFILER_LIBRARY", "")
AUDIOFILER_MAX_UPLOAD_BYTES = env_int("AUDIOFILER_MAX_UPLOAD_BYTES", 25 * 1024 * 1024)
AUDIOFILER_MAX_AUDIO_SECONDS = env_float("AUDIOFILER_MAX_AUDIO_SECONDS", 600.0)
AUDIOFILER_DOWNLOAD_TIMEOUT_S = env_float("AUDIOFILER_DOWNLOAD_TIMEOUT_S", 15.0)
AUDIOFILER_PROVIDER_TIMEOUT_S = env_float("AUDIOFILER_PROVIDER_TIMEOUT_S", 8.0)
AUDIOFILER_SEARCH_CACHE_S = env_int("AUDIOFILER_SEARCH_CACHE_S", 30)
# Every request's provider calls and downloads share one deadline, well inside the
# web worker's timeout (gunicorn.conf.py refuses to start when it is not) and the
# 30 s Heroku's router waits for a response; past it the answer is 504.
AUDIOFILER_REQUEST_BUDGET_S = env_float("AUDIOFILER_REQUEST_BUDGET_S", 25.0)
# A search asks every provider at once and answers with what came within this.
AUDIOFILER_SEARCH_BUDGET_S = env_float("AUDIOFILER_SEARCH_BUDGET_S", 4.0)
AUDIOFILER_RESULT_CACHE_S = env_int("AUDIOFILER_RESULT_CACHE_S", 24 * 3600)
SPOTIFY_CLIENT_ID = env_str("SPOTIFY_CLIENT_ID", "")
SPOTIFY_CLIENT_SECRET = env_str("SPOTIFY_CLIENT_SECRET", "")
AUDIOFILER_DEEZER = env_bool("AUDIOFILER_DEEZER", False)
AUDIOFILER_ITUNES = env_bool("AUDIOFILER_ITUNES", False)
# The providers' API roots (a mirror, or a stand-in the fault tests run).
AUDIOFILER_DEEZER_API_URL = env_str(
    "AUDIOFILER_DEEZER_API_URL", "https://api.deezer.com"
)
AUDIOFILER_ITUNES_API_URL = env_str(
    "AUDIOFILER_ITUNES_API_URL", "https://itunes.apple.com"
)
LASTFM_API_KEY = env_str("LASTFM_API_KEY", "")
DATA_UPLOAD_MAX_MEMORY_SIZE = AUDIOFILER_MAX_UPLOAD_BYTES + 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = AUDIOFILER_MAX_UPLOAD_BYTES + 1024 * 1024

# JSON lines on stdout in production (one line per event, tracebacks included),
# plain text on stderr otherwise; AUDIOFILER_JSON_LOGS overrides.
LOGGING = django_logging(
    json_lines=json_logs_enabled(), level=env_str("LOG_LEVEL", "INFO")
)
if json_logs_enabled():
    logging.captureWarnings(True)  # Python's warnings as log lines too

if PRODUCTION:
    # HTTPS ends at the proxy (Heroku's router), which says so in this header; a
    # plain http request is redirected to https.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    # A year, as HSTS preload lists ask; try a new domain with a few minutes first.
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 365 * 24 * 3600)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    CELERY_WORKER_HIJACK_ROOT_LOGGER = False  # workers log JSON lines too
