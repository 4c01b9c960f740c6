"""The embed code the admin's Embed view gives a partner, for the browser tests.

`pledges.embed_code` (the admin's snippet generator) is built on another
branch. These two functions have its signatures and produce the snippet text
it is specified to produce; once it is merged, test_embeds.py imports it in
their place (one import line) and this module is deleted.
"""

from django.conf import settings
from django.utils.html import format_html, format_html_join


def _base(base_url):
    return (base_url or settings.BASE_URL).rstrip("/")


def _options(variant, accent, theme):
    options = {"variant": variant}
    if accent:
        options["accent"] = accent
    if theme and theme != "auto":
        options["theme"] = theme
    return options


def pledge_url(pledge, base_url=None):
    _site, _root, path = pledge.get_url_parts()
    return _base(base_url) + path


def script_snippet(partner, pledge, *, variant="full", accent="", theme="auto", base_url=None):
    base = _base(base_url)
    attributes = format_html_join("", ' data-{}="{}"', _options(variant, accent, theme).items())
    fallback = f"{pledge_url(pledge, base)}?utm_source={partner.slug}&utm_medium=embed"
    return format_html(
        '<script src="{}/embed/v1/pledge.js" async></script>\n'
        '<div data-keepitlocal-pledge="{}" data-partner="{}"{}>'
        '<a href="{}">Sign the pledge: {}</a></div>',
        base,
        pledge.slug,
        partner.slug,
        attributes,
        fallback,
        pledge.title,
    )


def iframe_snippet(partner, pledge, *, variant="full", accent="", theme="auto", base_url=None):
    query = "&".join(
        f"{name}={value.replace('#', '%23')}"
        for name, value in {"partner": partner.slug, **_options(variant, accent, theme)}.items()
    )
    return format_html(
        '<iframe src="{}/embed/pledges/{}/?{}" title="Sign the pledge: {}" '
        'width="100%" height="640"></iframe>',
        _base(base_url),
        pledge.slug,
        query,
        pledge.title,
    )
