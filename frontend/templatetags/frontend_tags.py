from urllib.parse import quote

from django import template
from django.utils.dateparse import parse_date, parse_datetime

register = template.Library()


@register.filter
def as_date(value):
    """API dates are ISO strings; templates format real dates."""
    if not value:
        return None
    return parse_date(str(value)[:10]) or parse_datetime(str(value))


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
