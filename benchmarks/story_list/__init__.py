"""Story list: our `stories` query beside stock grapple's `pages` and a hand-written view.

All three answer a real request through `django.test.Client`, so URL routing,
middleware, the view and JSON encoding are measured alike. Targets, from the
issue: ours at most 1.5x the hand-written view (checked at 20 and 100 items),
and at least 4x faster than stock grapple at 20 items.
"""

from .report import print_sql, report
from .variants import measure


def main(seeded=False, show_sql=False):
    results = measure()
    report(results, seeded)
    if show_sql:
        print_sql(results)
