"""readerComments: approved only, threaded, paginated by top-level comment, placeholders kept."""

import pytest

from comments.models import ReaderComment
from comments.status import change_status
from tests.comments.helpers import SETTINGS, all_ids, thread
from tests.factories import ReaderCommentFactory, StoryPageFactory

pytestmark = pytest.mark.django_db
Status = ReaderComment.Status

HIDDEN_MARKER = "zqxunapprovedmarker"


@pytest.fixture
def conversation(story):
    """Approved threads with pending, spam and rejected comments mixed in."""
    first = ReaderCommentFactory(page=story, body="First")
    reply = ReaderCommentFactory(parent=first, body="Reply")
    ReaderCommentFactory(parent=reply, body="Reply to reply")
    second = ReaderCommentFactory(page=story, body="Second")
    hidden = [
        ReaderCommentFactory(page=story, pending=True, body=f"pending {HIDDEN_MARKER}"),
        ReaderCommentFactory(page=story, spam=True, body=f"spam {HIDDEN_MARKER}"),
        ReaderCommentFactory(page=story, rejected=True, body=f"rejected {HIDDEN_MARKER}"),
        ReaderCommentFactory(parent=first, pending=True, body=f"pending reply {HIDDEN_MARKER}"),
        ReaderCommentFactory(parent=second, spam=True, body=f"spam reply {HIDDEN_MARKER}"),
    ]
    return {"first": first, "reply": reply, "second": second, "hidden": hidden}


def test_only_approved_comments_oldest_first_with_replies_nested(story, gql, conversation):
    result = thread(gql, story)
    assert HIDDEN_MARKER not in str(result)
    items = result["items"]
    assert [item["bodyHtml"] for item in items] == ["<p>First</p>", "<p>Second</p>"]
    reply = items[0]["replies"][0]
    assert (reply["bodyHtml"], reply["depth"], reply["parentId"]) == (
        "<p>Reply</p>",
        2,
        str(conversation["first"].pk),
    )
    assert reply["replies"][0]["bodyHtml"] == "<p>Reply to reply</p>"
    assert reply["replies"][0]["replies"] == []
    assert result["totalCount"] == 4
    assert result["pagination"]["total"] == 2


@pytest.mark.parametrize("status", [Status.PENDING, Status.SPAM, Status.REJECTED])
def test_a_comment_sent_back_hides_its_replies_too(story, gql, conversation, moderator, status):
    change_status(conversation["first"], status, "moderator", actor=moderator)
    ids = all_ids(thread(gql, story)["items"])
    assert ids == [str(conversation["second"].pk)]


def test_a_deleted_comment_with_replies_stays_as_a_placeholder(story, gql, conversation):
    change_status(conversation["first"], Status.DELETED, "author_deleted")
    first = thread(gql, story)["items"][0]
    assert first["deleted"] is True
    assert (first["name"], first["website"]) == ("", None)
    assert first["bodyHtml"] == "<p>This comment was deleted.</p>"
    assert "First" not in first["bodyHtml"]
    assert first["replies"][0]["bodyHtml"] == "<p>Reply</p>"


def test_a_deleted_comment_without_visible_replies_disappears(story, gql, conversation):
    change_status(conversation["second"], Status.DELETED, "author_deleted")
    assert [item["id"] for item in thread(gql, story)["items"]] == [str(conversation["first"].pk)]


def test_a_deleted_chain_keeps_a_deep_reply_in_place(story, gql, conversation):
    change_status(conversation["first"], Status.DELETED, "author_deleted")
    change_status(conversation["reply"], Status.DELETED, "author_deleted")
    first = thread(gql, story)["items"][0]
    assert first["deleted"] and first["replies"][0]["deleted"]
    assert first["replies"][0]["replies"][0]["bodyHtml"] == "<p>Reply to reply</p>"


