"""`python -m benchmarks.soak [--minutes N]`: the site as `make serve` runs it, under a steady mix.

1. a fresh PostgreSQL database `kil_soak_<pid>` (127.0.0.1:5432, user
   postgres) with a home page and one open pledge, and a Redis database of
   its own (`--redis-url`, flushed before and after);
2. the load test's SMTP sink, and `python -m core.serve` (migrate,
   collectstatic, gunicorn, db_worker and send_outbox, production settings);
3. for `--minutes` (10 by default), page reads, API reads and sign-ups at
   `--rate` requests a second;
4. a report: every outcome, latency p50/p95/p99 by kind, and the resident
   memory of each gunicorn worker (and the background workers) after the
   warm-up and at the end. It passes with no errors, no worker replaced and no
   worker grown by more than `MEMORY_BOUND_MB`. JSON in var/bench/soak.json.
"""

import argparse
import asyncio
import contextlib
import json
import math
import os
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from ..load.config import BENCH_DIR, HOST, REPO_DIR
from ..load.loadclient import Connection, HTTPError
from ..load.seed import build_site
from ..load.server import admin_sql, free_port, server_env, start_sink, stop
from . import memory
from .traffic import Traffic

RESULTS_PATH = BENCH_DIR / "soak.json"
SERVER_LOG = BENCH_DIR / "soak-server.log"
# Growth a gunicorn worker may show between the end of the warm-up and the end
# of the run. Python rarely hands memory back, so the first minutes (caches,
# imported templates, compiled GraphQL documents) are left out; what grows
# after them, beyond this, is a leak to find.
MEMORY_BOUND_MB = 25
SHARES = {"page": 0.5, "api": 0.35, "sign": 0.15}


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--minutes", type=float, default=10.0, help="length of the run (10)")
    # Well below what 2 sync workers answer on 2 quiet cores (see README), so
    # that latency is service time, not queueing.
    parser.add_argument("--rate", type=float, default=10.0, help="requests a second offered (10)")
    parser.add_argument("--workers", type=int, help="gunicorn workers (make serve's default)")
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/13")
    parser.add_argument("--seed", type=int, default=11)
    return parser.parse_args()


def flush_redis(url, quiet=False):
    import redis

    try:
        redis.Redis.from_url(url, socket_timeout=5).flushdb()
    except redis.RedisError as error:
        if not quiet:
            raise
        print(f"Could not flush {url}: {error}")


def drain(stream, counter):
    """Read the sink's lines (one per email) so its pipe never fills; count them."""
    for _line in iter(stream.readline, b""):
        counter["emails"] += 1


async def wait_ready(port, serve, timeout=180):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if serve.poll() is not None:
            raise RuntimeError(f"make serve exited with {serve.returncode}; see {SERVER_LOG}")
        connection = Connection(HOST, port)
        try:
            if (await connection.request("GET", "/readyz", timeout=5)).status == 200:
                return
        except (HTTPError, OSError):
            pass
        finally:
            connection.close()
        await asyncio.sleep(0.5)
    raise RuntimeError(f"make serve was not ready within {timeout} s; see {SERVER_LOG}")


def server_log_errors():
    """Tracebacks and error-level lines make serve printed (its processes log to stderr)."""
    text = SERVER_LOG.read_text(errors="replace")
    return sum("Traceback" in line or "[ERROR]" in line for line in text.splitlines())


def memory_report(start, end):
    workers = {}
    for name, before in start.items():
        after = end.get(name)
        growth = None if before is None or after is None else round(after - before, 1)
        workers[name] = {"start_mb": before, "end_mb": after, "growth_mb": growth}
    gunicorn = {k: v for k, v in workers.items() if k.startswith("gunicorn")}
    replaced = sorted(set(end) ^ set(start))
    within = all(
        v["growth_mb"] is not None and v["growth_mb"] <= MEMORY_BOUND_MB for v in gunicorn.values()
    )
    return {
        "bound_mb": MEMORY_BOUND_MB,
        "processes": workers,
        "replaced": replaced,
        "within_bound": bool(gunicorn) and within and not replaced,
    }


async def soak(args, port, pledge_id, min_fill, serve):
    seconds = args.minutes * 60
    people = math.ceil(args.rate * SHARES["sign"] * seconds * 1.3) + 20
    traffic = Traffic(port, pledge_id, args.rate, SHARES, args.seed, people)
    await traffic.fetch_token()
    await asyncio.sleep(min_fill + 0.5)  # the form must look filled in by a person
    warm_up = min(60.0, max(5.0, seconds * 0.1))
    samples = []

    def tick(elapsed):
        samples.append({"seconds": round(elapsed), "rss_mb": memory.sample(serve.pid)})
        print(f"  {elapsed:5.0f} s  {dict(traffic.outcomes)}")

    await traffic.run(warm_up)
    start = memory.sample(serve.pid)
    await traffic.run(seconds - warm_up, on_tick=tick)
    end = memory.sample(serve.pid)
    return traffic, start, end, samples, warm_up


