"""Site search over the page types readers look for."""

from wagtail.models import Page

import graphene

from .interfaces import PublicPageInterface
from .pagination import page_arguments, paginate, paginated_type
from .visibility import current

SEARCHABLE_TYPES = (
    "stories.storypage",
    "casestudies.casestudypage",
    "pledges.pledgepage",
)

SearchResults = paginated_type(
    "SearchResults", PublicPageInterface, "A page of search results, best match first."
)


class SearchQueries:
    site_search = graphene.Field(
        SearchResults,
        required=True,
        query=graphene.String(
            required=True, description="Words to look for; at most 100 characters."
        ),
        **page_arguments(),
        description="Stories, case studies and pledges of the requested site matching the words.",
    )

    def resolve_site_search(self, info, query, page=1, per_page=10):
        query = " ".join(query.split())[:100]
        if not query:
            return paginate(Page.objects.none(), page, per_page)
        qs = current().pages()
        qs = qs.filter(content_type__in=_content_type_ids())
        results = paginate(qs.search(query, operator="and"), page, per_page)
        results["items"] = _specific(results["items"])
        return results


def _content_type_ids():
    from django.contrib.contenttypes.models import ContentType

    ids = []
    for label in SEARCHABLE_TYPES:
        app_label, model = label.split(".")
        ids.append(ContentType.objects.get_by_natural_key(app_label, model).pk)
    return ids


def _specific(pages):
    """Turn search hits into specific pages with one query per page type."""
    by_type = {}
    for page in pages:
        by_type.setdefault(page.content_type_id, []).append(page.pk)
    specific = {}
    from django.contrib.contenttypes.models import ContentType

    for content_type_id, ids in by_type.items():
        model = ContentType.objects.get_for_id(content_type_id).model_class()
        specific.update(model.objects.in_bulk(ids))
    return [specific[page.pk] for page in pages if page.pk in specific]
