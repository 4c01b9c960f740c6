"""Page render: the frontend beside Wagtail's own `Page.serve`, uncached and cached.

Two pages, a long story and the story index (12 cards), each requested three
ways through `django.test.Client`, at the same URL:

- frontend: our public site (frontend/views.py `serve_page`): the `page`
  document (and for the index `story_list`) run in-process, then the
  frontend templates render the result. Page cache off
  (FRONTEND_CACHE_TIMEOUT=0), so every request renders.
- native: Wagtail's `serve` view and `Page.serve()` rendering templates with
  the same markup straight from the page objects (benchmarks/native.py,
  benchmarks/templates/bench/), with the query care a Wagtail developer
  would take. Picked by the `X-Bench-Render: native` header.
- cached: the frontend with its page cache on and warm, so `cached_page`
  answers from Django's cache (local memory here; Redis in production).

Targets, from the issue: the frontend at most 1.3x the native render uncached,
and a cached page at least 20x faster than an uncached one.
"""

import cProfile
import datetime
import gc
import hashlib
import json
import os
import platform
import pstats
import re
import statistics
import sysconfig
import time
from collections import Counter, defaultdict
from contextlib import contextmanager
from html.parser import HTMLParser
from importlib.metadata import version

from django.conf import settings
from django.db import connection
from django.test import Client, RequestFactory, override_settings

from stories.models import StoryPage

from .environment import BENCH_DIR, REPO_DIR, SETTINGS_MODULE
from .measure import Variant, query_shapes, run_interleaved
from .native import NativeSwitch, native_pages
from .seed import HOST
from .site_content import EXPECTED_STORY, INDEX_PAGE_SIZE, prepare

RUNS = 41  # timed requests per variant and page
WARMUP = 5
MAX_FRONTEND_VS_NATIVE = 1.3
MIN_UNCACHED_VS_CACHED = 20.0
CACHED_TIMEOUT = 3600  # long enough that no entry expires during a run
OUTPUT = BENCH_DIR / "frontend_render.json"
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
        {**settings.TEMPLATES[0], "DIRS": [*settings.TEMPLATES[0]["DIRS"], REPO_DIR / "benchmarks" / "templates"]}
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


class Shape(HTMLParser):
    """What a reader gets: counts of the elements that carry content, and the text."""

    CLASSES = {
        ("li", "wish"),
        ("div", "rich-text"),
        ("figure", "figure"),
        ("figure", "quote"),
        ("aside", "cta"),
        ("article", "card"),
        ("nav", "breadcrumbs"),
        ("nav", "pagination"),
    }

    def __init__(self, html):
        super().__init__(convert_charrefs=True)
        self.counts = Counter()
        self.text = []
        self.h1 = []
        self.attributes = Counter()  # every (tag, attribute, value): links, srcsets, meta
        self._in_h1 = False
        self.feed(html)
        self.text = " ".join(" ".join(self.text).split())

    def handle_starttag(self, tag, attrs):
        self.counts[tag] += 1
        for name, value in attrs:
            self.attributes[(tag, name, value)] += 1
            if name == "class":
                for css_class in (value or "").split():
                    if (tag, css_class) in self.CLASSES:
                        self.counts[f"{tag}.{css_class}"] += 1
        self._in_h1 = tag == "h1"

    def handle_endtag(self, tag):
        if tag == "h1":
            self._in_h1 = False

    def handle_data(self, data):
        self.text.append(data)
        if self._in_h1:
            self.h1.append(data.strip())


def _expected(page):
    if page == "story":
        return {
            "img": 1 + EXPECTED_STORY["body_images"],  # the hero, then the body's images
            "li.wish": EXPECTED_STORY["wishes"],
            "div.rich-text": EXPECTED_STORY["paragraphs"] + 1,  # and the footer text
            "figure.figure": EXPECTED_STORY["body_images"],
            "figure.quote": EXPECTED_STORY["quotes"],
            "aside.cta": EXPECTED_STORY["ctas"],
        }
    return {"article.card": INDEX_PAGE_SIZE, "img": INDEX_PAGE_SIZE, "nav.pagination": 1}


def _normalised(html):
    return re.sub(r">\s+<", "><", " ".join(html.split()))


