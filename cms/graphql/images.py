"""Rendition resolvers that stay fast on long lists.

Grapple's `rendition` and `srcSet` call `Image.get_rendition()` once per
size, and each call writes the rendition back to the cache, even when it came
from a prefetch. Ours ask `get_renditions()` for every size at once, which
uses prefetched renditions as they are. Both keep grapple's allow-list.
"""

from django.conf import settings

from wagtail.images import get_image_model

from graphql import GraphQLError

from .media_urls import media_url

SVG_SAFE = "preserve_svg"


def allowed_specs():
    return settings.GRAPPLE["ALLOWED_IMAGE_FILTERS"]


def rendition_queryset():
    """Prefetch only the renditions the API can hand out."""
    rendition_model = get_image_model().get_rendition_model()
    return rendition_model.objects.filter(filter_spec__in=allowed_specs())


def _refuse(specs):
    raise GraphQLError(
        f"Invalid filter specs {', '.join(specs)}. Check the `ALLOWED_IMAGE_FILTERS` setting.",
        extensions={"code": "BAD_ARGUMENT"},
    )


def _renditions(image, specs):
    refused = [spec for spec in specs if spec not in allowed_specs()]
    if refused:
        _refuse(refused)
    # Keyed by the spec after SVG clean-up, so read them back in order.
    return list(image.get_renditions(*specs).values())


def resolve_rendition(image, info, **kwargs):
    kwargs.pop(SVG_SAFE, None)
    spec = "|".join(f"{key}-{value}" for key, value in kwargs.items()) or "original"
    return _renditions(image, [spec])[0]


def resolve_src_set(image, info, sizes=(), format=None, **kwargs):
    suffix = f"|format-{format}" if format else ""
    specs = [f"width-{width}{suffix}" for width in sizes or ()]
    if not specs or not image.file.name:
        return ""
    return ", ".join(
        f"{media_url(rendition.url)} {rendition.width}w" for rendition in _renditions(image, specs)
    )


def install(graphql_schema):
    image_type = graphql_schema.get_type("ImageObjectType")
    image_type.fields["rendition"].resolve = resolve_rendition
    image_type.fields["srcSet"].resolve = resolve_src_set
