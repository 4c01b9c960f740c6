"""Moderators' decisions, one at a time and in bulk: each changes exactly the chosen
comments, writes a status history row with the moderator, and appears in Wagtail's log."""

import datetime

from django.urls import reverse
from django.utils import timezone

from wagtail.models import ModelLogEntry, Site

import pytest

from comments import moderation
from comments.models import BlockRule, CommentSettings, CommentStatusChange, ReaderComment
from tests.comments.admin.helpers import QUEUE, bulk_url
from tests.factories import CommentReportFactory, ReaderCommentFactory

pytestmark = pytest.mark.django_db

Status = ReaderComment.Status
Reason = ReaderComment.Reason


def statuses(*comments):
    return [ReaderComment.objects.get(pk=comment.pk).status for comment in comments]


@pytest.mark.parametrize(
    "action, start, end",
    [
        ("approve", "pending", Status.APPROVED),
        ("reject", "pending", Status.REJECTED),
        ("spam", "pending", Status.SPAM),
        ("delete", "approved", Status.DELETED),
        ("restore", "spam", Status.PENDING),
    ],
)
def test_a_bulk_action_changes_exactly_the_selected_comments(
    moderator_client, moderator, story, action, start, end
):
    traits = {"pending": {"pending": True}, "spam": {"spam": True}, "approved": {}}[start]
    first, second, untouched = (ReaderCommentFactory(page=story, **traits) for _ in range(3))

    confirm = moderator_client.get(bulk_url(action, first.pk, second.pk, next=QUEUE))
    assert confirm.status_code == 200
    listed = confirm.content.decode()
    assert f">Comment {first.pk}</a>" in listed and f">Comment {second.pk}</a>" in listed
    assert f"Comment {untouched.pk}<" not in listed
    assert statuses(first, second, untouched)[0] != end  # nothing happens before the POST

    response = moderator_client.post(
        bulk_url(action, first.pk, second.pk, next=QUEUE), {"note": "Checked by hand"}
    )

    assert response.status_code == 302 and response.url == QUEUE
    assert statuses(first, second) == [end, end]
    assert statuses(untouched)[0] != end
    changes = CommentStatusChange.objects.order_by("comment_id")
    assert [(c.comment_id, c.to_status, c.reason, c.actor, c.note) for c in changes] == [
        (first.pk, end, Reason.MODERATOR, moderator, "Checked by hand"),
        (second.pk, end, Reason.MODERATOR, moderator, "Checked by hand"),
    ]
    entries = ModelLogEntry.objects.filter(action=f"comments.{action}").order_by("object_id")
    assert [(e.object_id, e.user, e.label) for e in entries] == [
        (str(first.pk), moderator, f"Comment {first.pk}"),
        (str(second.pk), moderator, f"Comment {second.pk}"),
    ]
    assert len({entry.uuid for entry in entries}) == 1  # one decision, one batch


def test_all_in_listing_acts_only_on_what_the_filters_and_search_show(moderator_client, story):
    spammy = [
        ReaderCommentFactory(page=story, pending=True, body="Cheap pills here") for _ in range(2)
    ]
    honest = ReaderCommentFactory(page=story, pending=True, body="Lovely story")
    approved_spam = ReaderCommentFactory(page=story, body="Cheap pills again")

    moderator_client.post(bulk_url("spam", "all", q="pills"), {"note": ""})

    assert statuses(*spammy) == [Status.SPAM, Status.SPAM]
    assert statuses(honest, approved_spam) == [Status.PENDING, Status.APPROVED]


def test_comments_the_action_cannot_change_are_listed_and_left_alone(moderator_client, story):
    by_author = ReaderCommentFactory(
        page=story, status=Status.DELETED, status_reason=Reason.AUTHOR_DELETED
    )
    by_moderator = ReaderCommentFactory(
        page=story, status=Status.DELETED, status_reason=Reason.MODERATOR
    )
    url = bulk_url("restore", by_author.pk, by_moderator.pk)

    confirm = moderator_client.get(url).content.decode()
    assert "deleted or erased by their author" in confirm
    assert f"<li>Comment {by_author.pk} by {by_author.name} (deleted)</li>" in confirm
    moderator_client.post(url, {"note": ""})

    assert statuses(by_author, by_moderator) == [Status.DELETED, Status.PENDING]


def test_a_single_decision_from_the_inspect_page_returns_there(moderator_client, story):
    comment = ReaderCommentFactory(page=story, pending=True)
    here = reverse("reader_comments:inspect", args=[comment.pk])

    response = moderator_client.post(bulk_url("approve", comment.pk, next=here), {"note": "Fine"})

    assert response.url == here
    history = moderator_client.get(reverse("reader_comments:history", args=[comment.pk]))
    assert "Approved the comment: Fine" in history.content.decode()


