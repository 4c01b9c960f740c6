"""Ratios, the printed report and var/bench/frontend_render.json."""

import os
from importlib.metadata import version

from django.db import connection

from stories.models import StoryPage

from ..harness import report as harness_report
from ..harness.environment import SETTINGS_MODULE
from ..harness.measure import query_shapes
from .profiling import BUCKETS, LANDMARKS
from .variants import (
    MAX_FRONTEND_VS_NATIVE,
    MIN_UNCACHED_VS_CACHED,
    OUTPUT,
    PAGES,
    PROFILE_RUNS,
    VARIANTS,
)


def _ratio(name, pair, sense=None, bound=None):
    """Targets apply to the medians; the fastest runs' ratio is context for a busy machine."""
    top, bottom = pair
    return harness_report.ratio_row(
        name,
        top.median_ms / bottom.median_ms,
        sense,
        bound,
        ratio_of_fastest_runs=min(top.timings_ms) / min(bottom.timings_ms),
        ratio_of_cpu_time=top.median_cpu_ms / bottom.median_cpu_ms,
    )


def _ratio_rows(results):
    rows = []
    for page, label in PAGES.items():
        frontend, native, cached = (results[page][name] for name in VARIANTS)
        rows += [
            _ratio(f"{label}: frontend / native", (frontend, native), "<=", MAX_FRONTEND_VS_NATIVE),
            _ratio(f"{label}: uncached / cached", (frontend, cached), ">=", MIN_UNCACHED_VS_CACHED),
            _ratio(f"{label}: native / cached", (native, cached)),
        ]
    return rows


NOTES = [
    "Every cell is one GET through django.test.Client at the page's own URL: middleware, "
    "URL routing, view, template and ETag included; settings cms.settings.test (DEBUG off, "
    "local-memory cache, SQLite unless BENCH_DATABASE_URL).",
    "frontend: frontend.views.serve_page with FRONTEND_CACHE_TIMEOUT=0, so cached_page "
    "neither reads nor writes the page cache; the in-process client runs page.graphql "
    "(and story_list.graphql, 12 stories, for the index); the templates render its dicts.",
    "native: wagtail.views.serve -> Page.serve(request) with benchmarks/frontend/templates/bench/ "
    "(the same markup; images via {% srcset_image %} and {% image %}, page URLs via "
    "{% pageurl %}, settings via the settings context processor). The index lists "
    "StoryIndexPage.stories() with author and hero image joined and the three card "
    "renditions prefetched; the story calls prefetch_page() for its body and builds its "
    "comment section from the ORM (native_comments.py); both run inside "
    "visibility_for(request) as the frontend does (see benchmarks/frontend/native.py).",
    "cached: the frontend with the page cache on and warm (X-Cache: HIT checked each time).",
    "Renditions of every image exist up front and Wagtail's rendition cache is warm, for "
    "all variants alike; the benchmarked story is one long read (10 paragraphs with "
    "internal links, 3 captioned images, a quote, a wish list of 5, a call to action), "
    "comments open and none posted (the section with its form).",
    "Sanity check (fails the run): both renders have the same <h1>, the same count of "
    "every element, the same attribute values (links, image URLs, srcsets, meta) and the "
    "same text, with the seeded counts of images, wishes, paragraphs, cards and the comment "
    "form; the cached page is byte for byte the uncached one, once the comment form's "
    "token (signed per render, checked genuine) is set aside.",
    "Median of interleaved runs after warm-up; SQL counted on one extra request. Targets "
    "apply to wall-clock medians; 'fastest runs' and 'median CPU time' (this process's CPU "
    "time for the same requests, which other processes do not move; with SQLite all the "
    "work is in this process, with PostgreSQL the server's share is left out) show how far "
    "load on the machine moved them. The phase split and the profile use CPU time too.",
]


