from django.apps import AppConfig


class CommentsConfig(AppConfig):
    name = "comments"
    verbose_name = "Reader comments"

    def ready(self):
        # Emails owed after a status change (comments.emails).
        from . import receivers  # noqa: F401
