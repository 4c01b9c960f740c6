"""`python -m benchmarks`: seed the benchmark database, then run each benchmark."""

import argparse
import time

from .harness import environment

BENCHMARKS = ("story_list", "frontend")


def main():
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__)
    parser.add_argument(
        "--reuse-db",
        action="store_true",
        help="keep the benchmark database from the last run instead of reseeding it",
    )
    parser.add_argument(
        "--sql", action="store_true", help="also print the SQL each variant ran, grouped"
    )
    parser.add_argument(
        "--only",
        choices=BENCHMARKS,
        help="run one benchmark: story_list (the GraphQL list API) or frontend (page render)",
    )
    parser.add_argument(
        "--profile",
        action="store_true",
        help="frontend: also profile uncached renders (cProfile, GraphQL time by field)",
    )
    args = parser.parse_args()

    started = time.perf_counter()
    must_seed = environment.configure(fresh=not args.reuse_db)
    if must_seed:
        from .harness.seed import seed

        counts = seed()
        print(
            f"Seeded {counts['stories']:,} stories, {counts['authors']} authors and "
            f"{counts['tags']} tags into {environment.database_url()} "
            f"in {time.perf_counter() - started:.0f} s (including migrations)."
        )

    if args.only in (None, "story_list"):
        from . import story_list

        story_list.main(seeded=must_seed, show_sql=args.sql)
    if args.only in (None, "frontend"):
        from . import frontend

        frontend.main(seeded=must_seed, show_sql=args.sql, with_profile=args.profile)


main()
