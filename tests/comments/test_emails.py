"""Comment emails go to exactly the right people at the right time, and never quote unapproved text."""

import datetime

from django.contrib.auth.models import Group, Permission
from django.core import mail
from django.utils import timezone

import pytest

from comments.models import CommentEmail, ReaderComment
from comments.status import change_status
from comments.tasks import drain
from tests.comments.helpers import approve, link_paths, messages_to
from tests.factories import ReaderCommentFactory

pytestmark = pytest.mark.django_db
Status = ReaderComment.Status
Kind = CommentEmail.Kind
SECRET_TEXT = "zqxunpublishedwords"


@pytest.fixture
def staff(django_user_model, moderator):
    """Who should and should not hear about the queue."""
    group, _ = Group.objects.get_or_create(name="Comment moderators")
    group.permissions.add(Permission.objects.get(codename="moderate_readercomment"))
    in_group = django_user_model.objects.create_user("grouped", email="group@keepitlocal.example")
    in_group.groups.add(group)
    admin = django_user_model.objects.create_superuser("admin", email="admin@keepitlocal.example")
    django_user_model.objects.create_user("editor", email="editor@keepitlocal.example")
    gone = django_user_model.objects.create_user(
        "gone", email="gone@keepitlocal.example", is_active=False
    )
    gone.groups.add(group)
    django_user_model.objects.create_user("noemail", email="").groups.add(group)
    return {
        "moderators": {"moderator@keepitlocal.example", "group@keepitlocal.example", admin.email},
        "moderator": moderator,
    }


def recipients():
    return {address for message in mail.outbox for address in message.to}


def all_mail_text():
    return "\n".join(f"{message.subject}\n{message.body}" for message in mail.outbox)


def test_the_first_pending_comment_tells_every_moderator_at_once(story, post, staff, commit):
    with commit():
        post(story, body=f"Please publish {SECRET_TEXT}", name=f"Name {SECRET_TEXT}")
    assert recipients() == staff["moderators"]
    message = messages_to("moderator@keepitlocal.example")[0]
    assert story.title in message.subject
    assert "/admin/comments/queue/" in message.body
    assert SECRET_TEXT not in all_mail_text()
    assert "ada@example.org" not in all_mail_text()


def test_later_comments_wait_for_one_digest(story, post, staff, commit, settings):
    with commit():
        post(story, body="First")
    with commit():
        post(story, body=f"Second {SECRET_TEXT}", email="b@example.org")
        post(story, body="Third", email="c@example.org")
    assert len(mail.outbox) == 3  # only the first comment's emails so far
    assert drain() == (0, 0, 0)  # the window has not passed

    window = datetime.timedelta(minutes=settings.COMMENTS["MODERATOR_DIGEST_MINUTES"] + 1)
    CommentEmail.objects.update(created_at=timezone.now() - window)
    sent, _, _ = drain()
    assert sent == 3
    digests = mail.outbox[3:]
    assert {message.to[0] for message in digests} == staff["moderators"]
    assert "3 comments waiting" in digests[0].subject
    assert SECRET_TEXT not in all_mail_text()
    assert drain() == (0, 0, 0)  # nothing new since the digest

    with commit():
        post(story, body="Fourth", email="d@example.org")
    assert len(mail.outbox) == 6  # within the digest's window: collected, not sent


def test_nothing_pending_means_no_digest(story, post, staff, commit, settings, moderator):
    with commit():
        post(story, body="First")
    approve(ReaderComment.objects.get(), moderator)
    CommentEmail.objects.update(created_at=timezone.now() - datetime.timedelta(days=1))
    drain()
    assert not CommentEmail.objects.filter(kind=Kind.MODERATOR_DIGEST).exists()


def test_spam_does_not_bother_moderators(story, post, staff, commit):
    from tests.factories import BlockRuleFactory

    BlockRuleFactory(kind="keyword", value="casino", action="reject")
    with commit():
        post(story, body="casino casino")
    assert mail.outbox == []


def test_the_author_hears_only_after_a_moderator_publishes(story, post, moderator, commit):
    with commit():
        post(story, body="Mine")
    assert messages_to("ada@example.org") == []
    comment = ReaderComment.objects.get()
    with commit():
        approve(comment, moderator)
        change_status(comment, Status.REJECTED, "moderator", actor=moderator)
        approve(comment, moderator)
    to_author = messages_to("ada@example.org")
    assert len(to_author) == 1
    assert "published" in to_author[0].subject
    assert f"#comment-{comment.pk}" in to_author[0].body


def test_no_author_email_for_a_comment_published_at_once(story, commit):
    with commit():
        comment = ReaderCommentFactory.build(page=story, status=Status.APPROVED)
        from comments.status import record_new_comment

        record_new_comment(comment)
    assert messages_to(comment.email) == []


@pytest.fixture
def subscriber(story):
    return ReaderCommentFactory(
        page=story,
        email="sub@example.org",
        notify_replies=True,
        notify_confirmed_at=timezone.now(),
    )


def _reply(parent, **fields):
    comment = ReaderCommentFactory.build(
        page=parent.page, parent=parent, status=Status.PENDING, status_reason="first_time", **fields
    )
    from comments.status import record_new_comment

    record_new_comment(comment)
    return comment


def test_reply_subscribers_hear_of_approved_replies_only(subscriber, moderator, commit):
    with commit():
        reply = _reply(subscriber, body=f"A reply {SECRET_TEXT}", name="Replier")
    assert messages_to("sub@example.org") == []
    with commit():
        reply.body = "A reply, as published"
        reply.save(update_fields=["body"])
        approve(reply, moderator)
    [message] = messages_to("sub@example.org")
    assert "Replier replied" in message.body
    assert "A reply, as published" in message.body
    assert SECRET_TEXT not in all_mail_text()
    [unsubscribe] = link_paths(message, "unsubscribe")
    assert message.extra_headers["List-Unsubscribe"].endswith(f"{unsubscribe}>")


