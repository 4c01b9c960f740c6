"""The Atom feed of a story's approved comments, newest first."""

import datetime
import xml.etree.ElementTree as ET

from django.utils import timezone

from tests.factories import ReaderCommentFactory

ATOM = "{http://www.w3.org/2005/Atom}"


def feed(client, page_id):
    response = client.get(f"/feeds/comments/{page_id}/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    return response.content.decode(), ET.fromstring(response.content)  # noqa: S314 - our own feed


def test_feed_lists_approved_comments_and_replies_newest_first(story, client):
    now = timezone.now()
    old = ReaderCommentFactory(page=story, created_at=now - datetime.timedelta(hours=3))
    newer = ReaderCommentFactory(page=story, created_at=now - datetime.timedelta(hours=2))
    reply = ReaderCommentFactory(parent=old, created_at=now - datetime.timedelta(hours=1))
    pending = ReaderCommentFactory(page=story, pending=True, body="Not yet")
    text, root = feed(client, story.pk)

    assert root.find(f"{ATOM}title").text == f"Comments on “{story.title}”"
    links = [entry.find(f"{ATOM}link").get("href") for entry in root.iter(f"{ATOM}entry")]
    assert links == [
        f"http://testserver{story.url}#comment-{comment.pk}" for comment in (reply, newer, old)
    ]
    entry = next(root.iter(f"{ATOM}entry"))
    assert entry.find(f"{ATOM}author/{ATOM}name").text == reply.name
    assert "Not yet" not in text
    for comment in (old, newer, reply, pending):
        assert comment.email not in text
    assert "<email>" not in text


def test_feed_reads_replies_on_every_page_of_threads(story, client):
    now = timezone.now()
    first = ReaderCommentFactory(page=story, created_at=now - datetime.timedelta(days=2))
    for minutes in range(55):
        ReaderCommentFactory(
            page=story, created_at=now - datetime.timedelta(days=1, minutes=-minutes)
        )
    late = ReaderCommentFactory(parent=first, created_at=now)
    _, root = feed(client, story.pk)
    entries = list(root.iter(f"{ATOM}entry"))
    assert len(entries) == 50
    assert entries[0].find(f"{ATOM}link").get("href").endswith(f"#comment-{late.pk}")


def test_feed_for_a_page_without_comments_is_404(site_pages, client):
    for page in (site_pages["pledge"], site_pages["home"]):
        assert client.get(f"/feeds/comments/{page.pk}/").status_code == 404
    assert client.get("/feeds/comments/999999/").status_code == 404


def test_feed_of_an_unpublished_story_is_404(story, client):
    ReaderCommentFactory(page=story)
    story.unpublish()
    assert client.get(f"/feeds/comments/{story.pk}/").status_code == 404