def sanity_check(client, paths, titles):
    """Both renders must be the same page: fails the run otherwise.

    Same <h1>, same count of every element, every attribute value (so every
    link, image URL, srcset and meta tag) and the same text; the counts the
    content was seeded with; and the cached answer byte for byte the
    uncached one. Returns whether the HTML is also identical once whitespace
    is collapsed (reported, not required).
    """
    identical = {}
    for page, path in paths.items():
        frontend = _check_frontend(client.get(path))
        native = _check_native(client.get(path, **NATIVE))
        with page_cache_on():
            client.get(path)  # a MISS stores it
            cached = _check_cached(client.get(path))
        problems = []
        if cached.content != frontend.content:
            problems.append("the cached page differs from the uncached one")
        ours, theirs = Shape(frontend.content.decode()), Shape(native.content.decode())
        if ours.h1 != [titles[page]] or theirs.h1 != [titles[page]]:
            problems.append(f"<h1> frontend {ours.h1}, native {theirs.h1}, seeded {titles[page]!r}")
        for key, count in _expected(page).items():
            if ours.counts[key] != count or theirs.counts[key] != count:
                problems.append(
                    f"{key}: expected {count}, frontend {ours.counts[key]}, "
                    f"native {theirs.counts[key]}"
                )
        if ours.counts != theirs.counts:
            diff = {
                key: (ours.counts[key], theirs.counts[key])
                for key in ours.counts.keys() | theirs.counts.keys()
                if ours.counts[key] != theirs.counts[key]
            }
            problems.append(f"element counts differ (frontend, native): {diff}")
        if ours.attributes != theirs.attributes:
            only_ours = list((ours.attributes - theirs.attributes).elements())[:5]
            only_theirs = list((theirs.attributes - ours.attributes).elements())[:5]
            problems.append(
                f"attributes differ: only frontend {only_ours}, only native {only_theirs}"
            )
        if ours.text != theirs.text:
            at = next(
                (i for i, (a, b) in enumerate(zip(ours.text, theirs.text, strict=False)) if a != b),
                min(len(ours.text), len(theirs.text)),
            )
            problems.append(
                f"text differs at character {at}: frontend ...{ours.text[at - 60 : at + 60]!r}, "
                f"native ...{theirs.text[at - 60 : at + 60]!r}"
            )
        if problems:
            raise SystemExit(
                f"SANITY CHECK FAILED on the {PAGES[page]} ({path}): the frontend and the "
                "native render are not the same page, so their times would not compare. "
                "If the frontend templates changed, update benchmarks/templates/bench/ "
                "to match.\n  - " + "\n  - ".join(problems)
            )
        identical[page] = _normalised(frontend.content.decode()) == _normalised(
            native.content.decode()
        )
    return identical


def _check_frontend(response):
    assert response.status_code == 200, response.content[:500]
    assert not response.has_header("X-Cache"), "the page cache answered an uncached request"
    return response


def _check_native(response):
    assert response.status_code == 200, response.content[:500]
    assert not response.has_header("X-Cache"), "the native request reached the frontend"
    return response


def _check_cached(response):
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
        Variant("frontend", lambda: client.get(path), _check_frontend),
        Variant("native", lambda: client.get(path, **NATIVE), _check_native),
        Variant("cached", _cached_get(client, path), _check_cached),
    ]


def measure(client, paths):
    results = {}
    for page, path in paths.items():
        results[page] = {v.name: v for v in run_interleaved(_variants(client, path), WARMUP, RUNS)}
    return results


# -- where the frontend's time goes ----------------------------------------------


@contextmanager
def _patched(module, name, wrapper_factory):
    """Wrap `module.name` for a while; if the frontend renamed it, time it as the rest."""
    original = getattr(module, name, None)
    if original is None:
        yield
        return
    setattr(module, name, wrapper_factory(original))
    try:
        yield
    finally:
        setattr(module, name, original)


