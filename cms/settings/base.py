"""Settings shared by every environment, read from the environment.

The overlays (`dev`, `test`, `production`) change only what differs; anything a
deployment tunes is an environment variable listed in `.env.example`.
"""

import json
import os
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = Path(os.environ.get("VAR_DIR", BASE_DIR / "var"))


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def env_rates(name, default):
    """Rate limits written "count/seconds,count/seconds", e.g. "1/15,5/600"."""
    rates = []
    for item in env_list(name, default):
        count, _, seconds = item.partition("/")
        rates.append((int(count), int(seconds)))
    return tuple(rates)


DEBUG = env_bool("DEBUG")
SECRET_KEY = os.environ.get("SECRET_KEY", "")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "cms",
    "core",
    "home",
    "stories",
    "casestudies",
    "pledges",
    "comments",
    "frontend",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.frontend_cache",
    "wagtail.contrib.sitemaps",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "grapple",
    "wagtail_headless_preview",
    "graphene_django",
    "django_tasks",
    "django_tasks_db",
    "corsheaders",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Before CommonMiddleware, so that preflight requests get their answer first.
    "corsheaders.middleware.CorsMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    # Answers If-None-Match with 304 for the ETags the frontend sets.
    "django.middleware.http.ConditionalGetMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

ROOT_URLCONF = "cms.urls"
WSGI_APPLICATION = "cms.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
                "frontend.context_processors.account_pages",
            ],
        },
    },
]

# Data: SQLite under var/ unless DATABASE_URL says otherwise.
VAR_DIR.mkdir(parents=True, exist_ok=True)
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{VAR_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# A shared Redis cache lets several app servers agree on rate limits and
# counts; a single process is fine with local memory.
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "kil"),
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "keep-it-local",
        }
    }

# Background work: run at once unless a deployment opts into the database
# queue (TASKS_BACKEND=django_tasks_db.DatabaseBackend plus `manage.py db_worker`).
TASKS = {
    "default": {
        "BACKEND": os.environ.get(
            "TASKS_BACKEND", "django_tasks.backends.immediate.ImmediateBackend"
        )
    }
}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

# Static and media files. Whitenoise serves hashed, compressed static files
# with far-future headers; media URLs are absolute so API clients can use them.
STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", VAR_DIR / "static"))
MEDIA_URL = os.environ.get("MEDIA_URL", "/media/")
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# Wagtail
WAGTAIL_SITE_NAME = os.environ.get("WAGTAIL_SITE_NAME", "Keep it Local")
BASE_URL = os.environ.get("BASE_URL", "http://127.0.0.1:8000").rstrip("/")
WAGTAILADMIN_BASE_URL = BASE_URL
WAGTAILDOCS_EXTENSIONS = [
    "csv",
    "docx",
    "key",
    "odt",
    "pdf",
    "pptx",
    "rtf",
    "txt",
    "xlsx",
    "zip",
]
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILIMAGES_IMAGE_MODEL = "wagtailimages.Image"
WAGTAILEMBEDS_RESPONSIVE_HTML = True

DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440

# GraphQL (wagtail-grapple)
GRAPHENE = {
    "SCHEMA": "cms.schema.schema",
    "MIDDLEWARE": ["cms.graphql.middleware.OrderingAllowListMiddleware"],
}
# Renditions a client may ask for; anything else is refused, so the API
# cannot be used to fill the disk with arbitrary sizes.
IMAGE_WIDTHS = (320, 480, 640, 800, 960, 1280, 1600)
GRAPPLE = {
    "APPS": ["core", "home", "stories", "casestudies", "pledges"],
    "EXPOSE_GRAPHIQL": DEBUG,
    "PAGE_SIZE": 10,
    "MAX_PAGE_SIZE": 50,
    "PAGE_INTERFACE": "cms.graphql.interfaces.PublicPageInterface",
    "ALLOWED_IMAGE_FILTERS": [
        *[f"width-{w}" for w in IMAGE_WIDTHS],
        *[f"width-{w}|format-webp" for w in IMAGE_WIDTHS],
        "fill-400x300",
        "fill-800x600",
        "fill-1200x630",
        "fill-1600x900",
        "original",
    ],
}
# The public site (frontend/): documents run in-process unless a remote API is
# named; rendered pages are cached and purged on publish.
FRONTEND_API_URL = os.environ.get("FRONTEND_API_URL", "")
FRONTEND_API_TIMEOUT = float(os.environ.get("FRONTEND_API_TIMEOUT", "5"))
FRONTEND_CACHE_TIMEOUT = int(os.environ.get("FRONTEND_CACHE_TIMEOUT", "300"))
WAGTAILFRONTENDCACHE = {"local": {"BACKEND": "frontend.caching.LocalCacheBackend"}}

