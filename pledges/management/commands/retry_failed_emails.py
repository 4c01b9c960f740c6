from django.core.management.base import BaseCommand

from pledges.emails import retry_failed_emails


class Command(BaseCommand):
    help = "Queue again every signer email whose sending failed (up to five attempts each)."

    def handle(self, *args, **options):
        retry_failed_emails.call()
        self.stdout.write("Queued failed emails for another attempt.")
