from django.conf import settings
from django.db import models
from django.utils import timezone

from .comments import ReaderComment


class CommentStatusChange(models.Model):
    """One step in a comment's life, written only by `comments.status`.

    The first row of a comment has an empty `from_status`: the pipeline's
    verdict when it was posted. A null `actor` means the pipeline or another
    automatic rule decided; otherwise the moderator who did.
    """

    comment = models.ForeignKey(
        "comments.ReaderComment", on_delete=models.CASCADE, related_name="status_changes"
    )
    from_status = models.CharField(max_length=10, choices=ReaderComment.Status.choices, blank=True)
    to_status = models.CharField(max_length=10, choices=ReaderComment.Status.choices)
    reason = models.CharField(max_length=20, choices=ReaderComment.Reason.choices)
    note = models.TextField(blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = "comment status change"

    def __str__(self):
        return f"{self.from_status or 'new'} → {self.to_status} ({self.reason})"
