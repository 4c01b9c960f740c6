from django.core.management.base import BaseCommand

from pledges.counts import reconcile


class Command(BaseCommand):
    help = "Recount every pledge's signatures from the table and refresh the cached counts."

    def handle(self, *args, **options):
        drift = reconcile()
        for pledge_id, (cached, counted) in drift.items():
            self.stdout.write(
                f"Pledge {pledge_id}: cached {cached['total']}, counted {counted['total']}"
            )
        self.stdout.write(f"Reconciled; {len(drift)} pledge(s) had drifted.")
