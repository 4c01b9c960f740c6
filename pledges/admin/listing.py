"""The signatures listing at a million rows: counts that don't scan, searches that use indexes.

Wagtail's listing counts every match to number its pages. On PostgreSQL a
`COUNT(*)` over a million rows reads them all (over 100 ms, more with a
filter), so past `ESTIMATE_ABOVE` rows the listing shows the planner's
estimate ("about 1,000,000 signatures") instead; below it, the exact count
is cheap and shown as is.
"""

import json

from django.db import connection
from django.db.models import Q
from django.utils.functional import cached_property

from wagtail.admin.paginator import WagtailPaginator

from core.models import LocalAuthority
from pledges.identity import canonical_email

ESTIMATE_ABOVE = 10_000


def estimated_count(queryset):
    """The PostgreSQL planner's row estimate for a queryset (no rows are read)."""
    plan = queryset.order_by().explain(format="json")
    return int(json.loads(plan)[0]["Plan"]["Plan Rows"])


class EstimatedCountPaginator(WagtailPaginator):
    """Exact counts for small results, the planner's estimate for large ones."""

    @cached_property
    def estimate(self):
        if connection.vendor != "postgresql":
            return None
        return estimated_count(self.object_list)

    @cached_property
    def is_estimate(self):
        return self.estimate is not None and self.estimate > ESTIMATE_ABOVE

    @cached_property
    def count(self):
        return self.estimate if self.is_estimate else super().count

    @cached_property
    def items_count_label(self):
        label = super().items_count_label
        return f"about {label}" if self.is_estimate else label


def search_signatures(queryset, query):
    """Staff search: an email finds its mailbox; other text, names, organisations and councils.

    A whole address is matched exactly on the canonical email (indexed), so
    "Ada.Lovelace@Gmail.com" finds adalovelace@gmail.com. Other text, such as
    a domain, matches anywhere in the name, organisation or email (trigram
    indexes on PostgreSQL, migration 0005), or a council's name (a few hundred
    rows, read first so the signatures are filtered on their indexed council id).
    """
    query = query.strip()
    if not query:
        return queryset
    local, _at, domain = query.partition("@")
    if local and domain:
        return queryset.filter(email_canonical=canonical_email(query))
    condition = (
        Q(name__icontains=query) | Q(organisation__icontains=query) | Q(email__icontains=query)
    )
    councils = list(
        LocalAuthority.objects.filter(name__icontains=query).values_list("pk", flat=True)
    )
    if councils:
        condition |= Q(local_authority__in=councils)
    return queryset.filter(condition)
