"""`python -m benchmarks.load`: the whole run, and the clean-up after it."""

import asyncio
import json
import os
import random
import secrets
import shutil
import sys
import tempfile
import time
from pathlib import Path

from .cli import parse_args
from .config import BENCH_DIR, HOST, REDIS_DB, RESULTS_PATH, SERVER_LOG
from .reconcile import reconcile
from .report import report
from .run import run_load
from .seed import build_site, count_path, make_people
from .server import (
    admin_sql,
    flush_redis,
    free_port,
    has_outbox,
    server_env,
    start_sender,
    start_server,
    start_sink,
    start_task_worker,
    stop,
    wait_ready,
)


def main():
    args = parse_args()
    if args.tasks is None:
        args.tasks = "outbox" if has_outbox() else "immediate"
    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    database = os.environ.get("LOAD_DATABASE") or f"kil_load_{os.getpid()}"
    scratch = Path(tempfile.mkdtemp(prefix="load-", dir=BENCH_DIR))
    sink = server = task_worker = sender = None
    created = False
    log = SERVER_LOG.open("w")
    started = time.perf_counter()
    try:
        admin_sql(f'CREATE DATABASE "{database}"')
        created = True
        flush_redis()
        sink, smtp_port = start_sink(args.smtp_latency)
        port = free_port()
        env = server_env(database, secrets.token_urlsafe(50), smtp_port, port, scratch, args.tasks)
        os.environ.update(env)  # this process reads and checks the same database

        import django

        django.setup()
        from django.conf import settings
        from django.core.management import call_command
        from django.db import connections

        print(f"Migrating {database} and collecting static files ...")
        call_command("migrate", verbosity=0, interactive=False)
        call_command("collectstatic", verbosity=0, interactive=False)
        pledge_id = build_site().pk
        min_fill = settings.PLEDGES["MIN_FILL_SECONDS"]
        people = make_people(args.signatures, random.Random(args.seed))
        connections.close_all()

        server = start_server(args, env, port, log)
        if args.tasks == "db":
            task_worker = start_task_worker(env, log)
        if args.tasks == "outbox":
            sender = start_sender(env, log)
        pids = {
            "database": database,
            "server": server.pid,
            "sink": sink.pid,
            "task worker": task_worker.pid if task_worker else None,
            "email sender": sender.pid if sender else None,
        }
        asyncio.run(wait_ready(port, server))
        print(
            f"Ready in {time.perf_counter() - started:.0f} s: gunicorn on {HOST}:{port} "
            f"({args.workers} {args.worker_class} x {args.threads}), SMTP sink on {smtp_port}. "
            f"Signing {args.signatures:,} people (cap {args.time_cap:.0f} s) ..."
        )
        run, cpu, phases = asyncio.run(
            run_load(args, port, pledge_id, people, min_fill, sink, pids, count_path())
        )
        checks = reconcile(run, pledge_id)
        result = report(args, run, cpu, phases, checks)
        RESULTS_PATH.write_text(json.dumps(result, indent=2) + "\n")
        print(f"Results in {RESULTS_PATH}; server log in {SERVER_LOG}.")
        return 0 if result["pass"] else 1
    finally:
        stop(server, "gunicorn")
        stop(task_worker, "db_worker")
        stop(sender, "send_outbox")
        if sink is not None and sink.poll() is None:
            sink.terminate()
            sink.wait(5)
        log.close()
        if "django" in sys.modules:
            from django.db import connections

            connections.close_all()
        if created and not args.keep_db:
            admin_sql(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
        elif created:
            print(
                f"Kept database {database}; drop it with: dropdb -h 127.0.0.1 -U postgres {database}"
            )
        try:
            flush_redis()
        except Exception as error:  # noqa: BLE001 - report, finish cleaning up
            print(f"Could not flush Redis db {REDIS_DB}: {error}")
        shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
