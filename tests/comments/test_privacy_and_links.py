"""Erasure on request, the email link pages, and the retention limits."""

import datetime
from io import StringIO

from django.core import mail
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

import pytest

from comments.models import CommentEmail, CommentReport, CommentStatusChange, ReaderComment
from comments.privacy import housekeeping
from comments.status import change_status, record_new_comment
from comments.tokens import (
    ERASURE_SALT,
    notify_confirm_token,
    unsubscribe_token,
)
from tests.comments.helpers import aged_token, link_paths, messages_to, thread
from tests.factories import ReaderCommentFactory

pytestmark = pytest.mark.django_db
Status = ReaderComment.Status
ERASE = "/comments/erase/"


def test_the_link_names_are_the_contract_ones():
    assert reverse("comments:erase_request") == ERASE
    assert reverse("comments:erase_confirm", args=["t"]) == "/comments/erase/t/"
    assert reverse("comments:confirm_notify", args=["t"]) == "/comments/notify/t/"
    assert reverse("comments:unsubscribe", args=["t"]) == "/comments/unsubscribe/t/"


@pytest.fixture
def ada_thread(story):
    """Ada's comment with someone else's reply, and another of Ada's, pending, with history."""
    mine = ReaderCommentFactory(
        page=story, name="Ada", email="Ada@Example.org", website="https://ada.example", body="Mine"
    )
    reply = ReaderCommentFactory(parent=mine, body="Someone else's reply")
    pending = ReaderCommentFactory.build(
        page=story,
        email="ada@example.org",
        body="Also mine",
        status=Status.PENDING,
        status_reason="block_rule",
        status_note="Matched block rules: #3 email address.",
    )
    record_new_comment(pending)
    CommentEmail.objects.create(
        kind="author_approved", recipient="ada@example.org", comment=mine, sent_at=timezone.now()
    )
    return {"mine": mine, "reply": reply, "pending": pending}


def test_erasure_is_asked_for_then_confirmed_by_email(story, client, gql, ada_thread, commit):
    assert client.get(ERASE).status_code == 200
    with commit():
        response = client.post(ERASE, {"email": "ada@example.org"})
    assert response.status_code == 200
    assert "Check your email" in response.content.decode()
    [message] = messages_to("ada@example.org")
    [path] = link_paths(message, "erase")

    page = client.get(path)
    assert page.status_code == 200 and "Erase my comments" in page.content.decode()
    assert ReaderComment.objects.filter(anonymised_at__isnull=False).count() == 0

    assert client.post(path).status_code == 200
    for key in ("mine", "pending"):
        comment = ada_thread[key]
        comment.refresh_from_db()
        assert (comment.status, comment.status_reason) == (Status.DELETED, "erased")
        assert (
            comment.name,
            comment.email,
            comment.email_canonical,
            comment.website,
            comment.body,
        ) == ("", "", "", "", "")
        assert (comment.ip_hash, comment.ip_prefix_hash, comment.status_note) == ("", "", "")
        assert comment.anonymised_at is not None
    assert (
        not CommentStatusChange.objects.filter(comment=ada_thread["pending"])
        .exclude(note="")
        .exists()
    )
    assert (
        not CommentEmail.objects.filter(recipient="ada@example.org")
        .exclude(kind="erasure_confirm")
        .exists()
    )

    items = thread(gql, story)["items"]
    assert items[0]["deleted"] is True
    assert items[0]["replies"][0]["bodyHtml"] == "<p>Someone else's reply</p>"
    ada_thread["reply"].refresh_from_db()
    assert ada_thread["reply"].body == "Someone else's reply"


def test_an_address_without_comments_gets_no_email_and_the_same_answer(site_tree, client, commit):
    with commit():
        response = client.post(ERASE, {"email": "nobody@example.org"})
    assert "Check your email" in response.content.decode()
    assert mail.outbox == []


def test_a_malformed_address_is_refused_on_the_form(site_tree, client):
    response = client.post(ERASE, {"email": "not an email"})
    assert response.status_code == 400
    assert "Enter a valid email address" in response.content.decode()


def test_erasure_requests_are_rate_limited(story, client, ada_thread, commit):
    with commit():
        for _ in range(5):
            client.post(ERASE, {"email": "ada@example.org"})
    assert len(messages_to("ada@example.org")) == 3


def test_an_old_erasure_link_no_longer_works(story, client, ada_thread, settings):
    seconds = settings.COMMENTS["ERASURE_TOKEN_MAX_AGE"]
    token = aged_token("ada@example.org", ERASURE_SALT, seconds + 5)
    assert client.get(f"/comments/erase/{token}/").status_code == 410
    assert client.post(f"/comments/erase/{token}/").status_code == 410
    assert not ReaderComment.objects.filter(anonymised_at__isnull=False).exists()


