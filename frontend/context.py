"""Turn API data into what the templates need: metadata, filters, pagination."""

import re

from django.conf import settings


def snake(name):
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()


def absolute(request, url):
    if not url:
        return ""
    if url.startswith(("http://", "https://")):
        return url
    return request.build_absolute_uri(url)


def share_image(page, site):
    image = (page or {}).get("heroImage") or {}
    share = image.get("share") or (
        (site.get("siteSettings") or {}).get("defaultShareImage") or {}
    ).get("share")
    return share


def page_meta(request, page, site, *, title=None, description=None, canonical=None):
    """Title, description, canonical URL and Open Graph data for <head>."""
    settings_data = site.get("siteSettings") or {}
    campaign = settings_data.get("campaignName") or settings.WAGTAIL_SITE_NAME
    page = page or {}
    own_title = title or page.get("seoTitle") or page.get("title") or campaign
    is_home = page.get("__typename") == "HomePage"
    full_title = campaign if is_home and not title else f"{own_title} | {campaign}"
    text = (
        description
        or page.get("searchDescription")
        or page.get("summary")
        or page.get("intro")
        or page.get("heroText")
        or settings_data.get("tagline")
        or ""
    )
    image = share_image(page, site)
    return {
        "title": full_title,
        "og_title": own_title,
        "description": " ".join(str(text).split())[:300],
        "canonical": canonical or absolute(request, page.get("url") or request.path),
        "type": "article"
        if page.get("__typename") in {"StoryPage", "CaseStudyPage"}
        else "website",
        "image": absolute(request, image["url"]) if image else "",
        "image_width": image["width"] if image else None,
        "image_height": image["height"] if image else None,
        "site_name": campaign,
        "published": page.get("firstPublishedAt"),
        "modified": page.get("lastPublishedAt"),
    }


def int_param(request, name, default=1, maximum=10_000):
    try:
        value = int(request.GET.get(name, default))
    except (TypeError, ValueError):
        return default
    return max(1, min(value, maximum))


def page_links(request, pagination, *, param="page", fragment="", drop=()):
    """Previous/next links that keep the other query parameters (less those in `drop`)."""
    links = {}
    for name, number in (
        ("prev", pagination.get("prevPage")),
        ("next", pagination.get("nextPage")),
    ):
        if number:
            query = request.GET.copy()
            for key in drop:
                query.pop(key, None)
            query[param] = number
            links[name] = "?" + query.urlencode() + fragment
    return links
