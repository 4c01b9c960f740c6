"""The long-running sender behind `manage.py send_outbox`.

It drains every registered source over one SMTP connection, keeps that
connection while work keeps coming, and polls when idle. An unreachable mail
server or database is one warning per outage and a growing pause (up to
`MAX_PAUSE`), never a crash: the rows wait in the database.
"""

import logging
import threading
import time

from django.conf import settings
from django.db import DatabaseError, close_old_connections, connection
from django.utils import timezone

from .engine import Mailer, MailServerDown, Result, drain, sources

logger = logging.getLogger("core.outbox")

MAX_PAUSE = 30.0
# Close a connection left idle this long: mail servers drop idle clients
# (RFC 5321 allows five minutes) and a dropped one fails the next send.
IDLE_CLOSE_SECONDS = 20.0
# The digest check queries; it need not run on every half-second poll.
HOOK_SECONDS = 30.0


class Sender:
    def __init__(self, stop=None):
        self.stop = stop or threading.Event()
        self.mailer = Mailer()
        self.outage = None  # what is down ("mail", "database") while it is
        self.failures = 0
        self.last_work = time.monotonic()
        self.last_hooks = 0.0

    def cycle(self):
        """One pass over every source; returns what it did, batch-full or not."""
        now = timezone.now()
        hooks_due = time.monotonic() - self.last_hooks >= HOOK_SECONDS
        total, full = Result(), False
        for source in sources():
            result = drain(source, mailer=self.mailer, now=now, hooks=hooks_due)
            total += result
            full |= sum(result.as_tuple()) >= settings.EMAIL_OUTBOX["BATCH_SIZE"]
        if hooks_due:
            self.last_hooks = time.monotonic()
        return total, full

    def _recovered(self):
        if self.outage:
            logger.warning(
                "The %s is back after %d failed tries; sending again", self.outage, self.failures
            )
        self.outage, self.failures = None, 0

    def _failed(self, what, error):
        if self.outage != what:
            logger.warning("The %s is unreachable; emails wait in the outbox: %s", what, error)
        self.outage = what
        self.failures += 1
        self.mailer.close()
        poll = settings.EMAIL_OUTBOX["POLL_SECONDS"]
        return min(poll * 2**self.failures, MAX_PAUSE)

    def step(self):
        """Run one cycle; returns how long to wait before the next."""
        # As a request would: drop a broken or expired database connection, so the
        # sender recovers when the database returns (never inside a test's transaction).
        if not connection.in_atomic_block:
            close_old_connections()
        poll = settings.EMAIL_OUTBOX["POLL_SECONDS"]
        try:
            result, full = self.cycle()
        except MailServerDown as error:
            return self._failed("mail server", error)
        except DatabaseError as error:
            return self._failed("database", error)
        except Exception:  # noqa: BLE001 - a bug must not stop the mail; say so and go on
            logger.exception("The email outbox cycle failed; trying again")
            self.mailer.close()
            return MAX_PAUSE
        self._recovered()
        if sum(result.as_tuple()):
            self.last_work = time.monotonic()
        elif self.mailer.is_open and time.monotonic() - self.last_work > IDLE_CLOSE_SECONDS:
            self.mailer.close()
        return 0 if full else poll

    def run(self, once=False):
        total = Result()
        try:
            while not self.stop.is_set():
                if once:
                    result, full = self.cycle()
                    total += result
                    if not full:
                        break
                    continue
                pause = self.step()
                if pause:
                    self.stop.wait(pause)
        finally:
            self.mailer.close()
        return total
