"""Settings shared by every environment, read from the environment.

The overlays (`dev`, `test`, `production`) change only what differs; anything a
deployment tunes is an environment variable listed in `.env.example`.
"""

import json
import os
from datetime import timedelta
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
    # Health probes (/healthz, /readyz) answer first: no host check, HTTPS
    # redirect, session or cache for a load balancer's probe (core/health.py).
    "core.health.HealthProbeMiddleware",
    # Each shared generation number is read once a request (core/generations.py).
    "core.generations.RequestGenerationsMiddleware",
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
# with far-future headers; media URLs are absolute in the API (cms/graphql/media_urls.py).
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


def frontend_cache_backends(environ):
    """More of Wagtail's frontend-cache backends, purged on publish with ours: a CDN
    or Varnish, as JSON in FRONTEND_CACHE_BACKENDS (examples in docs/deployment.md)."""
    try:
        extra = json.loads(environ.get("FRONTEND_CACHE_BACKENDS") or "{}")
        if not isinstance(extra, dict) or not all(
            isinstance(backend, dict) and "BACKEND" in backend for backend in extra.values()
        ):
            raise ValueError("not an object of {name: {BACKEND: ..., ...}}")
    except ValueError as error:
        raise ImproperlyConfigured(
            f"FRONTEND_CACHE_BACKENDS must be a JSON object of Wagtail frontend-cache backends: {error}"
        ) from error
    return extra


WAGTAILFRONTENDCACHE.update(frontend_cache_backends(os.environ))

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

# Faults: what a lost Redis or database costs (core/cache.py, core/unavailable.py).
# Redis down: reads miss, writes are dropped, rate limits count per process, and
# Redis is tried again every CACHE_OUTAGE_RETRY_SECONDS. Database down: a 503
# with Retry-After, as JSON on the API paths and the branded page elsewhere.
if REDIS_URL:
    CACHES["default"]["BACKEND"] = "core.cache.ResilientRedisCache"
    CACHES["default"]["OUTAGE_RETRY_SECONDS"] = float(
        os.environ.get("CACHE_OUTAGE_RETRY_SECONDS", "5")
    )
    _redis_timeout = float(os.environ.get("REDIS_SOCKET_TIMEOUT", "0.5"))
    CACHES["default"].setdefault("OPTIONS", {}).update(
        socket_connect_timeout=_redis_timeout, socket_timeout=_redis_timeout
    )
MIDDLEWARE.insert(0, "core.unavailable.DatabaseOutageMiddleware")
# Bad input: bodies past Django's upload limits are a 413/400 and a warning (core/limits.py).
MIDDLEWARE.insert(1, "core.limits.RequestLimitsMiddleware")
DATABASE_OUTAGE = {
    "RETRY_AFTER": 30,
    # The API and the widget's script and data answer JSON; the iframe (/embed/pledges/)
    # is a page a person reads, so it gets the branded page like the rest of the site.
    "JSON_PATHS": ("/graphql/", "/embed/v1/"),
    "HTML_VIEW": "frontend.views.service_unavailable",
}

