"""Reference data the campaign's pages point at, edited as snippets."""

from django.db import models

from grapple.models import GraphQLImage, GraphQLInt, GraphQLString
from wagtail.admin.panels import FieldPanel
from wagtail.search import index

from core.graphql_fields import graphql_choice_label


class Person(index.Indexed, models.Model):
    """An author or spokesperson; no contact details are kept here."""

    name = models.CharField(max_length=120, help_text="Full name as it should appear on a byline.")
    role = models.CharField(
        max_length=160, blank=True, help_text="Job title, e.g. 'Campaigns officer'."
    )
    organisation = models.CharField(
        max_length=160, blank=True, help_text="Where they work, e.g. 'Locality'."
    )
    bio = models.TextField(blank=True, help_text="One or two sentences shown under their stories.")
    image = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="A square head-and-shoulders photo works best.",
    )

    panels = [
        FieldPanel("name"),
        FieldPanel("role"),
        FieldPanel("organisation"),
        FieldPanel("bio"),
        FieldPanel("image"),
    ]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]
    graphql_fields = [
        GraphQLString("name", required=True),
        GraphQLString("role"),
        GraphQLString("organisation"),
        GraphQLString("bio"),
        GraphQLImage("image"),
    ]

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "people"

    def __str__(self):
        return self.name


class Principle(models.Model):
    """One of the six Keep it Local principles, in the campaign's order."""

    number = models.PositiveSmallIntegerField(
        unique=True, help_text="Position in the list, starting at 1."
    )
    title = models.CharField(max_length=200, help_text="The principle in one line.")
    summary = models.TextField(
        blank=True, help_text="What the principle asks of a council, in plain words."
    )
    slug = models.SlugField(unique=True, help_text="Used in filter links, e.g. 'whole-system'.")

    panels = [
        FieldPanel("number"),
        FieldPanel("title"),
        FieldPanel("slug"),
        FieldPanel("summary"),
    ]
    graphql_fields = [
        GraphQLInt("number", required=True),
        GraphQLString("title", required=True),
        GraphQLString("slug", required=True),
        GraphQLString("summary"),
    ]

    class Meta:
        ordering = ["number"]

    def __str__(self):
        return f"{self.number}. {self.title}"


class ServiceArea(models.Model):
    """A kind of public service a council commissions, e.g. mental health."""

    name = models.CharField(max_length=120, unique=True, help_text="e.g. 'Mental health'.")
    slug = models.SlugField(unique=True, help_text="Used in filter links.")

    panels = [FieldPanel("name"), FieldPanel("slug")]
    graphql_fields = [
        GraphQLString("name", required=True),
        GraphQLString("slug", required=True),
    ]

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class LocalAuthority(index.Indexed, models.Model):
    """A UK council, identified by its ONS/GSS code."""

    class Kind(models.TextChoices):
        METROPOLITAN = "metropolitan", "Metropolitan borough"
        LONDON = "london", "London borough"
        UNITARY = "unitary", "Unitary authority"
        COUNTY = "county", "County council"
        DISTRICT = "district", "District council"

    class Region(models.TextChoices):
        NORTH_EAST = "north-east", "North East"
        NORTH_WEST = "north-west", "North West"
        YORKSHIRE = "yorkshire", "Yorkshire and the Humber"
        EAST_MIDLANDS = "east-midlands", "East Midlands"
        WEST_MIDLANDS = "west-midlands", "West Midlands"
        EAST = "east", "East of England"
        LONDON = "london", "London"
        SOUTH_EAST = "south-east", "South East"
        SOUTH_WEST = "south-west", "South West"
        WALES = "wales", "Wales"
        SCOTLAND = "scotland", "Scotland"
        NORTHERN_IRELAND = "northern-ireland", "Northern Ireland"

    name = models.CharField(max_length=160, help_text="Common name, e.g. 'Leeds City Council'.")
    short_name = models.CharField(
        max_length=80, blank=True, help_text="Place name used in lists, e.g. 'Leeds'."
    )
    gss_code = models.CharField(
        "ONS/GSS code",
        max_length=9,
        unique=True,
        help_text="The nine-character ONS code, e.g. E08000035 for Leeds.",
    )
    region = models.CharField(max_length=20, choices=Region.choices, help_text="ONS region.")
    kind = models.CharField(max_length=20, choices=Kind.choices, help_text="Type of council.")

    panels = [
        FieldPanel("name"),
        FieldPanel("short_name"),
        FieldPanel("gss_code"),
        FieldPanel("region"),
        FieldPanel("kind"),
    ]
    search_fields = [
        index.SearchField("name"),
        index.AutocompleteField("name"),
        index.FilterField("region"),
    ]
    graphql_fields = [
        GraphQLString("name", required=True),
        GraphQLString("short_name"),
        GraphQLString("gss_code", required=True),
        GraphQLString("region", required=True),
        graphql_choice_label("region"),
        GraphQLString("kind", required=True),
        graphql_choice_label("kind"),
    ]

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "local authorities"

    def __str__(self):
        return self.name

    @property
    def region_label(self):
        return self.get_region_display()

    @property
    def kind_label(self):
        return self.get_kind_display()
