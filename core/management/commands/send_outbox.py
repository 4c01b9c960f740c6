import signal
import threading

from django.core.management.base import BaseCommand, CommandError

from core.outbox import MailServerDown
from core.outbox.sender import Sender


class Command(BaseCommand):
    help = (
        "Send the emails owed in the outbox (signers' and comments'), over one SMTP "
        "connection, retrying with backoff. Runs until stopped; --once drains and exits."
    )

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="drain what is due, then exit")

    def handle(self, *args, once=False, **options):
        stop = threading.Event()
        # SIGTERM (systemd, `make serve`'s Ctrl-C) ends the loop between batches.
        for signum in (signal.SIGTERM, signal.SIGINT):
            signal.signal(signum, lambda *_: stop.set())
        sender = Sender(stop)
        if not once:
            self.stdout.write("Sending the outbox; stop with Ctrl-C.")
            sender.run()
            return
        try:
            result = sender.run(once=True)
        except MailServerDown as error:
            raise CommandError(f"Mail server unreachable; the emails wait: {error}") from error
        sent, dropped, failed = result.as_tuple()
        self.stdout.write(f"Sent {sent} emails; dropped {dropped}; {failed} refused.")