@pytest.mark.parametrize(
    "path", ["/comments/notify/bad/", "/comments/unsubscribe/bad/", "/comments/erase/bad/"]
)
def test_bad_links_say_so(site_tree, client, path):
    response = client.get(path)
    assert response.status_code == 410
    assert "no longer works" in response.content.decode()


def test_confirming_publishes_a_trusted_commenter_held_only_for_proof(story, client, moderator):
    ReaderCommentFactory(page=story, email="ada@example.org", email_verified=True)
    held = ReaderCommentFactory(
        page=story,
        email="ada@example.org",
        pending=True,
        status_reason="unverified_email",
        notify_replies=True,
    )
    path = f"/comments/notify/{notify_confirm_token(held)}/"
    opened = client.get(path)  # what a mail scanner does: it changes nothing
    assert opened.status_code == 200 and "Confirm reply emails" in opened.content.decode()
    assert client.head(path).status_code == 200
    held.refresh_from_db()
    assert (held.status, held.email_verified, held.notify_confirmed_at) == (
        Status.PENDING,
        False,
        None,
    )
    # A fresh browser from the email: no cookie, CSRF checks on, no body.
    assert Client(enforce_csrf_checks=True).post(path).status_code == 200
    held.refresh_from_db()
    assert held.status == Status.APPROVED and held.email_verified


def test_confirming_does_not_publish_a_first_timer(story, client):
    held = ReaderCommentFactory(page=story, pending=True, notify_replies=True)
    client.post(f"/comments/notify/{notify_confirm_token(held)}/")
    held.refresh_from_db()
    assert (held.status, held.email_verified) == (Status.PENDING, True)


def test_one_click_unsubscribe_covers_every_comment_of_the_address(story, client):
    first = ReaderCommentFactory(page=story, email="sub@example.org", notify_replies=True)
    second = ReaderCommentFactory(page=story, email="Sub@Example.org", notify_replies=True)
    response = client.post(
        f"/comments/unsubscribe/{unsubscribe_token(first)}/", {"List-Unsubscribe": "One-Click"}
    )
    assert response.status_code == 200
    second.refresh_from_db()
    assert second.notify_replies is False


# --- retention -----------------------------------------------------------------------------


def _aged(days, **fields):
    comment = ReaderCommentFactory(**fields)
    then = timezone.now() - datetime.timedelta(days=days)
    ReaderComment.objects.filter(pk=comment.pk).update(created_at=then, status_changed_at=then)
    return comment


def test_ip_hashes_are_blanked_after_the_retention_period(story, settings):
    days = settings.COMMENTS["IP_RETENTION_DAYS"]
    old, recent = _aged(days + 1, page=story), _aged(days - 1, page=story)
    report = CommentReport.objects.create(comment=recent, reason="spam", reporter_ip_hash="f" * 32)
    CommentReport.objects.filter(pk=report.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=days + 1)
    )
    assert housekeeping()["ip_hashes_blanked"] == 1
    old.refresh_from_db(), recent.refresh_from_db(), report.refresh_from_db()
    assert (old.ip_hash, old.ip_prefix_hash) == ("", "")
    assert recent.ip_hash and recent.ip_prefix_hash
    assert report.reporter_ip_hash is None


def test_spam_and_rejected_are_purged_or_anonymised_when_they_have_replies(story, settings):
    days = settings.COMMENTS["PURGE_SPAM_DAYS"]
    old_spam = _aged(days + 1, page=story, spam=True)
    old_rejected = _aged(days + 1, page=story, rejected=True, body="Rejected words")
    ReaderCommentFactory(parent=old_rejected, pending=True)
    recent_spam = _aged(days - 1, page=story, spam=True)
    old_approved = _aged(days + 100, page=story)
    # The approved comment is past the IP retention period too.
    assert housekeeping() == {"ip_hashes_blanked": 1, "deleted": 1, "anonymised": 1}
    assert not ReaderComment.objects.filter(pk=old_spam.pk).exists()
    old_rejected.refresh_from_db()
    assert (old_rejected.body, old_rejected.email) == ("", "")
    assert old_rejected.replies.count() == 1
    assert ReaderComment.objects.filter(pk__in=[recent_spam.pk, old_approved.pk]).count() == 2


def test_the_housekeeping_command_reports_what_it_did(story, settings):
    _aged(settings.COMMENTS["PURGE_SPAM_DAYS"] + 1, page=story, spam=True)
    out = StringIO()
    call_command("comment_housekeeping", stdout=out)
    assert "deleted 1" in out.getvalue()


def test_a_deleted_comment_is_not_restored_after_erasure(story, moderator):
    comment = ReaderCommentFactory(page=story, email="ada@example.org")
    from comments.privacy import erase

    assert erase("ada@example.org") == 1
    with pytest.raises(ValueError):
        change_status(comment, Status.APPROVED, "moderator", actor=moderator)
