"""The shared cache reuses its Redis client instead of building one per operation.

Building a `redis.Redis` copies redis-py's whole table of response callbacks;
at seven cache operations a signing request that was a tenth of its CPU time.
Runs in both CI passes against the Redis on 127.0.0.1:6379 (or REDIS_URL).
"""

import os
import threading

import pytest
import redis

from core.cache import ResilientRedisCache

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