def phases(client, paths):
    """Median CPU time of each step of an uncached frontend request, in runs of its own.

    The frontend's templates render plain dicts, so its request splits
    cleanly: running the documents (all SQL happens here), rendering the
    template, and the rest (middleware, URL routing, `cached_page`, ETag).
    """
    from frontend import listings, views

    spent = defaultdict(float)

    def timed(label):
        def factory(original):
            def wrapper(*args, **kwargs):
                start = time.process_time()
                try:
                    return original(*args, **kwargs)
                finally:
                    key = f"{label} {args[0]}" if label == "execute" else label
                    spent[key] += time.process_time() - start

            return wrapper

        return factory

    out = {}
    with (
        _patched(views, "execute", timed("execute")),
        _patched(listings, "execute", timed("execute")),
        _patched(views, "render", timed("template render")),
    ):
        for page, path in paths.items():
            samples = defaultdict(list)
            for run in range(WARMUP + PHASE_RUNS):
                spent.clear()
                start = time.process_time()
                _check_frontend(client.get(path))
                total = time.process_time() - start
                if run < WARMUP:
                    continue
                for key, seconds in spent.items():
                    samples[key].append(seconds * 1000)
                samples["rest of the request"].append((total - sum(spent.values())) * 1000)
                samples["total"].append(total * 1000)
            out[page] = {key: statistics.median(values) for key, values in samples.items()}
    return out


def document_costs():
    """Parse and validate each document once more: what caching the AST saves a request."""
    from graphql import parse, validate

    from cms.graphql.validation import validation_rules
    from cms.schema import schema
    from frontend.client import load_document

    costs = {}
    for name in ("page", "story_list"):
        text = load_document(name)
        parse_ms, validate_ms = [], []
        for _ in range(PHASE_RUNS):
            start = time.process_time()
            ast = parse(text)
            middle = time.process_time()
            errors = validate(schema.graphql_schema, ast, validation_rules())
            end = time.process_time()
            assert not errors, errors
            parse_ms.append((middle - start) * 1000)
            validate_ms.append((end - middle) * 1000)
        costs[name] = {
            "bytes": len(text.encode()),
            "parse_ms": statistics.median(parse_ms),
            "validate_ms": statistics.median(validate_ms),
        }
    return costs


def client_state():
    """Which frontend/client.py was measured: it changes often, so record it."""
    from frontend import client

    path = REPO_DIR / "frontend" / "client.py"
    state = {
        "sha256": hashlib.sha256(path.read_bytes()).hexdigest()[:16],
        "caches_parsed_documents": hasattr(client, "_prepared"),
    }
    return state


# -- profile (--profile) ----------------------------------------------------------

# First match wins; C and stdlib functions are charged to whoever called them.
BUCKETS = [
    ("GraphQL parse + validate", ("site-packages/graphql/language/", "site-packages/graphql/validation/", "cms/graphql/validation")),
    ("GraphQL execution engine (graphql-core)", ("site-packages/graphql/",)),
    ("graphene, grapple, our resolvers and models", ("graphene/", "graphene_django/", "grapple/", "cms/graphql/", "/stories/", "/core/", "/home/")),
    ("ORM: query building, model objects, sqlite3", ("django/db/", "sqlite3", "dj_database_url")),
    ("Django templates", ("django/template/", "django/templatetags/", "templatetags/", "django/utils/html", "django/utils/safestring", "django/utils/dateformat", "django/utils/formats")),
    ("Wagtail (rich text, images, blocks, routing)", ("wagtail/", "modelcluster/", "taggit/", "treebeard/")),
    ("frontend/ views, client, context", ("/frontend/",)),
    ("request, middleware, test client, cache", ("django/", "whitenoise/", "asgiref/", "pickle")),
]  # fmt: skip


def _bucket(key):
    filename, _, function = key
    where = filename if filename != "~" else function
    for name, markers in BUCKETS:
        if any(marker in where for marker in markers):
            return name
    return "other"


STDLIB = sysconfig.get_paths()["stdlib"]


def _shared(key):
    """C functions and the standard library work for whoever calls them."""
    filename, _line, function = key
    if filename == "~":
        return "sqlite3" not in function
    return filename.startswith("<") or (
        filename.startswith(STDLIB) and "site-packages" not in filename
    )


def bucket_times(stats):
    """Self time per area; time in C and stdlib functions goes to their callers' areas."""
    memo = {}

    def shares(key, depth=0):
        if not _shared(key):
            return {_bucket(key): 1.0}
        if key in memo:
            return memo[key]
        memo[key] = {"other": 1.0}  # until known; also ends recursion through cycles
        callers = stats.stats[key][4] if key in stats.stats else {}
        weights = {caller: entry[2] or entry[1] for caller, entry in callers.items()}
        total = sum(weights.values())
        if total and depth < 30:
            mix = defaultdict(float)
            for caller, weight in weights.items():
                for bucket, fraction in shares(caller, depth + 1).items():
                    mix[bucket] += fraction * weight / total
            memo[key] = dict(mix)
        return memo[key]

    totals = defaultdict(float)
    for key, (_cc, _nc, tottime, _ct, _callers) in stats.stats.items():
        for bucket, fraction in shares(key).items():
            totals[bucket] += tottime * fraction
    return totals


