"""What the links in comment emails do; the public views in frontend/ call these."""

from django.db import transaction
from django.utils import timezone

from .models import ReaderComment
from .pipeline import is_trusted
from .status import change_status
from .tokens import notify_confirm_comment_id, unsubscribe_comment_id

Status = ReaderComment.Status
Reason = ReaderComment.Reason


def _notify_comments(token):
    comment_id = notify_confirm_comment_id(token or "")
    if not isinstance(comment_id, int):
        return ReaderComment.objects.none()
    return ReaderComment.objects.filter(
        pk=comment_id, notify_replies=True, anonymised_at__isnull=True
    ).exclude(status=Status.DELETED)


def notify_confirmable(token):
    """Whether a confirm link still works, changing nothing (for the page before the button)."""
    return _notify_comments(token).exists()


def confirm_notify(token):
    """Switch on reply emails for the comment and count its address as proven.

    A comment held only because its address was unproven, from a mailbox a
    moderator already trusts, is published now that the address is proven.
    Returns the comment, or None for a bad or expired link.
    """
    with transaction.atomic():
        comment = _notify_comments(token).select_for_update().first()
        if comment is None:
            return None
        if comment.notify_confirmed_at is None or not comment.email_verified:
            comment.notify_confirmed_at = comment.notify_confirmed_at or timezone.now()
            comment.email_verified = True
            comment.save(update_fields=["notify_confirmed_at", "email_verified"])
        if (
            comment.status == Status.PENDING
            and comment.status_reason == Reason.UNVERIFIED_EMAIL
            and is_trusted(comment.email_canonical, exclude_pk=comment.pk)
        ):
            change_status(comment, Status.APPROVED, Reason.PASSED, note="Address proven by email.")
    return comment


def unsubscribe(token):
    """Stop reply emails to this comment's address, for all its comments; None for a bad link."""
    comment_id = unsubscribe_comment_id(token or "")
    if not isinstance(comment_id, int):
        return None
    comment = ReaderComment.objects.filter(pk=comment_id).first()
    if comment is None:
        return None
    if comment.email_canonical:
        ReaderComment.objects.filter(email_canonical=comment.email_canonical).update(
            notify_replies=False
        )
    else:
        ReaderComment.objects.filter(pk=comment.pk).update(notify_replies=False)
    return comment
