"""The code partners paste into their sites to show a pledge: a script widget or an iframe.

This text is a contract. Partners copy it once and never change it, so its
shape (paths, attribute names, parameter names) must stay what it is here;
docs/partners.md describes the same code to partners' web teams. Every value
is HTML-escaped, so a pledge title with quotes or angle brackets cannot break
out of its attribute or its link. The result is a SafeString: render it with
`force_escape` to show the code, as it is to preview it.
"""

from urllib.parse import quote, urlencode

from django.conf import settings
from django.utils.html import format_html, format_html_join

from pledges.contrast import HEX_COLOUR

VARIANTS = ("full", "compact", "counter")
THEMES = ("auto", "light", "dark")
# Iframes cannot size themselves before their script runs: a height that fits
# each variant at phone width, so a frame without scripts still shows the form.
IFRAME_HEIGHTS = {"full": 720, "compact": 560, "counter": 220}


def site_base(base=None):
    """BASE_URL without a trailing slash, or the base given (a preview or test server)."""
    return (base or settings.BASE_URL).rstrip("/")


def pledge_url(pledge, base=None):
    """The live pledge page's full URL on our site, for links that must work anywhere."""
    parts = pledge.get_url_parts()
    path = parts[2] if parts else "/"
    return site_base(base) + path


def _check_options(variant, accent, theme):
    if variant not in VARIANTS:
        raise ValueError(f"Unknown variant {variant!r}; choose one of {', '.join(VARIANTS)}.")
    if theme not in THEMES:
        raise ValueError(f"Unknown theme {theme!r}; choose one of {', '.join(THEMES)}.")
    if accent and not HEX_COLOUR.match(accent):
        raise ValueError(f"Accent {accent!r} is not a colour like #0b6e4f.")


def script_snippet(partner, pledge, *, variant="full", accent="", theme="auto", base_url=None):
    """The script tag and a placeholder whose link stays when scripts are off or we are down."""
    _check_options(variant, accent, theme)
    base = site_base(base_url)
    attributes = [
        ("data-keepitlocal-pledge", pledge.slug),
        ("data-partner", partner.slug),
        ("data-variant", variant),
    ]
    if accent:
        attributes.append(("data-accent", accent))
    if theme != "auto":
        attributes.append(("data-theme", theme))
    tracking = urlencode({"utm_source": partner.slug, "utm_medium": "embed"})
    return format_html(
        '<script src="{}/embed/v1/pledge.js" async></script>\n'
        '<div {}><a href="{}?{}">Sign the pledge: {}</a></div>',
        base,
        format_html_join(" ", '{}="{}"', attributes),
        pledge_url(pledge, base),
        tracking,
        pledge.title,
    )


def iframe_snippet(partner, pledge, *, variant="full", accent="", theme="auto", base_url=None):
    """An iframe for sites that cannot add scripts; it works with JavaScript off."""
    _check_options(variant, accent, theme)
    base = site_base(base_url)
    query = [("partner", partner.slug)]
    if variant != "full":
        query.append(("variant", variant))
    if accent:
        query.append(("accent", accent))
    if theme != "auto":
        query.append(("theme", theme))
    return format_html(
        '<iframe src="{}/embed/pledges/{}/?{}" title="Sign the pledge: {}" width="100%" '
        'height="{}" style="border:0;max-width:40rem" loading="lazy"></iframe>',
        base,
        quote(pledge.slug),
        urlencode(query),
        pledge.title,
        IFRAME_HEIGHTS[variant],
    )
