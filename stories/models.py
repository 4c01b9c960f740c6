from django.db import models
from django.utils import timezone

from grapple.models import (
    GraphQLForeignKey,
    GraphQLImage,
    GraphQLStreamfield,
    GraphQLString,
    GraphQLTag,
)
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from cms.graphql.preview import PreviewableMixin
from comments.models import CommentablePageMixin
from core.graphql_fields import graphql_choice_label

from .blocks import StoryStreamBlock


class StoryTag(TaggedItemBase):
    content_object = ParentalKey(
        "stories.StoryPage", on_delete=models.CASCADE, related_name="tagged_items"
    )


class StoryIndexPage(PreviewableMixin, Page):
    """Lists stories, newest first."""

    parent_page_types = ["home.HomePage"]
    subpage_types = ["stories.StoryPage"]
    max_count_per_parent = 1

    intro = models.TextField(blank=True, help_text="A sentence or two above the list of stories.")

    content_panels = Page.content_panels + [FieldPanel("intro")]
    graphql_fields = [GraphQLString("intro")]

    def stories(self):
        return StoryPage.objects.child_of(self).live().public().order_by("-date", "-pk")


class StoryPage(PreviewableMixin, CommentablePageMixin, Page):
    """A blog post, a news item or the yearly wish list: one page, three kinds."""

    class Kind(models.TextChoices):
        BLOG = "blog", "Blog post"
        WISH_LIST = "wish-list", "Wish list"
        NEWS = "news", "News"

    parent_page_types = ["stories.StoryIndexPage"]
    subpage_types = []
    comments_setting_field = "comments_enabled_for_stories"

    kind = models.CharField(
        max_length=16,
        choices=Kind.choices,
        default=Kind.BLOG,
        help_text="Decides where the story is listed.",
    )
    date = models.DateField(
        default=timezone.localdate, help_text="Publication date shown to readers."
    )
    author = models.ForeignKey(
        "core.Person",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="stories",
        help_text="Shown as the byline.",
    )
    summary = models.TextField(
        max_length=300, help_text="One or two sentences for listings and shares."
    )
    hero_image = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Wide image at the top of the story; landscape, at least 1600 px wide.",
    )
    body = StreamField(StoryStreamBlock(), help_text="The story itself.")
    tags = ClusterTaggableManager(
        through=StoryTag, blank=True, help_text="Topics, e.g. 'Christmas', 'Leeds'."
    )

    content_panels = Page.content_panels + [
        MultiFieldPanel(
            [
                FieldPanel("kind"),
                FieldPanel("date"),
                FieldPanel("author"),
                FieldPanel("tags"),
            ],
            heading="About this story",
        ),
        MultiFieldPanel([FieldPanel("summary"), FieldPanel("hero_image")], heading="Teaser"),
        FieldPanel("body"),
    ]
    settings_panels = Page.settings_panels + CommentablePageMixin.comments_panels
    search_fields = Page.search_fields + [
        index.SearchField("summary"),
        index.SearchField("body"),
        index.FilterField("kind"),
        index.FilterField("date"),
        index.RelatedFields("author", [index.SearchField("name")]),
    ]
    graphql_fields = [
        GraphQLString("kind", required=True),
        graphql_choice_label("kind"),
        GraphQLString("date", required=True),
        GraphQLString("summary", required=True),
        GraphQLForeignKey("author", "core.Person"),
        GraphQLImage("hero_image"),
        GraphQLStreamfield("body"),
        GraphQLTag("tags", source="sorted_tags", required=True),
        *CommentablePageMixin.comments_graphql_fields,
    ]

    class Meta:
        verbose_name = "story"
        verbose_name_plural = "stories"

    def sorted_tags(self, info=None, **kwargs):
        # Sorted here rather than in the query so a prefetch of `tags` is used.
        return sorted(self.tags.all(), key=lambda tag: tag.name.lower())

    @property
    def kind_label(self):
        return self.get_kind_display()
