"""What follows a status change: the emails it owes (see comments.emails)."""

from django.dispatch import receiver

from . import emails
from .models import ReaderComment
from .signals import comment_status_changed

Status = ReaderComment.Status


@receiver(comment_status_changed, dispatch_uid="comments.receivers.queue_emails")
def queue_emails(sender, comment, from_status, to_status, actor, created, **kwargs):
    owed = False
    if to_status == Status.PENDING and actor is None:
        owed |= emails.notify_moderators(comment)
    if (
        created
        and comment.notify_replies
        and comment.notify_confirmed_at is None
        and to_status in (Status.PENDING, Status.APPROVED)
    ):
        owed |= emails.queue_notify_confirm(comment) is not None
    if to_status == Status.APPROVED:
        if actor is not None and comment.email:
            owed |= emails.queue_author_approved(comment) is not None
        if comment.parent_id:
            owed |= emails.queue_reply(comment) is not None
    if owed:
        emails.send_soon()
