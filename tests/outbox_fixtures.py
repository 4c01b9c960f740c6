"""Fixtures for mail-server-down tests: a loopback SMTP sink and a database a subprocess shares."""

import contextlib
import logging
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from django.db import connection

import pytest

from tests.smtp_sink import SMTPSink

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def sink():
    server = SMTPSink().start()
    yield server
    server.stop()


@pytest.fixture
def smtp_to_sink(settings, sink):
    """Django's real SMTP backend, pointed at the sink, with a short socket timeout."""
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = sink.port
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_TIMEOUT = 1
    return sink


@pytest.fixture
def outbox_warnings(caplog):
    """The outbox's warnings, as messages."""
    caplog.set_level(logging.WARNING, logger="core.outbox")
    return lambda: [r.getMessage() for r in caplog.records if r.name == "core.outbox"]


@contextlib.contextmanager
def shared_database(tmp_path):
    """A DATABASE_URL another process can open, holding this test's committed rows.

    PostgreSQL: the test database itself. In-memory SQLite: a file copy made
    with SQLite's backup API, copied back into memory when the block ends, so
    the test then reads what the other process wrote.
    """
    settings_dict = connection.settings_dict
    if connection.vendor == "postgresql":
        user, host = settings_dict["USER"], settings_dict["HOST"] or "127.0.0.1"
        port = settings_dict["PORT"] or 5432
        yield f"postgres://{user}@{host}:{port}/{settings_dict['NAME']}"
        return
    path = tmp_path / "shared.sqlite3"
    connection.ensure_connection()
    with contextlib.closing(sqlite3.connect(path)) as copy:
        connection.connection.backup(copy)
    yield f"sqlite:///{path}"
    with contextlib.closing(sqlite3.connect(path)) as copy:
        copy.backup(connection.connection)


def start_sender(database_url, smtp_port):
    """`manage.py send_outbox` in its own process, as `make serve` runs it."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.outbox_settings",
        "DATABASE_URL": database_url,
        "OUTBOX_TEST_SMTP_PORT": str(smtp_port),
        "EMAIL_OUTBOX_POLL_SECONDS": "0.1",
    }
    return subprocess.Popen(
        [sys.executable, "manage.py", "send_outbox"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )


def kill(process):
    process.send_signal(signal.SIGKILL)
    process.wait(5)


def wait_for(event, process, seconds=60):
    """Wait for the sink's event; fail at once, with its stderr, if the sender died."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if event.wait(0.1):
            return
        if process.poll() is not None:
            pytest.fail(f"send_outbox exited early: {process.stderr.read().decode()[-2000:]}")
    kill(process)
    pytest.fail("send_outbox never reached the sink")
