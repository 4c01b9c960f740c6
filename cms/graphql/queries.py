"""Root queries for pages and site-wide settings, scoped to the requested site."""

from django.conf import settings

import graphene

from .interfaces import PublicPageInterface
from .prefetch import prefetch_page
from .preview import page_from_preview_token
from .visibility import current, parse_id


def _content_type_filter(qs, content_type):
    models = []
    for label in (content_type or "").split(","):
        app_label, _, model = label.strip().lower().partition(".")
        if app_label and model:
            models.append((app_label, model))
    if not models:
        return qs
    from django.db.models import Q

    condition = Q()
    for app_label, model in models:
        condition |= Q(content_type__app_label=app_label, content_type__model=model)
    return qs.filter(condition)


class PageQueries:
    page = graphene.Field(
        PublicPageInterface,
        id=graphene.ID(),
        url_path=graphene.String(
            description="Path relative to the site root, e.g. /stories/a-story/."
        ),
        content_type=graphene.String(description="Limit to a type, e.g. stories.StoryPage."),
        token=graphene.String(
            description="A preview token from the admin's preview: returns that draft instead."
        ),
        description="One live, public page of the requested site (or a draft, given a token).",
    )
    pages = graphene.List(
        graphene.NonNull(PublicPageInterface),
        required=True,
        content_type=graphene.String(description="Comma-separated types, e.g. stories.StoryPage."),
        limit=graphene.Int(),
        offset=graphene.Int(),
        description="Live, public pages of the requested site in tree order.",
    )

    def resolve_page(self, info, id=None, url_path=None, content_type=None, token=None):
        if token:
            page = page_from_preview_token(token)
            return prefetch_page(page) if page is not None else None
        visibility = current()
        qs = _content_type_filter(visibility.pages().filter(depth__gt=1), content_type)
        if id is not None:
            if parse_id(id) is None:
                return None
            qs = qs.filter(pk=parse_id(id))
        elif url_path is not None:
            path = "/" + url_path.strip("/") + "/" if url_path.strip("/") else "/"
            qs = qs.filter(url_path=visibility.site.root_page.url_path + path.lstrip("/"))
        else:
            return None
        page = qs.specific().first()
        return prefetch_page(page) if page is not None else None

    def resolve_pages(self, info, content_type=None, limit=None, offset=None):
        qs = _content_type_filter(current().pages().filter(depth__gt=1), content_type)
        maximum = settings.GRAPHQL_LIMITS["MAX_LIST_SIZE"]
        limit = max(0, min(int(limit or 10), maximum))
        offset = max(0, int(offset or 0))
        return qs.order_by("path").specific()[offset : offset + limit]


class SettingsQueries:
    site_settings = graphene.Field(
        lambda: _site_settings_type(),
        description="Campaign-wide settings of the requested site.",
    )

    def resolve_site_settings(self, info):
        from core.models import SiteSettings

        site = current().site
        return SiteSettings.for_site(site) if site else None


def _site_settings_type():
    from grapple.registry import registry

    from core.models import SiteSettings

    return registry.settings[SiteSettings]
