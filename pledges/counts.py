"""Public numbers for a pledge, counted from the table and cached.

No request ever does `count = count + 1` on a shared row: under a rush of
signatures every signer would queue on that row's lock, and a lost update
would go unnoticed. Counts are a GROUP BY over an index instead, cached in
the shared cache under a generation number. Each confirmation bumps the
generation after it commits, so a count computed from an older snapshot is
stored under an old key and never served again.
"""

from django.core.cache import cache
from django.db import transaction
from django.db.models import Count

from core import generations

from .models import Signature

# Short, so that even if the generation key is evicted a stale count lives a minute at most.
TIMEOUT = 60
TYPES = [choice for choice, _ in Signature.SignerType.choices]


PUBLIC_GENERATION_KEY = generations.register("pledges:public-gen")


def _generation_key(pledge_id):
    return f"pledges:count-gen:{pledge_id}"


def public_generation():
    """Changes whenever any pledge's public answer may change (a count, a
    publication, a partner): caches of widget data key on it."""
    return generations.current(PUBLIC_GENERATION_KEY)


def public_data_changed():
    transaction.on_commit(lambda: generations.bump(PUBLIC_GENERATION_KEY))


def _counts_key(pledge_id, generation):
    return f"pledges:counts:{pledge_id}:{generation}"


def count_from_table(pledge_id):
    rows = (
        Signature.objects.counted()
        .filter(pledge_id=pledge_id)
        .values("signer_type")
        .annotate(n=Count("pk"))
    )
    counts = dict.fromkeys(TYPES, 0)
    for row in rows:
        counts[row["signer_type"]] = row["n"]
    counts["total"] = sum(counts[kind] for kind in TYPES)
    return counts


def signature_counts(pledge_id):
    generation = cache.get(_generation_key(pledge_id), 0)
    key = _counts_key(pledge_id, generation)
    counts = cache.get(key)
    if counts is None:
        counts = count_from_table(pledge_id)
        cache.set(key, counts, TIMEOUT)
    return counts


def counts_changed(pledge_id):
    """Call inside the transaction that changed a signature's status."""

    transaction.on_commit(
        lambda: generations.bump(_generation_key(pledge_id), PUBLIC_GENERATION_KEY)
    )


def reconcile(pledge_ids=None):
    """Recount every pledge from the table; returns {pledge_id: (cached, counted)} for drift."""
    from .models import PledgePage

    drift = {}
    ids = pledge_ids or PledgePage.objects.values_list("pk", flat=True)
    for pledge_id in ids:
        generation = cache.get(_generation_key(pledge_id), 0)
        cached = cache.get(_counts_key(pledge_id, generation))
        counted = count_from_table(pledge_id)
        if cached is not None and cached != counted:
            drift[pledge_id] = (cached, counted)
        cache.set(_counts_key(pledge_id, generation), counted, TIMEOUT)
    return drift
