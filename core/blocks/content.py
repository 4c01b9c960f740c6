from grapple.helpers import register_streamfield_block
from grapple.models import GraphQLImage, GraphQLString
from wagtail import blocks
from wagtail.images.blocks import ImageChooserBlock

RICH_TEXT_FEATURES = ["bold", "italic", "link", "document-link", "ol", "ul", "h3", "h4"]


def paragraph_block(preview):
    """The rich-text block every body uses; only its preview text differs.

    A configured RichTextBlock rather than a subclass, so the API's
    `blockType` stays `RichTextBlock` for every body.
    """
    return blocks.RichTextBlock(
        features=RICH_TEXT_FEATURES,
        icon="pilcrow",
        template="core/blocks/paragraph_block.html",
        description="Text with links and lists",
        preview_value=preview,
    )


@register_streamfield_block
class HeadingBlock(blocks.StructBlock):
    text = blocks.CharBlock(
        max_length=120, help_text="Keep headings short; they build the page outline."
    )
    level = blocks.ChoiceBlock(
        choices=[("h2", "Section (H2)"), ("h3", "Subsection (H3)")],
        default="h2",
        help_text="H2 for a new section, H3 inside one.",
    )

    # `text` is nullable in GraphQL, as on the call-to-action block, so a client
    # can select both in one body query without aliases.
    graphql_fields = [
        GraphQLString("text"),
        GraphQLString("level", required=True),
    ]

    class Meta:
        icon = "title"
        template = "core/blocks/heading_block.html"
        description = "A section heading"
        preview_value = {"text": "Why local works", "level": "h2"}


@register_streamfield_block
class CaptionedImageBlock(blocks.StructBlock):
    image = ImageChooserBlock(help_text="Set the focal point and alt text on the image itself.")
    caption = blocks.CharBlock(
        required=False, max_length=250, help_text="What the reader is looking at."
    )
    credit = blocks.CharBlock(
        required=False,
        max_length=120,
        help_text="Photographer or source, e.g. '© Locality'.",
    )

    graphql_fields = [
        GraphQLImage("image"),
        GraphQLString("caption"),
        GraphQLString("credit"),
    ]

    class Meta:
        icon = "image"
        template = "core/blocks/captioned_image_block.html"
        description = "An image with an optional caption and credit"
        preview_value = {
            "caption": "Volunteers at a community hub",
            "credit": "Locality",
        }


@register_streamfield_block
class QuoteBlock(blocks.StructBlock):
    quote = blocks.TextBlock(help_text="The words only; quotation marks are added for you.")
    attribution = blocks.CharBlock(required=False, max_length=120, help_text="Who said it.")
    role = blocks.CharBlock(
        required=False, max_length=160, help_text="Their role, e.g. 'Council leader'."
    )

    graphql_fields = [
        GraphQLString("quote", required=True),
        GraphQLString("attribution"),
        GraphQLString("role"),
    ]

    class Meta:
        icon = "openquote"
        template = "core/blocks/quote_block.html"
        description = "A pull quote with attribution"
        preview_value = {
            "quote": "Local organisations know their neighbourhoods best.",
            "attribution": "A community leader",
        }
