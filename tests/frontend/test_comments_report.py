"""Reporting a comment without JavaScript: a form page, then a thank-you."""

from django.urls import reverse

import pytest

from comments.models import CommentReport
from tests.factories import ReaderCommentFactory
from tests.frontend.comments_helpers import page_html


def test_report_page_asks_for_a_reason_and_records_the_report(story, client):
    comment = ReaderCommentFactory(page=story, name="Loud Person")
    url = reverse("comments:report", args=[comment.pk])
    text = page_html(client, url)
    assert "Report a comment" in text and "Loud Person" in text
    for reason in CommentReport.Reason.values:
        assert f'name="reason" value="{reason}"' in text
    assert f'href="{story.url}#comment-{comment.pk}"' in text

    response = client.post(url, {"reason": "abuse", "detail": "Name-calling"})
    assert response.status_code == 200
    assert "Thank you for your report" in response.content.decode()
    report = CommentReport.objects.get()
    assert (report.comment, report.reason, report.detail) == (comment, "abuse", "Name-calling")


def test_a_report_without_a_reason_is_refused_beside_the_field(story, client):
    comment = ReaderCommentFactory(page=story)
    response = client.post(
        reverse("comments:report", args=[comment.pk]), {"reason": "", "detail": "Keep this"}
    )
    assert response.status_code == 400
    text = response.content.decode()
    assert "Choose a reason for the report." in text
    assert ">Keep this</textarea>" in text
    assert not CommentReport.objects.exists()


@pytest.mark.parametrize("trait", ["pending", "spam", "rejected"])
def test_only_published_comments_can_be_reported(story, client, trait):
    comment = ReaderCommentFactory(page=story, **{trait: True})
    url = reverse("comments:report", args=[comment.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, {"reason": "spam"}).status_code == 404


def test_comments_on_unpublished_pages_cannot_be_reported(story, client):
    comment = ReaderCommentFactory(page=story)
    story.unpublish()
    assert client.get(reverse("comments:report", args=[comment.pk])).status_code == 404


def test_every_published_comment_links_to_its_report_page(story, client):
    comments = [ReaderCommentFactory(page=story) for _ in range(3)]
    text = page_html(client, story.url)
    for comment in comments:
        assert f'href="/comments/report/{comment.pk}/" data-report="{comment.pk}"' in text
