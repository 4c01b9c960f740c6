from django.urls import path, re_path

from wagtail.contrib.sitemaps.views import sitemap

from . import views
from .caching import cached_page
from .embed import views as embed
from .feeds import StoryFeed
from .reader_comments.feed import CommentFeed

urlpatterns = [
    path("robots.txt", views.robots_txt, name="robots_txt"),
    path("favicon.ico", views.favicon),
    path("sitemap.xml", cached_page(sitemap), name="sitemap"),
    path("feeds/stories/", cached_page(StoryFeed()), name="story_feed"),
    path("feeds/comments/<int:page_id>/", cached_page(CommentFeed()), name="comment_feed"),
    path("search/", views.search, name="search"),
    path("preview/", views.preview, name="preview"),
    # Partners' widgets (docs/partners.md): the paths are a contract, never change them.
    path("embed/v1/pledge.js", embed.pledge_script, name="embed_script"),
    path("embed/v1/data/", embed.pledge_data, name="embed_data"),
    path("embed/pledges/<slug:slug>/", embed.pledge_frame, name="embed_frame"),
    path("embed/pledges/<slug:slug>/thanks/", embed.pledge_frame_thanks, name="embed_thanks"),
    # Wagtail reverses page URLs by this name, so page.url points here.
    re_path(r"^((?:[\w\-]+/)*)$", views.serve_page, name="wagtail_serve"),
]
