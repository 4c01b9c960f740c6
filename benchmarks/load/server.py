"""Everything the run starts and stops: database, Redis, sink, gunicorn, email sender."""

import asyncio
import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import quote

from .config import HOST, PG_ADMIN, REDIS_URL, REPO_DIR, SERVER_LOG
from .loadclient import Connection, HTTPError


def free_port():
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def admin_sql(statement):
    import psycopg

    with psycopg.connect(PG_ADMIN, autocommit=True, connect_timeout=5) as connection:
        connection.execute(statement)


def flush_redis():
    import redis

    redis.Redis.from_url(REDIS_URL, socket_timeout=5).flushdb()


def server_env(database, secret, smtp_port, http_port, scratch, tasks):
    env = dict(os.environ)
    # Nothing from the caller's shell may change what is measured.
    for name in (
        "DEBUG",
        "FRONTEND_API_URL",
        "FRONTEND_CACHE_TIMEOUT",
        "EMAIL_HOST_USER",
        "EMAIL_HOST_PASSWORD",
        "IP_HASH_KEY",
        "CACHE_KEY_PREFIX",
        "DB_CONN_MAX_AGE",
        "WEB_CONCURRENCY",
        "GUNICORN_CMD_ARGS",
        "EMAIL_OUTBOX_SEND_ON_COMMIT",
        *[name for name in os.environ if name.startswith(("PLEDGE_", "GRAPHQL_"))],
    ):
        env.pop(name, None)
    env.update(
        DJANGO_SETTINGS_MODULE="cms.settings.production",
        SECRET_KEY=secret,
        ALLOWED_HOSTS="127.0.0.1,localhost",
        SECURE_SSL_REDIRECT="false",
        DATABASE_URL=f"postgres://postgres@127.0.0.1:5432/{database}",
        REDIS_URL=REDIS_URL,
        EMAIL_HOST=HOST,
        EMAIL_PORT=str(smtp_port),
        EMAIL_USE_TLS="false",
        TRUSTED_PROXY_COUNT="1",
        BASE_URL=f"http://{HOST}:{http_port}",
        STATIC_ROOT=str(scratch / "static"),
        MEDIA_ROOT=str(scratch / "media"),
        TASKS_BACKEND=(
            "django_tasks_db.DatabaseBackend"
            if tasks == "db"
            else "django_tasks.backends.immediate.ImmediateBackend"
        ),
    )
    if tasks == "outbox":  # requests only write the delivery row; `send_outbox` sends it
        env["EMAIL_OUTBOX_SEND_ON_COMMIT"] = "false"
    return env


def start_sink(latency):
    sink = subprocess.Popen(  # noqa: S603 - our own fixed command line
        [sys.executable, "-m", "benchmarks.load.loadclient", "smtp-sink", str(latency)],
        cwd=REPO_DIR,
        stdout=subprocess.PIPE,
        bufsize=0,
    )
    line = sink.stdout.readline().decode()
    if not line.startswith("PORT "):
        raise RuntimeError(f"The SMTP sink did not start: {line!r}")
    return sink, int(line.split()[1])


def start_server(args, env, port, log):
    gunicorn = Path(sys.executable).parent / "gunicorn"
    command = [
        str(gunicorn),
        "cms.wsgi:application",
        "--bind",
        f"{HOST}:{port}",
        "--workers",
        str(args.workers),
        "--worker-class",
        args.worker_class,
        "--threads",
        str(args.threads),
        "--backlog",
        "2048",
        "--timeout",
        "30",
        "--keep-alive",
        "5",
        "--log-level",
        "warning",
    ]
    return subprocess.Popen(  # noqa: S603 - our own fixed command line
        command, cwd=REPO_DIR, env=env, stdout=log, stderr=log, start_new_session=True
    )


def start_task_worker(env, log):
    return subprocess.Popen(
        [
            sys.executable,
            "manage.py",
            "db_worker",
            "--interval",
            "0.2",
            "--no-startup-delay",
            "--no-reload",
            "-v",
            "0",
        ],
        cwd=REPO_DIR,
        env=env,
        stdout=log,
        stderr=log,
        start_new_session=True,
    )


def has_outbox():
    """Whether this build has the email outbox's sender (`manage.py send_outbox`)."""
    return (REPO_DIR / "core" / "management" / "commands" / "send_outbox.py").exists()


def start_sender(env, log):
    """The outbox's sender, as `make serve` and the deployment docs run it."""
    return subprocess.Popen(  # noqa: S603 - our own fixed command line
        [sys.executable, "manage.py", "send_outbox", "-v", "0"],
        cwd=REPO_DIR,
        env=env,
        stdout=log,
        stderr=log,
        start_new_session=True,
    )


def stop(process, name, grace=10):
    if process is None or process.poll() is not None:
        return
    try:
        os.killpg(process.pid, signal.SIGTERM)  # its own session: it and its workers
    except ProcessLookupError:
        return
    except PermissionError:
        process.terminate()
    try:
        process.wait(grace)
    except subprocess.TimeoutExpired:
        print(f"  {name} did not stop in {grace} s; killing it")
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait(5)


async def wait_ready(port, server, timeout=60):
    deadline = time.monotonic() + timeout
    path = "/graphql/?query=" + quote("{ __typename }")
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"gunicorn exited with {server.returncode}; see {SERVER_LOG}")
        connection = Connection(HOST, port)
        try:
            response = await connection.request("GET", path)
            if response.status == 200:
                return
        except (HTTPError, OSError):
            pass
        finally:
            connection.close()
        await asyncio.sleep(0.2)
    raise RuntimeError(f"gunicorn did not answer within {timeout} s; see {SERVER_LOG}")
