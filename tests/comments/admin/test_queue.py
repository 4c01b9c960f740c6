"""The moderation queue: one listing across pages, filters, search, the inspect page,
and the pending count on the menu and the dashboard."""

import datetime

from django.urls import reverse
from django.utils import timezone

import pytest

from comments import status
from comments.models import ReaderComment
from tests.comments.admin.helpers import QUEUE
from tests.factories import CommentReportFactory, ReaderCommentFactory, StoryPageFactory

pytestmark = pytest.mark.django_db

Status = ReaderComment.Status
Reason = ReaderComment.Reason
DAY = datetime.timedelta(days=1)


def listed(response):
    """Comment ids in the listing, in order (from the bulk-action checkboxes)."""
    assert response.status_code == 200
    return [item.pk for item in response.context["object_list"]]


@pytest.fixture
def other_story(site_tree):
    return StoryPageFactory(parent=site_tree["stories"], title="Another story")


def test_the_queue_opens_on_pending_comments_from_every_page_oldest_first(
    moderator_client, story, other_story
):
    now = timezone.now()
    newer = ReaderCommentFactory(page=story, pending=True, created_at=now - DAY)
    older = ReaderCommentFactory(page=other_story, pending=True, created_at=now - 3 * DAY)
    ReaderCommentFactory(page=story)  # approved
    ReaderCommentFactory(page=story, spam=True)

    assert listed(moderator_client.get(QUEUE)) == [older.pk, newer.pk]


def test_any_status_shows_every_comment(moderator_client, story):
    comments = [
        ReaderCommentFactory(page=story, pending=True),
        ReaderCommentFactory(page=story),
        ReaderCommentFactory(page=story, spam=True),
        ReaderCommentFactory(page=story, rejected=True),
    ]

    assert listed(moderator_client.get(QUEUE, {"status": ""})) == [c.pk for c in comments]


@pytest.mark.parametrize(
    "params, expected",
    [
        ({"status": "spam"}, ["spam"]),
        ({"status": "", "status_reason": "links"}, ["links"]),
        ({"status": "", "reported": "true"}, ["reported"]),
        ({"status": "", "page": "other"}, ["other page"]),
        ({"status": "", "created_from": "OLD", "created_to": "OLD"}, ["old"]),
        ({"status": "", "q": "kingfisher"}, ["by body"]),
        ({"status": "", "q": "Gwenllian"}, ["by name"]),
        ({"status": "", "q": "birds.example"}, ["by website"]),
        ({"status": "", "q": "owl@example.net"}, ["by email"]),
    ],
)
def test_filters_and_search(moderator_client, story, other_story, params, expected):
    old = timezone.now() - 40 * DAY
    made = {
        "spam": ReaderCommentFactory(page=story, spam=True),
        "links": ReaderCommentFactory(page=story, pending=True, status_reason=Reason.LINKS),
        "reported": ReaderCommentFactory(page=story, report_count=2),
        "other page": ReaderCommentFactory(page=other_story),
        "old": ReaderCommentFactory(page=story, created_at=old),
        "by body": ReaderCommentFactory(page=story, body="A kingfisher on the canal."),
        "by name": ReaderCommentFactory(page=story, name="Gwenllian ap Rhys"),
        "by website": ReaderCommentFactory(page=story, website="https://birds.example/"),
        "by email": ReaderCommentFactory(page=story, email="owl@example.net"),
    }
    params = {
        key: {"other": other_story.pk, "OLD": timezone.localdate(old).isoformat()}.get(value, value)
        for key, value in params.items()
    }

    assert listed(moderator_client.get(QUEUE, params)) == [made[name].pk for name in expected]


def test_the_listing_shows_no_email_or_ip_hash(moderator_client, story):
    comment = ReaderCommentFactory(
        page=story, pending=True, email="private@example.net", ip_hash="ab12cd34" + "e" * 24
    )

    html = moderator_client.get(QUEUE).content.decode()

    assert comment.name in html
    assert "private@example.net" not in html
    assert "ab12cd34" not in html


