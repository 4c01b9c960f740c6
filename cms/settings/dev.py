"""Local development: debug on, a throwaway key, emails to the console."""

from .base import *  # noqa: F403
from .base import GRAPPLE, env_list

DEBUG = True
SECRET_KEY = "dev-only-not-secret"  # noqa: S105 - never used outside DEBUG
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]")
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
GRAPPLE = {**GRAPPLE, "EXPOSE_GRAPHIQL": True}


# Serve static files straight from the apps, no collectstatic needed.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True

try:  # noqa: SIM105 - a missing local.py is the normal case
    from .local import *  # noqa: F403
except ImportError:
    pass
