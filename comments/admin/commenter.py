"""A commenter's track record, for the inspect page: the same email, address or network.

Matches use the stored canonical email and the keyed IP hashes, so the page
never needs (or shows) an address in the clear; hashes appear only as prefixes.
"""

from typing import NamedTuple

from django.db.models import Count

from comments.models import ReaderComment

from .display import hash_prefix

RECENT = 10


class Match(NamedTuple):
    label: str  # what was matched, e.g. "Same email (ada@example.org)"
    counts: list  # (status label, count), every status, in Status order
    total: int
    recent: list  # other comments, newest first, at most RECENT


def _match(label, queryset, comment):
    by_status = dict(queryset.values_list("status").annotate(n=Count("pk")).order_by())
    counts = [(name, by_status.get(value, 0)) for value, name in ReaderComment.Status.choices]
    recent = queryset.exclude(pk=comment.pk).select_related("page").order_by("-created_at", "-pk")
    return Match(label, counts, sum(by_status.values()), list(recent[:RECENT]))


def commenter_history(comment):
    """One Match per identifier the comment still has (email, IP, network); [] for none."""
    identifiers = [
        ("email_canonical", f"Same email ({comment.email_canonical})"),
        ("ip_hash", f"Same IP address (hash {hash_prefix(comment.ip_hash)})"),
        ("ip_prefix_hash", f"Same network (hash {hash_prefix(comment.ip_prefix_hash)})"),
    ]
    return [
        _match(label, ReaderComment.objects.filter(**{field: value}), comment)
        for field, label in identifiers
        if (value := getattr(comment, field))
    ]
