"""Helpers for the comment section tests: reading the page's HTML and posting its forms."""

import html
import re

from django.urls import reverse

from comments.models import ReaderComment


def page_html(client, url, **params):
    response = client.get(url, params)
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def section(text):
    """The comment section's HTML (without the <template>s site.js clones)."""
    match = re.search(r'<section class="comments".*?</section>', text, re.S)
    assert match, "no comment section"
    return re.sub(r"<template.*?</template>", "", match.group(0), flags=re.S)


def comment_ids(text):
    """Ids of the comments shown, in document order."""
    return [
        int(pk) for pk in re.findall(r'<li class="comment[^"]*" id="comment-(\d+)"', section(text))
    ]


def hidden_value(text, name):
    match = re.search(rf'<input type="hidden" name="{name}"(?: value="([^"]*)")?', text)
    assert match, f"no hidden {name}"
    return html.unescape(match.group(1) or "")


def field_error(text, name):
    """The message beside a field, or None while its slot is hidden."""
    match = re.search(
        rf'<p class="field__error" id="error-{name}"\s*(hidden)?\s*>(.*?)</p>', text, re.S
    )
    assert match, f"no error slot for {name}"
    return None if match.group(1) else html.unescape(match.group(2)).strip()


def form_data(client, page, **fields):
    """What a reader's browser sends: the page's hidden fields plus what they typed."""
    text = page_html(client, page.url)
    data = {
        "page": hidden_value(text, "page"),
        "form_token": hidden_value(text, "form_token"),
        "name": "Ada Lovelace",
        "email": "ada@example.org",
        "body": "Councils should keep it local.",
        "homepage": "",
    }
    data.update(fields)
    return {key: value for key, value in data.items() if value is not None}


def post(client, page, **fields):
    """POST the comment form without JavaScript; returns the response."""
    return client.post(reverse("comments:post", args=[page.pk]), form_data(client, page, **fields))


def latest_comment():
    return ReaderComment.objects.order_by("-pk").first()
