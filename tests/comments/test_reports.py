"""reportReaderComment: readers flag published comments; enough reports send one back."""

import json

import pytest

from comments.models import CommentReport, CommentSettings, ReaderComment
from comments.status import change_status
from tests.comments.helpers import REPORT, errors, thread
from tests.factories import ReaderCommentFactory

pytestmark = pytest.mark.django_db
Status = ReaderComment.Status


def report(gql, comment, reason="ABUSE", ip="203.0.113.1", **extra):
    data = {"comment": str(getattr(comment, "pk", comment)), "reason": reason, **extra}
    return gql(REPORT, {"input": data}, REMOTE_ADDR=ip)["data"]["reportReaderComment"]


def test_enough_reports_send_a_comment_back_to_moderation(story, gql):
    comment = ReaderCommentFactory(page=story)
    for n in range(1, 3):
        assert report(gql, comment, ip=f"203.0.113.{n}") == {"ok": True, "errors": []}
    comment.refresh_from_db()
    assert comment.status == Status.APPROVED
    report(gql, comment, reason="SPAM", ip="203.0.113.3", detail="Selling things")
    comment.refresh_from_db()
    assert (comment.status, comment.status_reason) == (Status.PENDING, "reports")
    assert comment.report_count == 3
    assert thread(gql, story)["items"] == []
    assert set(CommentReport.objects.values_list("reason", flat=True)) == {"abuse", "spam"}


def test_one_report_per_address_counts(story, gql):
    comment = ReaderCommentFactory(page=story)
    for _ in range(4):
        assert report(gql, comment)["ok"] is True
    assert CommentReport.objects.count() == 1
    comment.refresh_from_db()
    assert comment.status == Status.APPROVED


def test_the_threshold_comes_from_site_settings(story, gql):
    site_settings = CommentSettings.for_site(story.get_site())
    site_settings.report_threshold = 1
    site_settings.save()
    comment = ReaderCommentFactory(page=story)
    report(gql, comment)
    comment.refresh_from_db()
    assert comment.status == Status.PENDING


def test_reports_a_moderator_resolved_no_longer_count(story, gql, moderator):
    comment = ReaderCommentFactory(page=story)
    for n in range(3):
        report(gql, comment, ip=f"203.0.113.{n}")
    CommentReport.objects.update(resolved_at=comment.created_at)
    change_status(comment, Status.APPROVED, "moderator", actor=moderator)
    report(gql, comment, ip="198.51.100.9")
    comment.refresh_from_db()
    assert comment.status == Status.APPROVED


@pytest.mark.parametrize("trait", ["pending", "spam", "rejected"])
def test_only_published_comments_can_be_reported(story, gql, trait):
    comment = ReaderCommentFactory(page=story, **{trait: True})
    assert errors(report(gql, comment)) == [("comment", "INVALID")]
    assert errors(report(gql, "999999")) == [("comment", "INVALID")]
    assert errors(report(gql, "abc")) == [("comment", "INVALID")]
    assert not CommentReport.objects.exists()


def test_report_detail_has_a_limit(story, gql):
    comment = ReaderCommentFactory(page=story)
    assert errors(report(gql, comment, detail="x" * 1001)) == [("detail", "TOO_LONG")]


def test_an_unknown_reason_is_refused_by_the_schema(story, client):
    comment = ReaderCommentFactory(page=story)
    variables = {"input": {"comment": str(comment.pk), "reason": "BORING"}}
    response = client.post(
        "/graphql/",
        data=json.dumps({"query": REPORT, "variables": variables}),
        content_type="application/json",
    )
    assert response.status_code == 400
    assert "ReaderCommentReportReason" in response.json()["errors"][0]["message"]
    assert not CommentReport.objects.exists()


def test_reports_are_rate_limited(story, gql, settings):
    settings.COMMENTS = {**settings.COMMENTS, "RATE_PER_IP": ((1, 15),)}
    first, second = ReaderCommentFactory(page=story), ReaderCommentFactory(page=story)
    assert report(gql, first)["ok"] is True
    assert errors(report(gql, second)) == [(None, "RATE_LIMITED")]
