"""The shared cache reuses its Redis client instead of building one per operation.

Building a `redis.Redis` copies redis-py's whole table of response callbacks;
at seven cache operations a signing request that was a tenth of its CPU time.
Runs in both CI passes against the Redis on 127.0.0.1:6379 (or REDIS_URL).
"""

import os
import threading

import pytest
import redis

from core.cache import ResilientRedisCache, count_up

URL = os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/2"


@pytest.fixture
def fresh_cache():
    cache = ResilientRedisCache(URL, {"KEY_PREFIX": f"client-{os.getpid()}"})
    yield cache
    cache.delete_many(["a", "b", "n"])


@pytest.fixture
def clients_built(monkeypatch):
    built = []
    original = redis.Redis.__init__

    def counting_init(self, *args, **kwargs):
        built.append(self)
        original(self, *args, **kwargs)

    monkeypatch.setattr(redis.Redis, "__init__", counting_init)
    return built


def test_many_operations_build_one_client(fresh_cache, clients_built):
    fresh_cache.set("a", 1)
    fresh_cache.add("b", 2)
    fresh_cache.set("n", 0)
    fresh_cache.incr("n")
    assert fresh_cache.get_many(["a", "b", "n"]) == {"a": 1, "b": 2, "n": 1}
    fresh_cache.delete("a")
    assert fresh_cache.get("a") is None
    assert len(clients_built) == 1


def test_threads_share_the_client_safely(fresh_cache, clients_built):
    fresh_cache.set("n", 0)
    errors = []

    def bump():
        try:
            for _ in range(50):
                fresh_cache.incr("n")
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)

    threads = [threading.Thread(target=bump) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert fresh_cache.get("n") == 200
    assert len(clients_built) == 1


def test_count_up_starts_counters_with_their_window_and_keeps_it(fresh_cache):
    assert count_up(fresh_cache, ["a", "b"], 60) == [1, 1]
    raw = fresh_cache._cache.get_client(write=True)
    key = fresh_cache.make_and_validate_key("a")
    raw.expire(key, 30)  # as if 30 s of the window had passed
    assert count_up(fresh_cache, ["a"], 60) == [2]
    assert 0 < raw.ttl(key) <= 30  # a later count does not extend the window
    assert fresh_cache.get("a") == 2  # stored as Django's own counters are
    assert fresh_cache.incr("a") == 3


def test_count_up_without_a_timeout_never_expires(fresh_cache):
    count_up(fresh_cache, ["n"])
    raw = fresh_cache._cache.get_client(write=True)
    assert raw.ttl(fresh_cache.make_and_validate_key("n")) == -1


def test_count_up_sends_one_round_trip_for_many_counters(fresh_cache, monkeypatch):
    sent = []
    original = redis.client.Pipeline.execute

    def counting_execute(self, *args, **kwargs):
        sent.append(len(self.command_stack))
        return original(self, *args, **kwargs)

    monkeypatch.setattr(redis.client.Pipeline, "execute", counting_execute)
    assert count_up(fresh_cache, ["a", "b", "n"], 60) == [1, 1, 1]
    assert sent == [6]
