"""The three ways a page is requested, and the settings the run needs."""

from contextlib import contextmanager

from django.conf import settings
from django.test import override_settings

from ..harness.environment import REPO_DIR
from ..harness.measure import Variant, run_interleaved
from .native import NativeSwitch

RUNS = 41  # timed requests per variant and page
WARMUP = 5
MAX_FRONTEND_VS_NATIVE = 1.3
MIN_UNCACHED_VS_CACHED = 20.0
CACHED_TIMEOUT = 3600  # long enough that no entry expires during a run
OUTPUT = "frontend_render"  # var/bench/frontend_render.json
NATIVE = {"HTTP_X_BENCH_RENDER": "native"}
PHASE_RUNS = 21
PROFILE_RUNS = 20

PAGES = {"story": "story page", "index": "story index"}
VARIANTS = {
    "frontend": "frontend, uncached",
    "native": "Wagtail Page.serve, uncached",
    "cached": "frontend, page cache hit",
}


# -- setup -------------------------------------------------------------------


def bench_settings():
    """Page cache off by default, the bench templates found, the native switch first."""
    templates = [
        {**settings.TEMPLATES[0], "DIRS": [*settings.TEMPLATES[0]["DIRS"], REPO_DIR / "benchmarks" / "frontend" / "templates"]}
    ]  # fmt: skip
    middleware = [f"{NativeSwitch.__module__}.{NativeSwitch.__name__}", *settings.MIDDLEWARE]
    return override_settings(FRONTEND_CACHE_TIMEOUT=0, TEMPLATES=templates, MIDDLEWARE=middleware)


@contextmanager
def page_cache_on():
    """Turn the page cache on for one request: two attribute writes, no signals.

    `cached_page` reads the setting at call time; `override_settings` would
    also fire `setting_changed` receivers inside the timed section.
    """
    settings.FRONTEND_CACHE_TIMEOUT = CACHED_TIMEOUT
    try:
        yield
    finally:
        settings.FRONTEND_CACHE_TIMEOUT = 0


# -- like for like ------------------------------------------------------------


def check_frontend(response):
    assert response.status_code == 200, response.content[:500]
    assert not response.has_header("X-Cache"), "the page cache answered an uncached request"
    return response


def check_native(response):
    assert response.status_code == 200, response.content[:500]
    assert not response.has_header("X-Cache"), "the native request reached the frontend"
    return response


def check_cached(response):
    assert response.status_code == 200, response.content[:500]
    assert response.get("X-Cache") == "HIT", f"expected a cache hit, got {response.get('X-Cache')}"
    return response


# -- timing -------------------------------------------------------------------


def _cached_get(client, path):
    def call():
        with page_cache_on():
            return client.get(path)

    return call


def _variants(client, path):
    return [
        Variant("frontend", lambda: client.get(path), check_frontend),
        Variant("native", lambda: client.get(path, **NATIVE), check_native),
        Variant("cached", _cached_get(client, path), check_cached),
    ]


def measure(client, paths):
    results = {}
    for page, path in paths.items():
        results[page] = {v.name: v for v in run_interleaved(_variants(client, path), WARMUP, RUNS)}
    return results


# -- where the frontend's time goes ----------------------------------------------
