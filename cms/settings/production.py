"""Production: secrets and hosts must come from the environment."""

import os

from .base import *  # noqa: F403
from .base import EMAIL_OUTBOX, env_bool, env_list, require_env

DEBUG = False
SECRET_KEY = require_env("SECRET_KEY")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS") or require_env("ALLOWED_HOSTS").split(",")
# Media URLs in the API and links in emails are absolute on this address
# (our own pages use site-relative media URLs).
BASE_URL = require_env("BASE_URL").rstrip("/")
WAGTAILADMIN_BASE_URL = BASE_URL

# Trust X-Forwarded-Proto only behind a TLS-terminating proxy that sets it
# (and strips a client's own): anywhere else a client could claim HTTPS.
if env_bool("SECURE_PROXY_SSL_HEADER"):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
X_FRAME_OPTIONS = "DENY"
# SMTP unless told otherwise (`make serve` prints emails to the console when
# EMAIL_HOST is unset).
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "587"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
# Outbox: a hung mail server must not hold the sender forever, and only the
# `send_outbox` process sends (never the web request).
EMAIL_TIMEOUT = int(os.environ.get("EMAIL_TIMEOUT", "10"))
EMAIL_OUTBOX = {
    **EMAIL_OUTBOX,
    "SEND_ON_COMMIT": env_bool("EMAIL_OUTBOX_SEND_ON_COMMIT", False),
}
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}
