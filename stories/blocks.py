from grapple.helpers import register_streamfield_block
from wagtail import blocks
from wagtail.embeds.blocks import EmbedBlock

from core.blocks import (
    CallToActionBlock,
    CaptionedImageBlock,
    HeadingBlock,
    QuoteBlock,
    WishListBlock,
    paragraph_block,
)


@register_streamfield_block
class StoryStreamBlock(blocks.StreamBlock):
    """The body of a story; a wish-list post is a story with a wish list in it."""

    heading = HeadingBlock()
    paragraph = paragraph_block("<p>Local organisations reach people that big contracts miss.</p>")
    image = CaptionedImageBlock()
    quote = QuoteBlock()
    embed = EmbedBlock(
        icon="media",
        template="core/blocks/embed_block.html",
        description="A video or post from YouTube, Vimeo and similar sites",
        help_text="Paste the address of the video or post.",
        max_width=960,
    )
    call_to_action = CallToActionBlock()
    wish_list = WishListBlock()

    class Meta:
        template = "core/blocks/stream_block.html"
