"""Claim, send and mark outbox rows; the one send path for the sender and for dev.

At-least-once with the window kept to one email: a row is marked sent in its
own statement right after the SMTP server accepts it, so a sender killed
between the two resends only the email that was in flight.
"""

import contextlib
import dataclasses
import datetime
import logging
import smtplib
import uuid
from collections.abc import Callable

from django.conf import settings
from django.core.mail import get_connection
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

logger = logging.getLogger("core.outbox")

# Refusals of one message: retried later with backoff, counted as attempts.
# Every other OSError (SMTPException included) means the server or the way to
# it is down: the rows go back untouched, so an outage never uses attempts up.
MESSAGE_ERRORS = (smtplib.SMTPRecipientsRefused, smtplib.SMTPSenderRefused, smtplib.SMTPDataError)


class MailServerDown(Exception):
    """The mail server cannot be reached; what was claimed has been released."""


@dataclasses.dataclass(frozen=True)
class Source:
    """One app's outbox: its model and how a row becomes a message."""

    name: str
    model: type
    build_message: Callable  # (row, connection) -> EmailMessage
    still_wanted: Callable = lambda row: True  # False: the row is deleted unsent
    related: tuple = ()
    before_drain: Callable | None = None  # (now): queue what is due (digests)


@dataclasses.dataclass
class Result:
    sent: int = 0
    dropped: int = 0
    failed: int = 0

    def __iadd__(self, other):
        self.sent += other.sent
        self.dropped += other.dropped
        self.failed += other.failed
        return self

    def as_tuple(self):
        return self.sent, self.dropped, self.failed


_sources = {}


def register(source):
    _sources[source.name] = source
    return source


def sources():
    """Registered sources, in registration order (pledges' confirm emails first)."""
    return list(_sources.values())


def _config():
    return settings.EMAIL_OUTBOX


def backoff(attempts):
    """Wait before the next try after `attempts` refusals: base, 2x, 4x ... at most a day."""
    seconds = _config()["BACKOFF_SECONDS"] * 2 ** max(attempts - 1, 0)
    return datetime.timedelta(seconds=min(seconds, 24 * 60 * 60))


def _claimable(now):
    return Q(
        sent_at__isnull=True,
        attempts__lt=_config()["MAX_ATTEMPTS"],
        next_attempt_at__lte=now,
    ) & (Q(claimed_until__isnull=True) | Q(claimed_until__lt=now))


def claim(source, now, limit, ids=None):
    """Lease up to `limit` due rows to this call; returns them, oldest due first.

    On PostgreSQL the rows are locked with SKIP LOCKED so a second sender
    takes the next ones instead of waiting; everywhere, the conditional
    UPDATE is what makes the lease exclusive (SQLite serialises writers).
    """
    model = source.model
    token = uuid.uuid4().hex
    lease = now + datetime.timedelta(seconds=_config()["LEASE_SECONDS"])
    with transaction.atomic():
        due = model.objects.select_for_update(skip_locked=True).filter(_claimable(now))
        if ids is not None:
            due = due.filter(pk__in=ids)
        pks = list(due.order_by("next_attempt_at", "pk").values_list("pk", flat=True)[:limit])
        if not pks:
            return []
        model.objects.filter(_claimable(now), pk__in=pks).update(
            claimed_until=lease, claimed_by=token, attempts=F("attempts") + 1
        )
    rows = model.objects.filter(pk__in=pks, claimed_by=token).select_related(*source.related)
    return list(rows.order_by("next_attempt_at", "pk"))


def _release(source, rows, error):
    """Give rows back after an outage, as if never tried."""
    source.model.objects.filter(pk__in=[row.pk for row in rows], sent_at__isnull=True).update(
        claimed_until=None,
        claimed_by="",
        attempts=F("attempts") - 1,
        last_error=str(error)[:300],
    )


def _refused(source, row, error, now):
    logger.warning("Email %s %s refused: %s", source.name, row.pk, error)
    source.model.objects.filter(pk=row.pk).update(
        claimed_until=None,
        claimed_by="",
        last_error=str(error)[:300],
        next_attempt_at=now + backoff(row.attempts),
    )


def _send_one(source, row, connection):
    """Send and mark one row; raises MESSAGE_ERRORS for a refusal, OSError for an outage."""
    message = source.build_message(row, connection)
    if not connection.send_messages([message]):
        raise smtplib.SMTPRecipientsRefused(dict.fromkeys(message.to, (550, b"no recipient")))
    source.model.objects.filter(pk=row.pk).update(
        sent_at=timezone.now(), claimed_until=None, claimed_by="", last_error=""
    )


def send_rows(source, rows, mailer):
    """Send claimed rows over the mailer's connection; an outage releases the rest."""
    result = Result()
    for index, row in enumerate(rows):
        if not source.still_wanted(row):
            source.model.objects.filter(pk=row.pk).delete()
            result.dropped += 1
            continue
        try:
            _send_one(source, row, mailer.connection())
        except MESSAGE_ERRORS as error:
            _refused(source, row, error, timezone.now())
            result.failed += 1
        except OSError as error:
            _release(source, rows[index:], error)
            mailer.close()
            raise MailServerDown(str(error)) from error
        except Exception as error:  # noqa: BLE001 - a broken row must not stop the others
            logger.exception("Email %s %s could not be built", source.name, row.pk)
            _refused(source, row, error, timezone.now())
            result.failed += 1
        else:
            result.sent += 1
    return result


class Mailer:
    """One SMTP connection, opened on first use and reused until closed."""

    def __init__(self):
        self._connection = None

    def connection(self):
        if self._connection is None:
            connection = get_connection(fail_silently=False)
            connection.open()
            self._connection = connection
        return self._connection

    @property
    def is_open(self):
        return self._connection is not None

    def close(self):
        connection, self._connection = self._connection, None
        if connection is not None:
            # Closing a dead connection may fail too; it is gone either way.
            with contextlib.suppress(Exception):
                connection.close()


def drain(source, mailer=None, now=None, ids=None, hooks=True):
    """Send one batch of what `source` owes (only `ids` if given); raises MailServerDown."""
    now = now or timezone.now()
    if hooks and source.before_drain is not None and ids is None:
        source.before_drain(now)
        now = max(now, timezone.now())  # what the hook just queued is due too
    rows = claim(source, now, _config()["BATCH_SIZE"], ids)
    if not rows:
        return Result()
    own = mailer is None
    mailer = mailer or Mailer()
    try:
        return send_rows(source, rows, mailer)
    finally:
        if own:
            mailer.close()


def send_now(source, ids=None):
    """Send at once, for dev and tests; failures are logged and the rows wait."""
    try:
        drain(source, ids=ids)
    except MailServerDown as error:
        logger.warning("Mail server down; %s emails wait in the outbox: %s", source.name, error)
    except Exception:  # noqa: BLE001 - the change is committed; the outbox keeps the email
        logger.exception(
            "Sending %s emails after commit failed; they wait in the outbox", source.name
        )


def send_after_commit(source, ids=None):
    """In dev and tests, send at once after commit; in production the sender does it."""
    if _config()["SEND_ON_COMMIT"]:
        transaction.on_commit(lambda: send_now(source, ids))


def retry_failed(source):
    """Make every unsent row due now, given-up ones included; returns how many."""
    now = timezone.now()
    idle = Q(claimed_until__isnull=True) | Q(claimed_until__lt=now)
    return source.model.objects.filter(idle, sent_at__isnull=True).update(
        attempts=0, next_attempt_at=now, claimed_until=None, claimed_by=""
    )
