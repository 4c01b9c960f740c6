"""The signatures listing: filter, search, inspect, export and act in bulk.

Staff never add or edit a signature by hand: every change of status goes
through `pledges.signing` (which keeps the public counts and the emails
right), reached from the bulk actions, the council queue and the bulk
invalidation form. So the viewset keeps only the listing, inspect and
history views.
"""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.functional import cached_property

from wagtail.admin import messages
from wagtail.admin.ui.tables import (
    BulkActionsCheckboxColumn,
    Column,
    DateColumn,
    StatusTagColumn,
    TitleColumn,
)
from wagtail.admin.views.generic import IndexView
from wagtail.admin.views.generic.history import HistoryView

from core.admin_tools import DecisionInspectView, InspectOnlyViewSet
from pledges.forms import SignatureForm
from pledges.models import Signature

from .display import ip_prefix, signer_label, source_label
from .export import XLSX_MAX_ROWS, csv_response, too_many_for_xlsx, xlsx_response
from .filters import SEARCH_FIELDS, SignatureFilterSet
from .listing import EstimatedCountPaginator, search_signatures
from .permissions import can_export, can_invalidate, can_see_signatures, can_verify


class SignatureIndexView(IndexView):
    default_ordering = "-created_at"
    paginator_class = EstimatedCountPaginator
    # Wagtail's export buttons appear when this is set; the export itself is ours (export/).
    list_export = ["pk"]

    def dispatch(self, request, *args, **kwargs):
        if self.is_export and not can_export(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get(self, request, *args, **kwargs):
        # An export needs only the filtered, searched, sorted queryset: none
        # of the listing's table, counts or pagination.
        if not self.is_export:
            return super().get(request, *args, **kwargs)
        queryset = self.get_queryset()
        if request.GET["export"] == self.FORMAT_CSV:
            return csv_response(queryset, self.get_filename())
        if too_many_for_xlsx(queryset):
            messages.error(
                request,
                f"An XLSX download holds at most {XLSX_MAX_ROWS:,} signatures. "
                "Narrow the filters, or download CSV, which any spreadsheet opens.",
            )
            query = request.GET.copy()
            del query["export"]
            return redirect(f"{self.index_url}?{query.urlencode()}")
        return xlsx_response(queryset, self.get_filename())

    def search_queryset(self, queryset):
        return search_signatures(queryset, self.search_query) if self.is_searching else queryset

    def order_queryset(self, queryset):
        # Ties broken in the same direction, newest or oldest first, so each
        # sort reads one page off an index (see the Signature indexes).
        ordering = self.ordering
        sign = "-" if ordering.startswith("-") else ""
        if ordering == f"{sign}created_at":
            return queryset.order_by(ordering, f"{sign}pk")
        return queryset.order_by(ordering, f"{sign}created_at", f"{sign}pk")

    def get_base_queryset(self):
        return super().get_base_queryset().select_related("pledge", "partner", "local_authority")

    @cached_property
    def show_export_buttons(self):
        return can_export(self.request.user)

    @cached_property
    def can_act(self):
        user = self.request.user
        return can_verify(user) or can_invalidate(user)

    @cached_property
    def columns(self):
        signer_column = self._get_title_column_class(TitleColumn)
        columns = [
            signer_column(
                "signer",
                label="Signer",
                accessor=signer_label,
                get_url=self.get_inspect_url,
                get_title_id=lambda signature: f"signature_{signature.pk}_title",
            ),
            Column(
                "signer_type",
                label="Type",
                accessor="get_signer_type_display",
                sort_key="signer_type",
            ),
            StatusTagColumn(
                "status",
                label="Status",
                accessor="get_status_display",
                primary=lambda signature: signature.is_counted,
                sort_key="status",
            ),
            # Sorted by pledge (the order they were made), not title: that sort
            # needs no join, so an index gives the page at any size.
            Column("pledge", label="Pledge", accessor="pledge.title", sort_key="pledge"),
            Column("source", label="Source", accessor=source_label),
            DateColumn("created_at", label="Signed", sort_key="created_at"),
        ]
        if self.can_act:
            columns.insert(0, BulkActionsCheckboxColumn("bulk_actions", obj_type="signature"))
        return columns

    def get_filename(self):
        stamp = timezone.localdate().isoformat()
        pledge = (
            self.filters
            and self.filters.is_valid()
            and self.filters.form.cleaned_data.get("pledge")
        )
        return f"signatures-{pledge.slug}-{stamp}" if pledge else f"signatures-{stamp}"

    def get_context_data(self, *args, **kwargs):
        context = super().get_context_data(*args, **kwargs)
        context["can_act"] = self.can_act
        return context


class SignatureInspectView(DecisionInspectView):
    labels = {
        "ip_hash": "IP hash (start)",
        "utm_source": "utm_source",
        "utm_medium": "utm_medium",
        "utm_campaign": "utm_campaign",
        "utm_term": "utm_term",
        "utm_content": "utm_content",
    }

    def get_object(self, queryset=None):
        return get_object_or_404(
            Signature.objects.select_related("pledge", "partner", "local_authority"), pk=self.pk
        )

    def get_page_subtitle(self):
        return signer_label(self.object)

    def get_ip_hash_display_value(self):
        return ip_prefix(self.object.ip_hash)

    @cached_property
    def header_more_buttons(self):
        """The decisions staff may take on this signature, and its history."""
        signature, user = self.object, self.request.user
        decisions = []
        if can_verify(user) and signature.signer_type == Signature.SignerType.COUNCIL:
            decisions += [
                ("verify", "Verify council", "tick"),
                ("reject", "Reject council", "cross"),
            ]
        if can_invalidate(user):
            decisions.append(("invalidate", "Invalidate", "warning"))
        return self.decision_buttons(decisions)


class SignatureHistoryView(HistoryView):
    # Staff who may see a signature may also see who decided what about it.
    any_permission_required = ["add", "change", "delete", "view"]


class SignatureViewSet(InspectOnlyViewSet):
    model = Signature
    name = "pledge_signatures"
    url_prefix = "pledges/signatures"
    icon = "list-ul"
    menu_label = "Signatures"
    allowed = staticmethod(can_see_signatures)
    index_view_class = SignatureIndexView
    inspect_view_class = SignatureInspectView
    history_view_class = SignatureHistoryView
    index_template_name = "pledges/admin/signatures/index.html"
    filterset_class = SignatureFilterSet
    search_fields = SEARCH_FIELDS
    list_per_page = 50
    # What the signer filled in comes from the signing form itself, so a new
    # form field shows up here without a second list to keep in step.
    inspect_view_fields = [
        "pledge",
        "status",
        "status_reason",
        *SignatureForm.Meta.fields,
        "partner",
        "ip_hash",
        "emails_sent",
        "created_at",
        "confirmed_at",
        "verified_at",
        "withdrawn_at",
        "anonymised_at",
    ]
