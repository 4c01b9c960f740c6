"""Which Wagtail site a request is for, and which pages are view-restricted,
without a database query per request.

Wagtail's `Site.find_for_request` remembers its answer on the request only, so
every API call and page view queried the site table again. Here the answer for
each (hostname, port) is kept in the process, under a generation number in the
shared cache: saving or deleting a site, or saving a site's root page, bumps
it (after the commit), and every app server then looks its sites up afresh.
The found site is also left on the request, where Wagtail's own code looks.

View restrictions are kept the same way, since every API answer checks them:
adding, changing or removing one, or moving any page (a restriction covers
the pages under its page's path), bumps the same generation.
"""

import threading

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.http.request import split_domain_port

from wagtail.models import Page, PageViewRestriction, Site
from wagtail.signals import post_page_move

from core import generations

GENERATION_KEY = generations.register("sites:generation")

_lock = threading.Lock()
_found = {"generation": None, "sites": {}, "restricted": None}
# Counted so tests can prove a hit costs no lookup.
lookups = {"database": 0, "restrictions": 0}


def _generation():
    return generations.current(GENERATION_KEY)


def find_for_request(request):
    if request is None:
        return None
    if hasattr(request, "_wagtail_site"):
        return request._wagtail_site
    key = (split_domain_port(request._get_raw_host())[0], request.get_port())
    generation = _generation()
    with _lock:
        _current(generation)
        sites = _found["sites"]
        if key in sites:
            request._wagtail_site = sites[key]
            return sites[key]
    lookups["database"] += 1
    site = Site._find_for_request(request)
    with _lock:
        if _found["generation"] == generation:
            sites[key] = site
    request._wagtail_site = site
    return site


def forget():
    """Drop this process's answers (tests call it between their transactions)."""
    with _lock:
        _found.update(generation=None, sites={}, restricted=None)


def _bump():
    generations.bump(GENERATION_KEY)
    forget()


def restricted_paths():
    """Paths of every view-restricted page: their pages and those below are not public."""
    generation = _generation()
    with _lock:
        _current(generation)
        paths = _found["restricted"]
    if paths is not None:
        return paths
    lookups["restrictions"] += 1
    paths = tuple(PageViewRestriction.objects.values_list("page__path", flat=True))
    with _lock:
        if _found["generation"] == generation:
            _found["restricted"] = paths
    return paths


def _current(generation):
    """Start afresh if the shared generation moved (call with the lock held)."""
    if _found["generation"] != generation:
        _found.update(generation=generation, sites={}, restricted=None)


def sites_changed():
    # Now, so this transaction sees its own change; and after the commit, so a
    # server that looked the site up in between drops what it read then.
    _bump()
    transaction.on_commit(_bump)


def _changed(sender, **kwargs):
    sites_changed()


def _page_saved(sender, instance, **kwargs):
    # A root page's path or liveness is part of the cached site; other pages are not.
    if isinstance(instance, Page) and Site.objects.filter(root_page_id=instance.pk).exists():
        sites_changed()


def connect():
    post_save.connect(_changed, sender=Site, dispatch_uid="cms.sites.saved")
    post_delete.connect(_changed, sender=Site, dispatch_uid="cms.sites.deleted")
    post_save.connect(_page_saved, dispatch_uid="cms.sites.page_saved")
    for signal in (post_save, post_delete):
        signal.connect(
            _changed, sender=PageViewRestriction, dispatch_uid=f"cms.sites.pvr{id(signal)}"
        )
    post_page_move.connect(_changed, dispatch_uid="cms.sites.moved")
