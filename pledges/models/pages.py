from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone

from grapple.models import (
    GraphQLBoolean,
    GraphQLCollection,
    GraphQLField,
    GraphQLFloat,
    GraphQLForeignKey,
    GraphQLImage,
    GraphQLInt,
    GraphQLRichText,
    GraphQLString,
)
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index

from cms.graphql.preview import PreviewableMixin
from core.blocks import RICH_TEXT_FEATURES


def _counts_type():
    from pledges.schema import SignatureCounts

    return SignatureCounts


class PledgeIndexPage(PreviewableMixin, Page):
    """Optional folder for pledges when there are more than a couple."""

    parent_page_types = ["home.HomePage"]
    subpage_types = ["pledges.PledgePage"]
    max_count_per_parent = 1

    intro = models.TextField(blank=True, help_text="A sentence or two above the list of pledges.")

    content_panels = Page.content_panels + [FieldPanel("intro")]
    graphql_fields = [GraphQLString("intro")]


class PledgePage(PreviewableMixin, Page):
    """A pledge people and councils sign; signing arrives with the Signature model."""

    parent_page_types = ["home.HomePage", "pledges.PledgeIndexPage"]
    subpage_types = []

    summary = models.TextField(
        max_length=300,
        help_text="Why to sign, in a sentence or two, for listings and shares.",
    )
    hero_image = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Landscape, at least 1600 px wide.",
    )
    statement = RichTextField(
        features=RICH_TEXT_FEATURES,
        help_text="The words signers commit to, shown in full beside the form.",
    )
    principles = ParentalManyToManyField(
        "core.Principle",
        blank=True,
        related_name="pledges",
        help_text="The principles signers endorse.",
    )
    allow_councils = models.BooleanField(
        default=False, help_text="Councils may sign (staff verify each one)."
    )
    allow_organisations = models.BooleanField(default=True, help_text="Organisations may sign.")
    allow_individuals = models.BooleanField(default=True, help_text="Individuals may sign.")
    goal = models.PositiveIntegerField(
        default=100,
        help_text="The number to aim for. Reaching it does not close the pledge; raise it any time.",
    )
    count_shown_from = models.PositiveIntegerField(
        "show the count from",
        default=10,
        help_text="Hide the count and progress bar, here and on partners' widgets, until this "
        "many signatures count, so that no one is greeted by '0 signatures'.",
    )
    opens_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text="Leave empty to open as soon as it is published.",
    )
    closes_at = models.DateTimeField(
        null=True, blank=True, help_text="Leave empty to keep it open."
    )
    thank_you_text = RichTextField(
        features=["bold", "italic", "link"],
        help_text="Shown after signing, before the email is confirmed.",
    )

    content_panels = Page.content_panels + [
        MultiFieldPanel([FieldPanel("summary"), FieldPanel("hero_image")], heading="Teaser"),
        MultiFieldPanel([FieldPanel("statement"), FieldPanel("principles")], heading="The pledge"),
        MultiFieldPanel(
            [
                FieldRowPanel(
                    [
                        FieldPanel("allow_councils"),
                        FieldPanel("allow_organisations"),
                        FieldPanel("allow_individuals"),
                    ]
                ),
                FieldRowPanel([FieldPanel("goal"), FieldPanel("count_shown_from")]),
                FieldRowPanel([FieldPanel("opens_at"), FieldPanel("closes_at")]),
            ],
            heading="Who signs, and when",
        ),
        MultiFieldPanel([FieldPanel("thank_you_text")], heading="After signing"),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("summary"),
        index.SearchField("statement"),
    ]
    graphql_fields = [
        GraphQLString("summary", required=True),
        GraphQLImage("hero_image"),
        GraphQLRichText("statement", required=True),
        GraphQLCollection(GraphQLForeignKey, "principles", "core.Principle", required=True),
        GraphQLCollection(GraphQLString, "signer_types", source="signer_types", required=True),
        GraphQLInt("goal", required=True),
        GraphQLString("opens_at"),
        GraphQLString("closes_at"),
        GraphQLBoolean("is_open", source="is_open", required=True),
        GraphQLRichText("thank_you_text", required=True),
        GraphQLField("signature_counts", _counts_type, required=True),
        GraphQLFloat("progress", source="progress", required=True),
        GraphQLBoolean("show_signature_count", source="show_signature_count", required=True),
        GraphQLString("form_token", source="form_token", required=True),
    ]

    class Meta:
        verbose_name = "pledge"

    def clean(self):
        super().clean()
        if self.opens_at and self.closes_at and self.closes_at <= self.opens_at:
            raise ValidationError({"closes_at": "The pledge must close after it opens."})
        if not (self.allow_councils or self.allow_organisations or self.allow_individuals):
            raise ValidationError({"allow_individuals": "Let at least one kind of signer sign."})
        # Partners' widget code names a pledge by its slug, so it must name one pledge.
        if PledgePage.objects.filter(slug=self.slug).exclude(pk=self.pk).exists():
            raise ValidationError(
                {"slug": "Another pledge uses this slug; partners' widgets need it to be unique."}
            )

    def signer_types(self, info=None, **kwargs):
        kinds = [
            ("council", self.allow_councils),
            ("organisation", self.allow_organisations),
        ]
        kinds.append(("individual", self.allow_individuals))
        return [kind for kind, allowed in kinds if allowed]

    def signature_counts(self, info=None, **kwargs):
        from pledges.counts import signature_counts

        return signature_counts(self.pk)

    def progress(self, info=None, **kwargs):
        """Share of the goal reached, 0 to 1 and beyond: the goal is not a cap."""
        return self.signature_counts()["total"] / self.goal if self.goal else 0.0

    def show_signature_count(self, info=None, **kwargs):
        """False until enough signatures count: a small number discourages signers."""
        return self.signature_counts()["total"] >= max(self.count_shown_from, 1)

    def form_token(self, info=None, **kwargs):
        """Sent back with a signature: shows how long the form took to fill in."""
        from pledges.forms import form_token

        return form_token(self.pk)

    def is_open(self, info=None, **kwargs):
        now = timezone.now()
        if self.opens_at and now < self.opens_at:
            return False
        return not (self.closes_at and now >= self.closes_at)
