"""Blocks shared by stories, case studies and pledge pages.

StructBlocks live one family a module; the StreamBlocks that compose them live
with the page that uses them.
"""

from .content import (
    RICH_TEXT_FEATURES,
    CaptionedImageBlock,
    HeadingBlock,
    QuoteBlock,
    paragraph_block,
)
from .facts import FactBlock
from .links import CallToActionBlock, LinkStructValue
from .wishlist import WishBlock, WishListBlock

__all__ = [
    "RICH_TEXT_FEATURES",
    "CallToActionBlock",
    "CaptionedImageBlock",
    "FactBlock",
    "HeadingBlock",
    "LinkStructValue",
    "QuoteBlock",
    "WishBlock",
    "WishListBlock",
    "paragraph_block",
]
