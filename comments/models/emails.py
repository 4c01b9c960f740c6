from django.db import models

from core.outbox import OutboxEmail


class CommentEmail(OutboxEmail):
    """An email owed about comments: stored before sending, so a failure is retried.

    Comments' own outbox, apart from pledges' `EmailDelivery` (which belongs to
    a signature). Only approved text may go into one. A row naming a comment
    exists at most once per kind and recipient, so a retried or repeated event
    cannot send the same email twice (`get_or_create` on those three fields).
    Rows die with their comment, so a purge or erasure leaves no address here.
    """

    class Kind(models.TextChoices):
        AUTHOR_APPROVED = "author_approved", "Your comment is published"
        REPLY = "reply", "New reply to your comment"
        MODERATOR_NEW = "moderator_new", "New comment to moderate"
        MODERATOR_DIGEST = "moderator_digest", "Comments waiting for moderation"
        NOTIFY_CONFIRM = "notify_confirm", "Confirm reply notifications"
        ERASURE_CONFIRM = "erasure_confirm", "Confirm erasing your comments"

    recipient = models.EmailField(max_length=254)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    comment = models.ForeignKey(
        "comments.ReaderComment",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="emails",
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "comment", "recipient"],
                condition=models.Q(comment__isnull=False),
                name="comment_email_once",
            )
        ]
        indexes = [
            models.Index(
                fields=["next_attempt_at"],
                condition=models.Q(sent_at__isnull=True),
                name="comment_email_due",
            ),
            models.Index(fields=["kind", "created_at"], name="comment_email_kind"),
        ]
        verbose_name = "comment email"

    def __str__(self):
        return f"{self.get_kind_display()} (comment {self.comment_id or '-'})"
