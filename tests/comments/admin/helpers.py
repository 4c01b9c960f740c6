"""Shared by the Comments admin tests."""

from django.urls import reverse

QUEUE = reverse("reader_comments:index")


def bulk_url(action, *ids, **params):
    query = "&".join(
        [*(f"id={pk}" for pk in ids), *(f"{key}={value}" for key, value in params.items())]
    )
    return f"{reverse('wagtail_bulk_action', args=['comments', 'readercomment', action])}?{query}"


def denied(response):
    """Wagtail's answer to a permission failure: back to the dashboard with a message."""
    return response.status_code == 302 and response.url == reverse("wagtailadmin_home")
