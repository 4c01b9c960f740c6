from django.apps import AppConfig


class PledgesConfig(AppConfig):
    name = "pledges"

    def ready(self):
        from core import outbox

        from . import cors, lookup, signals  # noqa: F401 - cors and signals connect on import
        from .emails import OUTBOX

        lookup.connect()
        outbox.register(OUTBOX)  # its emails are sent by `manage.py send_outbox`
