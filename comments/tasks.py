"""Background work for comments: the email outbox and housekeeping, as django-tasks tasks.

`send_comment_emails` is enqueued whenever something is owed and should also
run every few minutes (cron or a scheduler), which retries failures and
sends the moderators' digest when its window has passed.
"""

import datetime
import logging

from django.core.mail import get_connection
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from django_tasks import task

from . import emails, privacy
from .models import CommentEmail

logger = logging.getLogger("comments.emails")

BATCH_SIZE = 100
# Wait before attempt n+1, by attempts made so far; after the last, give up.
BACKOFF = [datetime.timedelta(minutes=minutes) for minutes in (0, 1, 5, 30, 120)]
MAX_ATTEMPTS = len(BACKOFF)


def _due(row, now):
    # A first attempt is always due; a retry waits its turn, counted from when it was owed.
    return row.attempts == 0 or now - row.created_at >= BACKOFF[row.attempts]


def _claim(now):
    """Take a batch of due rows, counting the attempt first so no other worker takes them too."""
    with transaction.atomic():
        candidates = (
            CommentEmail.objects.select_for_update(skip_locked=True)
            .filter(sent_at__isnull=True, attempts__lt=MAX_ATTEMPTS)
            .order_by("created_at", "pk")[: BATCH_SIZE * 2]
        )
        rows = [row for row in candidates if _due(row, now)][:BATCH_SIZE]
        CommentEmail.objects.filter(pk__in=[row.pk for row in rows]).update(
            attempts=F("attempts") + 1
        )
    ids = [row.pk for row in rows]
    return list(
        CommentEmail.objects.filter(pk__in=ids)
        .select_related("comment__page", "comment__parent")
        .order_by("created_at", "pk")
    )


def drain(now=None):
    """Send what is owed over one connection; returns (sent, dropped, failed)."""
    now = now or timezone.now()
    emails.queue_moderator_digest(now)
    rows = _claim(now)
    sent = dropped = failed = 0
    if not rows:
        return sent, dropped, failed
    connection = get_connection()
    try:
        connection.open()
    except Exception as error:  # noqa: BLE001 - the mail server is down: every row waits
        logger.warning("Comment emails not sent, no connection: %s", error)
        CommentEmail.objects.filter(pk__in=[row.pk for row in rows]).update(
            last_error=str(error)[:300]
        )
        return sent, dropped, len(rows)
    try:
        for row in rows:
            if not emails.still_wanted(row):
                row.delete()
                dropped += 1
                continue
            try:
                emails.build_message(row, connection).send()
            except Exception as error:  # noqa: BLE001 - any transport failure is retried later
                logger.warning("Comment email %s failed: %s", row.pk, error)
                CommentEmail.objects.filter(pk=row.pk).update(last_error=str(error)[:300])
                failed += 1
                continue
            CommentEmail.objects.filter(pk=row.pk).update(sent_at=timezone.now(), last_error="")
            sent += 1
    finally:
        connection.close()
    return sent, dropped, failed


@task()
def send_comment_emails():
    sent, dropped, failed = drain()
    return {"sent": sent, "dropped": dropped, "failed": failed}


@task()
def comment_housekeeping():
    return privacy.housekeeping()
