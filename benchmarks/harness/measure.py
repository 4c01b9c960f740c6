"""Timing and query counting shared by the benchmarks."""

import gc
import re
import statistics
import time
from collections import Counter
from dataclasses import dataclass, field

from django.db import connection
from django.test.utils import CaptureQueriesContext


@dataclass
class Variant:
    """One way of answering a request: `call` makes it, `check` validates the response."""

    name: str
    call: object
    check: object
    timings_ms: list = field(default_factory=list)
    cpu_ms: list = field(default_factory=list)  # this process's CPU time, same requests
    queries: list = field(default_factory=list)

    @property
    def median_ms(self):
        return statistics.median(self.timings_ms)

    @property
    def median_cpu_ms(self):
        """Unmoved by other processes; with SQLite all the work is in this process."""
        return statistics.median(self.cpu_ms)

    def as_dict(self):
        return {
            "median_ms": round(self.median_ms, 2),
            "min_ms": round(min(self.timings_ms), 2),
            "max_ms": round(max(self.timings_ms), 2),
            "median_cpu_ms": round(self.median_cpu_ms, 2),
            "runs": len(self.timings_ms),
            "sql_count": len(self.queries),
            "sql_shapes": [{"count": n, "sql": shape} for shape, n in query_shapes(self.queries)],
        }


def run_interleaved(variants, warmup, runs):
    """Time each variant `runs` times, taking turns so background load hits all alike.

    Responses are checked outside the timed section; the SQL is captured on one
    extra, untimed request, since capturing itself costs time.
    """
    for variant in variants:
        for _ in range(warmup):
            variant.check(variant.call())
    gc.collect()
    for _ in range(runs):
        for variant in variants:
            start, cpu_start = time.perf_counter(), time.process_time()
            response = variant.call()
            variant.timings_ms.append((time.perf_counter() - start) * 1000)
            variant.cpu_ms.append((time.process_time() - cpu_start) * 1000)
            variant.check(response)
    for variant in variants:
        with CaptureQueriesContext(connection) as captured:
            variant.check(variant.call())
        variant.queries = [query["sql"] for query in captured.captured_queries]
    return variants


LITERALS = re.compile(r"'[^']*'|\b\d+\b")
IN_LISTS = re.compile(r"IN \((?:%s|\?)(?:, (?:%s|\?))*\)")


def query_shapes(queries):
    """Queries with literals blanked, counted: repeats show up as N x the same shape."""
    shapes = Counter(IN_LISTS.sub("IN (...)", LITERALS.sub("?", sql)) for sql in queries)
    return shapes.most_common()
