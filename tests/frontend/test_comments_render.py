"""The comment section under a story, rendered from readerComments and readerCommentSettings."""

import datetime
import re

from django.core.cache import cache
from django.utils import timezone

import pytest

from comments.models import CommentSettings
from tests.factories import ReaderCommentFactory
from tests.frontend.comments_helpers import comment_ids, page_html, section


def minutes_ago(minutes):
    return timezone.now() - datetime.timedelta(minutes=minutes)


def test_approved_comments_oldest_first_with_replies_nested_three_deep(story, client):
    second = ReaderCommentFactory(page=story, created_at=minutes_ago(10), body="Second")
    first = ReaderCommentFactory(page=story, created_at=minutes_ago(20), body="First")
    reply = ReaderCommentFactory(parent=first, created_at=minutes_ago(5), body="A reply")
    deepest = ReaderCommentFactory(parent=reply, created_at=minutes_ago(4), body="Deepest")
    text = section(page_html(client, story.url))

    assert comment_ids(text) == [first.pk, reply.pk, deepest.pk, second.pk]
    # Each reply sits in a list inside its parent's item.
    nested = re.search(
        rf'id="comment-{first.pk}".*?<ol class="comments__list comments__list--replies"'
        rf'.*?id="comment-{reply.pk}".*?<ol class="comments__list comments__list--replies"'
        rf'.*?id="comment-{deepest.pk}".*?</li>\s*</ol>\s*</li>\s*</ol>\s*</li>.*?id="comment-{second.pk}"',
        text,
        re.S,
    )
    assert nested, text
    # Reply while the thread can go deeper; Report on every one.
    for comment in (first, reply, second):
        assert f'href="?reply={comment.pk}#respond"' in text
    assert f"reply={deepest.pk}" not in text
    for comment in (first, reply, deepest, second):
        assert f'href="/comments/report/{comment.pk}/"' in text


def test_a_comment_shows_its_author_date_and_paragraphs(story, client):
    linked = ReaderCommentFactory(
        page=story,
        name="Gwen Jones",
        website="https://gwen.example.org/",
        body="Diolch! Da iawn.\n\nSee https://example.org/report for more.",
    )
    plain = ReaderCommentFactory(page=story, name="سارا", website="")
    text = section(page_html(client, story.url))

    assert '<a href="https://gwen.example.org/" rel="nofollow ugc noopener">Gwen Jones</a>' in text
    assert ">سارا</span>" in text
    assert f'<time datetime="{linked.created_at.isoformat()}"' in text
    assert "<p>Diolch! Da iawn.</p>" in text
    assert '<a href="https://example.org/report" rel="nofollow ugc noopener">' in text
    assert plain.name in text


def test_no_email_ip_or_unapproved_comment_reaches_the_page(story, client):
    shown = ReaderCommentFactory(page=story, email="shown@example.org", body="Approved words")
    hidden = [
        ReaderCommentFactory(page=story, pending=True, body="Pending words"),
        ReaderCommentFactory(page=story, spam=True, body="Spam words"),
        ReaderCommentFactory(page=story, rejected=True, body="Rejected words"),
        ReaderCommentFactory(parent=shown, pending=True, body="Pending reply"),
    ]
    text = page_html(client, story.url)

    assert "Approved words" in text
    for comment in hidden:
        assert comment.body not in text
        assert f"comment-{comment.pk}" not in text
    for comment in [shown, *hidden]:
        assert comment.email not in text
        assert comment.ip_hash not in text
    assert "@example.org" not in text


def test_comment_count_at_the_top_of_the_story_and_on_its_card(story, site_pages, client):
    for _ in range(2):
        ReaderCommentFactory(parent=ReaderCommentFactory(page=story))
    ReaderCommentFactory(page=story, pending=True)
    text = page_html(client, story.url)
    assert '<a class="comment-count" href="#comments">4 comments</a>' in text
    assert '<h2 id="comments-heading">4 comments</h2>' in text
    listing = page_html(client, site_pages["stories"].url)
    assert '<span class="card__comments">4 comments</span>' in listing


def test_story_without_comments_invites_the_first(story, client):
    text = page_html(client, story.url)
    assert "No comments yet" in text
    assert 'class="comment-count"' in text  # "0 comments", linked to the form
    assert f'action="/comments/{story.pk}/#respond"' in text


