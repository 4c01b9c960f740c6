"""The pledge reports' tallies for the seeded rows, timed apart from the seed.

The seed writes signatures straight into the table, behind any fold, so the
tallies are rebuilt from it (`rebuild_report_tallies` does the same), up to
an hour ago. A fold then brings them to half an hour ago, as the fold every
few minutes would; two signers withdraw old signatures after it. The cold
report therefore reads, live, the last half hour of rows, the signatures
confirmed since the watermark and two stale days, as it would mid-campaign.
"""

import datetime
import time

from django.utils import timezone

from pledges import signing
from pledges.models import PledgePage, ReportTally, Signature
from pledges.tallies import fold_all

REBUILT_BEFORE = datetime.timedelta(hours=1)
FOLDED_BEFORE = datetime.timedelta(minutes=30)
WITHDRAWN_DAYS_AGO = (20, 90)


def _seconds(work):
    started = time.perf_counter()
    work()
    return time.perf_counter() - started


def make_tallies():
    now = timezone.now()
    rebuild_s = _seconds(lambda: fold_all(now=now - REBUILT_BEFORE, rebuild=True))
    fold_s = _seconds(lambda: fold_all(now=now - FOLDED_BEFORE))
    pledge = PledgePage.objects.get(slug="pledge")
    for days in WITHDRAWN_DAYS_AGO:
        old = Signature.objects.filter(
            pledge=pledge,
            status=Signature.Status.CONFIRMED,
            created_at__lt=now - datetime.timedelta(days=days),
        ).order_by("-created_at")
        signing.withdraw(old.values_list("pk", flat=True).first())
    return {
        "rebuild_s": round(rebuild_s, 2),
        "fold_s": round(fold_s, 3),
        "tally_rows": ReportTally.objects.count(),
        "live_minutes": FOLDED_BEFORE.total_seconds() / 60,
        "stale_days": len(WITHDRAWN_DAYS_AGO),
    }