LANDMARKS = [
    ("frontend/client.py", "execute", "frontend.client.execute (documents run)"),
    ("graphql/language/parser.py", "parse", "graphql parse"),
    ("graphql/validation/validate.py", "validate", "graphql validate"),
    ("graphql/execution/execute.py", "execute", "graphql execute"),
    ("cms/graphql/prefetch.py", "prefetch_page", "prefetch_page"),
    ("django/shortcuts.py", "render", "frontend template render"),
    ("django/template/response.py", "render", "native TemplateResponse.render"),
    ("wagtail/models/pages.py", "route_for_request", "Wagtail routing"),
    ("wagtail/rich_text/__init__.py", "__html__", "RichText.__html__ (link expansion)"),
    ("wagtail/images/models.py", "get_renditions", "Image.get_renditions"),
    ("cms/graphql/interfaces.py", "resolve_children", "menu: children(inMenu)"),
    ("cms/graphql/interfaces.py", "resolve_ancestors", "breadcrumbs: ancestors"),
    ("django/db/models/query.py", "_fetch_all", "QuerySet._fetch_all (SQL + model build)"),
    ("django/db/backends/utils.py", "execute", "cursor.execute (SQL)"),
    ("graphql/execution/execute.py", "complete_value", "graphql complete_value (all fields)"),
]


def landmark_times(stats):
    found = {}
    for (filename, _line, function), (_cc, _nc, _tt, cumtime, _callers) in stats.stats.items():
        for suffix, name, label in LANDMARKS:
            if filename.endswith(suffix) and function == name:
                found[label] = max(found.get(label, 0.0), cumtime)
    return found


def profile(client, paths):
    """cProfile of uncached requests; also saved as .prof files for snakeviz."""
    out = {}
    for page, path in paths.items():
        for side, extra in (("frontend", {}), ("native", NATIVE)):
            for _ in range(WARMUP):
                client.get(path, **extra)
            # CPU time, not wall time: other processes on the machine do not move it.
            profiler = cProfile.Profile(time.process_time)
            gc.collect()
            profiler.enable()
            for _ in range(PROFILE_RUNS):
                client.get(path, **extra)
            profiler.disable()
            target = BENCH_DIR / f"frontend_render-{page}-{side}.prof"
            profiler.dump_stats(target)
            stats = pstats.Stats(profiler)
            per_request = 1000 / PROFILE_RUNS
            out[(page, side)] = {
                "total_ms": stats.total_tt * per_request,
                "buckets_ms": {k: v * per_request for k, v in bucket_times(stats).items()},
                "landmarks_ms": {k: v * per_request for k, v in landmark_times(stats).items()},
                "file": str(target),
            }
    return out


def _field_timer(fields):
    """GraphQL middleware: calls and seconds per `Type.field`, resolver only."""

    def timer(next_, root, info, **args):
        start = time.process_time()
        try:
            return next_(root, info, **args)
        finally:
            entry = fields[f"{info.parent_type.name}.{info.field_name}"]
            entry[0] += 1
            entry[1] += time.process_time() - start

    return timer


