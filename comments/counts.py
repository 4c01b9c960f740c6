"""Published-comment counts for pages, one subquery for a whole listing."""

from django.db.models import Count, IntegerField, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce

from .models import ReaderComment

ANNOTATION = "approved_comment_total"


def approved_count_subquery():
    return Subquery(
        ReaderComment.objects.approved()
        .filter(page_id=OuterRef("pk"))
        .order_by()
        .values("page_id")
        .annotate(total=Count("pk"))
        .values("total"),
        output_field=IntegerField(),
    )


def with_comment_counts(queryset):
    """Annotate each page with its approved comments, for `commentCount` in listings."""
    return queryset.annotate(**{ANNOTATION: Coalesce(approved_count_subquery(), Value(0))})


def approved_count(page):
    """The page's approved comments: the listing's annotation if there, else one query."""
    annotated = getattr(page, ANNOTATION, None)
    if annotated is not None:
        return annotated
    return ReaderComment.objects.approved().filter(page_id=page.pk).count()
