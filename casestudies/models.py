from django.db import models

from grapple.models import (
    GraphQLCollection,
    GraphQLForeignKey,
    GraphQLImage,
    GraphQLStreamfield,
    GraphQLString,
)
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from cms.graphql.preview import PreviewableMixin
from cms.graphql.visibility import public_page_url
from comments.models import CommentablePageMixin
from core.blocks import FactBlock

from .blocks import CaseStudyStreamBlock, PartnerOrganisationBlock


class CaseStudyIndexPage(PreviewableMixin, Page):
    """Lists case studies; readers filter them by region, service and principle."""

    parent_page_types = ["home.HomePage"]
    subpage_types = ["casestudies.CaseStudyPage"]
    max_count_per_parent = 1

    intro = models.TextField(
        blank=True, help_text="A sentence or two above the list of case studies."
    )

    content_panels = Page.content_panels + [FieldPanel("intro")]
    graphql_fields = [GraphQLString("intro")]


class CaseStudyRelatedStory(Orderable):
    page = ParentalKey(
        "casestudies.CaseStudyPage",
        on_delete=models.CASCADE,
        related_name="related_stories",
    )
    story = models.ForeignKey(
        "stories.StoryPage",
        on_delete=models.CASCADE,
        related_name="+",
        help_text="A story about this council.",
    )

    panels = [FieldPanel("story")]


class CaseStudyPage(PreviewableMixin, CommentablePageMixin, Page):
    """A council that already keeps it local, and what came of it."""

    parent_page_types = ["casestudies.CaseStudyIndexPage"]
    subpage_types = []
    comments_setting_field = "comments_enabled_for_case_studies"

    local_authority = models.ForeignKey(
        "core.LocalAuthority",
        on_delete=models.PROTECT,
        related_name="case_studies",
        help_text="The council this case study is about.",
    )
    service_areas = ParentalManyToManyField(
        "core.ServiceArea",
        blank=True,
        related_name="case_studies",
        help_text="The services involved.",
    )
    principles = ParentalManyToManyField(
        "core.Principle",
        blank=True,
        related_name="case_studies",
        help_text="Which of the six principles it shows.",
    )
    summary = models.TextField(
        max_length=400,
        help_text="What the council did, in two sentences, for listings.",
    )
    hero_image = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Landscape, at least 1600 px wide.",
    )
    body = StreamField(
        CaseStudyStreamBlock(),
        blank=True,
        help_text="The full story of the case study.",
    )
    outcomes = StreamField(
        [("fact", FactBlock())],
        blank=True,
        help_text="Headline results as figure and label pairs.",
    )
    partner_organisations = StreamField(
        [("organisation", PartnerOrganisationBlock())],
        blank=True,
        help_text="Local organisations that deliver the work.",
    )

    content_panels = Page.content_panels + [
        MultiFieldPanel(
            [
                FieldPanel("local_authority"),
                FieldPanel("service_areas"),
                FieldPanel("principles"),
            ],
            heading="Council and themes",
        ),
        MultiFieldPanel([FieldPanel("summary"), FieldPanel("hero_image")], heading="Teaser"),
        FieldPanel("body"),
        FieldPanel("outcomes"),
        FieldPanel("partner_organisations"),
        InlinePanel("related_stories", heading="Related stories", label="Story"),
    ]
    settings_panels = Page.settings_panels + CommentablePageMixin.comments_panels
    search_fields = Page.search_fields + [
        index.SearchField("summary"),
        index.SearchField("body"),
        index.RelatedFields("local_authority", [index.SearchField("name")]),
    ]
    graphql_fields = [
        GraphQLForeignKey("local_authority", "core.LocalAuthority", required=True),
        GraphQLCollection(GraphQLForeignKey, "service_areas", "core.ServiceArea", required=True),
        GraphQLCollection(GraphQLForeignKey, "principles", "core.Principle", required=True),
        GraphQLString("summary", required=True),
        GraphQLImage("hero_image"),
        GraphQLStreamfield("body"),
        GraphQLStreamfield("outcomes"),
        GraphQLStreamfield("partner_organisations"),
        GraphQLForeignKey("related_story_pages", "stories.StoryPage", is_list=True, required=True),
        *CommentablePageMixin.comments_graphql_fields,
    ]

    class Meta:
        verbose_name = "case study"
        verbose_name_plural = "case studies"

    def related_story_pages(self, info, **kwargs):
        stories = [item.story for item in self.related_stories.select_related("story")]
        return [story for story in stories if public_page_url(story)]
