"""What a reader of the requested site may see, answered once per request.

Every route out of the API asks here before it returns a page or a link to one,
so "live, public and in this site" has exactly one definition. The answers are
memoised on a per-request state object, which also keeps query counts flat:
one query for view restrictions and one per batch of pages, however many
links a response contains.
"""

from contextlib import contextmanager
from contextvars import ContextVar

from wagtail.models import Page, Site

from cms import sites

_state: ContextVar["Visibility | None"] = ContextVar("kil_visibility", default=None)


class Visibility:
    def __init__(self, request=None, site=None):
        self.request = request
        self.site = site if site is not None else self._find_site(request)
        self._restricted_paths = None
        self._pages = {}

    @staticmethod
    def _find_site(request):
        if request is None:
            return Site.objects.filter(is_default_site=True).select_related("root_page").first()
        return sites.find_for_request(request)

    @property
    def root_path(self):
        return self.site.root_page.path if self.site else None

    @property
    def restricted_paths(self):
        if self._restricted_paths is None:
            self._restricted_paths = sites.restricted_paths()
        return self._restricted_paths

    def is_public(self, page):
        """True for a live page of this site with no view restriction above it."""
        if page is None or not page.live or self.root_path is None:
            return False
        if not page.path.startswith(self.root_path):
            return False
        return not any(page.path.startswith(path) for path in self.restricted_paths)

    def pages(self, queryset=None):
        """Live, public pages of this site, as a queryset to build on."""
        qs = Page.objects.all() if queryset is None else queryset
        if self.site is None:
            return qs.none()
        qs = qs.live().filter(path__startswith=self.root_path)
        for path in self.restricted_paths:
            qs = qs.exclude(path__startswith=path)
        return qs

    def warm(self, page_ids):
        """Fetch any not-yet-seen pages in one query so later lookups are free."""
        missing = {int(pk) for pk in page_ids} - self._pages.keys()
        if not missing:
            return
        found = {page.pk: page for page in Page.objects.filter(pk__in=missing)}
        for pk in missing:
            page = found.get(pk)
            self._pages[pk] = page if self.is_public(page) else None

    def public_page(self, pk):
        self.warm([pk])
        return self._pages.get(int(pk))

    def url(self, page):
        if not self.is_public(page):
            return None
        return page.get_url(request=self.request)


def parse_id(value):
    """A database id from client input, or None for anything else (no overflow)."""
    text = str(value or "")
    if text.isascii() and text.isdigit() and len(text) <= 18:
        return int(text)
    return None


def current():
    """The visibility for this request, or one for the default site."""
    # Outside a request nothing is memoised: a thread's context outlives a
    # request, and stale answers must not leak into the next one.
    return _state.get() or Visibility()


@contextmanager
def visibility_for(request):
    token = _state.set(Visibility(request))
    try:
        yield _state.get()
    finally:
        _state.reset(token)


def public_page_url(page):
    """The page's URL if readers of the current site may see it, else None."""
    return current().url(page)
