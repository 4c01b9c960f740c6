"""Batch the lookups a page's StreamFields would otherwise make one by one.

Called once on a page before its fields are resolved: every image in every
StreamField gets its renditions in one query, and every page a link points at
(rich text links and page choosers alike) is fetched in one query, so a detail
query's SQL count does not grow with the number of blocks.
"""

import re

from django.db.models import prefetch_related_objects

from wagtail.blocks import StreamValue, StructValue
from wagtail.blocks.list_block import ListValue
from wagtail.fields import RichTextField, StreamField
from wagtail.images.models import AbstractImage
from wagtail.models import Page
from wagtail.rich_text import RichText

from .visibility import current

PAGE_LINK = re.compile(r'<a[^>]*\blinktype="page"[^>]*\bid="(\d+)"')


def _walk(value, images, page_ids):
    if isinstance(value, StreamValue):
        for child in value:
            _walk(child.value, images, page_ids)
    elif isinstance(value, StructValue):
        for child in value.values():
            _walk(child, images, page_ids)
    elif isinstance(value, ListValue | list | tuple):
        for child in value:
            _walk(child, images, page_ids)
    elif isinstance(value, AbstractImage):
        images.append(value)
    elif isinstance(value, Page):
        page_ids.add(value.pk)
    elif isinstance(value, RichText):
        page_ids.update(int(pk) for pk in PAGE_LINK.findall(value.source))


def prefetch_page(page, extra_images=()):
    images, page_ids = list(extra_images), set()
    for field in page._meta.get_fields():
        if isinstance(field, StreamField):
            _walk(getattr(page, field.name), images, page_ids)
    for field in page._meta.get_fields():
        if isinstance(field, RichTextField):
            page_ids.update(int(pk) for pk in PAGE_LINK.findall(getattr(page, field.name) or ""))
    images = [image for image in images if image is not None]
    if images:
        prefetch_related_objects(images, "renditions")
    current().warm(page_ids)
    return page
