"""Readers' comment pages (mounted at /comments/, namespace `comments`): the forms
without JavaScript, and the links in comment emails."""

from django.urls import path

from . import comments_links
from .reader_comments import views

app_name = "comments"

urlpatterns = [
    path("<int:page_id>/", views.post_comment, name="post"),
    path("edit/", views.edit_comment, name="edit"),
    path("delete/", views.delete_comment, name="delete"),
    path("report/<int:comment_id>/", views.report_comment, name="report"),
    # The links in comment emails.
    path("notify/<str:token>/", comments_links.confirm_notify, name="confirm_notify"),
    path("unsubscribe/<str:token>/", comments_links.unsubscribe, name="unsubscribe"),
    path("erase/", comments_links.erase_request, name="erase_request"),
    path("erase/<str:token>/", comments_links.erase_confirm, name="erase_confirm"),
]
