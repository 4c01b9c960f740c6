"""Atom feed of the latest stories, built from the same API as the pages."""

import datetime

from django.contrib.syndication.views import Feed
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.feedgenerator import Atom1Feed

from .client import execute
from .context import absolute


class StoryFeed(Feed):
    feed_type = Atom1Feed
    title = "Keep it Local: stories"
    subtitle = "News, blog posts and wish lists from the Keep it Local campaign."

    def get_object(self, request, *args, **kwargs):
        self.request = request
        return execute("feed", {}, request)["stories"]["items"]

    def link(self, obj):
        return absolute(self.request, "/")

    def items(self, obj):
        return obj

    def item_title(self, item):
        return item["title"]

    def item_description(self, item):
        return item["summary"]

    def item_link(self, item):
        return absolute(self.request, item["url"])

    def item_guid(self, item):
        return absolute(self.request, item["url"])

    def item_author_name(self, item):
        return (item.get("author") or {}).get("name")

    def item_pubdate(self, item):
        published = parse_datetime(item.get("firstPublishedAt") or "")
        if published:
            return published
        day = parse_date(item["date"])
        return datetime.datetime.combine(day, datetime.time(9), tzinfo=datetime.UTC)

    def item_updateddate(self, item):
        return parse_datetime(item.get("lastPublishedAt") or "") or self.item_pubdate(item)
