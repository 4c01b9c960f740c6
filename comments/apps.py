from django.apps import AppConfig


class CommentsConfig(AppConfig):
    name = "comments"
    verbose_name = "Reader comments"

    def ready(self):
        # Emails owed after a status change (comments.emails), and the admin's
        # pending count kept fresh (comments.moderation).
        from core import outbox

        from . import moderation, receivers  # noqa: F401
        from .tasks import OUTBOX

        outbox.register(OUTBOX)  # its emails are sent by `manage.py send_outbox`