# Pledges: signing, abuse limits and retention (see pledges/ and docs/pledges.md).
TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0"))
IP_HASH_KEY = os.environ.get("IP_HASH_KEY", "")
PLEDGES = {
    "MIN_FILL_SECONDS": int(os.environ.get("PLEDGE_MIN_FILL_SECONDS", "3")),
    "FORM_TOKEN_MAX_AGE": 60 * 60 * 24,
    "CONFIRM_TOKEN_MAX_AGE": 60 * 60 * 24 * 7,
    "RATE_PER_IP": (int(os.environ.get("PLEDGE_RATE_PER_IP", "20")), 60 * 60),
    "RATE_PER_EMAIL": (3, 60 * 60),
    "MAX_EMAILS_PER_SIGNATURE": 5,
    "UNCONFIRMED_DAYS": int(os.environ.get("PLEDGE_UNCONFIRMED_DAYS", "7")),
    "RETENTION_DAYS": int(os.environ.get("PLEDGE_RETENTION_DAYS", "365")),
    "CHALLENGE": env_bool("PLEDGE_CHALLENGE"),
    "CHALLENGE_MAX_NUMBER": int(os.environ.get("PLEDGE_CHALLENGE_MAX_NUMBER", "50000")),
    "CHALLENGE_MAX_AGE": 60 * 10,
}

# Partners' widgets sign through /graphql/ from the partner's own site. CORS
# is open to exactly the origins listed on active partners (pledges/cors.py),
# never with credentials: widget signing carries no cookies. The embed data
# endpoint answers any origin itself (it is public and cacheable).
CORS_URLS_REGEX = r"^/graphql/$"
CORS_ALLOW_CREDENTIALS = False
CORS_PREFLIGHT_MAX_AGE = 60 * 60
EMBED = {
    # Long enough to spare the server, short enough that a new signature shows soon.
    "DATA_MAX_AGE": int(os.environ.get("EMBED_DATA_MAX_AGE", "60")),
    "DATA_RATE_PER_IP": (int(os.environ.get("EMBED_DATA_RATE_PER_IP", "300")), 60),
}

# Reader comments: moderation defaults, limits and retention (see comments/).
# Editors tune the hold-for-links count and the report threshold per site in
# the admin's comment settings; these are the defaults a new site starts from.
COMMENTS = {
    "MAX_LENGTH": int(os.environ.get("COMMENT_MAX_LENGTH", "5000")),
    "MAX_DEPTH": 3,
    "PAGE_SIZE": 50,
    # Every (count, seconds) window must allow the comment; WordPress floods at 1 per 15 s.
    "RATE_PER_IP": env_rates("COMMENT_RATE_PER_IP", "1/15,5/600"),
    "RATE_PER_EMAIL": env_rates("COMMENT_RATE_PER_EMAIL", "1/15,5/600"),
    "FORM_TOKEN_MIN_SECONDS": int(os.environ.get("COMMENT_FORM_MIN_SECONDS", "3")),
    "FORM_TOKEN_MAX_AGE": 60 * 60 * 24,
    "AUTHOR_TOKEN_MAX_AGE": int(os.environ.get("COMMENT_EDIT_WINDOW_SECONDS", "900")),
    "NOTIFY_TOKEN_MAX_AGE": 60 * 60 * 24 * 7,
    "ERASURE_TOKEN_MAX_AGE": 60 * 60 * 24,
    "REPORT_THRESHOLD": int(os.environ.get("COMMENT_REPORT_THRESHOLD", "3")),
    "HOLD_LINKS": int(os.environ.get("COMMENT_HOLD_LINKS", "2")),
    "IP_RETENTION_DAYS": int(os.environ.get("COMMENT_IP_RETENTION_DAYS", "90")),
    "PURGE_SPAM_DAYS": int(os.environ.get("COMMENT_PURGE_SPAM_DAYS", "30")),
    "MODERATOR_DIGEST_MINUTES": int(os.environ.get("COMMENT_MODERATOR_DIGEST_MINUTES", "60")),
    "CHALLENGE": env_bool("COMMENT_CHALLENGE"),
}

