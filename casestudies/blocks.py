from grapple.helpers import register_streamfield_block
from grapple.models import GraphQLString
from wagtail import blocks

from core.blocks import (
    CaptionedImageBlock,
    HeadingBlock,
    QuoteBlock,
    paragraph_block,
)


@register_streamfield_block
class CaseStudyStreamBlock(blocks.StreamBlock):
    heading = HeadingBlock()
    paragraph = paragraph_block(
        "<p>The council asked local groups what the service should look like.</p>"
    )
    image = CaptionedImageBlock()
    quote = QuoteBlock()

    class Meta:
        template = "core/blocks/stream_block.html"


@register_streamfield_block
class PartnerOrganisationBlock(blocks.StructBlock):
    name = blocks.CharBlock(max_length=160, help_text="The organisation's name.")
    url = blocks.URLBlock(required=False, help_text="Its website, if it has one.")

    graphql_fields = [GraphQLString("name", required=True), GraphQLString("url")]

    class Meta:
        icon = "group"
        template = "core/blocks/partner_organisation_block.html"
        description = "A local organisation that delivers the work"
        preview_value = {"name": "Touchstone", "url": "https://example.org/"}
