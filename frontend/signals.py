"""Purge cached pages when what they show changes: publication and approved comments."""

from django.dispatch import receiver
from django.urls import reverse

from wagtail.contrib.frontend_cache.utils import PurgeBatch
from wagtail.signals import page_published, page_unpublished

from comments.signals import comment_status_changed

from .caching import purge_path

APPROVED = "approved"


def purge_with_listings(page):
    """The page, its index and the home page (they list its card and its comment count)."""
    batch = PurgeBatch()
    batch.add_page(page)
    parent = page.get_parent()
    if parent is not None and parent.depth > 1:
        batch.add_page(parent)
    site = page.get_site()
    if site is not None:
        batch.add_page(site.root_page)
    batch.purge()


@receiver(page_published)
@receiver(page_unpublished)
def purge_listings(sender, instance, **kwargs):
    # Wagtail purges the page itself; the rest is ours.
    purge_with_listings(instance)
    purge_path("/feeds/stories/")
    purge_path("/sitemap.xml")


@receiver(comment_status_changed)
def purge_comment_pages(sender, comment, from_status, to_status, **kwargs):
    """Readers see approved comments only, so only a move to or from approved shows."""
    if APPROVED not in (from_status, to_status):
        return
    page = comment.page.specific_deferred
    purge_with_listings(page)
    purge_path(reverse("comment_feed", args=[page.pk]))
