"""Atom feed of a story's approved comments, newest first, built from the API."""

from django.contrib.syndication.views import Feed
from django.http import Http404
from django.utils.dateparse import parse_datetime
from django.utils.feedgenerator import Atom1Feed

from cms.graphql.visibility import parse_id

from ..client import execute
from ..context import absolute
from ..templatetags.frontend_tags import comment_html
from .section import COMMENTABLE, walk

FEED_LENGTH = 50
# Threads come oldest first, 50 to a page; the newest comments may be replies
# anywhere, so the feed reads every page up to this many (the feed is cached
# and purged when a comment is approved, so this is rare work).
MAX_THREAD_PAGES = 20


class CommentFeed(Feed):
    feed_type = Atom1Feed

    def get_object(self, request, page_id):
        if parse_id(page_id) is None:
            raise Http404("No such page")
        self.request = request
        data = execute("comment_feed", {"id": page_id, "pageNumber": 1}, request)
        page = data["page"]
        if page is None or page["__typename"] not in COMMENTABLE:
            raise Http404("No comments feed for this page")
        comments = list(walk(data["readerComments"]["items"]))
        number = data["readerComments"]["pagination"]["nextPage"]
        while number and number <= MAX_THREAD_PAGES:
            more = execute("comment_feed", {"id": page_id, "pageNumber": number}, request)
            comments.extend(walk(more["readerComments"]["items"]))
            number = more["readerComments"]["pagination"]["nextPage"]
        comments.sort(key=lambda comment: (comment["createdAt"], int(comment["id"])), reverse=True)
        return {"page": page, "comments": comments[:FEED_LENGTH]}

    def title(self, obj):
        return f"Comments on “{obj['page']['title']}”"

    def link(self, obj):
        return absolute(self.request, obj["page"]["url"]) + "#comments"

    def subtitle(self, obj):
        return "Readers' comments, newest first, once a moderator has approved them."

    def items(self, obj):
        self.page_url = absolute(self.request, obj["page"]["url"])
        return obj["comments"]

    def item_title(self, item):
        return f"Comment by {item['name']}"

    def item_description(self, item):
        return comment_html(item["bodyHtml"])

    def item_link(self, item):
        return f"{self.page_url}#comment-{item['id']}"

    def item_guid(self, item):
        return self.item_link(item)

    def item_author_name(self, item):
        return item["name"]

    def item_pubdate(self, item):
        return parse_datetime(item["createdAt"])
