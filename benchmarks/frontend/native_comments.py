"""The reader-comment section of the native story page, straight from the ORM.

Stories take comments by default, so the benchmarked story keeps them open
and both renders print the section a reader sees under a story without
comments yet: the heading, the empty list, the comment form (with its signed
form token) and the two `<template>`s site.js clones. What a Wagtail
developer would query for it: the site's `CommentSettings` (one query), the
page's `comments_state()`, and the thread through `comments.threads` (the
helper the API's resolver uses too), whose approved count also fills the
"0 comments" link, so it is counted once.

The thread's own comment markup is not mirrored: the benchmarked story is
seeded without comments, and if it ever has some the native render stops
with an error saying so rather than print a different page. Readers are
anonymous here (no signed-in commenter, no author cookie).
"""

from urllib.parse import urlencode

from django.conf import settings
from django.urls import reverse

from comments.accounts import providers_configured
from comments.forms import CommentForm, form_token
from comments.models import CommentReport, CommentSettings
from comments.threads import page_thread

# The comment site.js fills in for a comment posted without a reload.
PLACEHOLDER = {"id": "__ID__", "name": "", "depth": 1}


def comment_section(page):
    """Template context `comments` for the section, or None where it is not shown."""
    site = page.get_site()
    comment_settings = CommentSettings.for_site(site) if site else CommentSettings()
    state = page.comments_state(comment_settings)
    thread = page_thread(page.pk)
    if not (state.open or thread.total_count):
        return None  # comments were never open here: no empty section, as on our site
    if thread.items:
        raise NotImplementedError("the native mirror prints no comment threads (see above)")
    section = {
        "state": state,
        "policy": comment_settings.policy,
        "total": thread.total_count,
        "max_depth": settings.COMMENTS["MAX_DEPTH"],
        "max_length": settings.COMMENTS["MAX_LENGTH"],
        "challenge_required": settings.COMMENTS["CHALLENGE"],
        "placeholder": PLACEHOLDER,
        "report_reasons": CommentReport.Reason.choices,
    }
    if state.open:
        initial = {"page": page.pk, "form_token": form_token(page.pk), "parent": ""}
        section["form"] = CommentForm(initial=initial)
        if providers_configured():
            next_url = urlencode({"next": f"{page.url}#comments"})
            section["sign_in_url"] = f"{reverse('account_login')}?{next_url}"
    return section
