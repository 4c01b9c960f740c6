from grapple.helpers import register_streamfield_block
from grapple.models import GraphQLString
from wagtail import blocks


@register_streamfield_block
class FactBlock(blocks.StructBlock):
    """A headline outcome: a short value and what it measures."""

    # Named figure/caption rather than value/label: grapple's resolver lookup
    # trips over names that Block instances already use as attributes.
    figure = blocks.CharBlock(max_length=40, help_text="The figure, e.g. '£1.2m' or '70%'.")
    caption = blocks.CharBlock(
        max_length=160,
        help_text="What the figure means, e.g. 'spent with local groups'.",
    )

    graphql_fields = [
        GraphQLString("figure", required=True),
        GraphQLString("caption", required=True),
    ]

    class Meta:
        icon = "pick"
        template = "core/blocks/fact_block.html"
        description = "An outcome shown as a figure and a label"
        preview_value = {
            "figure": "70%",
            "caption": "of the service delivered by local organisations",
        }