# --- Admin sign-in security (adminauth/, docs/admin-security.md) ---------------
# Login throttling (django-axes): after ADMIN_LOGIN_FAILURE_LIMIT wrong passwords
# or codes, the account and, separately, the address are locked for
# ADMIN_LOGIN_LOCKOUT_MINUTES, even for the right password. Axes keeps its
# counts in the database, not the cache: a lockout must survive a Redis restart
# or outage and be the same on every app server, and login failures are too
# rare for the writes to matter.
INSTALLED_APPS += [
    "adminauth",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
]
# OTPMiddleware marks the user verified once the second step is done;
# TwoFactorMiddleware holds staff at that step; Axes goes last, as it asks.
MIDDLEWARE += [
    "django_otp.middleware.OTPMiddleware",
    "adminauth.middleware.TwoFactorMiddleware",
    "axes.middleware.AxesMiddleware",
]
# Axes first: it refuses a locked-out login before any backend checks the password.
AUTHENTICATION_BACKENDS = ["axes.backends.AxesStandaloneBackend", *AUTHENTICATION_BACKENDS]
AXES_HANDLER = "axes.handlers.database.AxesDatabaseHandler"
AXES_FAILURE_LIMIT = int(os.environ.get("ADMIN_LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("ADMIN_LOGIN_LOCKOUT_MINUTES", "15")))
# Two separate counters: one per account (from any address) and one per address
# (across accounts), so neither spreading guesses over addresses nor over
# accounts gets past the limit.
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
# Never reset on success: the right password followed by wrong codes must not
# clear the count and so allow endless guesses at the second factor.
AXES_RESET_ON_SUCCESS = False
# The same client address as signing and comments (TRUSTED_PROXY_COUNT).
AXES_CLIENT_IP_CALLABLE = "pledges.identity.client_ip"
AXES_LOCKOUT_CALLABLE = "adminauth.lockout.lockout_response"
# Failures are logged by axes itself; successful logins need no extra table rows.
AXES_DISABLE_ACCESS_LOG = True
# One lockout rule for passwords and codes alike (adminauth/views/verify.py
# reports wrong codes to axes), rather than django-otp's growing delays,
# which would refuse even a right code without saying why.
OTP_TOTP_THROTTLE_FACTOR = 0
OTP_STATIC_THROTTLE_FACTOR = 0
OTP_TOTP_ISSUER = WAGTAIL_SITE_NAME
# No avatar service: the admin would otherwise ask Gravatar for every staff
# member's picture, telling a third party who works in the admin and when.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
# Django's own admin duplicates the Wagtail admin and has no two-factor step;
# it is routed only when a deployment asks for it.
DJANGO_ADMIN_ENABLED = env_bool("DJANGO_ADMIN_ENABLED")

# --- Email outbox (core/outbox): owed emails are rows, sent by `manage.py send_outbox`.
# SEND_ON_COMMIT also sends each one at once after its transaction commits: the
# default while tasks run immediately (dev, tests), off in production.
EMAIL_OUTBOX = {
    "BATCH_SIZE": int(os.environ.get("EMAIL_OUTBOX_BATCH_SIZE", "100")),
    "POLL_SECONDS": float(os.environ.get("EMAIL_OUTBOX_POLL_SECONDS", "0.5")),
    "MAX_ATTEMPTS": int(os.environ.get("EMAIL_OUTBOX_MAX_ATTEMPTS", "5")),
    "BACKOFF_SECONDS": float(os.environ.get("EMAIL_OUTBOX_BACKOFF_SECONDS", "60")),
    # How long a sender's claim on a batch lasts; a killed sender's rows wait this long.
    "LEASE_SECONDS": float(os.environ.get("EMAIL_OUTBOX_LEASE_SECONDS", "120")),
    "SEND_ON_COMMIT": env_bool(
        "EMAIL_OUTBOX_SEND_ON_COMMIT", TASKS["default"]["BACKEND"].endswith("ImmediateBackend")
    ),
}

# Security headers (cms/security.py). django-csp writes the Content-Security-
# Policy: scripts and styles only from our origin (or with the request's nonce,
# never on cached pages), nothing may frame a page except routes that say so
# (the embed frame, the admin's preview). SecurityMiddleware sends the rest.
INSTALLED_APPS += ["csp"]
MIDDLEWARE.insert(1, "cms.security.SecurityHeadersMiddleware")
TEMPLATES[0]["OPTIONS"]["context_processors"] += ["csp.context_processors.nonce"]
from csp.constants import NONCE  # noqa: E402 - the policy's nonce marker

_PROVIDER_ORIGINS = {
    "google": "https://accounts.google.com",
    "github": "https://github.com",
    "microsoft": "https://login.microsoftonline.com",
}
_SIGN_IN_ORIGINS = [
    _PROVIDER_ORIGINS[name] for name in SOCIALACCOUNT_PROVIDERS if name in _PROVIDER_ORIGINS
] + [
    "/".join(app["settings"]["server_url"].split("/")[:3])
    for app in SOCIALACCOUNT_PROVIDERS.get("openid_connect", {}).get("APPS", [])
]
_MEDIA_ORIGIN = [MEDIA_URL] if MEDIA_URL.startswith(("http://", "https://")) else []
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'", NONCE],
        "style-src": ["'self'", NONCE],
        "img-src": ["'self'", "data:", *_MEDIA_ORIGIN],
        "media-src": ["'self'", *_MEDIA_ORIGIN],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        # Video embeds in rich text; add providers with CSP_FRAME_SRC.
        "frame-src": [
            "'self'",
            *env_list(
                "CSP_FRAME_SRC",
                "https://www.youtube-nocookie.com,https://www.youtube.com,https://player.vimeo.com",
            ),
        ],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        # Sign-in with a provider posts here and is redirected there; browsers
        # check form-action on that redirect, so the providers are named too.
        "form-action": ["'self'", *_SIGN_IN_ORIGINS],
        "frame-ancestors": ["'none'"],
    }
}
# The admin's dashboard would ask releases.wagtail.org for the latest version;
# connect-src refuses it, and the admin loads nothing from third parties.
WAGTAIL_ENABLE_UPDATE_CHECK = False
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True

# Persisted queries (cms/graphql/persisted.py): the query documents in these
# folders can be run by their SHA-256 with a cacheable GET /graphql/?id=...
GRAPHQL_PERSISTED_QUERY_DIRS = [BASE_DIR / "frontend" / "queries"]
# Whole seconds a persisted GET's answer is also kept in the shared cache (0: never).
GRAPHQL_PERSISTED_SERVER_CACHE_SECONDS = int(
    os.environ.get("GRAPHQL_PERSISTED_SERVER_CACHE_SECONDS", "1")
)
