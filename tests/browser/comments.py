"""Shared set-up for the comment browser tests: limits, a long thread, posting through the API."""

import datetime
import json
from contextlib import contextmanager

from django.conf import settings
from django.test import override_settings
from django.utils import timezone

import pytest

from comments.models import ReaderComment
from comments.status import change_status
from stories.models import StoryPage
from tests.factories import ReaderCommentFactory

CREATE = """
mutation Create($input: CreateReaderCommentInput!) {
  createReaderComment(input: $input) { state comment { id } errors { field code message } }
}"""
TOKEN = "query Token($page: ID!) { readerCommentSettings(page: $page) { formToken } }"
NAMES = ["Gwen Jones", "Amir Khan", "Siân Price", "Olu Adeyemi", "Mei Chen", "سارا احمدی"]


@pytest.fixture(scope="module")
def comment_limits():
    """Posting as fast as a test can (the live server shares these settings)."""
    limits = {
        **settings.COMMENTS,
        "FORM_TOKEN_MIN_SECONDS": 0,
        "RATE_PER_IP": ((1000, 60),),
        "RATE_PER_EMAIL": ((1000, 60),),
        "CHALLENGE": False,
    }
    with override_settings(COMMENTS=limits):
        yield


def long_thread(story, count=55):
    """`count` threads (two pages), every fifth with replies down to the third level.

    Returns the first third-level reply.
    """
    start = timezone.now() - datetime.timedelta(days=20)
    deepest = None
    for number in range(count):
        when = start + datetime.timedelta(hours=number)
        top = ReaderCommentFactory(
            page=story,
            name=NAMES[number % len(NAMES)],
            website="https://example.org/" if number % 7 == 0 else "",
            body=f"Comment {number + 1}: our council should keep it local.\n\nSecond paragraph.",
            created_at=when,
        )
        if number % 5 == 0:
            reply = ReaderCommentFactory(
                parent=top,
                body=f"A reply to comment {number + 1}.",
                created_at=when + datetime.timedelta(minutes=5),
            )
            third = ReaderCommentFactory(
                parent=reply,
                body="And a reply to that.",
                created_at=when + datetime.timedelta(minutes=9),
            )
            deepest = deepest or third
    return deepest


def post_comment(client, page, **fields):
    """createReaderComment over HTTP, the way the site's script sends it."""
    token = graphql(client, TOKEN, {"page": str(page.pk)})["readerCommentSettings"]["formToken"]
    data = {"page": str(page.pk), "formToken": token, "homepage": "", **fields}
    return graphql(client, CREATE, {"input": data})["createReaderComment"]


def graphql(client, query, variables):
    response = client.post(
        "/graphql/",
        json.dumps({"query": query, "variables": variables}),
        content_type="application/json",
    )
    payload = response.json()
    assert "errors" not in payload, payload
    return payload["data"]


def approve(comment_id, moderator):
    comment = ReaderComment.objects.get(pk=comment_id)
    change_status(
        comment, ReaderComment.Status.APPROVED, ReaderComment.Reason.MODERATOR, actor=moderator
    )


def story(slug):
    return StoryPage.objects.get(slug=slug)


@contextmanager
def fresh_contexts(browser):
    """Contexts of the test's own: cookies from one test's posts never reach another's."""
    made = {
        enabled: browser.new_context(java_script_enabled=enabled, reduced_motion="reduce")
        for enabled in (True, False)
    }
    try:
        yield made
    finally:
        for context in made.values():
            context.close()
