from django.apps import AppConfig


class PledgesConfig(AppConfig):
    name = "pledges"

    def ready(self):
        from . import cors, signals  # noqa: F401 - connect their signal handlers
