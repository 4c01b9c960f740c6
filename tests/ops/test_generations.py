"""Generation numbers (core/generations.py): read once a request, bumped in one round trip."""

from django.core.cache import cache
from django.http import HttpResponse
from django.test import RequestFactory

import pytest

from core import generations

KEYS = ["test:gen:a", "test:gen:b", "test:gen:c"]


@pytest.fixture
def registered(monkeypatch):
    monkeypatch.setattr(generations, "_registered", list(KEYS))
    cache.delete_many(KEYS)
    yield KEYS
    cache.delete_many(KEYS)


@pytest.fixture
def cache_reads(monkeypatch):
    """The cache reads asked for (a local cache's get_many calls get itself: not counted)."""
    reads, inside = [], []
    for name in ("get", "get_many"):
        original = getattr(cache, name)

        def counting(*args, _name=name, _original=original, **kwargs):
            if not inside:
                reads.append(_name)
            inside.append(_name)
            try:
                return _original(*args, **kwargs)
            finally:
                inside.pop()

        monkeypatch.setattr(cache, name, counting)
    return reads


def in_a_request(view):
    middleware = generations.RequestGenerationsMiddleware(view)
    return middleware(RequestFactory().get("/"))


def test_a_request_reads_every_registered_generation_in_one_round_trip(registered, cache_reads):
    generations.bump("test:gen:b")
    seen = {}

    def view(request):
        for _ in range(3):
            seen.update((key, generations.current(key)) for key in registered)
        return HttpResponse()

    in_a_request(view)
    assert seen == {"test:gen:a": 0, "test:gen:b": 1, "test:gen:c": 0}
    assert cache_reads == ["get_many"]


def test_a_bump_within_the_request_is_read_back(registered):
    def view(request):
        before = generations.current("test:gen:a")
        generations.bump("test:gen:a", "test:gen:c")
        return HttpResponse(f"{before} {generations.current('test:gen:a')}")

    assert in_a_request(view).content == b"0 1"
    assert cache.get_many(["test:gen:a", "test:gen:c"]) == {"test:gen:a": 1, "test:gen:c": 1}


def test_outside_a_request_every_read_asks_the_cache(registered, cache_reads):
    generations.current("test:gen:a")
    cache.set("test:gen:a", 7, timeout=None)  # another server's bump
    assert generations.current("test:gen:a") == 7
    assert cache_reads == ["get", "get"]


def test_the_next_request_reads_afresh(registered):
    in_a_request(lambda request: HttpResponse(generations.current("test:gen:a")))
    cache.set("test:gen:a", 5, timeout=None)
    response = in_a_request(lambda request: HttpResponse(generations.current("test:gen:a")))
    assert response.content == b"5"
