"""A Redis cache that degrades to "always a miss" while Redis is unreachable.

Everything we keep in the cache can be rebuilt: pages are rendered again,
counts come from the database. So a lost Redis should cost speed, never a 500.
`ResilientRedisCache` catches connection and timeout errors per operation:
reads miss, writes are dropped, `incr` reports a missing key, as Django's API
does for a key that is not there. Short socket timeouts keep a hung Redis from
holding requests, and after a failure Redis is left alone for
`OUTAGE_RETRY_SECONDS` before the next try.

Django's own client builds a new `redis.Redis` for every operation; each one
copies redis-py's table of ~170 response callbacks, which made the client the
largest single cost of a signature after the database (measured with
cProfile: seven per signing request). `PooledRedisCacheClient` keeps one per
connection pool: a `redis.Redis` is safe to share between threads, as it takes
a connection from the pool for each command.

Rate limits cannot simply miss: a limit that always reads zero fails open.
`counter_cache()` gives them this process's own memory while the shared cache
is down, so each app server limits on its own until Redis is back.
"""

from django.core.cache import caches
from django.core.cache.backends.locmem import LocMemCache
from django.core.cache.backends.redis import RedisCache, RedisCacheClient

from redis.backoff import NoBackoff
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError
from redis.retry import Retry

from .outage import Outage

UNREACHABLE = (RedisConnectionError, RedisTimeoutError)
MISSING = object()
DEFAULT_OPTIONS = {
    "socket_connect_timeout": 0.5,
    "socket_timeout": 0.5,
    # One attempt: our own back-off (the Outage) decides when to try again.
    "retry": Retry(NoBackoff(), 0),
}


class PooledRedisCacheClient(RedisCacheClient):
    """Django's client, with one `redis.Redis` per pool instead of one per call."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client

    def count_up(self, keys, timeout):
        """`add(key, 0, timeout)` then `incr(key)` for each key, in one round trip."""
        pipe = self.get_client(None, write=True).pipeline(transaction=False)
        for key in keys:
            pipe.set(key, 0, ex=timeout, nx=True)  # what `add` stores for 0
            pipe.incr(key)
        return pipe.execute()[1::2]


class ResilientRedisCache(RedisCache):
    def __init__(self, server, params):
        options = {**DEFAULT_OPTIONS, **params.get("OPTIONS", {})}
        super().__init__(server, {**params, "OPTIONS": options})
        self._class = PooledRedisCacheClient
        self.outage = Outage("Cache (Redis)", float(params.get("OUTAGE_RETRY_SECONDS", 5)))

    @property
    def available(self):
        """Worth asking: up, or down but due another try (which is how counters find it back)."""
        return not self.outage.should_skip()

    def _guarded(self, name, fallback, *args, **kwargs):
        return self._attempt(fallback, getattr(super(), name), *args, **kwargs)

    def _attempt(self, fallback, call, *args, **kwargs):
        if self.outage.should_skip():
            result = fallback
        else:
            try:
                result = call(*args, **kwargs)
            except UNREACHABLE as error:
                self.outage.failed(error)
                result = fallback
            else:
                self.outage.answered()
                return result
        if result is MISSING:
            raise ValueError("The cache is unreachable, so the key is not there.")
        return result

    def get(self, key, default=None, version=None):
        return self._guarded("get", default, key, default, version)

    def get_many(self, keys, version=None):
        return self._guarded("get_many", {}, keys, version)

    def has_key(self, key, version=None):
        return self._guarded("has_key", False, key, version)

    def add(self, *args, **kwargs):
        return self._guarded("add", False, *args, **kwargs)

    def set(self, *args, **kwargs):
        return self._guarded("set", None, *args, **kwargs)

    def set_many(self, data, *args, **kwargs):
        return self._guarded("set_many", list(data), data, *args, **kwargs)

    def touch(self, *args, **kwargs):
        return self._guarded("touch", False, *args, **kwargs)

    def delete(self, *args, **kwargs):
        return self._guarded("delete", False, *args, **kwargs)

    def delete_many(self, *args, **kwargs):
        return self._guarded("delete_many", None, *args, **kwargs)

    def incr(self, *args, **kwargs):
        return self._guarded("incr", MISSING, *args, **kwargs)

    def clear(self):
        return self._guarded("clear", False)

    def count_up(self, keys, timeout=None):
        """One round trip for several counters; see `count_up()` below."""
        made = [self.make_and_validate_key(key) for key in keys]
        return self._attempt(MISSING, self._cache.count_up, made, self.get_backend_timeout(timeout))


def count_up(store, keys, timeout=None):
    """Add one to each counter, starting any that is missing at 0 with `timeout`
    (None: no expiry); returns the new counts.

    A rate-limit window or a generation number: `add()` then `incr()`, which
    the shared cache does in one round trip. A counter that vanishes in
    between (evicted, or the cache went away) starts again at 1.
    """
    if isinstance(store, ResilientRedisCache):
        try:
            return store.count_up(keys, timeout)
        except ValueError:
            return [1 for _ in keys]
    counts = []
    for key in keys:
        store.add(key, 0, timeout=timeout)
        try:
            counts.append(store.incr(key))
        except ValueError:
            store.set(key, 1, timeout=timeout)
            counts.append(1)
    return counts


# Per process, bounded: enough for a busy server's rate-limit windows.
_local_counters = LocMemCache("keep-it-local-counters", {"OPTIONS": {"MAX_ENTRIES": 20000}})


def counter_cache():
    """Where rate limits count: the shared cache while it answers, else this process's memory.

    With N app servers a per-process limit is N times looser than the shared
    one; that beats the alternatives, no limit at all or refusing everyone.
    """
    shared = caches["default"]
    return shared if getattr(shared, "available", True) else _local_counters
