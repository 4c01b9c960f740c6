"""Ratios against the targets, the printed table and var/bench/story_list.json."""

import os

from django.db import connection

from stories.models import StoryPage

from ..harness import report as harness_report
from ..harness.environment import SETTINGS_MODULE
from ..harness.measure import query_shapes
from .variants import MAX_OURS_VS_HAND, MIN_STOCK_VS_OURS, OUTPUT, SIZES


def _ratio_rows(results):
    rows = []
    for size in SIZES:
        ours, stock, hand = (results[size][n].median_ms for n in ("ours", "stock", "hand"))
        rows += [
            _ratio(f"ours / hand-written at {size}", ours / hand, "<=", MAX_OURS_VS_HAND),
            _ratio(
                f"stock / ours at {size}",
                stock / ours,
                ">=",
                MIN_STOCK_VS_OURS if size == 20 else None,
            ),
            # Context: what "stock / ours" would be if ours matched the hand-written view.
            _ratio(f"stock / hand-written at {size}", stock / hand),
        ]
    return rows


_ratio = harness_report.ratio_row


NOTES = [
    "Every column is one request through django.test.Client: URL routing, middleware, "
    "view and JSON encoding included; settings cms.settings.test (DEBUG off, local-memory cache).",
    "ours: POST /graphql/ `stories(page: 1, perPage: N)` with items and pagination { total }.",
    "ours at 100: perPage 100 in one request, with GRAPHQL_LIMITS['MAX_LIST_SIZE'] raised to "
    "100 for this process only (read at call time). 'ours 2x50' is the unmodified alternative: "
    "pages 1 and 2 of 50 as two aliases in one request.",
    "stock: grapple's own PagesQuery in a separate schema, grapple's resolvers and queryset (no "
    "prefetching) with our page interface; POST to graphene's GraphQLView wrapped in our "
    "per-request visibility, no validation limits. GRAPPLE['MAX_PAGE_SIZE'] raised to 100 for "
    "this process only. It orders by -first_published_at (the Page queryset has no `date`) "
    "and returns no total.",
    "stock renditions come from the Django cache after warm-up (local memory here, a network "
    "round trip with Redis), so they add no SQL.",
    "hand: a plain Django view (benchmarks/story_list/baseline.py), GET /bench/stories.json?per_page=N; "
    "it prefetches only the three renditions a teaser shows.",
    "Each hero image has 9 renditions, as a used image has in production: the teaser's 3 "
    "plus the admin thumbnail and detail and share sizes.",
    "Sanity check (fails the run): every variant returns the same stories, in the same "
    "order, with the same teaser data; tags compared by name, since none promises an order.",
    "Median of interleaved runs after warm-up; SQL counted on one extra request.",
]


def report(results, seeded):
    ratios = _ratio_rows(results)
    names = {
        "ours": "ours: stories(perPage: N)",
        "ours_2x50": "ours: 2 x stories(perPage: 50)",
        "stock": "stock grapple: pages(limit: N)",
        "hand": "hand-written Django view",
    }
    lines = [
        "",
        f"Story list, {StoryPage.objects.count():,} stories, {connection.display_name}, "
        f"settings {SETTINGS_MODULE}, load average {os.getloadavg()[0]:.1f} on "
        f"{os.cpu_count()} CPUs (other work on the machine makes medians noisy)",
        "",
        f"{'':34}{'20 items':>22}{'100 items':>22}",
        f"{'':34}{'median ms':>13}{'SQL':>9}{'median ms':>13}{'SQL':>9}",
    ]
    for key, label in names.items():
        cells = ""
        for size in SIZES:
            variant = results[size].get(key)
            cells += (
                f"{variant.median_ms:13.1f}{len(variant.queries):9d}"
                if variant
                else f"{'-':>13}{'-':>9}"
            )
        lines.append(f"{label:34}{cells}")
    lines += ["", "Ratios (median / median)"]
    for row in ratios:
        verdict = "" if row["met"] is None else ("PASS" if row["met"] else "MISS")
        target = f"target {row['target']}" if row["target"] else "(no target)"
        lines.append(f"  {row['name']:32}{row['ratio']:7.2f}x   {target:16}{verdict}")
    lines += ["", "Notes"] + [f"  - {note}" for note in NOTES]
    print("\n".join(lines))

    payload = {
        **harness_report.header("story_list", seeded),
        "stories": StoryPage.objects.count(),
        "results": {
            str(size): {name: variant.as_dict() for name, variant in variants.items()}
            for size, variants in results.items()
        },
        "ratios": [{**row, "ratio": round(row["ratio"], 3)} for row in ratios],
        "notes": NOTES,
    }
    harness_report.write(OUTPUT, payload)


def print_sql(results):
    for size, variants in results.items():
        for name, variant in variants.items():
            print(f"\n== SQL, {name} at {size} items: {len(variant.queries)} queries")
            for shape, count in query_shapes(variant.queries):
                print(f"  {count:4d} x {shape[:220]}")
