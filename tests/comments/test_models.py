"""The comment record: threading depth, derived fields and the querysets."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError

import pytest

from comments.models import CommentReport, ReaderComment
from pledges.identity import hash_ip, hash_ip_prefix, ip_prefix
from tests.factories import CommentReportFactory, ReaderCommentFactory, StoryPageFactory

pytestmark = pytest.mark.django_db


def test_depth_follows_the_thread(story):
    top = ReaderCommentFactory(page=story)
    reply = ReaderCommentFactory(parent=top)
    reply_to_reply = ReaderCommentFactory(parent=reply)
    assert [top.depth, reply.depth, reply_to_reply.depth] == [1, 2, 3]
    assert reply.page_id == story.pk
    assert list(top.replies.all()) == [reply]


def test_a_fourth_level_is_refused_and_not_stored(story):
    third = ReaderCommentFactory(
        parent=ReaderCommentFactory(parent=ReaderCommentFactory(page=story))
    )
    with pytest.raises(ValidationError) as error:
        ReaderCommentFactory(parent=third)
    assert error.value.code == "max_depth"
    assert ReaderComment.objects.count() == 3


def test_max_depth_comes_from_settings(story, settings):
    settings.COMMENTS = {**settings.COMMENTS, "MAX_DEPTH": 1}
    top = ReaderCommentFactory(page=story)
    with pytest.raises(ValidationError):
        ReaderCommentFactory(parent=top)


def test_a_reply_must_be_on_its_parents_page(story, site_tree):
    other = StoryPageFactory(parent=site_tree["stories"])
    top = ReaderCommentFactory(page=story)
    with pytest.raises(ValidationError) as error:
        ReaderCommentFactory(page=other, parent=top)
    assert error.value.code == "parent_other_page"


def test_canonical_email_is_derived_on_save(story):
    comment = ReaderCommentFactory(page=story, email="Jo.Bloggs+local@GoogleMail.com")
    assert comment.email_canonical == "jobloggs@gmail.com"
    comment.email = ""
    comment.save()
    assert comment.email_canonical == ""


def test_text_in_any_script_is_kept_intact(story):
    body = "Diolch yn fawr! شکریہ 🙌 עברית"
    comment = ReaderCommentFactory(page=story, name="Siân ✨", body=body)
    comment.refresh_from_db()
    assert (comment.name, comment.body) == ("Siân ✨", body)


def test_querysets_filter_by_status_and_page(story, site_tree):
    other = StoryPageFactory(parent=site_tree["stories"])
    first = ReaderCommentFactory(page=story)
    pending = ReaderCommentFactory(page=story, pending=True)
    ReaderCommentFactory(page=story, spam=True)
    reply = ReaderCommentFactory(parent=first)
    elsewhere = ReaderCommentFactory(page=other)

    assert list(ReaderComment.objects.for_page(story).approved()) == [first, reply]
    assert list(ReaderComment.objects.for_page(story.pk).pending()) == [pending]
    assert list(ReaderComment.objects.for_page(story).approved().top_level()) == [first]
    assert list(ReaderComment.objects.approved().for_page(other)) == [elsewhere]


def test_page_deletion_takes_its_comments(story):
    ReaderCommentFactory(parent=ReaderCommentFactory(page=story))
    story.delete()
    assert ReaderComment.objects.count() == 0


def test_one_report_per_comment_per_ip_hash(story):
    comment = ReaderCommentFactory(page=story)
    CommentReportFactory(comment=comment, reporter_ip_hash="a" * 32)
    CommentReportFactory(comment=comment, reporter_ip_hash=None)
    CommentReportFactory(comment=comment, reporter_ip_hash=None)  # expired hashes never collide
    with pytest.raises(IntegrityError):
        CommentReportFactory(comment=comment, reporter_ip_hash="a" * 32)


def test_report_reasons_are_the_documented_codes():
    assert CommentReport.Reason.values == ["spam", "abuse", "off_topic", "personal_info", "other"]


@pytest.mark.parametrize(
    ("address", "prefix"),
    [
        ("203.0.113.77", "203.0.113.0/24"),
        ("2001:db8:abcd:12::1", "2001:db8:abcd::/48"),
        ("203.0.113.0/24", "203.0.113.0/24"),
        ("203.0.0.0/16", ""),
        ("not an address", ""),
        ("", ""),
    ],
)
def test_ip_prefix(address, prefix):
    assert ip_prefix(address) == prefix


def test_prefix_hash_is_shared_within_a_network_and_differs_from_the_address_hash():
    assert hash_ip_prefix("203.0.113.5") == hash_ip_prefix("203.0.113.250")
    assert hash_ip_prefix("203.0.113.5") != hash_ip_prefix("203.0.114.5")
    assert hash_ip_prefix("203.0.113.5") != hash_ip("203.0.113.5")
    assert hash_ip_prefix("nonsense") == ""