def test_no_reply_email_without_confirmation_or_to_oneself(story, moderator, commit):
    unconfirmed = ReaderCommentFactory(page=story, email="u@example.org", notify_replies=True)
    confirmed = ReaderCommentFactory(
        page=story, email="me@example.org", notify_replies=True, notify_confirmed_at=timezone.now()
    )
    with commit():
        approve(_reply(unconfirmed), moderator)
        approve(_reply(confirmed, email="me@example.org"), moderator)
    assert messages_to("u@example.org") == []
    # Only the note that their own reply was published.
    [published] = messages_to("me@example.org")
    assert "replied" not in published.body


def test_opting_in_sends_a_confirmation_link_first(story, post, client, moderator, commit):
    with commit():
        post(story, notifyReplies=True, body=f"Tell me {SECRET_TEXT}")
    [confirm] = [m for m in messages_to("ada@example.org") if "Confirm" in m.subject]
    assert SECRET_TEXT not in confirm.body and "Ada" not in confirm.body
    comment = ReaderComment.objects.get()
    approve(comment, moderator)
    with commit():
        approve(_reply(comment), moderator)
    assert not [m for m in messages_to("ada@example.org") if "replied" in m.body]

    [path] = link_paths(confirm, "notify")
    response = client.post(path)
    assert response.status_code == 200
    comment.refresh_from_db()
    assert comment.notify_confirmed_at and comment.email_verified
    with commit():
        approve(_reply(comment, body="Second reply"), moderator)
    assert [m for m in messages_to("ada@example.org") if "Second reply" in m.body]


def test_no_confirmation_request_for_spam(story, post, commit):
    from tests.factories import BlockRuleFactory

    BlockRuleFactory(kind="keyword", value="casino", action="reject")
    with commit():
        post(story, notifyReplies=True, body="casino")
    assert mail.outbox == []


def test_unsubscribing_stops_reply_emails(subscriber, client, moderator, commit):
    with commit():
        approve(_reply(subscriber), moderator)
    [path] = link_paths(messages_to("sub@example.org")[0], "unsubscribe")
    assert client.get(path).status_code == 200
    subscriber.refresh_from_db()
    assert subscriber.notify_replies is True  # a GET (a mail scanner) changes nothing
    assert client.post(path).status_code == 200
    subscriber.refresh_from_db()
    assert subscriber.notify_replies is False
    mail.outbox.clear()
    with commit():
        approve(_reply(subscriber), moderator)
    assert messages_to("sub@example.org") == []


def test_a_reply_email_owed_is_dropped_if_the_reply_is_unpublished_first(
    subscriber, moderator, commit
):
    reply = _reply(subscriber)
    approve(reply, moderator)  # without running on-commit: the email is queued below
    from comments import emails

    emails.queue_reply(reply)
    change_status(reply, Status.SPAM, "moderator", actor=moderator)
    assert drain() == (0, 1, 0)
    assert mail.outbox == []


# --- the sender ----------------------------------------------------------------------------


def test_refusals_are_retried_with_backoff_and_outages_wait(story, settings, monkeypatch):
    import smtplib

    from django.core.mail.backends.locmem import EmailBackend

    answers = [OSError("mail server down"), smtplib.SMTPDataError(451, b"try later")]

    def flaky_send(self, messages):
        if answers:
            raise answers.pop(0)
        return original(self, messages)

    original = EmailBackend.send_messages
    monkeypatch.setattr(EmailBackend, "send_messages", flaky_send)
    comment = ReaderCommentFactory(page=story)
    row = CommentEmail.objects.create(
        kind=Kind.AUTHOR_APPROVED, recipient=comment.email, comment=comment
    )
    assert drain() == (0, 0, 0)  # an outage: the row waits, its attempts untouched
    row.refresh_from_db()
    assert (row.attempts, row.sent_at, row.last_error) == (0, None, "mail server down")
    assert drain() == (0, 0, 1)  # refused: counted, and not due for a while
    row.refresh_from_db()
    assert row.attempts == 1 and "try later" in row.last_error
    assert drain() == (0, 0, 0)
    CommentEmail.objects.filter(pk=row.pk).update(
        next_attempt_at=timezone.now() - datetime.timedelta(seconds=1)
    )
    assert drain() == (1, 0, 0)
    row.refresh_from_db()
    assert row.sent_at and row.last_error == ""
    assert len(mail.outbox) == 1


def test_a_batch_goes_over_one_connection(story, monkeypatch):
    from django.core.mail.backends.locmem import EmailBackend

    opened = []
    original_open = EmailBackend.open

    def counting_open(self):
        opened.append(self)
        return original_open(self)

    monkeypatch.setattr(EmailBackend, "open", counting_open)
    for n in range(5):
        comment = ReaderCommentFactory(page=story)
        CommentEmail.objects.create(
            kind=Kind.AUTHOR_APPROVED, recipient=f"r{n}@example.org", comment=comment
        )
    assert drain() == (5, 0, 0)
    assert len(opened) == 1
    assert len(mail.outbox) == 5


def test_an_email_is_given_up_after_the_last_attempt(story, settings):
    comment = ReaderCommentFactory(page=story)
    CommentEmail.objects.create(
        kind=Kind.AUTHOR_APPROVED,
        recipient=comment.email,
        comment=comment,
        attempts=settings.EMAIL_OUTBOX["MAX_ATTEMPTS"],
        created_at=timezone.now() - datetime.timedelta(days=1),
    )
    assert drain() == (0, 0, 0)
