"""Commenting without JavaScript: POST, 303 back to the comment, and the author's cookie."""

import re

from django.test import Client
from django.urls import reverse
from django.utils import timezone

import pytest

from comments.models import ReaderComment
from comments.tokens import author_token
from tests.factories import ReaderCommentFactory
from tests.frontend.comments_helpers import (
    comment_ids,
    field_error,
    latest_comment,
    page_html,
    post,
    section,
)

COOKIE = "kil_comment"


def test_posting_redirects_to_the_comment_and_sets_the_author_cookie(story, client, settings):
    response = post(client, story, body="Keep it local, please.")
    comment = latest_comment()
    assert response.status_code == 303
    assert response["Location"] == f"{story.url}#comment-{comment.pk}"
    cookie = response.cookies[COOKIE]
    assert cookie.value and cookie["httponly"] and cookie["samesite"] == "Lax"
    assert cookie["path"] == "/"
    assert int(cookie["max-age"]) == settings.COMMENTS["AUTHOR_TOKEN_MAX_AGE"]
    assert "no-cache" in response["Cache-Control"]
    assert comment.status == ReaderComment.Status.PENDING  # a first-time commenter

    text = section(page_html(client, story.url))
    assert comment_ids(text) == [comment.pk]
    assert "Awaiting moderation" in text
    assert "Keep it local, please." in text
    assert "ada@example.org" not in text  # not even to its author


def test_the_pending_comment_is_for_its_author_only(story, client):
    post(client, story, body="Only mine to see")
    assert "Only mine to see" in page_html(client, story.url)
    for stranger in (Client(), Client(HTTP_COOKIE=f"{COOKIE}=forged-token")):
        assert "Only mine to see" not in stranger.get(story.url).content.decode()


def test_the_author_cookie_does_not_show_the_comment_on_another_story(story, site_pages, client):
    post(client, story, body="Posted on the wish list")
    other = page_html(client, site_pages["news"].url)
    assert "Posted on the wish list" not in other


def test_a_pending_reply_sits_under_its_parent(story, client):
    parent = ReaderCommentFactory(page=story, name="Nia")
    later = ReaderCommentFactory(page=story)
    response = post(client, story, parent=str(parent.pk), body="Replying to Nia")
    reply = latest_comment()
    assert reply.parent == parent
    assert response["Location"].endswith(f"#comment-{reply.pk}")
    text = section(page_html(client, story.url))
    assert comment_ids(text) == [parent.pk, reply.pk, later.pk]


def test_a_pending_comment_whose_place_is_on_another_page_shows_at_the_top(story, client):
    for _ in range(51):
        ReaderCommentFactory(page=story)
    post(client, story, body="Number fifty-two")
    mine = latest_comment()
    first_page = section(page_html(client, story.url))
    assert "Your comment" in first_page
    assert comment_ids(first_page)[0] == mine.pk
    last_page = section(page_html(client, story.url, comments=2))
    assert comment_ids(last_page)[-1] == mine.pk
    assert last_page.count(f'id="comment-{mine.pk}"') == 1


def test_errors_show_beside_fields_and_in_the_summary_keeping_the_input(story, client):
    response = post(
        client, story, name="", email="not-an-email", body="  ", website="javascript:alert(1)"
    )
    assert response.status_code == 400
    text = response.content.decode()
    assert field_error(text, "name") == "Enter your name."
    assert field_error(text, "email")
    assert field_error(text, "body") == "Write your comment."
    assert field_error(text, "website")
    summary = re.search(r'<div class="error-summary".*?</div>', text, re.S).group(0)
    assert 'href="#id_name"' in summary and 'href="#id_body"' in summary
    assert 'value="not-an-email"' in text
    assert f'action="/comments/{story.pk}/#respond"' in text
    assert not ReaderComment.objects.exists()
    assert COOKIE not in response.cookies


def test_too_long_text_is_refused_with_its_limit(story, client, settings):
    response = post(client, story, body="x" * (settings.COMMENTS["MAX_LENGTH"] + 1))
    assert response.status_code == 400
    assert "at most 5000 characters" in field_error(response.content.decode(), "body")


def test_errors_without_a_field_go_in_the_summary(story, client):
    post(client, story, body="Same words twice")
    second = post(client, story, body="Same words twice")
    assert second.status_code == 400
    summary = re.search(r'<div class="error-summary".*?</div>', second.content.decode(), re.S)
    assert summary and "<li>" in summary.group(0)


def test_the_honeypot_is_answered_like_anyone_else_and_stores_nothing(story, client):
    response = post(client, story, homepage="https://spam.example/")
    assert response.status_code == 303
    assert response["Location"] == f"{story.url}#comments"
    assert COOKIE not in response.cookies
    assert not ReaderComment.objects.exists()


