"""`--profile`: cProfile time by area, and GraphQL resolver time by field."""

import cProfile
import gc
import pstats
import statistics
import sysconfig
import time
from collections import defaultdict

from django.test import RequestFactory

from ..harness.environment import BENCH_DIR
from ..harness.seed import HOST
from .variants import NATIVE, PHASE_RUNS, PROFILE_RUNS, WARMUP

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
