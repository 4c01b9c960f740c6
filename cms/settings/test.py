"""Tests: the same stack as production, with fast hashing and captured email."""

from .base import *  # noqa: F403
from .base import GRAPPLE, STORAGES

DEBUG = False
SECRET_KEY = "test-only-not-secret"  # noqa: S105
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# Tests don't run collectstatic, so skip the manifest.
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
GRAPPLE = {**GRAPPLE, "EXPOSE_GRAPHIQL": False}

# Serve static files straight from the apps, no collectstatic needed.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True

# Tests see each change at once; tests/api/test_persisted.py turns the
# persisted answers' shared cache on where it is the subject.
GRAPHQL_PERSISTED_SERVER_CACHE_SECONDS = 0
