from django.core.management.base import BaseCommand

from pledges.emails import retry_failed_emails


class Command(BaseCommand):
    help = (
        "Give every unsent signer email, given-up ones too, a fresh set of attempts; "
        "`send_outbox` sends them. For after a mail misconfiguration is fixed."
    )

    def handle(self, *args, **options):
        count = retry_failed_emails.call()
        self.stdout.write(f"Queued {count} unsent emails for another attempt.")