def test_pages_of_threads_keep_their_replies(story, gql):
    tops = [ReaderCommentFactory(page=story, body=f"Top {n}") for n in range(5)]
    for top in tops:
        ReaderCommentFactory(parent=top, body=f"Reply to {top.body}")
    pages = [thread(gql, story, pageNumber=n, perPage=2) for n in (1, 2, 3, 4)]
    assert [len(page["items"]) for page in pages] == [2, 2, 1, 0]
    assert pages[1]["items"][0]["replies"][0]["bodyHtml"] == "<p>Reply to Top 2</p>"
    assert pages[0]["pagination"] == {
        "total": 5,
        "count": 2,
        "perPage": 2,
        "currentPage": 1,
        "totalPages": 3,
        "nextPage": 2,
        "prevPage": None,
    }
    assert pages[2]["pagination"]["nextPage"] is None
    assert all(page["totalCount"] == 10 for page in pages)


def test_per_page_is_capped_at_fifty(story, gql):
    for n in range(55):
        ReaderCommentFactory(page=story, body=f"Comment {n}")
    result = thread(gql, story, perPage=500)
    assert len(result["items"]) == 50
    assert result["pagination"]["perPage"] == 50
    assert result["pagination"]["totalPages"] == 2


def test_comments_of_other_pages_and_private_pages_are_not_shown(site_tree, story, gql):
    other = StoryPageFactory(parent=site_tree["stories"])
    ReaderCommentFactory(page=other, body="Elsewhere")
    draft = StoryPageFactory(parent=site_tree["stories"], live=False)
    ReaderCommentFactory(page=draft, body=f"On a draft {HIDDEN_MARKER}")
    assert thread(gql, story)["items"] == []
    hidden = thread(gql, draft)
    assert hidden["items"] == [] and hidden["totalCount"] == 0
    assert thread(gql, "nonsense")["items"] == []


def test_closed_pages_still_show_their_comments(story, gql, conversation):
    story.comments_open = False
    story.comments_closed_reason = "This conversation has ended."
    story.save_revision().publish()
    assert len(thread(gql, story)["items"]) == 2
    settings = gql(SETTINGS, {"page": str(story.pk)})["data"]["readerCommentSettings"]
    assert settings["open"] is False
    assert settings["closedReason"] == "page"
    assert settings["closedMessage"] == "This conversation has ended."
    assert settings["formToken"] is None
    assert settings["commentCount"] == 4


def test_settings_of_an_open_page(story, gql, conversation):
    from comments.models import CommentSettings

    site_settings = CommentSettings.for_site(story.get_site())
    site_settings.policy = "<p>Be <b>kind</b>.</p>"
    site_settings.save()
    settings = gql(SETTINGS, {"page": str(story.pk)})["data"]["readerCommentSettings"]
    assert settings["open"] is True
    assert settings["closedReason"] is None and settings["closedMessage"] is None
    assert settings["formToken"]
    assert settings["policy"] == "<p>Be <b>kind</b>.</p>"
    assert (settings["maxLength"], settings["maxDepth"]) == (5000, 3)
    assert settings["challengeRequired"] is False and settings["challenge"] is None
    assert settings["commentCount"] == 4


def test_settings_of_an_unknown_page(gql, site_tree):
    settings = gql(SETTINGS, {"page": "999999"})["data"]["readerCommentSettings"]
    assert (settings["open"], settings["closedReason"], settings["formToken"]) == (
        False,
        "not_found",
        None,
    )


def test_comment_count_on_stories_counts_approved_only(story, gql, conversation):
    result = gql("{ stories { items { commentCount } } }")
    assert result["data"]["stories"]["items"] == [{"commentCount": 4}]
    detail = gql(
        "query($id: ID) { page(id: $id) { ... on StoryPage { commentCount } } }",
        {"id": str(story.pk)},
    )
    assert detail["data"]["page"]["commentCount"] == 4


def test_comment_count_on_case_studies(case_study, gql):
    ReaderCommentFactory(page=case_study)
    ReaderCommentFactory(page=case_study, pending=True)
    result = gql("{ caseStudies { items { commentCount } } }")
    assert result["data"]["caseStudies"]["items"] == [{"commentCount": 1}]
