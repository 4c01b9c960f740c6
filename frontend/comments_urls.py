"""Readers' comment actions without JavaScript (mounted at /comments/, namespace `comments`)."""

from django.urls import path

from .reader_comments import views

app_name = "comments"

urlpatterns = [
    path("<int:page_id>/", views.post_comment, name="post"),
    path("edit/", views.edit_comment, name="edit"),
    path("delete/", views.delete_comment, name="delete"),
    path("report/<int:comment_id>/", views.report_comment, name="report"),
]
