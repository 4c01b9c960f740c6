"""StreamField content in Wagtail's stored (raw JSON) shape, with page ids."""

from django.utils.html import escape


def heading(text, level="h2"):
    return {"type": "heading", "value": {"text": text, "level": level}}


def paragraph(html):
    return {"type": "paragraph", "value": html}


def quote(text, attribution="", role=""):
    return {"type": "quote", "value": {"quote": text, "attribution": attribution, "role": role}}


def call_to_action(heading, text, page, link_text):
    value = {
        "heading": heading,
        "text": text,
        "page": page.pk,
        "link_url": "",
        "link_text": link_text,
    }
    return {"type": "call_to_action", "value": value}


def wish(title, text, page=None):
    return {"title": title, "text": text, "page": page.pk if page else None, "link_url": ""}


def wish_list(heading, intro, wishes):
    return {"type": "wish_list", "value": {"heading": heading, "intro": intro, "wishes": wishes}}


def fact(figure, caption):
    return {"type": "fact", "value": {"figure": figure, "caption": caption}}


def organisation(name, url=""):
    return {"type": "organisation", "value": {"name": name, "url": url}}


def page_link(page, text):
    """An internal link in Wagtail's rich-text storage format, resolved on output."""
    return f'<a linktype="page" id="{page.pk}">{escape(text)}</a>'
