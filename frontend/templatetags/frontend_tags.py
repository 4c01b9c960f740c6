from urllib.parse import quote, urlsplit

from django import template
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.safestring import mark_safe

import nh3

register = template.Library()


@register.filter
def as_date(value):
    """API dates are ISO strings; templates format real dates."""
    if not value:
        return None
    return parse_date(str(value)[:10]) or parse_datetime(str(value))


@register.filter
def as_datetime(value):
    """An API timestamp (ISO 8601) as an aware datetime, for `|date` and `|time`."""
    return parse_datetime(str(value)) if value else None


@register.filter
def thousands(value):
    """1234 as "1,234", as the widget prints counts (in-house style, any locale)."""
    try:
        return f"{int(value):,}"
    except (TypeError, ValueError):
        return value


@register.filter
def web_url(value):
    """The URL if it is an http(s) link, else "": an attribute never gets a script URL."""
    value = str(value or "").strip()
    try:
        scheme = urlsplit(value).scheme.lower()
    except ValueError:
        return ""
    return value if scheme in ("http", "https") else ""


# What a comment's HTML may hold: the API renders paragraphs and http(s) links and
# nothing else. Cleaning again here means a remote or faulty API still cannot
# put a script, a handler or a script URL into our pages.
COMMENT_TAGS = {"p", "br", "a"}
COMMENT_ATTRIBUTES = {"a": {"href"}}


@register.filter
def comment_html(value):
    cleaned = nh3.clean(
        str(value or ""),
        tags=COMMENT_TAGS,
        attributes=COMMENT_ATTRIBUTES,
        url_schemes={"http", "https"},
        link_rel="nofollow ugc noopener",
    )
    return mark_safe(cleaned)  # noqa: S308 - nh3 has just made it safe


@register.inclusion_tag("frontend/includes/image.html")
def responsive_image(image, sizes="100vw", loading="lazy", css_class="", decorative=False):
    """An <img> with srcset; `decorative` images get empty alt text."""
    return {
        "image": image,
        "sizes": sizes,
        "loading": loading,
        "css_class": css_class,
        "alt": "" if decorative else (image or {}).get("alt", ""),
    }


def share_targets(url, title):
    """Plain share links (no third-party scripts): our pages and the widget's thank-you step."""
    url = quote(url, safe="")
    text = quote(title, safe="")
    return [
        ("Bluesky", f"https://bsky.app/intent/compose?text={text}%20{url}"),
        ("LinkedIn", f"https://www.linkedin.com/sharing/share-offsite/?url={url}"),
        ("Facebook", f"https://www.facebook.com/sharer/sharer.php?u={url}"),
        ("WhatsApp", f"https://wa.me/?text={text}%20{url}"),
        ("Email", f"mailto:?subject={text}&body={url}"),
    ]


@register.inclusion_tag("frontend/includes/share_links.html", takes_context=True)
def share_links(context, title):
    canonical = context["meta"]["canonical"]
    return {"links": share_targets(canonical, title), "canonical": canonical}
