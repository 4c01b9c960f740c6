from django.core.exceptions import ValidationError

from grapple.helpers import register_streamfield_block
from grapple.models import GraphQLString
from wagtail import blocks

from cms.graphql.visibility import public_page_url


class LinkStructValue(blocks.StructValue):
    """Resolves a block's link to one URL: a public page first, else the URL."""

    def url(self):
        page = self.get("page")
        if page is not None:
            return public_page_url(page)
        return self.get("link_url") or None

    def link_label(self):
        # Not `text`: several link blocks have a child block of that name,
        # which would win in templates.
        page = self.get("page")
        return self.get("link_text") or (page.title if page is not None else "")


class LinkFieldsMixin:
    """A link that is a page on this site or an outside URL, never both."""

    def clean(self, value):
        value = super().clean(value)
        if value.get("page") and value.get("link_url"):
            raise blocks.StructBlockValidationError(
                {"link_url": ValidationError("Choose a page or enter a URL, not both.")}
            )
        return value

    def resolved_url(self, info, values, **kwargs):
        """The GraphQL `url`: a public page's URL, the outside URL, or null."""
        page = values.get("page")
        if page is not None:
            return public_page_url(page)
        return values.get("link_url") or None


@register_streamfield_block
class CallToActionBlock(LinkFieldsMixin, blocks.StructBlock):
    heading = blocks.CharBlock(max_length=120, help_text="The ask, e.g. 'Is your council in?'")
    text = blocks.TextBlock(required=False, help_text="One or two sentences of context.")
    page = blocks.PageChooserBlock(
        required=False,
        help_text="Usually a pledge page. Links to unpublished pages are hidden until they go live.",
    )
    link_url = blocks.URLBlock(
        required=False, help_text="Use instead of a page for a link to another site."
    )
    link_text = blocks.CharBlock(max_length=60, help_text="Button label, e.g. 'Sign the pledge'.")

    graphql_fields = [
        GraphQLString("heading", required=True),
        GraphQLString("text"),
        GraphQLString("url", source="resolved_url"),
        GraphQLString("link_text", required=True),
    ]

    def clean(self, value):
        value = super().clean(value)
        if not value.get("page") and not value.get("link_url"):
            raise blocks.StructBlockValidationError(
                {"page": ValidationError("Choose a page or enter a URL for the button.")}
            )
        return value

    class Meta:
        icon = "pick"
        value_class = LinkStructValue
        template = "core/blocks/call_to_action_block.html"
        description = "A highlighted box with a button, usually to a pledge"
        preview_value = {
            "heading": "Is your council in?",
            "text": "Ask your council to commit to the six principles.",
            "link_url": "https://example.org/",
            "link_text": "Find out how",
        }
