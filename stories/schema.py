"""The `stories` list query: teasers for the story index and the home page."""

from django.db.models import Prefetch

from grapple.registry import registry

import graphene

from cms.graphql.images import rendition_queryset
from cms.graphql.pagination import page_arguments, paginate, paginated_type
from cms.graphql.visibility import current
from comments.counts import with_comment_counts

from .models import StoryPage


class StoryKind(graphene.Enum):
    BLOG = "blog"
    WISH_LIST = "wish-list"
    NEWS = "news"


class StoryOrder(graphene.Enum):
    NEWEST = "newest"
    OLDEST = "oldest"


ORDERING = {"newest": ("-date", "-pk"), "oldest": ("date", "pk")}

StoryList = paginated_type("StoryList", lambda: registry.pages[StoryPage], "A page of stories.")


def teaser_queryset():
    """Live, public stories of the requested site with teaser relations loaded.

    Everything a teaser shows comes in a fixed number of queries: the author
    and hero image joined, tags and the hero image's renditions prefetched.
    """
    return with_comment_counts(
        current()
        .pages(StoryPage.objects.all())
        .select_related("author", "hero_image")
        .prefetch_related(
            "tags",
            Prefetch("hero_image__renditions", queryset=rendition_queryset()),
        )
    )


class StoryQueries:
    stories = graphene.Field(
        StoryList,
        required=True,
        kind=graphene.Argument(StoryKind, description="Only stories of this kind."),
        tag=graphene.String(description="Only stories with this tag (its slug)."),
        order=graphene.Argument(StoryOrder, default_value="newest"),
        **page_arguments(),
        description="Live stories of the requested site, newest first.",
    )

    def resolve_stories(self, info, kind=None, tag=None, order="newest", page=1, per_page=10):
        qs = teaser_queryset()
        if kind:
            qs = qs.filter(kind=getattr(kind, "value", kind))
        if tag:
            qs = qs.filter(tags__slug=tag)
        return paginate(qs.order_by(*ORDERING[getattr(order, "value", order)]), page, per_page)
