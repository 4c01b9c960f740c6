"""Erasure on request, and the retention limits on what comments keep.

Anonymising keeps a comment's row (so replies keep their place in the
thread) and removes everything that could identify or quote its author:
name, email, website, text, account, IP hashes, notes and emails owed.
"""

import datetime

from django.conf import settings
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone

from pledges import abuse
from pledges.identity import canonical_email, client_ip, hash_ip, hash_value

from . import emails
from .models import CommentEmail, CommentReport, CommentStatusChange, ReaderComment
from .status import change_status

Status = ReaderComment.Status
PERSONAL_FIELDS = {
    "name": "",
    "email": "",
    "email_canonical": "",
    "website": "",
    "body": "",
    "status_note": "",
    "notify_replies": False,
    "notify_confirmed_at": None,
    "user": None,
    "email_verified": False,
    "ip_hash": "",
    "ip_prefix_hash": "",
}
ERASURE_RATE = ((3, 60 * 60),)


def anonymise(queryset):
    """Strip personal data from these comments in place; returns how many."""
    ids = list(queryset.filter(anonymised_at__isnull=True).values_list("pk", flat=True))
    if not ids:
        return 0
    with transaction.atomic():
        ReaderComment.objects.filter(pk__in=ids).update(
            anonymised_at=timezone.now(), **PERSONAL_FIELDS
        )
        CommentStatusChange.objects.filter(comment_id__in=ids).update(note="")
        CommentEmail.objects.filter(comment_id__in=ids).delete()
    return len(ids)


def request_erasure(email, request):
    """Email an erasure link if this address has comments. The answer never says whether it has.

    Returns False only when the address is malformed, so the form can say so.
    """
    email = (email or "").strip()
    if "@" not in email:
        return False
    canonical = canonical_email(email)
    ip_hash = hash_ip(client_ip(request)) if request is not None else ""
    for scope, identity in (
        ("comment-erase-ip", ip_hash),
        ("comment-erase", hash_value(canonical)),
    ):
        for count, seconds in ERASURE_RATE:
            if abuse.hit(scope, identity, count, seconds):
                return True  # quietly: the same answer as ever
    has_comments = (
        ReaderComment.objects.filter(email_canonical=canonical, anonymised_at__isnull=True)
        .exclude(email="")
        .exists()
    )
    if has_comments:
        emails.queue_erasure_confirm(email)
        emails.send_soon()
    return True


def erase(email_canonical):
    """Take down and anonymise every comment of this mailbox; returns how many."""
    if not email_canonical:
        return 0
    comments = ReaderComment.objects.filter(
        email_canonical=email_canonical, anonymised_at__isnull=True
    )
    with transaction.atomic():
        for comment in comments.exclude(status=Status.DELETED):
            change_status(comment, Status.DELETED, ReaderComment.Reason.ERASED)
        return anonymise(comments)


def blank_old_ip_hashes(now=None):
    """IP hashes are kept COMMENTS["IP_RETENTION_DAYS"]; returns comments changed."""
    cutoff = (now or timezone.now()) - datetime.timedelta(
        days=settings.COMMENTS["IP_RETENTION_DAYS"]
    )
    CommentReport.objects.filter(created_at__lt=cutoff, reporter_ip_hash__isnull=False).update(
        reporter_ip_hash=None
    )
    return (
        ReaderComment.objects.filter(created_at__lt=cutoff)
        .exclude(ip_hash="", ip_prefix_hash="")
        .update(ip_hash="", ip_prefix_hash="")
    )


def purge_unwanted(now=None):
    """Spam, rejected and author-deleted comments go after COMMENTS["PURGE_SPAM_DAYS"].

    Deleted outright unless they have replies (a delete would take the
    replies with it): those are anonymised. Returns (deleted, anonymised).
    """
    cutoff = (now or timezone.now()) - datetime.timedelta(days=settings.COMMENTS["PURGE_SPAM_DAYS"])
    old = ReaderComment.objects.filter(
        status__in=[Status.SPAM, Status.REJECTED, Status.DELETED], status_changed_at__lt=cutoff
    ).annotate(has_replies=Exists(ReaderComment.objects.filter(parent=OuterRef("pk"))))
    anonymised = anonymise(old.filter(has_replies=True))
    deleted_ids = list(old.filter(has_replies=False).values_list("pk", flat=True))
    ReaderComment.objects.filter(pk__in=deleted_ids).delete()
    return len(deleted_ids), anonymised


def housekeeping(now=None):
    """Both retention limits at once, for the daily task and command."""
    now = now or timezone.now()
    deleted, anonymised = purge_unwanted(now)
    return {
        "ip_hashes_blanked": blank_old_ip_hashes(now),
        "deleted": deleted,
        "anonymised": anonymised,
    }
