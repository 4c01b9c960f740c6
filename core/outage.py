"""What this process knows about an outside service being down.

Each backing service (the shared cache, the database) keeps one `Outage`. It
turns a stream of failures into one warning when the service goes away and one
when it answers again, so a dead Redis under load writes two log lines, not one
per request. While down, `should_skip()` tells callers not to try again before
`retry_seconds` have passed, so that not every request waits out a timeout.
"""

import logging
import threading
import time

logger = logging.getLogger("core.outage")


class Outage:
    def __init__(self, service, retry_seconds=0.0):
        self.service = service
        self.retry_seconds = retry_seconds
        self.down = False
        self._since = 0.0
        self._retry_at = 0.0
        self._lock = threading.Lock()

    def should_skip(self):
        return self.down and time.monotonic() < self._retry_at

    def failed(self, error):
        now = time.monotonic()
        with self._lock:
            self._retry_at = now + self.retry_seconds
            if self.down:
                return
            self.down, self._since = True, now
        logger.warning("%s unreachable, degrading until it answers: %s", self.service, error)

    def answered(self):
        if not self.down:  # the common case costs no lock
            return
        with self._lock:
            if not self.down:
                return
            self.down = False
            seconds = time.monotonic() - self._since
        logger.warning("%s answers again after %.1f s", self.service, seconds)