def field_profile(paths):
    """Resolver time per GraphQL field, with a timing middleware, outside any request."""
    from graphql import execute, parse

    from cms.graphql.visibility import visibility_for
    from cms.schema import schema
    from frontend.client import load_document

    documents = [
        ("page", {"path": paths["story"]}, "story page"),
        ("page", {"path": paths["index"]}, "story index"),
        ("story_list", {"kind": None, "tag": None, "page": 1}, "story index"),
    ]
    out = []
    factory = RequestFactory(HTTP_HOST=HOST)
    for name, variables, page in documents:
        ast = parse(load_document(name))
        fields = defaultdict(lambda: [0, 0.0])
        timer = _field_timer(fields)

        plain, with_timer = [], []
        for run in range(WARMUP + PHASE_RUNS):
            for middleware, bucket in ((None, plain), ([timer], with_timer)):
                if middleware and run < WARMUP:
                    continue
                request = factory.get(variables.get("path") or paths["index"])
                with visibility_for(request):
                    start = time.process_time()
                    result = execute(
                        schema.graphql_schema,
                        ast,
                        context_value=request,
                        variable_values=variables,
                        middleware=middleware,
                    )
                    bucket.append((time.process_time() - start) * 1000)
                assert not result.errors, result.errors
        runs = PHASE_RUNS
        top = sorted(fields.items(), key=lambda item: -item[1][1])
        out.append(
            {
                "document": name,
                "page": page,
                "execute_ms": statistics.median(plain[WARMUP:]),
                "resolver_calls": sum(calls for calls, _ in fields.values()) // runs,
                "resolvers_ms": sum(seconds for _, seconds in fields.values()) * 1000 / runs,
                "top_fields": [
                    {"field": field, "calls": calls // runs, "ms": seconds * 1000 / runs}
                    for field, (calls, seconds) in top[:12]
                ],
            }
        )
    return out


# -- report -----------------------------------------------------------------------


def _ratio(name, pair, sense=None, bound=None):
    """Targets apply to the medians; the fastest runs' ratio is context for a busy machine."""
    top, bottom = pair
    ratio = top.median_ms / bottom.median_ms
    met = None
    if bound is not None:
        met = ratio <= bound if sense == "<=" else ratio >= bound
    return {
        "name": name,
        "ratio": ratio,
        "ratio_of_fastest_runs": min(top.timings_ms) / min(bottom.timings_ms),
        "ratio_of_cpu_time": top.median_cpu_ms / bottom.median_cpu_ms,
        "target": f"{sense} {bound}x" if bound is not None else None,
        "met": met,
    }


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
    "native: wagtail.views.serve -> Page.serve(request) with benchmarks/templates/bench/ "
    "(the same markup; images via {% srcset_image %} and {% image %}, page URLs via "
    "{% pageurl %}, settings via the settings context processor). The index lists "
    "StoryIndexPage.stories() with author and hero image joined and the three card "
    "renditions prefetched; the story calls prefetch_page() for its body; both run inside "
    "visibility_for(request) as the frontend does (see benchmarks/native.py).",
    "cached: the frontend with the page cache on and warm (X-Cache: HIT checked each time).",
    "Renditions of every image exist up front and Wagtail's rendition cache is warm, for "
    "all variants alike; the benchmarked story is one long read (10 paragraphs with "
    "internal links, 3 captioned images, a quote, a wish list of 5, a call to action).",
    "Sanity check (fails the run): both renders have the same <h1>, the same count of "
    "every element, the same attribute values (links, image URLs, srcsets, meta) and the "
    "same text, with the seeded counts of images, wishes, paragraphs and cards; the cached "
    "page is byte for byte the uncached one.",
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
        "benchmark": "frontend_render",
        "measured_at": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "environment": {
            "python": platform.python_version(),
            **{name: version(name) for name in ("django", "wagtail", "wagtail-grapple")},
            "graphql-core": version("graphql-core"),
            "database": connection.display_name,
            "cpus": os.cpu_count(),
            "load_average_at_end": os.getloadavg()[0],
            "settings": SETTINGS_MODULE,
            "seeded_this_run": seeded,
            "frontend_client": state,
        },
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
    OUTPUT.parent.mkdir(parents=True, exist_ok=True)
    OUTPUT.write_text(json.dumps(payload, indent=2, default=_round) + "\n")
    print(f"\nWritten to {OUTPUT}")


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


def main(seeded=False, show_sql=False, with_profile=False):
    content = prepare()
    paths = {"story": content["story_path"], "index": content["index_path"]}
    titles = {"story": content["story_title"], "index": content["index_title"]}
    client = Client(HTTP_HOST=HOST)
    with bench_settings(), native_pages():
        identical = sanity_check(client, paths, titles)
        results = measure(client, paths)
        phase_ms = phases(client, paths)
        profiled = profile(client, paths) if with_profile else None
    doc_costs = document_costs()
    fields = field_profile(paths) if with_profile else None
    report(results, identical, phase_ms, doc_costs, client_state(), seeded, profiled, fields)
    if show_sql:
        print_sql(results)
