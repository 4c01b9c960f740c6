from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone

from pledges.identity import canonical_email


class CommentQuerySet(models.QuerySet):
    def approved(self):
        return self.filter(status=ReaderComment.Status.APPROVED)

    def pending(self):
        return self.filter(status=ReaderComment.Status.PENDING)

    def for_page(self, page):
        """Comments on one page, given as a page or its id, oldest first."""
        page_id = getattr(page, "pk", page)
        return self.filter(page_id=page_id).order_by("created_at", "pk")

    def top_level(self):
        return self.filter(parent__isnull=True)


class ReaderComment(models.Model):
    """A reader's comment on a page, threaded up to `COMMENTS["MAX_DEPTH"]` deep.

    Not Wagtail's `Comment` (editors' notes on drafts): nothing here is shared
    with it. `body` is the sanitised plain text, and no HTML is stored: links
    are made clickable and paragraphs marked up when the comment is shown. One
    stored form means an edit, an anonymisation or a change to how links are
    rendered (their `rel`, say) never leaves a stale or unsafe HTML copy
    behind, and the only HTML a comment ever becomes comes from one renderer.

    Private: `email`, `email_canonical`, `ip_hash`, `ip_prefix_hash`, `user`
    and every status field except the fact of approval never leave through the
    API or public HTML. The user agent is not stored at all.
    """

    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        APPROVED = "approved", "Approved"
        REJECTED = "rejected", "Rejected"
        SPAM = "spam", "Spam"
        DELETED = "deleted", "Deleted"

    class Reason(models.TextChoices):
        """Why a comment has its status: set by the pipeline, a moderator or the author."""

        PASSED = "passed", "Passed every check"
        FIRST_TIME = "first_time", "First comment from this email"
        UNVERIFIED_EMAIL = "unverified_email", "Email not verified"
        LINKS = "links", "Too many links"
        BLOCK_RULE = "block_rule", "Matched a block rule"
        DUPLICATE = "duplicate", "Duplicate comment"
        REPORTS = "reports", "Reported by readers"
        MODERATOR = "moderator", "Moderator's decision"
        AUTHOR_EDITED = "author_edited", "Edited by the author"
        AUTHOR_DELETED = "author_deleted", "Deleted by the author"
        ERASED = "erased", "Erased at the author's request"

    page = models.ForeignKey(
        "wagtailcore.Page", on_delete=models.CASCADE, related_name="reader_comments"
    )
    # CASCADE would take a thread's replies with a purged parent; parents are
    # anonymised rather than deleted while they have replies.
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="replies"
    )
    depth = models.PositiveSmallIntegerField(default=1, editable=False)

    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    status_reason = models.CharField(max_length=20, choices=Reason.choices, blank=True)
    status_note = models.TextField(blank=True)

    name = models.CharField(max_length=80)
    email = models.EmailField(max_length=254, blank=True)
    email_canonical = models.CharField(max_length=254, blank=True, editable=False)
    website = models.URLField(max_length=300, blank=True)
    body = models.TextField()

    notify_replies = models.BooleanField(default=False)
    notify_confirmed_at = models.DateTimeField(null=True, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="reader_comments",
    )
    # True once the address was proven: the notify-confirm link was followed,
    # or the commenter signed in with a provider that verified it.
    email_verified = models.BooleanField(default=False)

    # Keyed hashes (pledges.identity.hash_ip / hash_ip_prefix); blanked after
    # COMMENTS["IP_RETENTION_DAYS"].
    ip_hash = models.CharField(max_length=32, blank=True)
    ip_prefix_hash = models.CharField(max_length=32, blank=True)

    created_at = models.DateTimeField(default=timezone.now)
    edited_at = models.DateTimeField(null=True, blank=True)
    approved_at = models.DateTimeField(null=True, blank=True)
    status_changed_at = models.DateTimeField(default=timezone.now)
    report_count = models.PositiveIntegerField(default=0)
    anonymised_at = models.DateTimeField(null=True, blank=True)

    objects = CommentQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "pk"]
        indexes = [
            models.Index(fields=["page", "status", "created_at"], name="comment_page_thread"),
            models.Index(fields=["status", "created_at"], name="comment_queue"),
            models.Index(fields=["email_canonical", "status"], name="comment_email_history"),
            models.Index(fields=["ip_hash"], name="comment_ip_hash"),
            models.Index(fields=["ip_prefix_hash"], name="comment_ip_prefix_hash"),
        ]
        constraints = [
            models.CheckConstraint(condition=models.Q(depth__gte=1), name="comment_depth_min"),
        ]
        verbose_name = "reader comment"
        # The one permission the admin's comment screens and moderator emails check.
        permissions = [("moderate_readercomment", "Can moderate reader comments")]

    def __str__(self):
        return f"{self.name} on page {self.page_id} ({self.status})"

    def save(self, *args, **kwargs):
        self.email_canonical = canonical_email(self.email) if self.email else ""
        self.depth = self.thread_depth()
        super().save(*args, **kwargs)

    def thread_depth(self):
        """1 for a top-level comment, one more than its parent for a reply.

        Refuses (ValidationError, code "max_depth" or "parent_other_page") a
        reply too deep or to another page's comment, so neither is ever stored
        whichever code path creates it.
        """
        if self.parent_id is None:
            return 1
        parent = self.parent
        if parent.page_id != self.page_id:
            raise ValidationError(
                "A reply must be on the same page as its parent.", code="parent_other_page"
            )
        depth = parent.depth + 1
        if depth > settings.COMMENTS["MAX_DEPTH"]:
            raise ValidationError("This thread cannot go any deeper.", code="max_depth")
        return depth

    @property
    def is_approved(self):
        return self.status == self.Status.APPROVED
