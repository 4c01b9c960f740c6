from django.core.management.base import BaseCommand

from comments.tasks import drain


class Command(BaseCommand):
    help = (
        "Send the comment emails owed (retrying failures with backoff) and the moderators' "
        "digest when it is due. Run every few minutes."
    )

    def handle(self, *args, **options):
        sent, dropped, failed = drain()
        self.stdout.write(f"Sent {sent} comment emails; dropped {dropped}; {failed} failed.")