def close_django():
    if "django" in sys.modules:
        from django.db import connections

        connections.close_all()


def main():
    args = parse_args()
    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    database = f"kil_soak_{os.getpid()}"
    emails = {"emails": 0}
    # Each resource registers its own clean-up as it is made; they run in
    # reverse order on success, failure or Ctrl-C.
    with contextlib.ExitStack() as cleanup:
        scratch = Path(tempfile.mkdtemp(prefix="soak-", dir=BENCH_DIR))
        cleanup.callback(shutil.rmtree, scratch, ignore_errors=True)
        admin_sql(f'CREATE DATABASE "{database}"')
        cleanup.callback(admin_sql, f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
        flush_redis(args.redis_url)
        cleanup.callback(flush_redis, args.redis_url, quiet=True)
        cleanup.callback(close_django)
        sink, smtp_port = start_sink(0.0)
        cleanup.callback(stop, sink, "SMTP sink", 5)
        threading.Thread(target=drain, args=(sink.stdout, emails), daemon=True).start()
        port = free_port()
        env = server_env(database, secrets.token_urlsafe(50), smtp_port, port, scratch, "db")
        env.update(REDIS_URL=args.redis_url, CACHE_KEY_PREFIX="soak")
        if args.workers:
            env["WEB_CONCURRENCY"] = str(args.workers)
        os.environ.update(env)

        import django

        django.setup()
        from django.conf import settings
        from django.core.management import call_command

        print(f"Migrating {database} ...")
        call_command("migrate", verbosity=0, interactive=False)
        pledge_id = build_site().pk
        min_fill = settings.PLEDGES["MIN_FILL_SECONDS"]
        close_django()

        log = cleanup.enter_context(SERVER_LOG.open("w"))
        serve = subprocess.Popen(  # noqa: S603 - our own fixed command line
            [sys.executable, "-m", "core.serve", "--host", HOST, "--port", str(port)],
            cwd=REPO_DIR,
            env=env,
            stdout=log,
            stderr=log,
            start_new_session=True,
        )
        cleanup.callback(stop, serve, "make serve", 30)  # it stops its own children
        asyncio.run(wait_ready(port, serve))
        print(f"make serve is ready on {HOST}:{port}; soaking for {args.minutes:g} min ...")
        traffic, start, end, samples, warm_up = asyncio.run(
            soak(args, port, pledge_id, min_fill, serve)
        )
        result = {
            "minutes": args.minutes,
            "rate_offered": args.rate,
            "shares": SHARES,
            "warm_up_seconds": warm_up,
            **traffic.summary(),
            "emails_received": emails["emails"],
            "memory": memory_report(start, end),
            "memory_samples": samples,
        }
        result["server_log_errors"] = server_log_errors()
        result["pass"] = (
            result["errors"] == 0
            and result["server_log_errors"] == 0
            and result["memory"]["within_bound"]
        )
        RESULTS_PATH.write_text(json.dumps(result, indent=2) + "\n")
        print_report(result)
        print(f"Results in {RESULTS_PATH}; server log in {SERVER_LOG}.")
        return 0 if result["pass"] else 1


def print_report(result):
    print(f"\nSoak: {result['minutes']:g} min at {result['rate_offered']:g} requests/s offered")
    for kind, numbers in result["latency"].items():
        print(
            f"  {kind:<5} {numbers['count']:>6} answered   p50 {numbers['p50_ms']} ms"
            f"   p95 {numbers['p95_ms']} ms   p99 {numbers['p99_ms']} ms"
        )
    failed = {k: v for k, v in result["outcomes"].items() if not k.endswith(" ok")}
    print(f"  errors: {result['errors']} {failed or ''}; server log: {result['server_log_errors']}")
    for outcome, example in result["error_examples"].items():
        print(f"    {outcome}: {example}")
    print(f"  emails the sink received: {result['emails_received']}")
    memory_ = result["memory"]
    for name, numbers in memory_["processes"].items():
        print(
            f"  {name:<24} RSS {numbers['start_mb']} MB after warm-up, {numbers['end_mb']} MB "
            f"at the end ({numbers['growth_mb']:+} MB)"
            if numbers["growth_mb"] is not None
            else f"  {name:<24} gone before the end"
        )
    verdict = "within" if memory_["within_bound"] else "NOT within"
    print(f"  memory: {verdict} the bound of +{memory_['bound_mb']} MB per gunicorn worker")
    print(f"  {'PASS' if result['pass'] else 'FAIL'}")


if __name__ == "__main__":
    signal.signal(signal.SIGTERM, signal.default_int_handler)
    sys.exit(main())
