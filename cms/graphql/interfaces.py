"""The page interface every page type implements in our API.

Grapple's stock interface exposes internal columns and routes (`parent`,
sibling lists with free-form ordering) that reach drafts, view-restricted
pages and other sites. This one exposes only what a reader of the site may
see, and resolves every related page through `cms.graphql.visibility`.
"""

from django.conf import settings

import graphene

from .visibility import current


def _asks_for_type_fields(info):
    """Does the selection reach into a page type's own fields (an inline fragment
    or a fragment spread)? If not, the specific rows need not be loaded."""
    from graphql import FieldNode

    for node in info.field_nodes:
        for selection in node.selection_set.selections if node.selection_set else ():
            if not isinstance(selection, FieldNode):
                return True
    return False


def _specific(qs, info):
    # defer=True builds specific instances without joining their tables:
    # breadcrumbs and menus ask only for titles and URLs.
    return qs.specific(defer=not _asks_for_type_fields(info))


def _limit(limit):
    return max(0, min(int(limit or 10), settings.GRAPHQL_LIMITS["MAX_LIST_SIZE"]))


class PublicPageInterface(graphene.Interface):
    id = graphene.ID()
    title = graphene.String(required=True)
    slug = graphene.String(required=True)
    content_type = graphene.String(required=True)
    page_type = graphene.String(required=True)
    url = graphene.String()
    url_path = graphene.String(required=True)
    seo_title = graphene.String(required=True)
    search_description = graphene.String()
    show_in_menus = graphene.Boolean(required=True)
    first_published_at = graphene.DateTime()
    last_published_at = graphene.DateTime()
    parent = graphene.Field(lambda: PublicPageInterface)
    children = graphene.List(
        graphene.NonNull(lambda: PublicPageInterface),
        required=True,
        limit=graphene.Int(),
        offset=graphene.Int(),
        in_menu=graphene.Boolean(),
    )
    ancestors = graphene.List(graphene.NonNull(lambda: PublicPageInterface), required=True)
    search_score = graphene.Float()

    @classmethod
    def resolve_type(cls, instance, info, **kwargs):
        from grapple.registry import registry
        from grapple.types.pages import Page

        return registry.pages.get(type(instance), Page)

    def resolve_content_type(self, info, **kwargs):
        meta = self.specific_class._meta if self.specific_class else self._meta
        return f"{meta.app_label}.{meta.object_name}"

    def resolve_page_type(self, info, **kwargs):
        return PublicPageInterface.resolve_type(self, info)._meta.name

    def resolve_url(self, info, **kwargs):
        return current().url(self)

    def resolve_url_path(self, info, **kwargs):
        # Relative to the site root, so it never reveals the tree above it.
        site = current().site
        root = site.root_page.url_path if site else "/"
        return "/" + self.url_path[len(root) :] if self.url_path.startswith(root) else "/"

    def resolve_seo_title(self, info, **kwargs):
        return self.seo_title or self.title

    def resolve_parent(self, info, **kwargs):
        if not self.path:
            return None
        visibility = current()
        parent = self.get_parent()
        if parent is None or parent.depth < 2 or not visibility.is_public(parent):
            return None
        return parent.specific

    def resolve_children(self, info, limit=None, offset=None, in_menu=None, **kwargs):
        qs = _specific(current().pages().child_of(self), info)
        if in_menu is not None:
            qs = qs.in_menu() if in_menu else qs.not_in_menu()
        offset = max(0, int(offset or 0))
        return qs[offset : offset + _limit(limit)]

    def resolve_ancestors(self, info, **kwargs):
        if not self.path:  # a preview of a page not saved yet
            return []
        visibility = current()
        ancestors = _specific(self.get_ancestors().filter(depth__gt=1), info)
        return [page for page in ancestors if visibility.is_public(page)]

    def resolve_search_score(self, info, **kwargs):
        return getattr(self, "search_score", None)
