import datetime
from typing import NamedTuple

from django.db import models
from django.utils import timezone
from django.utils.translation import ngettext

from grapple.models import GraphQLInt
from wagtail.admin.panels import FieldPanel, MultiFieldPanel


class CommentState(NamedTuple):
    """Whether a page takes new comments; closed threads still show their comments."""

    open: bool
    reason: str  # one of CommentState.REASONS
    message: str  # for readers; "" when open

    REASONS = ("open", "page_type", "page", "expired")


class CommentablePageMixin(models.Model):
    """Per-page comment switches for a page type that takes reader comments.

    The page type names its on/off switch in `CommentSettings` through
    `comments_setting_field`. Nothing here is in the GraphQL schema: the
    comments API reports the state through its own query.
    """

    comments_setting_field = ""

    comments_open = models.BooleanField(
        default=True,
        help_text="Untick to stop new comments on this page; published comments stay visible.",
    )
    comments_closed_reason = models.CharField(
        max_length=200,
        blank=True,
        help_text="Shown to readers when you close comments here, e.g. 'Comments are closed while the case is in court.'",
    )

    comments_panels = [
        MultiFieldPanel(
            [FieldPanel("comments_open"), FieldPanel("comments_closed_reason")],
            heading="Comments",
        )
    ]

    # Page types add these to their `graphql_fields`; the comments themselves
    # come from the comments API's own queries.
    comments_graphql_fields = [
        GraphQLInt(
            "comment_count",
            source="approved_comment_count",
            required=True,
            description="Published reader comments on this page, replies included.",
        )
    ]

    class Meta:
        abstract = True

    def approved_comment_count(self, info=None, **kwargs):
        """`commentCount` in the API: listings annotate it (comments.counts) to save a query each."""
        from ..counts import approved_count

        return approved_count(self)

    def comments_state(self, comment_settings=None, now=None):
        """Open or closed, why (a stable code) and what to tell readers.

        Checked in order: the page type's switch in the site's comment settings,
        this page's own switch, then auto-closing `close_after_days` after first
        publication (a never-published page, e.g. in preview, counts as new).
        Pass `comment_settings` when you already have them to save a query.
        """
        from .settings import CommentSettings

        if comment_settings is None:
            site = self.get_site()
            comment_settings = CommentSettings.for_site(site) if site else CommentSettings()
        if not getattr(comment_settings, self.comments_setting_field, False):
            plural = self._meta.verbose_name_plural
            return CommentState(False, "page_type", f"Comments are not open on {plural}.")
        if not self.comments_open:
            message = self.comments_closed_reason or "Comments are closed on this page."
            return CommentState(False, "page", message)
        days = comment_settings.close_after_days
        if days is not None and self.first_published_at:
            closes_at = self.first_published_at + datetime.timedelta(days=days)
            if (now or timezone.now()) >= closes_at:
                message = ngettext(
                    "Comments close %(days)d day after publication.",
                    "Comments close %(days)d days after publication.",
                    days,
                ) % {"days": days}
                return CommentState(False, "expired", message)
        return CommentState(True, "open", "")
