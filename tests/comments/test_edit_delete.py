"""The author's window: see, edit and delete their comment through the token, then no more."""

import pytest

from comments.models import BlockRule, CommentEmail, ReaderComment
from comments.tokens import AUTHOR_SALT, author_token
from tests.comments.helpers import DELETE, EDIT, OWN, aged_token, approve, errors, thread
from tests.factories import BlockRuleFactory, ReaderCommentFactory

pytestmark = pytest.mark.django_db
Status = ReaderComment.Status


def edit(gql, token, body):
    return gql(EDIT, {"input": {"token": token, "body": body}})["data"]["editReaderComment"]


def delete(gql, token):
    return gql(DELETE, {"input": {"token": token}})["data"]["deleteReaderComment"]


def own(gql, token):
    return gql(OWN, {"token": token})["data"]["ownReaderComment"]


def test_the_author_sees_and_edits_their_pending_comment(story, gql, post):
    posted = post(story, body="Frist!")
    token = posted["authorToken"]
    assert own(gql, token)["bodyHtml"] == "<p>Frist!</p>"
    result = edit(gql, token, "First!\n\nhttps://example.org")
    assert result["errors"] == []
    assert result["comment"]["state"] == "PENDING_MODERATION"
    assert "First!" in result["comment"]["bodyHtml"]
    comment = ReaderComment.objects.get()
    assert (comment.body, comment.status) == ("First!\n\nhttps://example.org", Status.PENDING)
    assert comment.edited_at is not None


@pytest.mark.parametrize("action", ["own", "edit", "delete"])
def test_the_window_closes(story, gql, settings, action):
    comment = ReaderCommentFactory(page=story, pending=True, body="Original")
    seconds = settings.COMMENTS["AUTHOR_TOKEN_MAX_AGE"]
    inside = aged_token(comment.pk, AUTHOR_SALT, seconds - 30)
    outside = aged_token(comment.pk, AUTHOR_SALT, seconds + 1)
    if action == "own":
        assert own(gql, inside)["id"] == str(comment.pk)
        assert own(gql, outside) is None
    elif action == "edit":
        assert errors(edit(gql, outside, "Changed")) == [("token", "INVALID")]
        assert edit(gql, inside, "Changed")["errors"] == []
    else:
        assert errors(delete(gql, outside)) == [("token", "INVALID")]
        assert delete(gql, inside) == {"ok": True, "errors": []}
    comment.refresh_from_db()
    assert comment.status == (Status.DELETED if action == "delete" else Status.PENDING)


@pytest.mark.parametrize("token", ["", "nonsense", "MQ:1xYLP2:forged"])
def test_bad_tokens(story, gql, token):
    assert own(gql, token) is None
    assert errors(edit(gql, token, "x")) == [("token", "INVALID")]
    assert errors(delete(gql, token)) == [("token", "INVALID")]


def test_a_token_is_for_one_comment_only(story, gql):
    mine = ReaderCommentFactory(page=story, pending=True)
    theirs = ReaderCommentFactory(page=story, pending=True, body="Theirs")
    assert own(gql, author_token(mine))["id"] == str(mine.pk)
    edit(gql, author_token(mine), "Mine, edited")
    theirs.refresh_from_db()
    assert theirs.body == "Theirs"


@pytest.mark.parametrize(
    "body,expected",
    [
        ("", [("body", "REQUIRED")]),
        ("  \n ", [("body", "REQUIRED")]),
        ("x" * 5001, [("body", "TOO_LONG")]),
    ],
)
def test_edit_checks_the_text(story, gql, body, expected):
    comment = ReaderCommentFactory(page=story, pending=True, body="Original")
    assert errors(edit(gql, author_token(comment), body)) == expected
    comment.refresh_from_db()
    assert comment.body == "Original"


def _trusted_published(story):
    """An auto-published comment: its sender is verified and a moderator approved them before."""
    ReaderCommentFactory(page=story, email="trusted@example.org", email_verified=True)
    return ReaderCommentFactory(page=story, email="trusted@example.org", email_verified=True)


def test_a_trusted_commenter_edits_without_going_back_to_moderation(story, gql):
    comment = _trusted_published(story)
    result = edit(gql, author_token(comment), "Fixed a typo")
    assert result["comment"]["state"] == "PUBLISHED"
    assert thread(gql, story)["items"][1]["edited"] is True


def test_an_edit_after_a_moderators_approval_goes_back_to_moderation(story, gql, post, moderator):
    posted = post(story, body="Harmless")
    approve(ReaderComment.objects.get(), moderator)
    assert own(gql, posted["authorToken"])["state"] == "PUBLISHED"
    result = edit(gql, posted["authorToken"], "Something else entirely")
    assert result["comment"]["state"] == "PENDING_MODERATION"
    comment = ReaderComment.objects.get()
    assert (comment.status, comment.status_reason) == (Status.PENDING, "author_edited")
    assert thread(gql, story)["items"] == []


def test_an_edit_adding_links_is_held_for_links(story, gql):
    comment = _trusted_published(story)
    result = edit(gql, author_token(comment), "https://a.example https://b.example")
    assert result["comment"]["state"] == "PENDING_MODERATION"
    comment.refresh_from_db()
    assert comment.status_reason == "links"


def test_an_edit_matching_a_reject_rule_is_spam_but_looks_pending(story, gql):
    comment = _trusted_published(story)
    BlockRuleFactory(kind=BlockRule.Kind.KEYWORD, value="casino", action=BlockRule.Action.REJECT)
    result = edit(gql, author_token(comment), "Visit my casino")
    assert result["comment"]["state"] == "PENDING_MODERATION"
    comment.refresh_from_db()
    assert comment.status == Status.SPAM


def test_an_edit_leaves_spam_as_spam(story, gql):
    comment = ReaderCommentFactory(page=story, spam=True)
    assert (
        edit(gql, author_token(comment), "Now I'm nice")["comment"]["state"] == "PENDING_MODERATION"
    )
    comment.refresh_from_db()
    assert comment.status == Status.SPAM


def test_delete_keeps_the_thread(story, gql, post):
    parent = ReaderCommentFactory(page=story, body="Parent")
    ReaderCommentFactory(parent=parent, body="A reply")
    result = delete(gql, author_token(parent))
    assert result == {"ok": True, "errors": []}
    parent.refresh_from_db()
    assert (parent.status, parent.status_reason) == (Status.DELETED, "author_deleted")
    items = thread(gql, story)["items"]
    assert items[0]["deleted"] and items[0]["replies"][0]["bodyHtml"] == "<p>A reply</p>"
    assert own(gql, author_token(parent)) is None
    assert errors(delete(gql, author_token(parent))) == [("token", "INVALID")]


def test_delete_drops_emails_not_yet_sent(story, gql):
    comment = ReaderCommentFactory(page=story, pending=True, notify_replies=True)
    CommentEmail.objects.create(kind="notify_confirm", recipient=comment.email, comment=comment)
    delete(gql, author_token(comment))
    assert not CommentEmail.objects.filter(comment=comment).exists()
