"""Every page path to Wagtail's own serve view (see `native.NativeSwitch`).

Named `wagtail_serve`, as Wagtail expects, so `page.url` reverses to the same
paths the frontend serves. The story page's comment section links to the
comment form's, comment feed's and sign-in routes, so those are here too
(only reversed, never requested through this urlconf).
"""

from django.urls import include, path, re_path

from frontend.reader_comments.feed import CommentFeed

from .native import serve

urlpatterns = [
    path("comments/", include("frontend.comments_urls")),
    path("accounts/", include("allauth.urls")),
    path("feeds/comments/<int:page_id>/", CommentFeed(), name="comment_feed"),
    re_path(r"^((?:[\w\-]+/)*)$", serve, name="wagtail_serve"),
]
