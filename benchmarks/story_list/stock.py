"""Stock grapple's root `pages` query, in a schema of its own for comparison.

Our schema removes this query (cms/wagtail_hooks.py), so the benchmark builds
grapple's own `PagesQuery` mixin into a separate schema over the same
registered types. Its resolvers and queryset are grapple's (no prefetching);
the page interface is ours, as configured by GRAPPLE["PAGE_INTERFACE"].
"""

from grapple.registry import registry
from grapple.types.pages import PagesQuery

import graphene
from graphene_django.views import GraphQLView

from cms.graphql.visibility import visibility_for


def stock_schema():
    query = type("Query", (PagesQuery(), graphene.ObjectType), {})
    return graphene.Schema(query=query, types=list(registry.models.values()))


class StockGraphQLView(GraphQLView):
    """Grapple's view, plus the per-request visibility our page interface reads.

    Without it every `url` field would look the site and view restrictions
    up again: a cost of running our interface outside our view, not of grapple.
    """

    def dispatch(self, request, *args, **kwargs):
        with visibility_for(request):
            return super().dispatch(request, *args, **kwargs)
