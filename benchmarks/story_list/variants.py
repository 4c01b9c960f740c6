"""The three answers to a story list, checked alike, then timed taking turns."""

import json

from django.conf import settings
from django.test import Client, override_settings

from ..harness.measure import Variant, run_interleaved
from ..harness.seed import HOST

SIZES = {20: 21, 100: 9}  # items per request: timed runs of each variant
WARMUP = 3
MAX_OURS_VS_HAND = 1.5
MIN_STOCK_VS_OURS = 4.0
OUTPUT = "story_list"  # var/bench/story_list.json

TEASER = """
  title url date summary
  author { name }
  tags { name }
  heroImage {
    rendition(width: 640) { url width height }
    srcSet(sizes: [320, 640, 960])
  }
"""


def ours_query(per_page):
    return f"{{ stories(page: 1, perPage: {per_page}) {{ items {{ {TEASER} }} pagination {{ total }} }} }}"


def ours_aliases_query():
    page = "stories(page: {}, perPage: 50) {{ items {{ {} }} pagination {{ total }} }}"
    return f"{{ first: {page.format(1, TEASER)} second: {page.format(2, TEASER)} }}"


def stock_query(limit):
    # Grapple sorts the base Page queryset, which has no `date`; stories are
    # seeded so that first publication follows (date, pk).
    return (
        f'{{ pages(contentType: "stories.StoryPage", limit: {limit}, '
        f'order: "-first_published_at") {{ ... on StoryPage {{ {TEASER} }} }} }}'
    )


def _items(response, pick):
    assert response.status_code == 200, response.content[:500]
    payload = json.loads(response.content)
    assert "errors" not in payload, payload["errors"]
    return pick(payload)


def _variants(client, size):
    def graphql(path, query):
        return lambda: client.post(path, {"query": query}, content_type="application/json")

    def checker(pick):
        def check(response):
            items = _items(response, pick)
            assert len(items) == size, f"expected {size} items, got {len(items)}"
            return items

        return check

    variants = [
        Variant(
            "ours",
            graphql("/graphql/", ours_query(size)),
            checker(lambda p: p["data"]["stories"]["items"]),
        ),
        Variant(
            "stock",
            graphql("/bench/stock-graphql/", stock_query(size)),
            checker(lambda p: p["data"]["pages"]),
        ),
        Variant(
            "hand",
            lambda: client.get("/bench/stories.json", {"per_page": size}),
            checker(lambda p: p["items"]),
        ),
    ]
    if size == 100:
        variants.append(
            Variant(
                "ours_2x50",
                graphql("/graphql/", ours_aliases_query()),
                checker(lambda p: p["data"]["first"]["items"] + p["data"]["second"]["items"]),
            )
        )
    return variants


def _limits(size):
    """Raise both list caps to 100 for this process; each is read at call time."""
    limits = {**settings.GRAPHQL_LIMITS, "MAX_LIST_SIZE": max(50, size)}
    grapple_settings = {**settings.GRAPPLE, "MAX_PAGE_SIZE": max(50, size)}
    # GRAPPLE changes fire `setting_changed`, which makes grapple reload its settings.
    return override_settings(GRAPHQL_LIMITS=limits, GRAPPLE=grapple_settings)


def _comparable(items):
    """Tags in name order: no variant promises an order, and on PostgreSQL they differ."""
    return [{**item, "tags": sorted(item["tags"], key=lambda tag: tag["name"])} for item in items]


def sanity_check(client):
    """All answers must be the same stories in the same order, with the same teaser data."""
    for size in SIZES:
        with _limits(size):
            answers = {v.name: v.check(v.call()) for v in _variants(client, size)}
        reference = _comparable(answers["hand"])
        for name, items in answers.items():
            # `check` has made sure every answer has `size` items.
            pairs = zip(_comparable(items), reference, strict=True)
            for position, (item, expected) in enumerate(pairs):
                if item != expected:
                    what = "story" if item["title"] != expected["title"] else "teaser data"
                    raise SystemExit(
                        f"SANITY CHECK FAILED at {size} items: '{name}' returns a different "
                        f"{what} than the hand-written view at position {position}:\n"
                        f"  {name}: {item}\n  hand: {expected}"
                    )


def measure():
    client = Client(HTTP_HOST=HOST)
    results = {}
    with override_settings(ROOT_URLCONF="benchmarks.story_list.urls"):
        sanity_check(client)
        for size, runs in SIZES.items():
            with _limits(size):
                variants = run_interleaved(_variants(client, size), WARMUP, runs)
            results[size] = {variant.name: variant for variant in variants}
    return results
