from grapple.helpers import register_streamfield_block
from wagtail import blocks

from core.blocks import RICH_TEXT_FEATURES, CaptionedImageBlock, HeadingBlock, QuoteBlock


@register_streamfield_block
class StandardStreamBlock(blocks.StreamBlock):
    """Body of plain content pages: about, privacy notice, comment policy."""

    heading = HeadingBlock()
    paragraph = blocks.RichTextBlock(
        features=RICH_TEXT_FEATURES,
        icon="pilcrow",
        template="core/blocks/paragraph_block.html",
        description="Text with links and lists",
        preview_value="<p>We keep your details only as long as the campaign needs them.</p>",
    )
    image = CaptionedImageBlock()
    quote = QuoteBlock()

    class Meta:
        template = "core/blocks/stream_block.html"
