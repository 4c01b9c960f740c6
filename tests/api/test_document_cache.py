"""The endpoint parses and validates a document once, and only keeps those that pass."""

import pytest

from cms.graphql import documents
from tests.factories import StoryPageFactory

QUERY = "{ stories { pagination { total } } }"


@pytest.fixture
def stories(site_tree):
    return [StoryPageFactory(parent=site_tree["stories"]) for _ in range(2)]


@pytest.fixture
def calls():
    documents.documents.clear()
    before = dict(documents.calls)
    return lambda: {name: documents.calls[name] - before[name] for name in before}


def test_a_repeated_document_is_neither_parsed_nor_validated_again(stories, gql, calls):
    first = gql(QUERY)
    second = gql(QUERY)
    assert first["data"] == second["data"]
    assert first["data"]["stories"]["pagination"]["total"] == 2
    assert calls() == {"parse": 1, "validate": 1}


def test_a_document_that_fails_our_limits_is_never_kept(stories, gql, calls, settings):
    settings.GRAPHQL_LIMITS = {**settings.GRAPHQL_LIMITS, "MAX_DEPTH": 2}
    deep = "{ stories { items { author { name } } } }"
    for _ in range(2):
        result = gql(deep, expect_errors=True)
        assert result["errors"][0]["extensions"]["code"] == "QUERY_TOO_DEEP"
    assert calls() == {"parse": 2, "validate": 2}


def test_new_limits_apply_to_a_document_cached_under_the_old_ones(stories, gql, settings):
    deep = "{ stories { items { author { name } } } }"
    assert "errors" not in gql(deep)
    settings.GRAPHQL_LIMITS = {**settings.GRAPHQL_LIMITS, "MAX_DEPTH": 2}
    result = gql(deep, expect_errors=True)
    assert result["errors"][0]["extensions"]["code"] == "QUERY_TOO_DEEP"


def test_the_cache_is_bounded_and_drops_the_least_recently_used():
    cache = documents.DocumentCache(size=2)
    cache.put("a", 1)
    cache.put("b", 2)
    assert cache.get("a") == 1  # now "b" is the oldest
    cache.put("c", 3)
    assert (cache.get("a"), cache.get("b"), cache.get("c")) == (1, None, 3)
    assert len(cache) == 2


def test_a_syntax_error_is_still_a_client_error(site_tree, gql):
    result = gql("{ stories { ", expect_errors=True)
    assert "Syntax Error" in result["errors"][0]["message"]


def test_api_answers_set_no_csrf_cookie(stories, client):
    response = client.post("/graphql/", {"query": QUERY}, content_type="application/json")
    assert response.status_code == 200
    assert "csrftoken" not in response.cookies
