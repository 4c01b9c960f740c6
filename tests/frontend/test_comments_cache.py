"""Comments and the shared page cache: personal pages bypass it, approval purges it."""

from django.contrib.auth import get_user_model
from django.test import Client

import pytest

from comments.models import ReaderComment
from comments.status import change_status
from comments.tokens import author_token
from tests.factories import ReaderCommentFactory
from tests.frontend.comments_helpers import latest_comment, page_html, post

Status = ReaderComment.Status
Reason = ReaderComment.Reason


def assert_private(response):
    assert "X-Cache" not in response
    # Bare directives: "private=Foo" would let a shared cache keep all but the Foo header.
    directives = {part.strip() for part in response["Cache-Control"].split(",")}
    assert {"private", "no-store"} <= directives
    assert "public" not in response["Cache-Control"]


def test_public_story_pages_vary_on_cookies(story, client):
    response = client.get(story.url)
    assert response["X-Cache"] == "MISS"
    assert "Cookie" in response["Vary"]
    assert client.get(story.url)["X-Cache"] == "HIT"


def test_the_authors_page_bypasses_the_cache_and_is_never_stored(story, client):
    Client().get(story.url)  # a warm public copy
    post(client, story, body="Mine, pending")
    response = client.get(story.url)
    assert_private(response)
    assert "Mine, pending" in response.content.decode()
    # The personal copy never went into the cache: strangers still get the public one.
    stranger = Client().get(story.url)
    assert stranger["X-Cache"] == "HIT"
    assert "Mine, pending" not in stranger.content.decode()
    # ...and a stranger's first visit after the author's is not a stored personal copy.
    Client().get("/stories/")
    with_cookie = Client(HTTP_COOKIE=f"kil_comment={author_token(latest_comment())}")
    assert_private(with_cookie.get("/stories/"))
    assert "Mine, pending" not in Client().get(story.url).content.decode()


def test_every_page_bypasses_the_cache_for_a_cookie_holder(story, client):
    client.cookies["kil_comment"] = "anything"
    for url in ("/", "/stories/", story.url, f"/feeds/comments/{story.pk}/"):
        assert_private(client.get(url))


def test_a_signed_in_session_bypasses_the_cache(story, client):
    Client().get(story.url)
    user = get_user_model().objects.create_user("reader", "reader@example.org", "pw")
    client.force_login(user)
    assert_private(client.get(story.url))
    assert Client().get(story.url)["X-Cache"] == "HIT"


def test_an_anonymous_session_cookie_still_uses_the_cache(story, client):
    client.get(story.url)
    client.cookies["sessionid"] = "no-such-session"
    assert client.get(story.url)["X-Cache"] == "HIT"


@pytest.fixture
def warm(story, site_pages):
    """Cache the story, its feed, its index and the home page; returns a reader's client."""
    reader = Client()
    urls = [story.url, f"/feeds/comments/{story.pk}/", site_pages["stories"].url, "/"]
    for url in urls:
        reader.get(url)
    assert all(reader.get(url)["X-Cache"] == "HIT" for url in urls)
    return reader, urls


def test_approval_purges_the_story_its_feed_and_listings(story, warm, commit):
    reader, urls = warm
    comment = ReaderCommentFactory(page=story, pending=True, body="Now approved")
    with commit():
        change_status(comment, Status.APPROVED, Reason.MODERATOR)
    for url in urls:
        assert reader.get(url)["X-Cache"] == "MISS", url
    assert "Now approved" in page_html(reader, story.url)
    assert "Now approved" in reader.get(f"/feeds/comments/{story.pk}/").content.decode()
    assert "1 comment" in page_html(reader, "/stories/")


def test_unapproving_purges_too(story, warm, commit):
    reader, _urls = warm
    comment = ReaderCommentFactory(page=story, body="Soon hidden")
    reader.get(story.url)  # (the factory writes no history and purges nothing)
    with commit():
        change_status(comment, Status.PENDING, Reason.REPORTS)
    assert "Soon hidden" not in page_html(reader, story.url)


def test_changes_readers_cannot_see_leave_the_cache_alone(story, warm, commit):
    reader, urls = warm
    comment = ReaderCommentFactory(page=story, pending=True)
    with commit():
        change_status(comment, Status.SPAM, Reason.MODERATOR)
    assert all(reader.get(url)["X-Cache"] == "HIT" for url in urls)


def test_a_new_comment_published_at_once_purges(story, warm, commit):
    from comments.status import record_new_comment

    reader, _urls = warm
    comment = ReaderComment(
        page=story,
        name="Trusted",
        email="t@example.org",
        body="Straight in",
        status=Status.APPROVED,
        status_reason=Reason.PASSED,
    )
    with commit():
        record_new_comment(comment)
    assert "Straight in" in page_html(reader, story.url)


def test_an_edit_that_stays_published_purges(story, warm, commit):
    from comments.service import edit_comment

    reader, _urls = warm
    ReaderCommentFactory(page=story, email="trusted@example.org", email_verified=True)
    comment = ReaderCommentFactory(page=story, email="trusted@example.org", email_verified=True)
    reader.get(story.url)
    with commit():
        result = edit_comment(author_token(comment), "Words changed", None)
    assert result.ok and result.state == "PUBLISHED"
    assert "Words changed" in page_html(reader, story.url)
