"""Paginated result types with a total count and a hard page-size cap."""

from django.conf import settings
from django.core.paginator import Paginator

import graphene


class Pagination(graphene.ObjectType):
    total = graphene.Int(required=True, description="Items across all pages.")
    count = graphene.Int(required=True, description="Items on this page.")
    per_page = graphene.Int(required=True)
    current_page = graphene.Int(required=True)
    total_pages = graphene.Int(required=True)
    next_page = graphene.Int()
    prev_page = graphene.Int()


def paginated_type(name, item_type, description=""):
    return type(
        name,
        (graphene.ObjectType,),
        {
            "__doc__": description,
            "items": graphene.List(graphene.NonNull(item_type), required=True),
            "pagination": graphene.Field(Pagination, required=True),
        },
    )


def page_arguments():
    maximum = settings.GRAPHQL_LIMITS["MAX_LIST_SIZE"]
    return {
        "page": graphene.Int(default_value=1, description="1-based page number."),
        "per_page": graphene.Int(
            default_value=10, description=f"Items per page, at most {maximum}."
        ),
    }


def paginate(queryset, page=1, per_page=10):
    """Slice a queryset into one page; out-of-range pages are empty, not errors."""
    per_page = max(1, min(int(per_page or 10), settings.GRAPHQL_LIMITS["MAX_LIST_SIZE"]))
    page = max(1, int(page or 1))
    paginator = Paginator(queryset, per_page, allow_empty_first_page=True)
    total = paginator.count
    items = [] if page > paginator.num_pages else list(paginator.page(page).object_list)
    return {
        "items": items,
        "pagination": Pagination(
            total=total,
            count=len(items),
            per_page=per_page,
            current_page=page,
            total_pages=paginator.num_pages,
            next_page=page + 1 if page < paginator.num_pages else None,
            prev_page=page - 1 if 1 < page <= paginator.num_pages + 1 else None,
        ),
    }
