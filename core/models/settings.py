from django.db import models

from grapple.helpers import register_streamfield_block
from grapple.models import (
    GraphQLImage,
    GraphQLRichText,
    GraphQLStreamfield,
    GraphQLString,
)
from wagtail import blocks
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField, StreamField

from cms.graphql.visibility import public_page_url

PLATFORMS = [
    ("bluesky", "Bluesky"),
    ("mastodon", "Mastodon"),
    ("linkedin", "LinkedIn"),
    ("instagram", "Instagram"),
    ("facebook", "Facebook"),
    ("youtube", "YouTube"),
    ("x", "X (Twitter)"),
]


class SocialLinkStructValue(blocks.StructValue):
    def label(self):
        """The network's name as people write it, e.g. 'LinkedIn'."""
        return dict(PLATFORMS).get(self.get("platform"), "")


@register_streamfield_block
class SocialLinkBlock(blocks.StructBlock):
    platform = blocks.ChoiceBlock(
        choices=PLATFORMS,
        help_text="Which network this is.",
    )
    url = blocks.URLBlock(help_text="The full address of the campaign's profile.")

    graphql_fields = [
        GraphQLString("platform", required=True),
        GraphQLString("label", source="platform_label", required=True),
        GraphQLString("url", required=True),
    ]

    def platform_label(self, info, values, **kwargs):
        return dict(PLATFORMS).get(values.get("platform"), "")

    class Meta:
        icon = "link"
        value_class = SocialLinkStructValue
        template = "core/blocks/social_link_block.html"
        description = "A link to one of the campaign's social profiles"
        preview_value = {"platform": "bluesky", "url": "https://bsky.app/"}


@register_setting(icon="site")
class SiteSettings(BaseSiteSetting):
    """Campaign-wide words and links the public site shows on every page."""

    campaign_name = models.CharField(
        max_length=80,
        default="Keep it Local",
        help_text="Shown in the header and page titles.",
    )
    tagline = models.CharField(
        max_length=160,
        blank=True,
        help_text="A short line under the name, e.g. 'Local services, local people'.",
    )
    social_links = StreamField(
        [("link", SocialLinkBlock())],
        blank=True,
        help_text="Shown in the footer, in this order.",
    )
    footer_text = RichTextField(
        features=["bold", "italic", "link"],
        blank=True,
        help_text="Charity details and a line about the campaign.",
    )
    privacy_notice_page = models.ForeignKey(
        "wagtailcore.Page",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Linked beside every form that collects personal data.",
    )
    default_share_image = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Used when a page has no image of its own; 1200×630 works best.",
    )

    panels = [
        MultiFieldPanel([FieldPanel("campaign_name"), FieldPanel("tagline")], heading="Identity"),
        MultiFieldPanel([FieldPanel("footer_text"), FieldPanel("social_links")], heading="Footer"),
        MultiFieldPanel(
            [FieldPanel("privacy_notice_page"), FieldPanel("default_share_image")],
            heading="Links and sharing",
        ),
    ]
    graphql_fields = [
        GraphQLString("campaign_name", required=True),
        GraphQLString("tagline"),
        GraphQLStreamfield("social_links"),
        GraphQLRichText("footer_text"),
        GraphQLString("privacy_notice_url", source="privacy_notice_url"),
        GraphQLImage("default_share_image"),
    ]

    class Meta:
        verbose_name = "site settings"

    def privacy_notice_url(self, info, **kwargs):
        return public_page_url(self.privacy_notice_page) if self.privacy_notice_page_id else None
