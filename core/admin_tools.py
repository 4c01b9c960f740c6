"""Building blocks the domain apps' admin screens share (pledges/admin/, comments/admin/).

Both keep records that staff decide about but never edit by hand (signatures,
reader comments): a listing with filters and search, an inspect page, a
history, and decisions taken as bulk actions (logged with `core.audit`).
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.urls import path, reverse
from django.utils.http import urlencode

from wagtail.admin.admin_url_finder import ModelAdminURLFinder
from wagtail.admin.views.bulk_action import BulkAction
from wagtail.admin.views.generic import InspectView
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets.button import Button


class InspectOnlyViewSet(ModelViewSet):
    """Listing, inspect and history only: no add, edit, copy or delete routes.

    `allowed(user)` says who may follow a link to a record from other admin
    screens (the site history report, say), which open its inspect page.
    """

    allowed = staticmethod(lambda user: False)
    copy_view_enabled = False
    inspect_view_enabled = True
    add_to_reference_index = False
    search_backend_name = None

    def get_common_view_kwargs(self, **kwargs):
        view_kwargs = super().get_common_view_kwargs(**kwargs)
        view_kwargs.update(
            add_url_name=None, edit_url_name=None, delete_url_name=None, usage_url_name=None
        )
        return view_kwargs

    @property
    def url_finder_class(self):
        allowed = self.allowed

        def get_edit_url(finder, instance):
            if finder.user and not allowed(finder.user):
                return None
            return finder.construct_edit_url(instance)

        return type(
            f"{self.model.__name__}AdminURLFinder",
            (ModelAdminURLFinder,),
            {"edit_url_name": self.get_url_name("inspect"), "get_edit_url": get_edit_url},
        )

    def get_urlpatterns(self):
        return [
            path("", self.index_view, name="index"),
            path("results/", self.index_results_view, name="index_results"),
            path("inspect/<int:pk>/", self.inspect_view, name="inspect"),
            path("history/<int:pk>/", self.history_view, name="history"),
            path("history-results/<int:pk>/", self.history_results_view, name="history_results"),
        ]


class DecisionInspectView(InspectView):
    """An inspect page whose header offers the record's history and the decisions open on it.

    `labels` renames fields; yes/no and blank values read as words.
    """

    labels = {}
    history_url_name = None  # given by the viewset
    inspect_url_name = None

    def get_field_label(self, field_name, field):
        return self.labels.get(field_name) or super().get_field_label(field_name, field)

    def get_field_display_value(self, field_name, field):
        value = super().get_field_display_value(field_name, field)
        if isinstance(value, bool):
            return "Yes" if value else "No"
        return "–" if value in (None, "") else value

    def decision_buttons(self, decisions):
        """History, then a button per (bulk action type, label, icon), returning here."""
        pk = self.object.pk
        here = reverse(self.inspect_url_name, args=[pk])
        buttons = [
            Button(
                "History",
                url=reverse(self.history_url_name, args=[pk]),
                icon_name="history",
                priority=10,
            )
        ]
        opts = self.model._meta
        for priority, (action, label, icon) in enumerate(decisions, start=20):
            url = reverse("wagtail_bulk_action", args=[opts.app_label, opts.model_name, action])
            query = urlencode({"id": pk, "next": here})
            buttons.append(Button(label, url=f"{url}?{query}", icon_name=icon, priority=priority))
        return buttons


class GuardedBulkAction(BulkAction):
    """A bulk action only `user_may(user)` may open, acting on what its listing shows.

    Subclasses give `object_context(obj)` for the confirmation page (both the
    items it acts on and those it skips) and `listing(params)`, the records
    the listing shows for its query string, for "select all in listing".
    """

    def user_may(self, user):
        raise NotImplementedError

    def listing(self, params):
        raise NotImplementedError

    def dispatch(self, request, *args, **kwargs):
        if not self.user_may(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_all_objects_in_listing_query(self, parent_id):
        # The listing's own filters and search arrive with "all in listing".
        return self.listing(self.request.GET).values_list("pk", flat=True)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["items_with_no_access"] = [
            self.object_context(obj) for obj in context["items_with_no_access"]
        ]
        return context


def search(queryset, query, fields):
    """A listing's search: any of `fields` contains the query (case-insensitive)."""
    if not query:
        return queryset
    condition = Q()
    for field in fields:
        condition |= Q(**{f"{field}__icontains": query})
    return queryset.filter(condition)


def in_listing(filterset_class, queryset, params, search_fields, search_with=None):
    """What a listing shows for these query parameters, filtered and searched.

    Invalid filters give nothing rather than everything, so a bulk action on
    "all in listing" never acts on more than the staff member could see.
    `search_with(queryset, query)`, if given, is the listing's own search.
    """
    filters = filterset_class(params, queryset=queryset)
    if not filters.is_valid():
        return queryset.none()
    query = params.get("q", "").strip()
    if search_with:
        return search_with(filters.qs, query)
    return search(filters.qs, query, search_fields)
