from django.urls import path, re_path

from wagtail.contrib.sitemaps.views import sitemap

from . import views
from .caching import cached_page
from .feeds import StoryFeed

urlpatterns = [
    path("robots.txt", views.robots_txt, name="robots_txt"),
    path("favicon.ico", views.favicon),
    path("sitemap.xml", cached_page(sitemap), name="sitemap"),
    path("feeds/stories/", cached_page(StoryFeed()), name="story_feed"),
    path("search/", views.search, name="search"),
    path("preview/", views.preview, name="preview"),
    # Wagtail reverses page URLs by this name, so page.url points here.
    re_path(r"^((?:[\w\-]+/)*)$", views.serve_page, name="wagtail_serve"),
]
