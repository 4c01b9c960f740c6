"""Filters and search for the moderation queue, shared with its bulk actions.

The queue opens on pending comments, oldest first. "Any status" is a real
choice (status present but empty), so the default applies only when the
status was not given at all. A bulk action on "all in listing" narrows with
this same filter set and search, so it never acts on more than the moderator
could see.
"""

from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.models import Page

import django_filters

from comments.models import ReaderComment
from core.admin_tools import in_listing

SEARCH_FIELDS = ["name", "body", "website", "email"]
DEFAULT_STATUS = ReaderComment.Status.PENDING


def pages_with_comments(request=None):
    return Page.objects.filter(reader_comments__isnull=False).distinct().order_by("title")


class CommentFilterSet(WagtailFilterSet):
    status = django_filters.ChoiceFilter(
        choices=ReaderComment.Status.choices, empty_label="Any status"
    )
    status_reason = django_filters.ChoiceFilter(
        choices=ReaderComment.Reason.choices, empty_label="Any reason", label="Reason"
    )
    page = django_filters.ModelChoiceFilter(queryset=pages_with_comments, empty_label="All pages")
    reported = django_filters.BooleanFilter(method="filter_reported", label="Reported by readers")
    created = django_filters.DateFromToRangeFilter(
        field_name="created_at", label="Posted between", widget=DateRangePickerWidget
    )

    class Meta:
        model = ReaderComment
        fields = ["status", "status_reason", "page", "reported", "created"]

    def __init__(self, data=None, *args, **kwargs):
        if data is not None and "status" not in data:
            data = data.copy()
            data["status"] = DEFAULT_STATUS
        super().__init__(data, *args, **kwargs)

    def filter_reported(self, queryset, name, value):
        if value is None:
            return queryset
        return queryset.filter(report_count__gt=0) if value else queryset.filter(report_count=0)


def comments_in_listing(params):
    """Comments the queue shows for these query parameters, filtered and searched."""
    return in_listing(CommentFilterSet, ReaderComment.objects.all(), params, SEARCH_FIELDS)
