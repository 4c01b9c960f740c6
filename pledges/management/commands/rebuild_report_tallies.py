import time

from django.core.management.base import BaseCommand

from pledges.tallies import fold_all


class Command(BaseCommand):
    help = (
        "Remake every pledge's report tallies from the signature table: after loading "
        "signatures by hand, or if a report and the signatures listing ever disagree."
    )

    def handle(self, *args, **options):
        started = time.perf_counter()
        folded = fold_all(rebuild=True)
        seconds = time.perf_counter() - started
        self.stdout.write(f"Rebuilt the tallies of {len(folded)} pledge(s) in {seconds:.2f} s.")
