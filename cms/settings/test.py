"""Tests: the same stack as production, with fast hashing and captured email."""

import os

from .base import *  # noqa: F403
from .base import DATABASES, GRAPPLE, STORAGES, VAR_DIR

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

# `make mutate` runs the tests once per mutant. Building the test database by
# migrating takes ~10 s, longer than most mutants' tests, so under MUTATE=1 the
# database is a file migrated once (the template) and copied for each run; see
# tests/mutate_db.py.
if os.environ.get("MUTATE") == "1" and DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / "mutate" / "template.sqlite3")}
