from django.apps import AppConfig


class CommentsConfig(AppConfig):
    name = "comments"
    verbose_name = "Reader comments"

    def ready(self):
        # Connects the receiver that keeps the admin's pending count fresh.
        from . import moderation  # noqa: F401
