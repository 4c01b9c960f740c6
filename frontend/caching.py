"""Server-side page cache with purge-on-publish.

Rendered pages are kept in Django's cache (Redis when configured, so every app
server shares them). Each path has a generation number in its key; purging a
path bumps it, which drops every cached variant of that path (all query
strings) at once. Wagtail's frontend cache invalidation calls `purge` through
`LocalCacheBackend` when a page is published or unpublished.

Personal pages are never cached anywhere: a reader holding their comment's
author cookie sees it "awaiting moderation", and a signed-in commenter sees
their own name in the form. Such requests skip the shared cache both ways and
their responses are `private, no-store`. Public responses say `Vary: Cookie`,
so a browser that cached the public copy fetches again once it holds the
cookie (as it does right after posting a comment without JavaScript).
"""

import hashlib
from functools import wraps
from urllib.parse import urlsplit

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.utils.cache import add_never_cache_headers, patch_cache_control, patch_vary_headers

from wagtail.contrib.frontend_cache.backends.base import BaseBackend

# The no-JavaScript comment form sets this for its author (frontend/reader_comments/).
AUTHOR_COOKIE = "kil_comment"

PUBLIC_CACHE_CONTROL = {
    "public": True,
    "max_age": 60,
    "s_maxage": 300,
    "stale_while_revalidate": 30,
}


def _generation_key(path):
    return f"frontend:gen:{path}"


def _page_key(request):
    path = request.path
    generation = cache.get(_generation_key(path), 0)
    digest = hashlib.sha256(f"{request.get_host()}|{request.get_full_path()}".encode()).hexdigest()
    return f"frontend:page:{path}:{generation}:{digest[:32]}"


def purge_path(path):
    key = _generation_key(path)
    # add() then incr() keeps concurrent purges from losing a bump.
    cache.add(key, 0, timeout=None)
    try:
        cache.incr(key)
    except ValueError:
        cache.set(key, 1, timeout=None)


def is_personal(request):
    """Whether this reader may see something no one else may (their own comment, their name).

    The session is only loaded when its cookie is there, so anonymous readers
    still cost the cache no database query.
    """
    if AUTHOR_COOKIE in request.COOKIES:
        return True
    if settings.SESSION_COOKIE_NAME not in request.COOKIES:
        return False
    user = getattr(request, "user", None)
    return bool(user and user.is_authenticated)


def set_private_headers(response):
    add_never_cache_headers(response)
    patch_cache_control(response, private=True, no_store=True)
    return response


def set_public_headers(response):
    patch_cache_control(response, **PUBLIC_CACHE_CONTROL)
    patch_vary_headers(response, ["Cookie"])
    if not response.has_header("ETag") and not response.streaming:
        digest = hashlib.md5(response.content, usedforsecurity=False).hexdigest()
        response["ETag"] = f'"{digest}"'
    return response


def cached_page(view):
    """Serve GET/HEAD from the shared cache; store successful renders."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if is_personal(request):
            response = view(request, *args, **kwargs)
            if hasattr(response, "render"):
                response.render()
            return set_private_headers(response)
        if request.method not in ("GET", "HEAD") or not settings.FRONTEND_CACHE_TIMEOUT:
            return set_public_headers(view(request, *args, **kwargs))
        key = _page_key(request)
        hit = cache.get(key)
        if hit is not None:
            content, content_type, etag = hit
            response = HttpResponse(content, content_type=content_type)
            response["ETag"] = etag
            response["X-Cache"] = "HIT"
            return set_public_headers(response)
        response = view(request, *args, **kwargs)
        if hasattr(response, "render"):
            response.render()
        if getattr(response, "skip_server_cache", False):
            set_public_headers(response)
            patch_cache_control(response, no_cache=True, max_age=0, s_maxage=0)
            return response
        set_public_headers(response)
        if response.status_code == 200:
            cache.set(
                key,
                (response.content, response["Content-Type"], response["ETag"]),
                settings.FRONTEND_CACHE_TIMEOUT,
            )
            response["X-Cache"] = "MISS"
        return response

    return wrapper


class LocalCacheBackend(BaseBackend):
    """Wagtail frontend-cache backend that purges our own page cache."""

    def purge(self, url):
        purge_path(urlsplit(url).path or "/")

    def purge_batch(self, urls):
        for url in urls:
            self.purge(url)