def report(results, identical, phase_ms, doc_costs, state, seeded, profiled, fields):
    ratios = _ratio_rows(results)
    lines = [
        "",
        f"Page render, {StoryPage.objects.count():,} stories, {connection.display_name}, "
        f"settings {SETTINGS_MODULE}, load average {os.getloadavg()[0]:.1f} on "
        f"{os.cpu_count()} CPUs (other work on the machine makes medians noisy)",
        "",
        f"{'':32}{'story page':>29}{'story index':>29}",
        f"{'':32}" + f"{'median ms':>12}{'min ms':>10}{'SQL':>7}" * len(PAGES),
    ]
    for key, label in VARIANTS.items():
        cells = "".join(
            f"{v.median_ms:12.2f}{min(v.timings_ms):10.2f}{len(v.queries):7d}"
            for v in (results[page][key] for page in PAGES)
        )
        lines.append(f"{label:32}{cells}")
    lines += [
        "",
        f"Ratios (median / median){'':21}target{'':11}fastest runs   median CPU time",
    ]
    for row in ratios:
        verdict = "" if row["met"] is None else ("PASS" if row["met"] else "MISS")
        target = row["target"] or "(none)"
        lines.append(
            f"  {row['name']:36}{row['ratio']:8.2f}x   {target:10}{verdict:7}"
            f"{row['ratio_of_fastest_runs']:8.2f}x{row['ratio_of_cpu_time']:14.2f}x"
        )
    lines += [
        "",
        "Same page both ways (sanity check passed); HTML identical once whitespace is "
        "collapsed: " + ", ".join(f"{PAGES[p]} {'yes' if same else 'no'}" for p, same in identical.items()),
        "",
        "Where an uncached frontend request goes (median CPU ms, runs of their own)",
    ]  # fmt: skip
    for page, steps in phase_ms.items():
        parts = ", ".join(f"{key} {ms:.1f}" for key, ms in steps.items() if key != "total")
        lines.append(f"  {PAGES[page]:12} {steps['total']:.1f} = {parts}")
    cached_note = (
        "cached per document in this client.py, so requests skip them"
        if state["caches_parsed_documents"]
        else "paid on every request by this client.py"
    )
    lines.append(f"  Parse + validate, {cached_note}:")
    for name, cost in doc_costs.items():
        lines.append(
            f"    {name}.graphql ({cost['bytes']:,} bytes): parse {cost['parse_ms']:.2f} ms, "
            f"validate {cost['validate_ms']:.2f} ms"
        )
    lines.append(f"  frontend/client.py measured: sha256 {state['sha256']}")
    if profiled:
        lines += _profile_lines(profiled, fields)
    lines += ["", "Notes"] + [f"  - {note}" for note in NOTES]
    print("\n".join(lines))

    payload = {
        **harness_report.header(
            "frontend_render",
            seeded,
            **{"graphql-core": version("graphql-core"), "frontend_client": state},
        ),
        "stories": StoryPage.objects.count(),
        "results": {
            page: {name: variant.as_dict() for name, variant in variants.items()}
            for page, variants in results.items()
        },
        "ratios": [
            {
                key: round(value, 3) if isinstance(value, float) else value
                for key, value in row.items()
            }
            for row in ratios
        ],
        "html_identical_ignoring_whitespace": identical,
        "frontend_phases_ms": {
            page: {k: round(v, 2) for k, v in steps.items()} for page, steps in phase_ms.items()
        },
        "document_parse_validate_ms": {
            name: {k: round(v, 3) for k, v in cost.items()} for name, cost in doc_costs.items()
        },
        "notes": NOTES,
    }
    if profiled:
        payload["profile"] = {
            f"{page}/{side}": {
                "total_ms": round(data["total_ms"], 2),
                "buckets_ms": {k: round(v, 2) for k, v in data["buckets_ms"].items()},
                "landmarks_ms": {k: round(v, 2) for k, v in data["landmarks_ms"].items()},
                "file": data["file"],
            }
            for (page, side), data in profiled.items()
        }
        payload["graphql_fields"] = fields
    harness_report.write(OUTPUT, payload, default=_round)


def _round(value):
    return round(value, 3) if isinstance(value, float) else str(value)


def _profile_lines(profiled, fields):
    lines = [
        "",
        f"Profile (cProfile on CPU time, {PROFILE_RUNS} uncached requests each; ms a request, "
        "inflated by the profiler, which charges a cost to every Python call)",
    ]
    names = [name for name, _ in BUCKETS] + ["other"]
    columns = [(page, side) for page in PAGES for side in ("frontend", "native")]
    short = {"frontend": "front", "native": "native"}
    header = "".join(f"{page}/{short[side]}".rjust(15) for page, side in columns)
    lines.append(f"  {'self time by area':46}{header}")
    for name in names:
        cells = "".join(f"{profiled[c]['buckets_ms'].get(name, 0.0):15.1f}" for c in columns)
        lines.append(f"  {name:46}{cells}")
    lines.append(f"  {'total':46}" + "".join(f"{profiled[c]['total_ms']:15.1f}" for c in columns))
    lines.append(f"  {'inclusive time of landmarks':46}")
    for _suffix, _name, label in LANDMARKS:
        if any(label in profiled[c]["landmarks_ms"] for c in columns):
            cells = "".join(
                f"{profiled[c]['landmarks_ms'][label]:15.1f}"
                if label in profiled[c]["landmarks_ms"]
                else f"{'-':>15}"
                for c in columns
            )
            lines.append(f"  {label:46}{cells}")
    lines.append("  Profiles saved as " + ", ".join(sorted({profiled[c]["file"] for c in columns})))
    lines += ["", "GraphQL execution by field (a timing middleware; CPU ms of resolvers only)"]
    for doc in fields:
        lines.append(
            f"  {doc['document']}.graphql for the {doc['page']}: execute {doc['execute_ms']:.1f} ms "
            f"without the middleware; {doc['resolver_calls']} resolver calls taking "
            f"{doc['resolvers_ms']:.1f} ms with it"
        )
        for entry in doc["top_fields"][:8]:
            lines.append(
                f"      {entry['field']:46}{entry['calls']:5d} calls {entry['ms']:7.2f} ms"
            )
    return lines


def print_sql(results):
    for page, variants in results.items():
        for name, variant in variants.items():
            print(f"\n== SQL, {name} for the {PAGES[page]}: {len(variant.queries)} queries")
            for shape, count in query_shapes(variant.queries):
                print(f"  {count:4d} x {shape[:220]}")
