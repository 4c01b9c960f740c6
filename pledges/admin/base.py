"""What the Pledges admin screens outside the signatures viewset share."""

from django.core.exceptions import PermissionDenied
from django.urls import path, reverse
from django.views.generic import TemplateView

from wagtail.admin.menu import MenuItem
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.viewsets.base import ViewSet

from .permissions import can_see_signatures


class PermissionMixin:
    """Refuse anyone `allowed(user)` says no to (Wagtail shows its usual message)."""

    allowed = staticmethod(can_see_signatures)

    def dispatch(self, request, *args, **kwargs):
        if not self.allowed(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class AdminTemplateView(PermissionMixin, WagtailAdminTemplateMixin, TemplateView):
    """A Wagtail admin page with the standard header and breadcrumbs."""

    parent_crumbs = ()  # (label, url name) pairs between Home and this page

    def get_breadcrumbs_items(self):
        crumbs = [{"url": reverse(name), "label": label} for label, name in self.parent_crumbs]
        current = {"url": "", "label": self.get_page_title(), "sublabel": self.get_page_subtitle()}
        return [*self.breadcrumbs_items, *crumbs, current]


class PledgesViewSet(ViewSet):
    """A viewset of plain views: its menu item shows only to users `allowed` lets in."""

    allowed = staticmethod(can_see_signatures)
    views = ()  # (route, view class, url name)

    @property
    def menu_item_class(self):
        allowed = self.allowed
        return type(
            f"{type(self).__name__}MenuItem",
            (MenuItem,),
            {"is_shown": lambda item, request: allowed(request.user)},
        )

    def get_urlpatterns(self):
        return [
            path(route, view.as_view(allowed=self.allowed), name=name)
            for route, view, name in self.views
        ]
