from django.core.exceptions import ValidationError
from django.db import models

from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.search import index

from pledges.contrast import validate_accent


def _clean_origin(origin):
    origin = origin.strip().rstrip("/")
    scheme, _, host = origin.partition("://")
    if scheme not in {"http", "https"} or not host or "/" in host:
        raise ValidationError(f"“{origin}” is not an origin like https://example.org.")
    return origin


class Partner(index.Indexed, models.Model):
    """A council, charity or funder that embeds the pledge widget on its site."""

    name = models.CharField(max_length=160, help_text="As it should appear in reports.")
    slug = models.SlugField(
        unique=True,
        help_text="Identifies the partner in its widget code; do not change it once used.",
    )
    website = models.URLField(blank=True, help_text="The partner's main website.")
    logo = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Shown beside their widget on reports; square works best.",
    )
    allowed_origins = models.TextField(
        blank=True,
        help_text="One origin a line, e.g. https://www.leeds.gov.uk. Only these sites may embed "
        "the widget or sign through it.",
    )
    active = models.BooleanField(default=True, help_text="Untick to stop this partner's widget.")
    accent_colour = models.CharField(
        max_length=7,
        blank=True,
        validators=[validate_accent],
        help_text="Their brand colour for the widget's buttons, as #RRGGBB. Leave empty for "
        "ours; colours too light for white text are refused.",
    )

    panels = [
        MultiFieldPanel([FieldPanel("name"), FieldPanel("slug"), FieldPanel("website")], "Partner"),
        FieldPanel("logo"),
        MultiFieldPanel(
            [FieldPanel("allowed_origins"), FieldPanel("accent_colour"), FieldPanel("active")],
            "Embedding",
        ),
    ]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def clean(self):
        super().clean()
        try:
            self.allowed_origins = "\n".join(self.origins())
        except ValidationError as error:
            raise ValidationError({"allowed_origins": error}) from error

    def origins(self):
        return [_clean_origin(line) for line in self.allowed_origins.splitlines() if line.strip()]

    def allows_origin(self, origin):
        try:
            origins = self.origins()
        except ValidationError:  # a bad line saved outside the admin: allow nothing
            return False
        return self.active and origin.rstrip("/") in origins
