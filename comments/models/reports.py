from django.db import models
from django.utils import timezone


class CommentReport(models.Model):
    """A reader flagging an approved comment; enough of them send it back to review.

    One report per comment per hashed IP. The hash is nulled (not blanked)
    after the retention period so old reports do not collide in the unique
    constraint.
    """

    class Reason(models.TextChoices):
        SPAM = "spam", "Spam"
        ABUSE = "abuse", "Abusive or hateful"
        OFF_TOPIC = "off_topic", "Off topic"
        PERSONAL_INFO = "personal_info", "Shares personal information"
        OTHER = "other", "Something else"

    comment = models.ForeignKey(
        "comments.ReaderComment", on_delete=models.CASCADE, related_name="reports"
    )
    reason = models.CharField(max_length=16, choices=Reason.choices)
    detail = models.TextField(max_length=1000, blank=True)
    reporter_ip_hash = models.CharField(max_length=32, null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    resolved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["comment", "reporter_ip_hash"], name="comment_report_once_per_ip"
            )
        ]
        indexes = [models.Index(fields=["resolved_at", "created_at"], name="comment_report_open")]
        verbose_name = "comment report"

    def __str__(self):
        return f"{self.get_reason_display()} on comment {self.comment_id}"
