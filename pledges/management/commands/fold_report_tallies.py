import time

from django.core.management.base import BaseCommand

from pledges.tallies import fold_all


class Command(BaseCommand):
    help = (
        "Fold new and changed signatures into the pledge reports' tallies, up to five "
        "minutes ago. Run every few minutes: a report reads live what is not folded."
    )

    def handle(self, *args, **options):
        started = time.perf_counter()
        folded = fold_all()
        days = sum(n or 0 for n in folded.values())
        seconds = time.perf_counter() - started
        self.stdout.write(f"Folded {days} day(s) of {len(folded)} pledge(s) in {seconds:.2f} s.")
