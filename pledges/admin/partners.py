from wagtail.snippets.views.snippets import SnippetViewSet

from pledges.models import Partner


class PartnerViewSet(SnippetViewSet):
    model = Partner
    icon = "group"
    menu_label = "Partners"
    list_display = ["name", "slug", "active"]
    list_filter = ["active"]
    search_fields = ["name", "slug"]
    search_backend_name = None
    ordering = "name"
