from django.conf import settings
from django.core.management.base import BaseCommand

from pledges.maintenance import anonymise_closed_pledges


class Command(BaseCommand):
    help = (
        "Erase personal data of signatures on pledges closed for longer than "
        "PLEDGES['RETENTION_DAYS'] days. Counts are unchanged."
    )

    def handle(self, *args, **options):
        changed = anonymise_closed_pledges()
        days = settings.PLEDGES["RETENTION_DAYS"]
        self.stdout.write(f"Anonymised {changed} signatures (pledges closed over {days} days ago).")
