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


@register.inclusion_tag("frontend/includes/share_links.html", takes_context=True)
def share_links(context, title):
    """Plain share links: no third-party scripts, nothing loaded until clicked."""
    url = quote(context["meta"]["canonical"], safe="")
    text = quote(title, safe="")
    return {
        "links": [
            ("Bluesky", f"https://bsky.app/intent/compose?text={text}%20{url}"),
            ("LinkedIn", f"https://www.linkedin.com/sharing/share-offsite/?url={url}"),
            ("Facebook", f"https://www.facebook.com/sharer/sharer.php?u={url}"),
            ("WhatsApp", f"https://wa.me/?text={text}%20{url}"),
            ("Email", f"mailto:?subject={text}&body={url}"),
        ],
        "canonical": context["meta"]["canonical"],
    }
