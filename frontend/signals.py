"""Purge cached pages when what they show changes: publication, approved comments, settings."""

from django.db import transaction
from django.db.models.signals import post_save
from django.dispatch import receiver
from django.urls import reverse

from wagtail.contrib.frontend_cache.utils import PurgeBatch
from wagtail.signals import page_published, page_unpublished

from comments.models import CommentSettings, ReaderComment
from comments.signals import comment_status_changed
from core.models import SiteSettings

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
    purge_comment_page(comment.page)


@receiver(post_save, sender=ReaderComment)
def purge_edited_comment(sender, instance, created, update_fields=None, **kwargs):
    """An author's edit that stays published changes no status, but readers see new words."""
    if created or not instance.is_approved:
        return
    if update_fields is not None and "body" not in update_fields:
        return
    transaction.on_commit(lambda: purge_comment_page(instance.page))


def purge_comment_page(page):
    purge_with_listings(page.specific_deferred)
    purge_path(reverse("comment_feed", args=[page.pk]))


@receiver(post_save, sender=SiteSettings)
@receiver(post_save, sender=CommentSettings)
def purge_site_on_settings(sender, instance, created=False, **kwargs):
    """Site settings show on every page (header, footer, comment rules): purge the site.

    Not on creation: `for_site()` creates the row with its defaults the first time a
    page asks for it, and those defaults are what that page was rendered with.
    """
    if not created:
        transaction.on_commit(lambda: purge_site(instance.site))


def purge_site(site):
    batch = PurgeBatch()
    batch.add_pages(site.root_page.get_descendants(inclusive=True).live().public().specific())
    batch.purge()
    purge_path("/feeds/stories/")
