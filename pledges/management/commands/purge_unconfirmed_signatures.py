from django.conf import settings
from django.core.management.base import BaseCommand

from pledges.maintenance import purge_unconfirmed


class Command(BaseCommand):
    help = "Delete sign-ups never confirmed within PLEDGES['UNCONFIRMED_DAYS'] days."

    def handle(self, *args, **options):
        deleted = purge_unconfirmed()
        days = settings.PLEDGES["UNCONFIRMED_DAYS"]
        self.stdout.write(f"Deleted {deleted} unconfirmed sign-ups older than {days} days.")
