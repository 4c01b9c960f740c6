"""Every change of a comment's status goes through here, and leaves a history row.

Transitions:

- pending, approved, rejected and spam can move to any other status (a
  reported comment goes back to pending; a moderator may change their mind).
- deleted is final for the pipeline and for authors. Only a moderator (an
  `actor`) may restore a deleted comment, to pending or approved, and never
  one its author deleted or asked to have erased: that choice is the author's.
"""

from django.db import transaction
from django.utils import timezone

from .models import CommentStatusChange, ReaderComment
from .signals import comment_status_changed

Status = ReaderComment.Status
Reason = ReaderComment.Reason

RESTORABLE_TO = {Status.PENDING, Status.APPROVED}
AUTHOR_CHOICES = {Reason.AUTHOR_DELETED, Reason.ERASED}


def check_transition(comment, to_status, actor=None):
    """Raise ValueError if `comment` may not move to `to_status`."""
    if to_status not in Status.values:
        raise ValueError(f"Unknown comment status {to_status!r}.")
    if comment.status != Status.DELETED or to_status == Status.DELETED:
        return
    if actor is None:
        raise ValueError("Only a moderator can restore a deleted comment.")
    if comment.status_reason in AUTHOR_CHOICES:
        raise ValueError("A comment its author deleted or erased cannot be restored.")
    if to_status not in RESTORABLE_TO:
        raise ValueError("A deleted comment can only be restored to pending or approved.")


def change_status(comment, to_status, reason, *, note="", actor=None):
    """Move `comment` to `to_status` for `reason`; the change row, or None if already there.

    Runs in one transaction with the comment's row locked, so two moderators
    (or a moderator and the report threshold) cannot interleave. Updates
    `comment` in place. Raises ValueError for an illegal transition or an
    unknown reason.
    """
    if reason not in Reason.values:
        raise ValueError(f"Unknown comment status reason {reason!r}.")
    with transaction.atomic():
        current = ReaderComment.objects.select_for_update().get(pk=comment.pk)
        if current.status == to_status:
            _copy_status(current, comment)
            return None
        check_transition(current, to_status, actor)
        now = timezone.now()
        change = CommentStatusChange.objects.create(
            comment=current,
            from_status=current.status,
            to_status=to_status,
            reason=reason,
            note=note,
            actor=actor,
            created_at=now,
        )
        current.status = to_status
        current.status_reason = reason
        current.status_note = note
        current.status_changed_at = now
        if to_status == Status.APPROVED:
            current.approved_at = now
        current.save(
            update_fields=[
                "status",
                "status_reason",
                "status_note",
                "status_changed_at",
                "approved_at",
            ]
        )
        _copy_status(current, comment)
        _send_on_commit(comment, change, actor, created=False)
    return change


def record_new_comment(comment, *, actor=None):
    """Save a new comment with the status the pipeline gave it, and its first history row.

    Set `status`, `status_reason` and (optionally) `status_note` on the unsaved
    comment first. Sends `comment_status_changed` with `created=True` on commit.
    """
    if comment.pk is not None:
        raise ValueError("record_new_comment() is for comments not yet saved.")
    if comment.status_reason not in Reason.values:
        raise ValueError(f"Unknown comment status reason {comment.status_reason!r}.")
    with transaction.atomic():
        now = timezone.now()
        comment.status_changed_at = now
        if comment.status == Status.APPROVED:
            comment.approved_at = now
        comment.save()
        change = CommentStatusChange.objects.create(
            comment=comment,
            from_status="",
            to_status=comment.status,
            reason=comment.status_reason,
            note=comment.status_note,
            actor=actor,
            created_at=now,
        )
        _send_on_commit(comment, change, actor, created=True)
    return change


def _copy_status(source, target):
    for field in ("status", "status_reason", "status_note", "status_changed_at", "approved_at"):
        setattr(target, field, getattr(source, field))


def _send_on_commit(comment, change, actor, created):
    transaction.on_commit(
        lambda: comment_status_changed.send(
            sender=ReaderComment,
            comment=comment,
            change=change,
            from_status=change.from_status,
            to_status=change.to_status,
            reason=change.reason,
            actor=actor,
            created=created,
        )
    )
