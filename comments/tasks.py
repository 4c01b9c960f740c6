"""Background work for comments: the email outbox's source and housekeeping.

The emails are sent by `manage.py send_outbox` (core.outbox), which also
queues the moderators' digest when its window has passed; in dev and tests
they go at once after the change commits. `send_comment_emails` drains one
batch by hand.
"""

from django_tasks import task

from core import outbox

from . import emails, privacy
from .models import CommentEmail

OUTBOX = outbox.Source(
    name="comments",
    model=CommentEmail,
    build_message=emails.build_message,
    still_wanted=emails.still_wanted,
    related=("comment__page", "comment__parent"),
    before_drain=emails.queue_moderator_digest,
)


def drain(now=None):
    """Send one batch of what is owed over one connection; returns (sent, dropped, failed).

    An unreachable mail server leaves every row waiting, untouched.
    """
    try:
        return outbox.drain(OUTBOX, now=now).as_tuple()
    except outbox.MailServerDown:
        return 0, 0, 0


@task()
def send_comment_emails():
    sent, dropped, failed = drain()
    return {"sent": sent, "dropped": dropped, "failed": failed}


@task()
def comment_housekeeping():
    return privacy.housekeeping()
