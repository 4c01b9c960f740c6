"""Where an uncached frontend request goes: documents, template, the rest."""

import hashlib
import statistics
import time
from collections import defaultdict
from contextlib import contextmanager

from ..harness.environment import REPO_DIR
from .variants import PHASE_RUNS, WARMUP, check_frontend


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
                check_frontend(client.get(path))
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
