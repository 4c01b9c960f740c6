from grapple.helpers import register_streamfield_block
from grapple.models import GraphQLInt, GraphQLStreamfield, GraphQLString
from wagtail import blocks

from .links import LinkFieldsMixin, LinkStructValue


@register_streamfield_block
class WishBlock(LinkFieldsMixin, blocks.StructBlock):
    title = blocks.CharBlock(max_length=160, help_text="The wish in a few words.")
    text = blocks.TextBlock(help_text="Why it matters, in a short paragraph.")
    page = blocks.PageChooserBlock(required=False, help_text="Optional: a page that tells more.")
    link_url = blocks.URLBlock(
        required=False, help_text="Optional: a link elsewhere instead of a page."
    )

    graphql_fields = [
        GraphQLString("title", required=True),
        GraphQLString("text", required=True),
        GraphQLString("url", source="resolved_url"),
    ]

    class Meta:
        icon = "list-ol"
        value_class = LinkStructValue
        template = "core/blocks/wish_block.html"
        description = "One wish: a title, a paragraph and an optional link"
        preview_value = {
            "title": "Councils that keep it local",
            "text": "Our first wish is simple.",
        }


@register_streamfield_block
class WishListBlock(blocks.StructBlock):
    """A numbered list of wishes, the heart of the yearly Christmas post."""

    heading = blocks.CharBlock(max_length=120, help_text="e.g. 'Our Christmas wish list'.")
    intro = blocks.TextBlock(required=False, help_text="A sentence to introduce the wishes.")
    wishes = blocks.ListBlock(
        WishBlock(), min_num=1, help_text="Wishes are numbered in this order."
    )

    graphql_fields = [
        GraphQLString("heading", required=True),
        GraphQLString("intro"),
        GraphQLInt("wish_count", source="wish_count", required=True),
        GraphQLStreamfield("wishes", required=True),
    ]

    def wish_count(self, info, values, **kwargs):
        return len(values.get("wishes") or [])

    class Meta:
        icon = "list-ol"
        template = "core/blocks/wish_list_block.html"
        description = "A numbered list of wishes"
        preview_value = {
            "heading": "Our wish list",
            "intro": "Three things we hope for this year.",
            "wishes": [
                {
                    "title": "Councils that keep it local",
                    "text": "Commission local organisations first.",
                },
                {
                    "title": "Fair funding",
                    "text": "Grants that cover the full cost of the work.",
                },
            ],
        }
