"""The signatures listing: filter, search, inspect, export and act in bulk.

Staff never add or edit a signature by hand: every change of status goes
through `pledges.signing` (which keeps the public counts and the emails
right), reached from the bulk actions, the council queue and the bulk
invalidation form. So the viewset keeps only the listing, inspect and
history views.
"""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.http import urlencode

from wagtail.admin.admin_url_finder import ModelAdminURLFinder
from wagtail.admin.ui.tables import (
    BulkActionsCheckboxColumn,
    Column,
    DateColumn,
    StatusTagColumn,
    TitleColumn,
)
from wagtail.admin.views.generic import IndexView, InspectView
from wagtail.admin.views.generic.history import HistoryView
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets.button import Button

from pledges.forms import SignatureForm
from pledges.models import Signature

from .display import ip_prefix, signer_label, source_label
from .export import EXPORT_COLUMNS, csv_safe
from .filters import SEARCH_FIELDS, SignatureFilterSet
from .permissions import can_export, can_invalidate, can_see_signatures, can_verify


class SignatureIndexView(IndexView):
    default_ordering = "-created_at"
    list_export = [key for key, _heading, _value in EXPORT_COLUMNS]
    export_headings = {key: heading for key, heading, _value in EXPORT_COLUMNS}
    custom_value_preprocess = {
        **IndexView.custom_value_preprocess,
        # XLSX too: Wagtail stores such cells as text, but a spreadsheet saved
        # back to CSV would turn them into formulas again.
        str: {IndexView.FORMAT_CSV: csv_safe, IndexView.FORMAT_XLSX: csv_safe},
    }

    def dispatch(self, request, *args, **kwargs):
        if self.is_export and not can_export(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

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
            Column("pledge", label="Pledge", accessor="pledge.title", sort_key="pledge__title"),
            Column("source", label="Source", accessor=source_label),
            DateColumn("created_at", label="Signed", sort_key="created_at"),
        ]
        if self.can_act:
            columns.insert(0, BulkActionsCheckboxColumn("bulk_actions", obj_type="signature"))
        return columns

    def to_row_dict(self, item):
        return {key: value(item) for key, _heading, value in EXPORT_COLUMNS}

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


class SignatureInspectView(InspectView):
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

    def get_field_label(self, field_name, field):
        return self.labels.get(field_name) or super().get_field_label(field_name, field)

    def get_field_display_value(self, field_name, field):
        value = super().get_field_display_value(field_name, field)
        if isinstance(value, bool):
            return "Yes" if value else "No"
        return "–" if value in (None, "") else value

    def get_ip_hash_display_value(self):
        return ip_prefix(self.object.ip_hash)

    @cached_property
    def header_more_buttons(self):
        """The decisions staff may take on this signature, and its history."""
        signature, user = self.object, self.request.user
        here = reverse("pledge_signatures:inspect", args=[signature.pk])
        buttons = [
            Button(
                "History",
                url=reverse("pledge_signatures:history", args=[signature.pk]),
                icon_name="history",
                priority=10,
            )
        ]
        actions = []
        if can_verify(user) and signature.signer_type == Signature.SignerType.COUNCIL:
            actions += [("verify", "Verify council", "tick"), ("reject", "Reject council", "cross")]
        if can_invalidate(user):
            actions.append(("invalidate", "Invalidate", "warning"))
        for priority, (action, label, icon) in enumerate(actions, start=20):
            url = reverse("wagtail_bulk_action", args=["pledges", "signature", action])
            buttons.append(
                Button(
                    label,
                    url=f"{url}?{urlencode({'id': signature.pk, 'next': here})}",
                    icon_name=icon,
                    priority=priority,
                )
            )
        return buttons


class SignatureHistoryView(HistoryView):
    # Staff who may see a signature may also see who decided what about it.
    any_permission_required = ["add", "change", "delete", "view"]


class SignatureAdminURLFinder(ModelAdminURLFinder):
    def get_edit_url(self, instance):
        if self.user and not can_see_signatures(self.user):
            return None
        return self.construct_edit_url(instance)


class SignatureViewSet(ModelViewSet):
    model = Signature
    name = "pledge_signatures"
    url_prefix = "pledges/signatures"
    icon = "list-ul"
    menu_label = "Signatures"
    add_to_reference_index = False
    index_view_class = SignatureIndexView
    inspect_view_class = SignatureInspectView
    history_view_class = SignatureHistoryView
    index_template_name = "pledges/admin/signatures/index.html"
    filterset_class = SignatureFilterSet
    search_fields = SEARCH_FIELDS
    search_backend_name = None
    list_per_page = 50
    copy_view_enabled = False
    inspect_view_enabled = True
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

    def get_common_view_kwargs(self, **kwargs):
        view_kwargs = super().get_common_view_kwargs(**kwargs)
        view_kwargs.update(
            add_url_name=None, edit_url_name=None, delete_url_name=None, usage_url_name=None
        )
        return view_kwargs

    @property
    def url_finder_class(self):
        # Audit log entries and other admin screens link a signature to its inspect page.
        return type(
            "SignatureAdminURLFinder",
            (SignatureAdminURLFinder,),
            {"edit_url_name": self.get_url_name("inspect")},
        )

    def get_urlpatterns(self):
        # No add, edit, copy or delete: they would change signatures behind signing.py's back.
        return [
            path("", self.index_view, name="index"),
            path("results/", self.index_results_view, name="index_results"),
            path("inspect/<int:pk>/", self.inspect_view, name="inspect"),
            path("history/<int:pk>/", self.history_view, name="history"),
            path("history-results/<int:pk>/", self.history_results_view, name="history_results"),
        ]
