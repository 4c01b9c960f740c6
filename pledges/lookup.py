"""Pledge pages kept in each process, for the signing path.

A signature loads its pledge three times (signing, opening the confirm link,
pressing it). Each load is a join of Wagtail's page table and ours, 1-2 ms of
ORM work, about a fifth of a signature's CPU at a peak. Pledges change when
staff save them, which is rare, so each process keeps the pages it loaded:

- under a generation in the shared cache that any page's save or deletion
  bumps (Wagtail saves a page it moves), now and again after the commit as
  `cms.sites` does, so every app server drops its copies when an editor
  publishes;
- for `MAX_AGE` seconds at most, so that a bump lost while Redis is down
  delays a change by that much and no longer.

Pages are shared read-only: callers must not change them. Whether a page is
public for the request is still decided per request (`Visibility.is_public`),
from the site and view restrictions, which `cms.sites` keeps the same way.
"""

import threading
import time

from django.db import transaction
from django.db.models.signals import post_delete, post_save

from wagtail.models import Page

from core import generations

from .models import PledgePage

GENERATION_KEY = generations.register("pledges:pages-gen")
MAX_AGE = 30.0

_lock = threading.Lock()
_kept = {"generation": None, "since": 0.0, "pages": {}}


def pledge(pk):
    """The pledge page with this primary key, live or not; None if there is none."""
    generation = generations.current(GENERATION_KEY)
    now = time.monotonic()
    with _lock:
        if _kept["generation"] != generation or now - _kept["since"] > MAX_AGE:
            _kept.update(generation=generation, since=now, pages={})
        if pk in _kept["pages"]:
            return _kept["pages"][pk]
    page = PledgePage.objects.filter(pk=pk).first()
    with _lock:
        if _kept["generation"] == generation:
            _kept["pages"][pk] = page
    return page


def public_pledge(pk, visibility):
    """The pledge if the visibility's reader may see it (live, in the site, unrestricted)."""
    page = pledge(pk) if pk is not None else None
    return page if visibility.is_public(page) else None


def forget():
    """Drop this process's pages (tests call it between their transactions)."""
    with _lock:
        _kept.update(generation=None, since=0.0, pages={})


def pages_changed():
    generations.bump(GENERATION_KEY)
    forget()
    transaction.on_commit(lambda: generations.bump(GENERATION_KEY))


def _page_changed(sender, instance, **kwargs):
    # Any page: a pledge's own save, or an ancestor's move, which changes the
    # pledge's path without saving the pledge.
    if isinstance(instance, Page):
        pages_changed()


def connect():
    post_save.connect(_page_changed, dispatch_uid="pledges.lookup.saved")
    post_delete.connect(_page_changed, dispatch_uid="pledges.lookup.deleted")
