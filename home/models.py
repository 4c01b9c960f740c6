from django.db import models

from grapple.models import GraphQLForeignKey, GraphQLImage, GraphQLStreamfield, GraphQLString
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, MultiFieldPanel, MultipleChooserPanel
from wagtail.fields import StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from cms.graphql.preview import PreviewableMixin
from cms.graphql.visibility import public_page_url

from .blocks import StandardStreamBlock


class HomePageFeaturedStory(Orderable):
    page = ParentalKey("home.HomePage", on_delete=models.CASCADE, related_name="featured_stories")
    story = models.ForeignKey(
        "stories.StoryPage",
        on_delete=models.CASCADE,
        related_name="+",
        help_text="A story to feature.",
    )

    panels = [FieldPanel("story")]


class HomePage(PreviewableMixin, Page):
    """The campaign's front page; there is only one."""

    max_count = 1
    parent_page_types = ["wagtailcore.Page"]
    subpage_types = [
        "stories.StoryIndexPage",
        "casestudies.CaseStudyIndexPage",
        "pledges.PledgePage",
        "pledges.PledgeIndexPage",
        "home.StandardPage",
    ]

    hero_heading = models.CharField(
        max_length=120, help_text="The big line at the top, e.g. 'Keep it Local'."
    )
    hero_text = models.TextField(blank=True, help_text="One or two sentences under the heading.")
    hero_image = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Wide image behind or beside the heading.",
    )
    intro = models.TextField(
        blank=True,
        help_text="What the campaign asks of councils, in a short paragraph.",
    )
    featured_pledge = models.ForeignKey(
        "pledges.PledgePage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The pledge promoted on the home page.",
    )
    cta_heading = models.CharField(
        max_length=120, blank=True, help_text="Heading of the closing call to action."
    )
    cta_text = models.TextField(blank=True, help_text="A sentence that makes the ask.")
    cta_page = models.ForeignKey(
        "wagtailcore.Page",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Where the call-to-action button goes.",
    )
    cta_link_text = models.CharField(
        max_length=60, blank=True, help_text="Button label, e.g. 'Join the network'."
    )

    content_panels = Page.content_panels + [
        MultiFieldPanel(
            [
                FieldPanel("hero_heading"),
                FieldPanel("hero_text"),
                FieldPanel("hero_image"),
            ],
            heading="Hero",
        ),
        FieldPanel("intro"),
        MultipleChooserPanel(
            "featured_stories", chooser_field_name="story", heading="Featured stories"
        ),
        FieldPanel("featured_pledge"),
        MultiFieldPanel(
            [
                FieldPanel("cta_heading"),
                FieldPanel("cta_text"),
                FieldPanel("cta_page"),
                FieldPanel("cta_link_text"),
            ],
            heading="Call to action",
        ),
    ]
    graphql_fields = [
        GraphQLString("hero_heading", required=True),
        GraphQLString("hero_text"),
        GraphQLImage("hero_image"),
        GraphQLString("intro"),
        GraphQLForeignKey("featured_story_pages", "stories.StoryPage", is_list=True, required=True),
        GraphQLForeignKey("featured_pledge_page", "pledges.PledgePage"),
        GraphQLString("cta_heading"),
        GraphQLString("cta_text"),
        GraphQLString("cta_url", source="cta_url"),
        GraphQLString("cta_link_text"),
    ]

    def featured_story_pages(self, info, **kwargs):
        # Chosen stories that have since been unpublished drop out quietly.
        stories = [item.story for item in self.featured_stories.select_related("story")]
        return [story for story in stories if public_page_url(story)]

    def featured_pledge_page(self, info, **kwargs):
        pledge = self.featured_pledge
        return pledge if pledge is not None and public_page_url(pledge) else None

    def cta_url(self, info, **kwargs):
        return public_page_url(self.cta_page) if self.cta_page_id else None


class StandardPage(PreviewableMixin, Page):
    """A plain content page: about the campaign, the privacy notice, policies."""

    parent_page_types = ["home.HomePage", "home.StandardPage"]
    subpage_types = ["home.StandardPage"]

    intro = models.TextField(blank=True, help_text="A sentence or two under the title.")
    body = StreamField(StandardStreamBlock(), blank=True, help_text="The page's content.")

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("body")]
    search_fields = Page.search_fields + [index.SearchField("intro"), index.SearchField("body")]
    graphql_fields = [GraphQLString("intro"), GraphQLStreamfield("body")]
