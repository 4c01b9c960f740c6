from django.conf import settings
from django.db import models

from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField

from .rules import BlockRule


# Callables rather than literals so a new site starts from the operator's
# environment (COMMENT_HOLD_LINKS, COMMENT_REPORT_THRESHOLD).
def default_hold_links():
    return settings.COMMENTS["HOLD_LINKS"]


def default_report_threshold():
    return settings.COMMENTS["REPORT_THRESHOLD"]


@register_setting(icon="comment")
class CommentSettings(BaseSiteSetting):
    """Where reader comments are open, and the moderation thresholds editors tune."""

    comments_enabled_for_stories = models.BooleanField(
        default=True, help_text="Untick to close comments on every story."
    )
    comments_enabled_for_case_studies = models.BooleanField(
        default=False, help_text="Tick to open comments on case studies."
    )
    close_after_days = models.PositiveIntegerField(
        null=True,
        blank=True,
        help_text="Close comments this many days after a page is first published; blank for never.",
    )
    policy = RichTextField(
        features=["bold", "italic", "link"],
        blank=True,
        help_text="The comment policy shown beside the comment form.",
    )
    hold_links = models.PositiveSmallIntegerField(
        default=default_hold_links,
        help_text="Hold a comment for moderation when it has this many links or more.",
    )
    report_threshold = models.PositiveSmallIntegerField(
        default=default_report_threshold,
        help_text="Send a published comment back to moderation after this many reader reports.",
    )
    ban_days = models.PositiveIntegerField(
        null=True,
        blank=True,
        default=30,
        help_text="How long a ban from the moderation queue lasts, in days; blank for forever.",
    )
    ban_action = models.CharField(
        max_length=10,
        choices=BlockRule.Action.choices,
        default=BlockRule.Action.REJECT,
        help_text="What a ban from the moderation queue does to the banned person's next comments.",
    )

    panels = [
        MultiFieldPanel(
            [
                FieldPanel("comments_enabled_for_stories"),
                FieldPanel("comments_enabled_for_case_studies"),
                FieldPanel("close_after_days"),
            ],
            heading="Where comments are open",
        ),
        FieldPanel("policy"),
        MultiFieldPanel(
            [FieldPanel("hold_links"), FieldPanel("report_threshold")],
            heading="Moderation",
        ),
        MultiFieldPanel([FieldPanel("ban_days"), FieldPanel("ban_action")], heading="Bans"),
    ]

    class Meta:
        verbose_name = "comment settings"
