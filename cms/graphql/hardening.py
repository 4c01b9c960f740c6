"""Trim grapple's generated types down to what readers may see.

Grapple builds each page type from its Django model, so every column of
Wagtail's `Page` (draft title, scheduling, lock and revision fields) arrives
in the API beside the fields we declared. Rather than chase each one, page
types keep only the interface's fields and the model's `graphql_fields`;
images keep an explicit list. `tests/api/test_privacy.py` proves the result.
"""

from grapple.registry import registry
from wagtail.models import Page

from graphql import GraphQLObjectType

from . import images, media_urls

IMAGE_FIELDS = frozenset(
    {
        "id",
        "title",
        "description",
        "width",
        "height",
        "url",
        "rendition",
        "srcSet",
        "isSvg",
        "aspectRatio",
        "sizes",
        "focalPointX",
        "focalPointY",
        "focalPointWidth",
        "focalPointHeight",
    }
)
RENDITION_FIELDS = frozenset(
    {"id", "url", "width", "height", "alt", "filterSpec", "backgroundPositionStyle"}
)


def camel(name):
    head, *rest = name.split("_")
    return head + "".join(part[:1].upper() + part[1:] for part in rest)


def _declared_fields(model):
    names = set()
    for field in getattr(model, "graphql_fields", ()):
        field = field() if callable(field) else field
        if isinstance(field, tuple):
            field = field[0]
            field = field() if callable(field) else field
        names.add(camel(field.field_name))
    return names


def _keep_only(gql_type, allowed):
    if not isinstance(gql_type, GraphQLObjectType):
        return
    for name in list(gql_type.fields):
        if name not in allowed:
            del gql_type.fields[name]


def _resolve_block_id(root, info, **kwargs):
    return getattr(root, "id", None)


def _resolve_public_chosen_page(root, info, **kwargs):
    from .visibility import current

    page = getattr(root, "value", None)
    return page.specific if current().is_public(page) else None


def _guard_blocks(graphql_schema):
    """Close the routes from StreamField blocks to private data.

    `rawValue` serialises a chosen page as its title (drafts included) and
    hands out internal link markup, so it goes; a bare page chooser's `page`
    answers only for public pages; documents may sit in private collections.
    """
    for gql_type in graphql_schema.type_map.values():
        fields = getattr(gql_type, "fields", None)
        if fields is None or "blockType" not in fields:
            continue
        fields.pop("rawValue", None)
        # Items of a ListBlock reach grapple as bare StructValues, with no `id`.
        if "id" in fields:
            fields["id"].resolve = _resolve_block_id
    chooser = graphql_schema.get_type("PageChooserBlock")
    if chooser is not None:
        chooser.fields["page"].resolve = _resolve_public_chosen_page
    documents = graphql_schema.get_type("DocumentChooserBlock")
    if documents is not None:
        documents.fields.pop("document", None)


def harden(schema):
    graphql_schema = schema.graphql_schema
    _guard_blocks(graphql_schema)
    images.install(graphql_schema)
    media_urls.install(graphql_schema)
    interface = graphql_schema.get_type("PublicPageInterface")
    interface_fields = set(interface.fields)
    page_models = {type_._meta.name: model for model, type_ in registry.pages.items()}
    for name, gql_type in graphql_schema.type_map.items():
        if not isinstance(gql_type, GraphQLObjectType):
            continue
        if interface in gql_type.interfaces:
            model = page_models.get(name, Page)
            _keep_only(gql_type, interface_fields | _declared_fields(model))
        elif name in {"ImageObjectType", "Image"}:
            _keep_only(gql_type, IMAGE_FIELDS)
        elif name in {"ImageRenditionObjectType", "Rendition"}:
            _keep_only(gql_type, RENDITION_FIELDS)
    return schema
