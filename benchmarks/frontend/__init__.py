"""Page render: the frontend beside Wagtail's own `Page.serve`, uncached and cached.

Two pages, a long story and the story index (12 cards), each requested three
ways through `django.test.Client`, at the same URL:

- frontend: our public site (frontend/views.py `serve_page`): the `page`
  document (and for the index `story_list`) run in-process, then the
  frontend templates render the result. Page cache off
  (FRONTEND_CACHE_TIMEOUT=0), so every request renders.
- native: Wagtail's `serve` view and `Page.serve()` rendering templates with
  the same markup straight from the page objects (benchmarks/frontend/native.py,
  benchmarks/frontend/templates/bench/), with the query care a Wagtail developer
  would take. Picked by the `X-Bench-Render: native` header.
- cached: the frontend with its page cache on and warm, so `cached_page`
  answers from Django's cache (local memory here; Redis in production).

Targets, from the issue: the frontend at most 1.3x the native render uncached,
and a cached page at least 20x faster than an uncached one.
"""

from django.test import Client

from ..harness.seed import HOST
from .check import sanity_check
from .native import native_pages
from .phases import client_state, document_costs, phases
from .profiling import field_profile, profile
from .report import print_sql, report
from .site_content import prepare
from .variants import bench_settings, measure


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
