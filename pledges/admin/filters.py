"""Filters and search for the signatures listing, shared with its bulk actions.

A bulk action on "all in listing" receives the listing's query string; it
narrows the signatures with the same filter set and search as the listing, so
it never acts on more than the staff member could see.
"""

from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet

import django_filters

from core.admin_tools import in_listing
from pledges.models import Partner, PledgePage, Signature

from .listing import search_signatures

# What the search box looks in; `listing.search_signatures` says how.
SEARCH_FIELDS = ["name", "organisation", "email", "local_authority__name"]


class SignatureFilterSet(WagtailFilterSet):
    pledge = django_filters.ModelChoiceFilter(
        queryset=PledgePage.objects.order_by("title"), empty_label="All pledges"
    )
    partner = django_filters.ModelChoiceFilter(
        queryset=Partner.objects.all(),
        empty_label="Any source",
        null_label="No partner (our own site)",
        label="Partner widget",
    )
    utm_source = django_filters.CharFilter(lookup_expr="iexact", label="utm_source")
    created = django_filters.DateFromToRangeFilter(
        field_name="created_at", label="Signed between", widget=DateRangePickerWidget
    )

    class Meta:
        model = Signature
        fields = ["pledge", "status", "signer_type", "partner", "utm_source", "created"]


def signatures_in_listing(params):
    """Signatures the listing shows for these query parameters, filtered and searched."""
    return in_listing(
        SignatureFilterSet,
        Signature.objects.all(),
        params,
        SEARCH_FIELDS,
        search_with=search_signatures,
    )
