from grapple.helpers import register_streamfield_block
from wagtail import blocks

from core.blocks import CaptionedImageBlock, HeadingBlock, QuoteBlock, paragraph_block


@register_streamfield_block
class StandardStreamBlock(blocks.StreamBlock):
    """Body of plain content pages: about, privacy notice, comment policy."""

    heading = HeadingBlock()
    paragraph = paragraph_block(
        "<p>We keep your details only as long as the campaign needs them.</p>"
    )
    image = CaptionedImageBlock()
    quote = QuoteBlock()

    class Meta:
        template = "core/blocks/stream_block.html"
