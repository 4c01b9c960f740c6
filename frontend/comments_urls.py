"""Readers' comment pages (mounted at /comments/, namespace `comments`)."""

from django.urls import path

from . import comments_links

app_name = "comments"

urlpatterns = [
    # The links in comment emails.
    path("notify/<str:token>/", comments_links.confirm_notify, name="confirm_notify"),
    path("unsubscribe/<str:token>/", comments_links.unsubscribe, name="unsubscribe"),
    path("erase/", comments_links.erase_request, name="erase_request"),
    path("erase/<str:token>/", comments_links.erase_confirm, name="erase_confirm"),
]
