"""Persisted queries: our own documents by id, with a GET a cache may keep."""

import json

import pytest

from cms.graphql import persisted
from cms.graphql.documents import digest
from tests.factories import PledgePageFactory, StoryPageFactory


@pytest.fixture
def pledge(site_tree):
    return PledgePageFactory(parent=site_tree["home"], slug="pledge")


def get(client, query_id, variables=None, **headers):
    params = {"id": query_id}
    if variables is not None:
        params["variables"] = json.dumps(variables)
    return client.get("/graphql/", params, **headers)


def test_a_persisted_query_runs_by_id_with_cache_headers(pledge, client):
    response = get(client, persisted.id_of("signature_counts"), {"slugs": ["pledge"]})
    assert response.status_code == 200, response.content
    assert response.json()["data"]["pledgesBySlug"] == [
        {"slug": "pledge", "showSignatureCount": False, "signatureCounts": {"total": 0}}
    ]
    assert "public" in response["Cache-Control"]
    assert "max-age=10" in response["Cache-Control"]
    assert response["ETag"].startswith('"')
    assert "csrftoken" not in response.cookies


def test_the_etag_answers_304_until_the_answer_changes(site_tree, client):
    story_list = persisted.id_of("story_list")
    first = get(client, story_list, {})
    assert first.status_code == 200
    again = get(client, story_list, {}, HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304
    assert again.content == b""
    StoryPageFactory(parent=site_tree["stories"])
    changed = get(client, story_list, {}, HTTP_IF_NONE_MATCH=first["ETag"])
    assert changed.status_code == 200
    assert changed["ETag"] != first["ETag"]


def test_an_unknown_id_is_refused(site_tree, client):
    response = get(client, digest("{ stories { pagination { total } } }"))
    assert response.status_code == 404
    assert response.json()["errors"][0]["extensions"]["code"] == "PERSISTED_QUERY_NOT_FOUND"
    assert "Cache-Control" not in response or "public" not in response["Cache-Control"]


def test_an_id_and_a_query_together_are_refused(site_tree, client):
    response = client.get(
        "/graphql/",
        {"id": persisted.id_of("story_list"), "query": "{ stories { pagination { total } } }"},
    )
    assert response.status_code == 400
    assert response.json()["errors"][0]["extensions"]["code"] == "PERSISTED_QUERY_CONFLICT"


def test_mutations_are_never_persisted_nor_run_by_get(tmp_path, settings, site_tree, client):
    (tmp_path / "sign.graphql").write_text(
        "mutation Sign($input: SignPledgeInput!) { signPledge(input: $input) { ok } }"
    )
    (tmp_path / "count.graphql").write_text("query Count { stories { pagination { total } } }")
    settings.GRAPHQL_PERSISTED_QUERY_DIRS = [tmp_path]
    names = {name for name, _text in persisted.registry().values()}
    assert names == {"count"}
    mutation = "mutation { signPledge(input: {pledgeId: 1}) { ok } }"
    response = client.get("/graphql/", {"query": mutation})
    assert response.status_code == 405


def test_ad_hoc_get_queries_are_answered_but_not_marked_cacheable(site_tree, client):
    response = client.get("/graphql/", {"query": "{ stories { pagination { total } } }"})
    assert response.status_code == 200
    assert "public" not in response.get("Cache-Control", "")


def test_every_site_document_is_registered_by_the_hash_of_its_text():
    from frontend.client import load_document

    for name in ("page", "story_list", "embed", "signature_counts"):
        assert persisted.lookup(digest(load_document(name))) == load_document(name)


def test_a_repeated_persisted_read_is_served_from_the_shared_cache(pledge, client, settings):
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from cms.graphql import documents

    settings.GRAPHQL_PERSISTED_SERVER_CACHE_SECONDS = 5
    cache.clear()
    query_id = persisted.id_of("signature_counts")
    first = get(client, query_id, {"slugs": ["pledge"]})
    documents.documents.clear()  # a run would have to parse again: it must not run
    parses = documents.calls["parse"]
    with CaptureQueriesContext(connection) as captured:
        again = get(client, query_id, {"slugs": ["pledge"]})
    assert again.content == first.content
    assert again["ETag"] == first["ETag"]
    assert "public" in again["Cache-Control"]
    assert len(captured.captured_queries) == 0
    assert documents.calls["parse"] == parses
    other = get(client, query_id, {"slugs": ["other"]})
    assert other.json()["data"]["pledgesBySlug"] == []
    cache.clear()


@pytest.fixture
def server_cache(settings):
    from django.core.cache import cache

    settings.GRAPHQL_PERSISTED_SERVER_CACHE_SECONDS = 5
    cache.clear()
    yield
    cache.clear()


def test_each_persisted_query_keeps_its_own_answer(site_tree, client, server_cache):
    stories = get(client, persisted.id_of("story_list"), {})
    site = get(client, persisted.id_of("site"), {})  # same variables, another document
    assert "stories" in stories.json()["data"]
    assert "stories" not in site.json()["data"]


def test_a_kept_answer_is_not_given_for_another_operation_name(site_tree, client, server_cache):
    query_id = persisted.id_of("story_list")
    assert get(client, query_id, {}).status_code == 200
    other = client.get("/graphql/", {"id": query_id, "variables": "{}", "operationName": "Nope"})
    assert "Unknown operation named 'Nope'" in other.json()["errors"][0]["message"]


def test_a_partial_answer_is_worked_out_again(site_tree, client, server_cache, monkeypatch):
    from cms.schema import schema

    def explode(*args, **kwargs):
        raise RuntimeError("the database went away")

    query_id = persisted.id_of("story_list")
    with monkeypatch.context() as patch:
        patch.setattr(schema.graphql_schema.query_type.fields["stories"], "resolve", explode)
        failed = get(client, query_id, {})
    assert failed.status_code == 200
    assert "errors" in failed.json()
    assert "errors" not in get(client, query_id, {}).json()


def test_a_kept_answer_lives_no_longer_than_the_setting(
    site_tree, client, server_cache, monkeypatch
):
    """Not the cache's default lifetime (minutes), which would outlive the answer's max-age."""
    from django.core.cache import cache

    lifetimes = []

    class Recording:
        get = staticmethod(cache.get)

        @staticmethod
        def set(key, value, *args, **kwargs):
            lifetimes.append(args[0] if args else kwargs.get("timeout", "default"))
            cache.set(key, value, *args, **kwargs)

    monkeypatch.setattr(persisted, "cache", Recording)
    get(client, persisted.id_of("story_list"), {})
    assert lifetimes == [5]
