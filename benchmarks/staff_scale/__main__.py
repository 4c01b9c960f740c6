"""`python -m benchmarks.staff_scale`: the Pledges admin and its export at a million signatures.

Seeds a scratch PostgreSQL database (`kil_scale_bench_<pid>`, dropped at the
end) with generated signatures, then times the dashboard, the signatures
listing (each filter, search, sort), the reports and the council queue
through the real admin views, each beside the same data read by hand, and
the CSV export's rows a second and peak memory. Target, from the issue:
each page within 300 ms; the export at 50,000 rows a second or better, in
memory that does not grow with the rows. JSON into var/bench/staff_scale.json.
"""

import argparse
import time

from . import database


def main():
    parser = argparse.ArgumentParser(prog="python -m benchmarks.staff_scale", description=__doc__)
    parser.add_argument("--rows", type=int, default=1_000_000, help="signatures to seed")
    parser.add_argument("--runs", type=int, default=5, help="timed requests a page (median)")
    parser.add_argument("--keep", action="store_true", help="keep the scratch database")
    parser.add_argument("--database", help="the scratch database's name (default: per process)")
    parser.add_argument("--no-export", action="store_true", help="skip the export timings")
    args = parser.parse_args()

    with database.scratch(keep=args.keep, database=args.database) as url:
        from . import run
        from .report import report
        from .seed import seed
        from .tallies import make_tallies

        started = time.perf_counter()
        seconds = seed(args.rows)
        print(
            f"Seeded {args.rows:,} signatures into {url} in {seconds:.0f} s "
            f"({time.perf_counter() - started:.0f} s with pledges, councils and partners).",
            flush=True,
        )
        tallies = make_tallies()
        print(
            f"Report tallies: rebuilt from the table in {tallies['rebuild_s']:.1f} s "
            f"({tallies['tally_rows']:,} rows); a fold {tallies['fold_s'] * 1000:.0f} ms "
            f"later on; {tallies['live_minutes']:.0f} minutes and {tallies['stale_days']} stale "
            "days left to read live.",
            flush=True,
        )
        print("\nStaff pages: admin median, its SQL, hand-written median, ratio")
        pages = run.time_pages(args.runs)
        exports = {} if args.no_export else run.time_exports()
        report(args, seconds, pages, exports, tallies)


main()
