"""Test settings for a `send_outbox` subprocess: real SMTP to the test's loopback sink."""

import os

from cms.settings.test import *  # noqa: F403

EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
EMAIL_HOST = "127.0.0.1"
EMAIL_PORT = int(os.environ["OUTBOX_TEST_SMTP_PORT"])
EMAIL_TIMEOUT = 1
