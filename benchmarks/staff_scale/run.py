"""Time the staff pages beside their hand-written queries, then the export."""

import json
import os
import subprocess
import sys
import time

from django.contrib.auth.models import User
from django.core.cache import cache
from django.db import connection
from django.test import Client

from pledges.admin.reports import pledge_report, report_cache_key
from pledges.models import Partner, PledgePage, Signature
from pledges.tallies import figures_from_table

from ..harness.measure import Variant, run_interleaved
from .pages import pages

WARMUP = 1
TARGET_MS = 300
EXPORTS = {"pending only": "export=csv&status=pending", "all": "export=csv"}


def _ok(response):
    assert response.status_code == 200, (response.status_code, response.content[:300])


def _no_check(_value):
    return None


def _get(client, url):
    return lambda: client.get(url)


def _same_as_table(pledge):
    """The tallied report must say what the table says, or its timing means nothing."""

    def check(report):
        table = pledge_report(pledge, figures=figures_from_table)
        assert {**report, "as_of": None} == {**table, "as_of": None}, "tallies drifted"

    return check


def _cold_report(client, url, pledge):
    """The report timed cold: its cache would hide what one costs to make."""

    def call():
        cache.delete(report_cache_key(pledge))
        return client.get(url)

    return call


def page_variants(client):
    pledge = PledgePage.objects.get(slug="pledge")
    partner = Partner.objects.order_by("pk").first()
    email = Signature.objects.order_by("-pk").values_list("email", flat=True)[123]
    rows = []
    for name, url, baseline in pages(pledge, partner, email):
        admin = Variant("admin", _get(client, url), _ok)
        if url is None:  # not a page: the report's own code, reading its tallies
            admin = Variant("admin", lambda: pledge_report(pledge), _same_as_table(pledge))
        if name == "pledge report":
            admin = Variant("admin", _cold_report(client, url, pledge), _ok)
            rows.append(
                (
                    "pledge report (cached)",
                    Variant("admin", _get(client, url), _ok),
                    Variant("hand", lambda: cache.get(report_cache_key(pledge)), _no_check),
                )
            )
        rows.append((name, admin, Variant("hand", baseline, _no_check)))
    return rows


def time_pages(runs):
    user = User.objects.create_superuser("bench", "bench@example.org", "bench")
    client = Client()
    client.force_login(user)
    results = {}
    for name, admin, hand in page_variants(client):
        run_interleaved([admin, hand], WARMUP, runs)
        results[name] = {"admin": admin, "hand": hand}
        ratio = admin.median_ms / hand.median_ms if hand.median_ms else float("inf")
        print(
            f"  {name:26}{admin.median_ms:9.0f} ms{len(admin.queries):5d} SQL"
            f"{hand.median_ms:9.0f} ms  {ratio:6.1f}x  {'ok' if admin.median_ms <= TARGET_MS else 'SLOW'}",
            flush=True,
        )
    return results


def time_exports():
    results = {}
    for label, query in EXPORTS.items():
        output = subprocess.run(  # noqa: S603 - our own module and query
            [sys.executable, "-m", "benchmarks.staff_scale.export_child", query],
            capture_output=True,
            text=True,
            check=True,
            env=os.environ,
        ).stdout
        results[label] = json.loads(output.strip().splitlines()[-1])
        print(f"  export {label:14}{json.dumps(results[label])}", flush=True)
    results["hand: COPY to CSV"] = copy_baseline()
    print(f"  export by hand    {json.dumps(results['hand: COPY to CSV'])}", flush=True)
    return results


def copy_baseline():
    """PostgreSQL writing the same columns as CSV itself: what the database alone costs."""
    from pledges.admin.export.columns import FIELDS

    columns = ", ".join("id" if field == "pk" else field for field in FIELDS)
    started = time.perf_counter()
    size = 0
    with connection.cursor() as cursor:
        raw = cursor.connection.cursor()
        sql = f"COPY (SELECT {columns} FROM pledges_signature ORDER BY created_at DESC, id DESC) "  # noqa: S608 - our column names
        with raw.copy(sql + "TO STDOUT WITH (FORMAT csv)") as copy:
            for block in copy:
                size += len(block)
    seconds = time.perf_counter() - started
    rows = Signature.objects.count()
    return {
        "rows": rows,
        "bytes": size,
        "total_s": round(seconds, 2),
        "rows_per_s": round(rows / seconds),
    }
