from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from .models import LocalAuthority, Person, Principle, ServiceArea
from .rich_text import PublicPageLinkHandler


@hooks.register("register_rich_text_features", order=100)  # after Wagtail registers its own
def register_public_page_links(features):
    features.register_link_type(PublicPageLinkHandler)


class PersonViewSet(SnippetViewSet):
    model = Person
    icon = "user"
    list_display = ["name", "role", "organisation"]
    search_fields = ["name", "organisation"]


class PrincipleViewSet(SnippetViewSet):
    model = Principle
    icon = "list-ol"
    list_display = ["number", "title"]


class ServiceAreaViewSet(SnippetViewSet):
    model = ServiceArea
    icon = "tag"
    list_display = ["name", "slug"]


class LocalAuthorityViewSet(SnippetViewSet):
    model = LocalAuthority
    icon = "site"
    list_display = ["name", "gss_code", "region", "kind"]
    list_filter = ["region", "kind"]
    search_fields = ["name", "gss_code"]


class CampaignViewSetGroup(SnippetViewSetGroup):
    menu_label = "Campaign"
    menu_icon = "folder-open-inverse"
    menu_order = 200
    items = (PrincipleViewSet, LocalAuthorityViewSet, ServiceAreaViewSet, PersonViewSet)


register_snippet(CampaignViewSetGroup)


@hooks.register("register_schema_query")
def register_campaign_queries(query_mixins):
    from .schema import CampaignQueries

    query_mixins.append(CampaignQueries)
