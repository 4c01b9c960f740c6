"""The staff-scale figures as var/bench/staff_scale.json, with the machine's load beside them."""

from ..harness import report as harness_report
from .run import TARGET_MS

NOTES = [
    "admin: the real Wagtail admin view through django.test.Client, logged in as a superuser "
    "(middleware, permissions, filters, templates); settings cms.settings.test.",
    "hand: the same rows read with the ORM alone (a page of 50 and its count, or the same "
    "aggregates); the ratio is what the admin adds.",
    "pledge report: timed cold (its cache emptied before each request); '(cached)' is what "
    "staff see for two minutes after; 'report: tallies vs table' is the report's own code "
    "reading the tallies (admin) beside the same report summed from every row (hand).",
    "report_tallies: the rebuild after the seed and a fold after it, timed apart from the pages.",
    "export: one request in a fresh child process; RSS before the request and the process's "
    "peak; 'hand: COPY to CSV' is PostgreSQL writing the same columns itself.",
    "Medians of interleaved runs; other work on the machine moves them (see load average).",
]


def report(args, seed_seconds, pages, exports, tallies):
    print(f"\n{harness_report.load_line()}")
    payload = {
        **harness_report.header("staff_scale", True, rows=args.rows, runs=args.runs),
        "seed_seconds": round(seed_seconds, 1),
        "report_tallies": tallies,
        "target_ms": TARGET_MS,
        "pages": {
            name: {
                "admin": pair["admin"].as_dict(),
                "hand_median_ms": round(pair["hand"].median_ms, 2),
                "ratio": round(pair["admin"].median_ms / pair["hand"].median_ms, 2)
                if pair["hand"].median_ms
                else None,
                "met": pair["admin"].median_ms <= TARGET_MS,
            }
            for name, pair in pages.items()
        },
        "exports": exports,
        "notes": NOTES,
    }
    harness_report.write("staff_scale", payload)