def test_pagination_fifty_threads_a_page_keeps_replies(story, client):
    base = minutes_ago(200)
    threads = [
        ReaderCommentFactory(page=story, created_at=base + datetime.timedelta(minutes=i))
        for i in range(52)
    ]
    late_reply = ReaderCommentFactory(parent=threads[50], created_at=minutes_ago(1))
    early_reply = ReaderCommentFactory(parent=threads[0], created_at=minutes_ago(1))

    first = page_html(client, story.url)
    assert comment_ids(first)[:2] == [threads[0].pk, early_reply.pk]
    assert len(comment_ids(first)) == 51  # 50 threads and one reply
    assert 'href="?comments=2#comments"' in first
    assert "Page 1 of 2" in section(first)

    second = page_html(client, story.url, comments=2)
    assert comment_ids(second) == [threads[50].pk, late_reply.pk, threads[51].pk]
    assert 'href="?comments=1#comments"' in second
    # Reply links keep the reader on their comment page.
    assert f'href="?comments=2&amp;reply={threads[50].pk}#respond"' in second
    # The count covers every page.
    assert "54 comments" in second


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"comments_open": False}, "Comments are closed on this page."),
        (
            {
                "comments_open": False,
                "comments_closed_reason": "Closed while the case is in court.",
            },
            "Closed while the case is in court.",
        ),
    ],
)
def test_a_closed_thread_shows_its_comments_and_why(story, client, change, message):
    ReaderCommentFactory(page=story, body="Still here")
    for name, value in change.items():
        setattr(story, name, value)
    story.save_revision().publish()
    text = section(page_html(client, story.url))
    assert "Still here" in text
    assert message in text
    assert "<form" not in text
    assert "reply=" not in text  # no Reply on a closed thread; Report stays
    assert "/comments/report/" in text


def test_comments_close_after_the_days_set_for_the_site(story, site_tree, client):
    ReaderCommentFactory(page=story, body="Before closing")
    settings_row = CommentSettings.for_site(site_tree["site"])
    settings_row.close_after_days = 1
    settings_row.save()
    story.first_published_at = timezone.now() - datetime.timedelta(days=3)
    story.save(update_fields=["first_published_at"])
    text = section(page_html(client, story.url))
    assert "Before closing" in text
    assert "Comments close 1 day after publication." in text
    assert "<form" not in text


def test_case_studies_have_comments_only_when_the_site_allows(site_pages, site_tree, client):
    case_study = site_pages["case_study"]
    assert 'id="comments"' not in page_html(client, case_study.url)
    settings_row = CommentSettings.for_site(site_tree["site"])
    settings_row.comments_enabled_for_case_studies = True
    settings_row.save()
    cache.clear()  # site settings reach cached pages when they expire
    text = page_html(client, case_study.url)
    assert 'id="comments"' in text
    assert f'action="/comments/{case_study.pk}/#respond"' in text


def test_comments_closed_for_stories_still_show_existing_ones(story, site_tree, client):
    ReaderCommentFactory(page=story, body="From before")
    settings_row = CommentSettings.for_site(site_tree["site"])
    settings_row.comments_enabled_for_stories = False
    settings_row.save()
    text = section(page_html(client, story.url))
    assert "From before" in text
    assert "Comments are not open on stories." in text


def test_policy_privacy_link_and_feed_link(story, site_tree, client):
    settings_row = CommentSettings.for_site(site_tree["site"])
    settings_row.policy = "<p>Be <b>kind</b>.</p>"
    settings_row.save()
    text = page_html(client, story.url)
    assert "Be <b>kind</b>." in section(text)
    assert (
        f'<link rel="alternate" type="application/atom+xml" title="Comments on {story.title}" '
        f'href="/feeds/comments/{story.pk}/">' in text
    )
    assert "Your email is never shown" in section(text)


def test_the_form_has_its_labels_honeypot_and_token(story, client):
    text = section(page_html(client, story.url))
    for label in (
        "Name",
        "Email (never shown)",
        "Website (optional)",
        "Comment",
        "Email me about replies",
    ):
        assert f">{label}</label>" in text
    trap = re.search(r'<div class="trap" aria-hidden="true">(.*?)</div>', text, re.S).group(1)
    assert 'name="homepage"' in trap and 'tabindex="-1"' in trap and "<label" in trap
    assert re.search(r'name="form_token" value="[^"]+"', text)
    # Reply state comes from ?reply=, and only for a comment on this page.
    assert "data-reply-note hidden" in text


def test_reply_link_without_javascript_sets_the_parent(story, client):
    parent = ReaderCommentFactory(page=story, name="Nia")
    text = section(page_html(client, story.url, reply=parent.pk))
    assert "Reply to Nia" in text
    assert f'<input type="hidden" name="parent" value="{parent.pk}"' in text
    deepest = ReaderCommentFactory(parent=ReaderCommentFactory(parent=parent))
    too_deep = section(page_html(client, story.url, reply=deepest.pk))
    assert 'name="parent" id=' in too_deep  # no value: the thread can't go deeper
    assert "Leave a comment" in too_deep


def test_a_deleted_comment_with_replies_keeps_its_place(story, client):
    parent = ReaderCommentFactory(page=story, name="Gone Person", body="Words gone")
    parent.status = parent.Status.DELETED
    parent.save()
    reply = ReaderCommentFactory(parent=parent, body="Reply stays")
    text = section(page_html(client, story.url))
    assert comment_ids(text) == [parent.pk, reply.pk]
    assert "This comment was deleted." in text
    assert "Gone Person" not in text and "Words gone" not in text
    assert f"/comments/report/{parent.pk}/" not in text


def test_pages_without_comments_have_no_section(site_pages, client):
    for page in (site_pages["home"], site_pages["pledge"], site_pages["stories"]):
        assert 'id="comments"' not in page_html(client, page.url)
