from django.apps import AppConfig


class PledgesConfig(AppConfig):
    name = "pledges"

    def ready(self):
        from core import outbox

        from . import cors, signals  # noqa: F401 - connect their signal handlers
        from .emails import OUTBOX

        outbox.register(OUTBOX)  # its emails are sent by `manage.py send_outbox`
