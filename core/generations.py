"""Generation numbers in the shared cache: how app servers learn that
something they keep in their own memory has changed.

A process keeps an answer together with the generation it read; whoever
changes the underlying data bumps the generation, and every process that sees
a new number starts afresh. `incr` is atomic in Redis, so two bumps at once
both count.

Within a request each generation is read once: `RequestGenerationsMiddleware`
gives the request a memo, and the first read fetches every registered key in
one round trip (a signature needs three; each read was a round trip of its
own). Outside a request every read goes to the cache.
"""

from contextvars import ContextVar

from django.core.cache import cache, caches

from .cache import count_up

_memo: ContextVar["dict | None"] = ContextVar("kil_generations", default=None)
_registered = []


def register(key):
    """A generation read on most requests: fetched together with the first one a request reads."""
    if key not in _registered:
        _registered.append(key)
    return key


def current(key):
    memo = _memo.get()
    if memo is None:
        return cache.get(key, 0)
    if key not in memo:
        wanted = [key, *(other for other in _registered if other not in memo and other != key)]
        found = cache.get_many(wanted)
        memo.update((name, found.get(name, 0)) for name in wanted)
    return memo[key]


def bump(*keys):
    """Move each generation on, in one round trip to the shared cache."""
    count_up(caches["default"], keys)  # the backend itself, not the `cache` proxy
    memo = _memo.get()
    if memo is not None:  # this request reads the new numbers from now on
        for key in keys:
            memo.pop(key, None)


class RequestGenerationsMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _memo.set({})
        try:
            return self.get_response(request)
        finally:
            _memo.reset(token)
