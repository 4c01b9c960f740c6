"""Media URLs: absolute on BASE_URL for API clients, site-relative for our own pages.

Partners read images from the API on their own sites, so a URL there must say
which host it is on. Our pages are served by this very process on whatever
host and port the reader used (a staging host, `make run PORT=8001`); an
absolute URL on BASE_URL would point elsewhere. The frontend's in-process
client runs its documents inside `site_relative_media()`; the /graphql/
endpoint never does.
"""

from contextlib import contextmanager
from contextvars import ContextVar

from django.conf import settings

_relative: ContextVar[bool] = ContextVar("kil_relative_media", default=False)


@contextmanager
def site_relative_media():
    token = _relative.set(True)
    try:
        yield
    finally:
        _relative.reset(token)


def media_url(url):
    """A stored file's URL as this answer should give it (grapple's rule otherwise)."""
    if url.startswith("/") and not _relative.get():
        return settings.WAGTAILADMIN_BASE_URL + url
    return url


def _file_url(item, info, **kwargs):
    return media_url(item.url if hasattr(item, "url") else item.file.url)


def install(graphql_schema):
    for name in ("ImageObjectType", "ImageRenditionObjectType", "DocumentObjectType"):
        graphql_type = graphql_schema.get_type(name)
        if graphql_type is not None and "url" in graphql_type.fields:
            graphql_type.fields["url"].resolve = _file_url
