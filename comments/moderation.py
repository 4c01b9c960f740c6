"""Moderators' decisions, for the admin's queue, inspect view and bulk actions."""

import datetime

from django.db import transaction
from django.utils import timezone

from .models import BlockRule, CommentReport, CommentSettings, ReaderComment
from .status import change_status

Status = ReaderComment.Status
Reason = ReaderComment.Reason

ACTIONS = {
    "approve": Status.APPROVED,
    "reject": Status.REJECTED,
    "spam": Status.SPAM,
    "delete": Status.DELETED,
    "restore": None,  # back to approved if it had been published, else pending
}


def moderate(comments, action, *, actor, note=""):
    """Apply `action` to each comment; returns (changed, skipped) lists.

    A comment the action cannot apply to (restoring one its author deleted,
    say) is skipped, not an error, so one odd row never spoils a bulk action.
    Approving resolves the comment's open reports, so they do not send it
    straight back.
    """
    if action not in ACTIONS:
        raise ValueError(f"Unknown moderation action {action!r}.")
    changed, skipped = [], []
    for comment in comments:
        to_status = ACTIONS[action]
        if to_status is None:
            to_status = Status.APPROVED if comment.approved_at else Status.PENDING
        try:
            with transaction.atomic():
                change = change_status(comment, to_status, Reason.MODERATOR, note=note, actor=actor)
                if to_status == Status.APPROVED:
                    _resolve_reports(comment)
        except ValueError:
            skipped.append(comment)
            continue
        (changed if change is not None else skipped).append(comment)
    return changed, skipped


def _resolve_reports(comment):
    CommentReport.objects.filter(comment=comment, resolved_at__isnull=True).update(
        resolved_at=timezone.now()
    )
    ReaderComment.objects.filter(pk=comment.pk).update(report_count=0)
    comment.report_count = 0


def ban(comment, *, actor, kind, days=None, note="", action=None):
    """A block rule against the comment's sender: their email, or their IP range.

    `days` None means forever; `action` defaults to the site's ban action
    (reject unless editors changed it). Raises ValueError when the comment no
    longer holds what to ban (an erased email, an IP hash past retention).
    """
    if kind == BlockRule.Kind.EMAIL:
        value = comment.email_canonical
    elif kind == BlockRule.Kind.IP_PREFIX:
        value = comment.ip_prefix_hash
    else:
        raise ValueError(f"A ban is by email or ip_prefix, not {kind!r}.")
    if not value:
        raise ValueError("This comment no longer holds an address to ban.")
    if action is None:
        site = comment.page.get_site()
        action = (CommentSettings.for_site(site) if site else CommentSettings()).ban_action
    expires_at = timezone.now() + datetime.timedelta(days=days) if days else None
    return BlockRule.objects.create(
        kind=kind,
        value=value,
        action=action,
        note=(note or f"Ban from comment {comment.pk}")[:300],
        expires_at=expires_at,
        created_by=actor,
    )
