"""Partners, as snippets in the Pledges menu, each with an Embed view for its widget code."""

from django.contrib.admin.utils import quote
from django.urls import path, reverse
from django.utils.functional import cached_property

from wagtail.admin.ui.menus import MenuItem
from wagtail.admin.widgets import HeaderButton
from wagtail.snippets.views.snippets import EditView, IndexView, SnippetViewSet

from pledges.models import Partner

from .embed import EmbedView

EMBED_LABEL = "Embed"
EMBED_ICON = "code"


class PartnerIndexView(IndexView):
    embed_url_name = None

    def get_list_more_buttons(self, instance):
        buttons = super().get_list_more_buttons(instance)
        if self.user_has_permission("change"):
            buttons.append(
                MenuItem(
                    EMBED_LABEL,
                    url=reverse(self.embed_url_name, args=[quote(instance.pk)]),
                    icon_name=EMBED_ICON,
                    priority=15,
                )
            )
        return buttons


class PartnerEditView(EditView):
    embed_url_name = None

    @cached_property
    def header_buttons(self):
        return [
            *super().header_buttons,
            HeaderButton(
                EMBED_LABEL,
                url=reverse(self.embed_url_name, args=[quote(self.object.pk)]),
                icon_name=EMBED_ICON,
            ),
        ]


class PartnerViewSet(SnippetViewSet):
    model = Partner
    icon = "group"
    menu_label = "Partners"
    list_display = ["name", "slug", "active"]
    list_filter = ["active"]
    search_fields = ["name", "slug"]
    search_backend_name = None
    ordering = "name"
    index_view_class = PartnerIndexView
    edit_view_class = PartnerEditView

    def get_common_view_kwargs(self, **kwargs):
        # Views without an `embed_url_name` attribute never receive it (construct_view filters).
        return super().get_common_view_kwargs(embed_url_name=self.get_url_name("embed"), **kwargs)

    @property
    def embed_view(self):
        return self.construct_view(EmbedView)

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path(f"embed/<{self.pk_path_converter}:pk>/", self.embed_view, name="embed"),
        ]
