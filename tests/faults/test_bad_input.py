"""Malformed requests get a 4xx and at most a warning: never a 5xx, never an error log.

Each case is fired at a site with a story (with an approved comment), a
pledge and a partner, so every endpoint we own has something to find.
"""

import json
import logging

from django.conf import settings
from django.core.cache import cache
from django.test import Client

import pytest

HUGE = settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1
NOT_UTF8 = b"\xff\xfe\xc3\x28 name=\xe9"
JSON = "application/json"
FORM = "application/x-www-form-urlencoded"


def graphql(body, content_type=JSON):
    return ("post", "/graphql/", {"data": body, "content_type": content_type})


def form(path, body, content_type=FORM):
    return ("post", path, {"data": body, "content_type": content_type})


# {pledge}, {story} and {comment} are filled in with the fixtures' ids and slugs.
GRAPHQL_CASES = {
    "query-number": graphql('{"query": 5}'),
    "query-list": graphql('{"query": ["{ __typename }"]}'),
    "variables-string": graphql('{"variables": "x"}'),
    "variables-number": graphql('{"query": "{ __typename }", "variables": 5}'),
    "variables-list": graphql('{"query": "{ __typename }", "variables": [1]}'),
    "operation-name-number": graphql('{"query": "{ __typename }", "operationName": 7}'),
    "broken-json": graphql('{"query": '),
    "json-list": graphql("[1, 2]"),
    "json-string": graphql('"{ __typename }"'),
    "json-not-utf8": graphql(NOT_UTF8),
    "graphql-not-utf8": graphql(NOT_UTF8, "application/graphql"),
    "graphql-garbage": graphql("{{{{", "application/graphql"),
    "text-plain": graphql("{ __typename }", "text/plain"),
    "form-query-number": graphql("query=5&variables=x", FORM),
    "multipart-no-boundary": graphql("--x\r\n", "multipart/form-data"),
    "huge-json": graphql('{"query": "' + "a" * HUGE + '"}'),
    "get-bad-variables": ("get", "/graphql/?query=%7B__typename%7D&variables=%ff%fe", {}),
    "get-mutation": ("get", "/graphql/?query=mutation%7Bx%7D", {}),
    "get-no-query": ("get", "/graphql/?operationName=5", {}),
    "put": ("put", "/graphql/", {"data": "{}", "content_type": JSON}),
}
PAGE_CASES = {
    "home-bad-query": ("get", "/?page=%ff%fe&tag=%00", {}),
    "stories-bad-page": ("get", "/stories/?page=-1&tag=%ff", {}),
    "stories-huge-page": ("get", "/stories/?page=99999999999999999999", {}),
    "story-bad-query": ("get", "/stories/{story}/?comments=%ff&reply={comment}x", {}),
    "page-post-garbage": form("/stories/{story}/", NOT_UTF8),
    "search-not-utf8": ("get", "/search/?q=%ff%fe&page=x", {}),
    "search-long": ("get", "/search/?q=" + "a" * 5000 + "&page=1e9", {}),
    "story-feed-bad-page": ("get", "/feeds/stories/?page=x&tag=%ff", {}),
    "comment-feed-unknown": ("get", "/feeds/comments/999999/?page=%ff", {}),
    "comment-feed": ("get", "/feeds/comments/{story_id}/?page=x", {}),
    "sitemap-bad-page": ("get", "/sitemap.xml?p=x", {}),
    "preview-bad-token": ("get", "/preview/?token=%ff%fe", {}),
}
EMBED_CASES = {
    "data-bad-slugs": ("get", "/embed/v1/data/?pledges=%ff,,,%00&partner=%ff", {}),
    "data-many-slugs": ("get", "/embed/v1/data/?pledges=" + ",".join(["a"] * 500), {}),
    "data-no-params": ("get", "/embed/v1/data/", {}),
    "data-post": form("/embed/v1/data/", "pledges=x"),
    "frame-bad-options": (
        "get",
        "/embed/pledges/{pledge}/?partner=leeds-cf&variant=%00&theme=%ff&accent=%ff%fe",
        {},
    ),
    "frame-unknown-partner": ("get", "/embed/pledges/{pledge}/?partner=%ff", {}),
    "frame-post-garbage": form("/embed/pledges/{pledge}/?partner=leeds-cf", NOT_UTF8),
    "frame-post-huge": form("/embed/pledges/{pledge}/?partner=leeds-cf", "a=" + "b" * HUGE),
    "frame-post-json": form("/embed/pledges/{pledge}/?partner=leeds-cf", "{}", JSON),
    "thanks-unknown-pledge": ("get", "/embed/pledges/nope/thanks/?partner=leeds-cf", {}),
    "thanks-bad-partner": ("get", "/embed/pledges/{pledge}/thanks/?partner=%ff", {}),
    "script-bad-query": ("get", "/embed/v1/pledge.js?v=%ff", {}),
}
FORM_CASES = {
    "sign-garbage": form("/signatures/{pledge_id}/sign/", NOT_UTF8),
    "sign-wrong-types": form(
        "/signatures/{pledge_id}/sign/", "signer_type=%ff&email=x&show_name=maybe&name="
    ),
    "sign-huge": form("/signatures/{pledge_id}/sign/", "name=" + "a" * HUGE),
    "sign-json": form("/signatures/{pledge_id}/sign/", '{"name": 5}', JSON),
    "sign-many-fields": form("/signatures/{pledge_id}/sign/", "&".join(["a=1"] * 1500)),
    "sign-unknown-pledge": form("/signatures/999999/sign/", "name=x"),
    "sign-get": ("get", "/signatures/{pledge_id}/sign/?name=%ff", {}),
    "thanks-bad": ("get", "/signatures/{pledge_id}/thanks/?x=%ff", {}),
    "confirm-garbage-token": ("get", "/signatures/confirm/%ff%fe.garbage/", {}),
    "confirm-post-garbage": form("/signatures/confirm/abc:def/", NOT_UTF8),
    "withdraw-garbage-token": ("get", "/signatures/withdraw/%00/", {}),
    "comment-garbage": form("/comments/{story_id}/", NOT_UTF8),
    "comment-wrong-types": form(
        "/comments/{story_id}/", "parent=abc&name=%ff&email=1&body=&form_token=%00"
    ),
    "comment-huge": form("/comments/{story_id}/", "body=" + "a" * HUGE),
    "comment-json": form("/comments/{story_id}/", '{"body": 5}', JSON),
    "comment-unknown-page": form("/comments/999999/", "body=x"),
    "comment-get": ("get", "/comments/{story_id}/?parent=%ff", {}),
    "edit-garbage": form("/comments/edit/", "comment=abc&token=%ff&body=" + "x" * 10),
    "edit-get": ("get", "/comments/edit/?comment=x&token=%ff", {}),
    "delete-garbage": form("/comments/delete/", "comment=-1&token=%00"),
    "report-garbage": form("/comments/report/{comment}/", "reason=%ff&detail=" + "x" * 9000),
    "report-unknown": form("/comments/report/999999/", "reason=spam"),
    "notify-garbage": ("get", "/comments/notify/%ff%fe/", {}),
    "unsubscribe-garbage": ("get", "/comments/unsubscribe/a:b:c/", {}),
    "erase-garbage": form("/comments/erase/", "email=%ff%fe"),
    "erase-confirm-garbage": form("/comments/erase/xx/", NOT_UTF8),
}
CASES = {**GRAPHQL_CASES, **PAGE_CASES, **EMBED_CASES, **FORM_CASES}


@pytest.fixture(autouse=True)
def empty_cache():
    """Rate-limit counters start at zero, so each case reaches the code it aims at."""
    cache.clear()
    yield
    cache.clear()


@pytest.mark.parametrize("case", CASES)
def test_malformed_request_is_a_client_error_without_an_error_log(case, module_site, db, caplog):
    method, path, kwargs = CASES[case]
    # A real client would not wait for Django's test client to re-raise: see what it sees.
    client = Client(raise_request_exception=False)
    with caplog.at_level(logging.WARNING):
        response = getattr(client, method)(path.format(**module_site), **kwargs)
    errors = [f"{r.name}: {r.getMessage()}" for r in caplog.records if r.levelno >= logging.ERROR]
    assert response.status_code < 500, (response.status_code, response.content[:300])
    assert errors == []


def test_graphql_refusals_say_what_was_wrong(module_site, db):
    response = Client().post("/graphql/", '{"query": 5}', content_type=JSON)
    assert response.status_code == 400
    assert json.loads(response.content) == {"errors": [{"message": "query must be a string."}]}