def test_a_decision_resolves_open_reports(moderator, story):
    comment = ReaderCommentFactory(page=story, pending=True, status_reason=Reason.REPORTS)
    report = CommentReportFactory(comment=comment)

    moderation.moderate([comment], "approve", actor=moderator)

    report.refresh_from_db()
    assert report.resolved_at is not None


def test_moderate_refuses_an_unknown_action(moderator, story):
    with pytest.raises(ValueError):
        moderation.moderate([ReaderCommentFactory(page=story)], "publish", actor=moderator)


# --- Bans -----------------------------------------------------------------------------------


def test_ban_by_email_for_the_settings_days_and_mark_as_spam(moderator_client, moderator, story):
    settings = CommentSettings.for_site(Site.objects.get(is_default_site=True))
    settings.ban_days = 7
    settings.save()
    comment = ReaderCommentFactory(page=story, pending=True, email="Troll+x@gmail.com")
    url = bulk_url("ban", comment.pk)

    form = moderator_client.get(url).context["form"]
    assert form.initial["days"] == 7  # the default comes from the comment settings
    before = timezone.now()
    moderator_client.post(url, {"kind": "email", "days": "7", "note": "Abuse", "mark_spam": "on"})

    rule = BlockRule.objects.get()
    assert (rule.kind, rule.value, rule.action, rule.created_by) == (
        "email",
        "troll@gmail.com",
        BlockRule.Action.REJECT,
        moderator,
    )
    assert before + datetime.timedelta(days=7) <= rule.expires_at
    assert rule.expires_at <= timezone.now() + datetime.timedelta(days=7)
    assert rule.note == "Abuse"
    assert statuses(comment) == [Status.SPAM]
    assert ModelLogEntry.objects.filter(action="comments.ban", object_id=str(comment.pk)).exists()
    assert ModelLogEntry.objects.filter(action="wagtail.create", object_id=str(rule.pk)).exists()


def test_ban_by_ip_range_without_end_keeps_the_status(moderator_client, story):
    comments = [
        ReaderCommentFactory(page=story, pending=True, ip_prefix_hash="c" * 32) for _ in range(2)
    ]

    moderator_client.post(
        bulk_url("ban", *(c.pk for c in comments)), {"kind": "ip_prefix", "days": "", "note": ""}
    )

    rule = BlockRule.objects.get()  # one rule for the shared network
    assert (rule.kind, rule.value, rule.expires_at) == ("ip_prefix", "c" * 32, None)
    assert statuses(*comments) == [Status.PENDING, Status.PENDING]


def test_banning_again_extends_the_rule_and_never_shortens_it(moderator, story):
    comment = ReaderCommentFactory(page=story, email="again@example.org")

    first = moderation.ban(comment, actor=moderator, kind="email", days=3)
    longer = moderation.ban(comment, actor=moderator, kind="email", days=30)
    assert longer.pk == first.pk
    kept = moderation.ban(comment, actor=moderator, kind="email", days=1)
    forever = moderation.ban(comment, actor=moderator, kind="email", days=None)

    assert kept.expires_at == longer.expires_at
    assert forever.expires_at is None
    assert BlockRule.objects.count() == 1


def test_ban_refuses_a_comment_without_the_value(moderator, story):
    comment = ReaderCommentFactory(page=story, ip_prefix_hash="")

    with pytest.raises(ValueError, match="IP range"):
        moderation.ban(comment, actor=moderator, kind="ip_prefix")
    assert not BlockRule.objects.exists()


# --- Block rules snippet ----------------------------------------------------------------------


def test_a_moderator_adds_a_block_rule_which_records_who(moderator_client, moderator):
    response = moderator_client.post(
        reverse("wagtailsnippets_comments_blockrule:add"),
        {"kind": "domain", "value": "@Spam.Example", "action": "hold", "note": "", "active": "on"},
    )

    assert response.status_code == 302
    rule = BlockRule.objects.get()
    assert (rule.value, rule.created_by) == ("spam.example", moderator)


def test_a_bad_ip_rule_gets_a_field_error(moderator_client):
    response = moderator_client.post(
        reverse("wagtailsnippets_comments_blockrule:add"),
        {"kind": "ip_prefix", "value": "not an address", "action": "reject", "active": "on"},
    )

    assert response.status_code == 200
    assert "value" in response.context["form"].errors
    assert not BlockRule.objects.exists()
