"""The load test's options."""

import argparse

from . import __doc__ as DOC


def parse_args():
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.load", description=DOC.split("\n\n")[0]
    )
    parser.add_argument("--signatures", type=int, default=4000, help="distinct people (4000)")
    parser.add_argument("--signers", type=int, default=50, help="concurrent signers (50)")
    parser.add_argument(
        "--confirmers",
        type=int,
        default=50,
        help="concurrent confirmers (50); each waits for an email, so they keep pace with signing",
    )
    parser.add_argument("--readers", type=int, default=10, help="concurrent count readers (10)")
    parser.add_argument(
        "--read-interval", type=float, default=0.1, help="seconds between one reader's reads"
    )
    parser.add_argument(
        "--repeat-share",
        type=float,
        default=0.05,
        help="share of attempts that sign again with a signed mailbox (0.05)",
    )
    parser.add_argument(
        "--race-share",
        type=float,
        default=0.01,
        help="share of new people who sign twice at once from two tabs (0.01)",
    )
    parser.add_argument(
        "--repeat-click-share",
        type=float,
        default=0.02,
        help="share of confirm links followed twice (0.02)",
    )
    parser.add_argument(
        "--rate",
        type=float,
        default=0,
        help="start signing attempts at this many a second in all (an open load, to see "
        "latency below saturation); 0, the default, signs as fast as the server answers",
    )
    parser.add_argument(
        "--workers",
        type=int,
        default=3,
        help="gunicorn workers (3: on 2 cores, with a request now mostly round trips to "
        "PostgreSQL and Redis, a third worker fills the cores while two wait; measured on "
        "1 Dec 2026: 2 -> 67.5, 3 -> 77.3, 4 -> 78.5 accepted/s)",
    )
    parser.add_argument(
        "--worker-class", default="sync", choices=("sync", "gthread"), help="(sync)"
    )
    parser.add_argument("--threads", type=int, default=1, help="threads per gthread worker (1)")
    parser.add_argument(
        "--tasks",
        choices=("outbox", "immediate", "db"),
        default=None,
        help="how email leaves: outbox (requests write the delivery row, one `manage.py "
        "send_outbox` sends in batches; the default where the build has it), immediate "
        "(in the request) or db (django_tasks_db with one `manage.py db_worker`)",
    )
    parser.add_argument(
        "--smtp-latency",
        type=float,
        default=0.0,
        help="seconds the SMTP sink waits before each answer, like a distant mail provider "
        "(0); with --tasks immediate every signing request waits for it",
    )
    parser.add_argument("--time-cap", type=float, default=120, help="seconds of signing (120)")
    parser.add_argument(
        "--drain-cap", type=float, default=30, help="seconds to wait for confirmations (30)"
    )
    parser.add_argument(
        "--settle", type=float, default=5, help="seconds the API count may take to agree (5)"
    )
    parser.add_argument(
        "--quiet-wait",
        type=float,
        default=120,
        help="seconds to wait for other processes to go quiet before the load (120)",
    )
    parser.add_argument(
        "--quiet-cores",
        type=float,
        default=0.35,
        help="what counts as quiet: cores used by other processes, including the kernel's "
        "loopback networking, which no process is billed for (0.35)",
    )
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--keep-db", action="store_true", help="leave the database in place, to inspect it"
    )
    args = parser.parse_args()
    if args.threads > 1 and args.worker_class == "sync":
        args.worker_class = "gthread"
    return args
