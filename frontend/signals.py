"""Purge listings too: a story's publication changes its index and the home page."""

from django.dispatch import receiver

from wagtail.contrib.frontend_cache.utils import PurgeBatch
from wagtail.signals import page_published, page_unpublished

from .caching import purge_path


@receiver(page_published)
@receiver(page_unpublished)
def purge_listings(sender, instance, **kwargs):
    batch = PurgeBatch()
    parent = instance.get_parent()
    if parent is not None and parent.depth > 1:
        batch.add_page(parent)
    site = instance.get_site()
    if site is not None:
        batch.add_page(site.root_page)
    batch.purge()
    purge_path("/feeds/stories/")
    purge_path("/sitemap.xml")
