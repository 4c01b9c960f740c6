from django.core.management.base import BaseCommand

from core.demo import Tally, load_demo_content
from core.demo.tally import CREATED, PRESENT, UPDATED


class Command(BaseCommand):
    help = (
        "Build the Keep it Local demo site: home page, principles, councils, stories, "
        "case studies, pledges, partners and synthetic signatures. Safe to run again: what exists "
        "is left alone."
    )

    def handle(self, *args, **options):
        verbose = options["verbosity"] > 1
        tally = Tally(log=self.stdout.write if verbose else None)
        load_demo_content(tally)

        created, updated = tally.total(CREATED), tally.total(UPDATED)
        if created or updated:
            self.stdout.write(self.style.SUCCESS("Demo content loaded."))
        else:
            self.stdout.write("Demo content was already in place; nothing changed.")
        for line in tally.lines():
            self.stdout.write(line)
        self.stdout.write(
            f"{created} created, {updated} updated, {tally.total(PRESENT)} already present."
        )