def test_posting_to_a_closed_thread_is_refused_and_says_why(story, client):
    url = reverse("comments:post", args=[story.pk])
    data = {"page": story.pk, "name": "A", "email": "a@example.org", "body": "Late"}
    story.comments_open = False
    story.save_revision().publish()
    response = client.post(url, data)
    assert response.status_code == 400
    assert "closed" in response.content.decode().lower()
    assert not ReaderComment.objects.exists()


@pytest.mark.parametrize("page_id", [999999, "abc"])
def test_posting_to_no_page_is_404(client, site_pages, page_id):
    url = f"/comments/{page_id}/"
    assert client.post(url, {"body": "x"}).status_code == 404


def test_replies_to_pending_comments_are_refused(story, client):
    pending = ReaderCommentFactory(page=story, pending=True)
    response = post(client, story, parent=str(pending.pk))
    assert response.status_code == 400
    assert ReaderComment.objects.count() == 1


def test_get_is_not_allowed(story, client):
    assert client.get(reverse("comments:post", args=[story.pk])).status_code == 405


# Editing and deleting through the cookie, within the window.


def test_author_sees_edit_and_delete_and_can_edit(story, client):
    post(client, story, body="First words")
    comment = latest_comment()
    text = section(page_html(client, story.url))
    assert f'action="/comments/edit/#comment-{comment.pk}"' in text
    assert 'action="/comments/delete/"' in text
    assert ">First words</textarea>" in text
    assert "You can edit or delete your comment until" in text

    response = client.post(reverse("comments:edit"), {"body": "Better words"})
    assert response.status_code == 303
    assert response["Location"] == f"{story.url}#comment-{comment.pk}"
    comment.refresh_from_db()
    assert comment.body == "Better words" and comment.edited_at is not None
    assert "Better words" in section(page_html(client, story.url))


def test_a_bad_edit_shows_the_error_in_the_open_edit_form(story, client, settings):
    post(client, story, body="First words")
    response = client.post(reverse("comments:edit"), {"body": "   "})
    assert response.status_code == 400
    text = section(response.content.decode())
    assert '<details class="comment__edit" open>' in text
    assert "Write your comment." in text
    too_long = "Second words " + "x" * settings.COMMENTS["MAX_LENGTH"]
    text = section(client.post(reverse("comments:edit"), {"body": too_long}).content.decode())
    assert f">{too_long}</textarea>" in text  # what they typed, not the stored words
    assert latest_comment().body == "First words"


def test_delete_removes_the_comment_and_the_cookie(story, client):
    post(client, story, body="Regret this")
    comment = latest_comment()
    response = client.post(reverse("comments:delete"))
    assert response.status_code == 303
    assert response["Location"] == f"{story.url}#comments"
    assert response.cookies[COOKIE].value == ""
    comment.refresh_from_db()
    assert comment.status == ReaderComment.Status.DELETED
    assert "Regret this" not in page_html(client, story.url)


def test_after_the_window_edit_and_delete_are_gone(story, client, settings):
    comment = ReaderCommentFactory(page=story, pending=True, body="Old words")
    stale = author_token(comment)
    client.cookies[COOKIE] = stale
    settings.COMMENTS = {**settings.COMMENTS, "AUTHOR_TOKEN_MAX_AGE": 0}
    import time

    time.sleep(1)  # signing timestamps have whole seconds: let the token age past 0
    assert "Old words" not in page_html(client, story.url)
    for name in ("comments:edit", "comments:delete"):
        response = client.post(reverse(name), {"body": "New"})
        assert response.status_code == 410
        assert "can no longer change this comment" in response.content.decode()
    comment.refresh_from_db()
    assert comment.body == "Old words" and comment.status == ReaderComment.Status.PENDING


def test_edit_and_delete_need_the_pages_csrf_token(story):
    client = Client(enforce_csrf_checks=True)
    post(client, story, body="Mine")
    assert client.post(reverse("comments:delete")).status_code == 403
    text = page_html(client, story.url)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', text).group(1)
    assert (
        client.post(reverse("comments:delete"), {"csrfmiddlewaretoken": token}).status_code == 303
    )


def test_an_approved_comment_of_the_author_gets_its_controls_in_place(story, client):
    comment = ReaderCommentFactory(page=story, body="Approved already", created_at=timezone.now())
    client.cookies[COOKIE] = author_token(comment)
    text = section(page_html(client, story.url))
    assert comment_ids(text) == [comment.pk]
    assert "Awaiting moderation" not in text
    assert f'data-comment-edit="{comment.pk}"' in text