def test_inspect_shows_the_rendered_body_reasons_history_reports_and_commenter(
    moderator_client, moderator, story, other_story
):
    comment = ReaderCommentFactory(
        page=story,
        pending=True,
        name="Ada",
        email="Ada.Lovelace+news@gmail.com",
        body="First line <script>alert(1)</script>\n\nSee https://example.org/x",
        ip_hash="ab12cd34" + "0" * 24,
        ip_prefix_hash="ef56ab78" + "0" * 24,
    )
    status.change_status(comment, Status.APPROVED, Reason.MODERATOR, actor=moderator, note="ok")
    status.change_status(comment, Status.PENDING, Reason.REPORTS)
    CommentReportFactory(comment=comment, reason="abuse", detail="Rude to a neighbour")
    # Her other comments: same canonical email on another page, and one from her address.
    ReaderCommentFactory(page=other_story, email="adalovelace@gmail.com", spam=True)
    ReaderCommentFactory(page=story, email="someone@example.org", ip_hash=comment.ip_hash)

    html = moderator_client.get(reverse("reader_comments:inspect", args=[comment.pk])).content
    html = html.decode()

    assert "<p>First line &lt;script&gt;alert(1)&lt;/script&gt;</p>" in html
    assert '<a href="https://example.org/x" rel="nofollow ugc noopener">' in html
    assert "<script>alert(1)" not in html
    assert "Reported by readers" in html  # the pipeline's reason for the current status
    assert "Mo Derator" in html and "Automatic" in html  # who changed the status
    assert "Rude to a neighbour" in html
    assert "Ada.Lovelace+news@gmail.com" in html  # moderators may see the email
    assert "Same email (adalovelace@gmail.com): 2 comments" in html
    assert "Same IP address (hash ab12cd34…): 2 comments" in html
    assert "Same network (hash ef56ab78…): 1 comment" in html
    assert "ab12cd34" + "0" * 24 not in html  # hashes only ever as prefixes
    assert "ef56ab78" + "0" * 24 not in html


def test_inspect_offers_only_the_decisions_that_apply(moderator_client, story):
    approved = ReaderCommentFactory(page=story)
    erased = ReaderCommentFactory(
        page=story, status=Status.DELETED, status_reason=Reason.AUTHOR_DELETED
    )

    def buttons(comment):
        html = moderator_client.get(reverse("reader_comments:inspect", args=[comment.pk]))
        html = html.content.decode()
        return {
            action
            for action in ("approve", "reject", "spam", "delete", "restore", "ban")
            if f"/readercomment/{action}/?id={comment.pk}" in html
        }

    assert buttons(approved) == {"reject", "spam", "delete", "ban"}
    assert buttons(erased) == {"ban"}


def test_dashboard_panel_and_menu_show_the_pending_count(moderator_client, story):
    ReaderCommentFactory(page=story, pending=True)
    ReaderCommentFactory(page=story, pending=True)
    ReaderCommentFactory(page=story)

    html = moderator_client.get(reverse("wagtailadmin_home")).content.decode()

    assert "2 comments waiting for moderation" in html
    assert '"Moderation queue (2)"' in html
    assert '"Comments (2)"' in html


def test_the_pending_count_is_refreshed_when_a_status_changes(
    moderator_client, moderator, story, django_capture_on_commit_callbacks
):
    first = ReaderCommentFactory(page=story, pending=True)
    ReaderCommentFactory(page=story, pending=True)
    assert (
        "2 comments waiting" in moderator_client.get(reverse("wagtailadmin_home")).content.decode()
    )

    with django_capture_on_commit_callbacks(execute=True):
        status.change_status(first, Status.APPROVED, Reason.MODERATOR, actor=moderator)

    html = moderator_client.get(reverse("wagtailadmin_home")).content.decode()
    assert "1 comment waiting for moderation" in html
