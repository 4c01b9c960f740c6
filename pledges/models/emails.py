from django.db import models

from core.outbox import OutboxEmail


class EmailDelivery(OutboxEmail):
    """An email owed to a signer: stored before sending, so a failure is retried.

    No more than `PLEDGES["MAX_EMAILS_PER_SIGNATURE"]` are ever created for one
    signature, which caps what anyone can make us send to an address.
    """

    class Kind(models.TextChoices):
        CONFIRM = "confirm", "Confirm your signature"
        ALREADY_SIGNED = "already-signed", "You have already signed"
        COUNCIL_VERIFIED = "council-verified", "Council verified"
        COUNCIL_REJECTED = "council-rejected", "Council not verified"

    signature = models.ForeignKey(
        "pledges.Signature", on_delete=models.CASCADE, related_name="emails"
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)

    class Meta:
        ordering = ["-created_at"]
        # Only unsent rows, by when they are due: what the sender scans.
        indexes = [
            models.Index(
                fields=["next_attempt_at"],
                condition=models.Q(sent_at__isnull=True),
                name="email_outbox_due",
            )
        ]
        verbose_name_plural = "email deliveries"

    def __str__(self):
        return f"{self.get_kind_display()} to signature {self.signature_id}"
