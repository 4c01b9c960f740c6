"""A reply notification while the mail server is down, for real (a loopback SMTP sink)."""

from django.utils import timezone

import pytest

from comments.models import CommentEmail, ReaderComment
from comments.status import record_new_comment
from core.outbox.sender import Sender
from tests.comments.helpers import approve
from tests.factories import ReaderCommentFactory

pytestmark = pytest.mark.django_db


def test_a_reply_notification_waits_for_the_mail_server_then_goes_once(
    story, moderator, commit, smtp_to_sink, outbox_warnings
):
    parent = ReaderCommentFactory(
        page=story, email="sub@example.org", notify_replies=True, notify_confirmed_at=timezone.now()
    )
    reply = ReaderCommentFactory.build(
        page=story, parent=parent, status=ReaderComment.Status.PENDING, status_reason="first_time"
    )
    record_new_comment(reply)
    smtp_to_sink.stop()
    with commit():  # the after-commit send meets a dead server: nothing is lost
        approve(reply, moderator)
    assert ReaderComment.objects.get(pk=reply.pk).status == ReaderComment.Status.APPROVED
    owed = CommentEmail.objects.get(kind=CommentEmail.Kind.REPLY)
    assert (owed.sent_at, owed.attempts, owed.recipient) == (None, 0, "sub@example.org")
    assert owed.last_error

    sender = Sender()
    sender.step()
    sender.step()
    assert sum("unreachable" in message for message in outbox_warnings()) == 1

    smtp_to_sink.start()
    sender.step()
    sender.run(once=True)
    replies = [m for m in smtp_to_sink.accepted if m["To"] == "sub@example.org"]
    assert len(replies) == 1  # exactly once
    assert replies[0]["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    owed.refresh_from_db()
    assert owed.sent_at is not None