# Sign in to comment (django-allauth; see comments/accounts.py and
# docs/comments-sign-in.md). Commenters sign in only through a social or
# OpenID Connect provider: no local sign-up, no passwords. Providers appear
# only when their variables are set; none are by default.
INSTALLED_APPS += [
    "allauth",
    "allauth.account",
    "allauth.socialaccount",
    "allauth.socialaccount.providers.openid_connect",
    "allauth.socialaccount.providers.google",
    "allauth.socialaccount.providers.github",
    "allauth.socialaccount.providers.microsoft",
]
MIDDLEWARE += ["allauth.account.middleware.AccountMiddleware"]
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
ACCOUNT_ADAPTER = "comments.accounts.AccountAdapter"
SOCIALACCOUNT_ADAPTER = "comments.accounts.SocialAccountAdapter"
SOCIALACCOUNT_ONLY = True
# We send no verification mail: an address counts as verified only when the
# provider said so (allauth's EmailAddress.verified).
ACCOUNT_EMAIL_VERIFICATION = "none"
# The username is made up from the provider's data; nobody signs in with it here.
ACCOUNT_SIGNUP_FIELDS = ["username*", "email"]
# One account per provider identity. Never match an existing account by email:
# a provider could otherwise sign someone in to a staff member's account.
ACCOUNT_UNIQUE_EMAIL = False
SOCIALACCOUNT_EMAIL_AUTHENTICATION = False
SOCIALACCOUNT_AUTO_SIGNUP = True
SOCIALACCOUNT_QUERY_EMAIL = True
SOCIALACCOUNT_STORE_TOKENS = False
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "https" if BASE_URL.startswith("https://") else "http"
LOGIN_REDIRECT_URL = "/"
ACCOUNT_LOGOUT_REDIRECT_URL = "/"


def social_providers(environ):
    """SOCIALACCOUNT_PROVIDERS with an app for each provider whose client id is set."""
    providers = {}
    for provider in ("google", "github", "microsoft"):
        prefix = provider.upper()
        client_id = environ.get(f"{prefix}_CLIENT_ID", "").strip()
        if client_id:
            app = {"client_id": client_id, "secret": environ.get(f"{prefix}_CLIENT_SECRET", "")}
            if provider == "microsoft":
                app["settings"] = {"tenant": environ.get("MICROSOFT_TENANT", "common")}
            providers[provider] = {"APPS": [app]}
    try:
        oidc = json.loads(environ.get("OIDC_PROVIDERS") or "[]")
        apps = [
            {
                "provider_id": item["id"],
                "name": item["name"],
                "client_id": item["client_id"],
                "secret": item.get("secret", ""),
                "settings": {"server_url": item["server_url"], **item.get("settings", {})},
            }
            for item in oidc
        ]
    except (ValueError, TypeError, KeyError, AttributeError) as error:
        raise ImproperlyConfigured(
            "OIDC_PROVIDERS must be a JSON list of objects with id, name, server_url, "
            f"client_id and secret (see docs/comments-sign-in.md): {error!r}"
        ) from error
    if apps:
        providers["openid_connect"] = {"APPS": apps}
    return providers


SOCIALACCOUNT_PROVIDERS = social_providers(os.environ)

# Preview: the admin frames the public site's /preview/ page (same origin).
WAGTAIL_HEADLESS_PREVIEW = {"CLIENT_URLS": {"default": "/preview/"}}
PREVIEW_TOKEN_MAX_AGE = int(os.environ.get("PREVIEW_TOKEN_MAX_AGE", "3600"))
# Our own limits on GraphQL documents (see cms/graphql/validation.py).
GRAPHQL_LIMITS = {
    "MAX_DEPTH": int(os.environ.get("GRAPHQL_MAX_DEPTH", "12")),
    "MAX_ALIASES": int(os.environ.get("GRAPHQL_MAX_ALIASES", "30")),
    "MAX_COST": int(os.environ.get("GRAPHQL_MAX_COST", "5000")),
    "MAX_DOCUMENT_BYTES": int(os.environ.get("GRAPHQL_MAX_DOCUMENT_BYTES", "20000")),
    "MAX_LIST_SIZE": 50,
}


def require_env(name):
    """Fail at start-up with a clear message rather than invent a value."""
    value = os.environ.get(name, "").strip()
    if not value:
        raise ImproperlyConfigured(
            f"The environment variable {name} must be set in production. "
            "See .env.example for what it does."
        )
    return value


DEFAULT_FROM_EMAIL = os.environ.get(
    "DEFAULT_FROM_EMAIL", "Keep it Local <hello@keepitlocal.example>"
)

# Persisted queries (cms/graphql/persisted.py): the query documents in these
# folders can be run by their SHA-256 with a cacheable GET /graphql/?id=...
GRAPHQL_PERSISTED_QUERY_DIRS = [BASE_DIR / "frontend" / "queries"]
# Whole seconds a persisted GET's answer is also kept in the shared cache (0: never).
GRAPHQL_PERSISTED_SERVER_CACHE_SECONDS = int(
    os.environ.get("GRAPHQL_PERSISTED_SERVER_CACHE_SECONDS", "1")
)
