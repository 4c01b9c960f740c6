"""Generation numbers in the shared cache: how app servers learn that
something they keep in their own memory has changed.

A process keeps an answer together with the generation it read; whoever
changes the underlying data bumps the generation, and every process that sees
a new number starts afresh. `incr` is atomic in Redis, so two bumps at once
both count.
"""

from django.core.cache import cache


def current(key):
    return cache.get(key, 0)


def bump(key):
    cache.add(key, 0, timeout=None)
    try:
        cache.incr(key)
    except ValueError:  # evicted between add and incr (or the cache is down)
        cache.set(key, 1, timeout=None)
