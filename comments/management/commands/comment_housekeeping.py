from django.conf import settings
from django.core.management.base import BaseCommand

from comments.privacy import housekeeping


class Command(BaseCommand):
    help = (
        "Blank comment IP hashes older than COMMENTS['IP_RETENTION_DAYS'] days and purge spam, "
        "rejected and deleted comments older than COMMENTS['PURGE_SPAM_DAYS'] days "
        "(anonymised instead when they have replies). Run daily."
    )

    def handle(self, *args, **options):
        done = housekeeping()
        self.stdout.write(
            f"Blanked IP hashes on {done['ip_hashes_blanked']} comments "
            f"(older than {settings.COMMENTS['IP_RETENTION_DAYS']} days); "
            f"deleted {done['deleted']} and anonymised {done['anonymised']} spam, rejected or "
            f"deleted comments (older than {settings.COMMENTS['PURGE_SPAM_DAYS']} days)."
        )
