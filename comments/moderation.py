"""Moderators' decisions on comments: approve, reject, spam, delete, restore, and bans.

The admin's single and bulk actions call `moderate()` and `ban()`; anything
else acting for a moderator should too, so every decision goes through
`comments.status.change_status` (history row, signal, emails) and leaves an
entry in Wagtail's log ("Comment 123", never the commenter's name: log
entries outlive an erasure).
"""

import datetime
from typing import NamedTuple

from django.core.cache import cache
from django.db import transaction
from django.dispatch import receiver
from django.utils import timezone

from wagtail.log_actions import log

from core.audit import log_batch

from .models import BlockRule, CommentReport, CommentSettings, ReaderComment
from .signals import comment_status_changed
from .status import change_status

Status = ReaderComment.Status

# action -> (status it moves a comment to, Wagtail log action)
ACTIONS = {
    "approve": (Status.APPROVED, "comments.approve"),
    "reject": (Status.REJECTED, "comments.reject"),
    "spam": (Status.SPAM, "comments.spam"),
    "delete": (Status.DELETED, "comments.delete"),
    # Back to the queue: a moderator looks again rather than undoing blindly.
    "restore": (Status.PENDING, "comments.restore"),
}
BAN_LOG_ACTION = "comments.ban"
BAN_KINDS = (BlockRule.Kind.EMAIL, BlockRule.Kind.IP_PREFIX)
USE_SETTINGS = object()  # ban(days=...) not given: CommentSettings.ban_days decides

PENDING_COUNT_KEY = "comments:pending-count"
PENDING_COUNT_TIMEOUT = 300


class ModerationResult(NamedTuple):
    changed: list  # comments whose status changed
    skipped: list  # (comment, why) for comments left as they were


def moderate(comments, action, *, actor, note=""):
    """Apply `action` to `comments` (a queryset or list) for `actor`, in one transaction.

    Comments already in the target status, and those the transition rules
    refuse (restoring one its author deleted, say), are skipped with why. Open reader reports on a decided comment are
    marked resolved. Raises ValueError for an unknown action.
    """
    if action not in ACTIONS:
        raise ValueError(f"Unknown moderation action {action!r}.")
    to_status, log_action = ACTIONS[action]
    note = (note or "").strip()
    changed, skipped, logged = [], [], []
    with transaction.atomic():
        for comment in comments:
            try:
                change = change_status(
                    comment, to_status, ReaderComment.Reason.MODERATOR, note=note, actor=actor
                )
            except ValueError as error:
                skipped.append((comment, str(error)))
                continue
            if change is None:
                skipped.append((comment, f"Already {comment.get_status_display().lower()}."))
                continue
            changed.append(comment)
            logged.append((comment.pk, change.from_status))
        if changed and action != "restore":
            ids = [comment.pk for comment in changed]
            CommentReport.objects.filter(comment_id__in=ids, resolved_at__isnull=True).update(
                resolved_at=timezone.now()
            )
        _log(logged, log_action, actor, {"note": note[:500], "to": to_status})
    return ModerationResult(changed, skipped)


def ban(comment, *, actor, kind, days=USE_SETTINGS, note="", action=None):
    """Block the commenter's email or IP range from commenting; the BlockRule.

    `days`: a number of days, None for a ban without end, or left out for the
    site's `CommentSettings.ban_days`. `action` defaults to the settings'
    `ban_action` (reject unless an editor chose hold). An active rule for the
    same value is extended rather than duplicated. Raises ValueError when the
    comment has no such value to ban (no email, or IPs already purged).
    """
    if kind not in BAN_KINDS:
        raise ValueError(f"Bans are by email or IP range, not {kind!r}.")
    value = comment.email_canonical if kind == BlockRule.Kind.EMAIL else comment.ip_prefix_hash
    if not value:
        what = "email address" if kind == BlockRule.Kind.EMAIL else "IP range (already purged)"
        raise ValueError(f"Comment {comment.pk} has no {what} to ban.")
    settings = _settings_for(comment)
    if days is USE_SETTINGS:
        days = settings.ban_days
    expires_at = timezone.now() + datetime.timedelta(days=days) if days else None
    note = (note or "").strip()[:300] or f"Banned from comment {comment.pk}"
    with transaction.atomic():
        rule = BlockRule.objects.active().filter(kind=kind, value=value).first()
        created = rule is None
        if created:
            rule = BlockRule(kind=kind, value=value, created_by=actor)
        elif rule.expires_at is None or (expires_at and expires_at < rule.expires_at):
            expires_at = rule.expires_at  # never shorten a longer ban
        rule.action = action or settings.ban_action
        rule.expires_at = expires_at
        rule.note = note
        rule.save()
        log(rule, "wagtail.create" if created else "wagtail.edit", user=actor)
        data = {"note": note, "kind": kind, "rule": rule.pk, "days": days}
        _log([(comment.pk, comment.status)], BAN_LOG_ACTION, actor, data)
    return rule


def _settings_for(comment):
    site = comment.page.get_site()
    return CommentSettings.for_site(site) if site else CommentSettings()


def _log(entries, action, actor, data):
    """One entry per (comment id, status before), as one batch: one decision."""
    entries = [(pk, {"from": from_status}) for pk, from_status in entries]
    if entries:
        log_batch(ReaderComment, entries, action, actor, data, label=lambda pk: f"Comment {pk}")


def pending_count():
    """Comments waiting for a moderator, for the admin menu and dashboard (cached)."""
    count = cache.get(PENDING_COUNT_KEY)
    if count is None:
        count = ReaderComment.objects.pending().count()
        cache.set(PENDING_COUNT_KEY, count, PENDING_COUNT_TIMEOUT)
    return count


@receiver(comment_status_changed, dispatch_uid="comments.moderation.pending_count")
def forget_pending_count(sender, from_status, to_status, **kwargs):
    # The signal comes after commit, so the next count sees the change.
    if Status.PENDING in (from_status, to_status):
        cache.delete(PENDING_COUNT_KEY)
