from django.db import models
from django.utils import timezone


class OutboxEmail(models.Model):
    """What every owed email row carries for the sender (see core.outbox.engine).

    `next_attempt_at` is when it is next due (backoff after a refusal);
    `claimed_until` and `claimed_by` are a sender's lease on it, so two
    senders never take the same row and a killed sender's rows come free when
    the lease runs out.
    """

    created_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.CharField(max_length=300, blank=True)
    next_attempt_at = models.DateTimeField(default=timezone.now)
    claimed_until = models.DateTimeField(null=True, blank=True)
    claimed_by = models.CharField(max_length=32, blank=True)

    class Meta:
        abstract = True

    @property
    def state(self):
        """For the admin: sent, waiting (retrying) or failed (given up)."""
        from django.conf import settings

        if self.sent_at:
            return "sent"
        if self.attempts >= settings.EMAIL_OUTBOX["MAX_ATTEMPTS"]:
            return "failed"
        return "retrying" if self.last_error else "waiting"
