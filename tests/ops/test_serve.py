"""`make serve` (`python -m core.serve`): local defaults, and processes started and stopped together."""

import os
import re
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from core import serve

ROOT = Path(__file__).resolve().parents[2]
# Variables a developer's shell might hold that would change what the run does.
CLEARED = (
    "SECRET_KEY",
    "ALLOWED_HOSTS",
    "BASE_URL",
    "EMAIL_HOST",
    "EMAIL_BACKEND",
    "TASKS_BACKEND",
    "SECURE_SSL_REDIRECT",
    "DJANGO_SETTINGS_MODULE",
    "WEB_CONCURRENCY",
    "GUNICORN_CMD_ARGS",
)


def test_local_defaults_fill_only_what_is_unset(tmp_path):
    defaults = serve.local_defaults({}, "127.0.0.1", 8123, tmp_path)

    values = {name: value for name, (value, _) in defaults.items()}
    assert values["ALLOWED_HOSTS"] == "127.0.0.1"
    assert values["BASE_URL"] == "http://127.0.0.1:8123"
    assert values["SECURE_SSL_REDIRECT"] == "false"
    assert values["EMAIL_BACKEND"] == "django.core.mail.backends.console.EmailBackend"
    assert values["TASKS_BACKEND"] == "django_tasks_db.DatabaseBackend"
    assert len(values["SECRET_KEY"]) >= 50
    # Kept in var/: the next start signs with the same key.
    assert (
        serve.local_defaults({}, "127.0.0.1", 8123, tmp_path)["SECRET_KEY"][0]
        == (values["SECRET_KEY"])
    )
    assert (tmp_path / "secret-key.txt").stat().st_mode & 0o077 == 0


def test_local_defaults_leave_a_real_configuration_alone(tmp_path):
    environ = {
        "SECRET_KEY": "x" * 50,
        "ALLOWED_HOSTS": "keepitlocal.example",
        "BASE_URL": "https://keepitlocal.example",
        "EMAIL_HOST": "smtp.example",
        "TASKS_BACKEND": "django_tasks.backends.immediate.ImmediateBackend",
    }
    assert serve.local_defaults(environ, "0.0.0.0", 8000, tmp_path) == {}  # noqa: S104


def test_a_wildcard_bind_allows_local_names(tmp_path):
    defaults = serve.local_defaults({}, "0.0.0.0", 8000, tmp_path)  # noqa: S104
    assert defaults["BASE_URL"][0] == "http://localhost:8000"
    assert {"localhost", "127.0.0.1"} <= set(defaults["ALLOWED_HOSTS"][0].split(","))


def test_worker_count_follows_web_concurrency_or_the_cores():
    assert serve.web_concurrency({"WEB_CONCURRENCY": "5"}) == 5
    assert serve.web_concurrency({}) == max(2, os.cpu_count() or 1)


def test_production_settings_still_refuse_to_start_without_secrets():
    env = {name: value for name, value in os.environ.items() if name not in CLEARED}
    env["DJANGO_SETTINGS_MODULE"] = "cms.settings.production"
    result = subprocess.run(  # noqa: S603 - our own interpreter
        [sys.executable, "-c", "import django; django.setup()"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode != 0
    assert "SECRET_KEY must be set in production" in result.stderr


def sleeper():
    return [sys.executable, "-c", "import time; time.sleep(60)"]


def test_when_one_process_dies_the_others_are_stopped_and_the_exit_is_an_error():
    supervisor = serve.Supervisor(dict(os.environ))
    survivor = supervisor.spawn("a", sleeper())
    dying = supervisor.spawn("b", [sys.executable, "-c", "raise SystemExit(3)"])
    started = time.monotonic()

    code = supervisor.watch()

    assert code == 3
    assert dying.returncode == 3
    assert survivor.returncode == -signal.SIGTERM
    assert time.monotonic() - started < 10


def wait_for(url, process, timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        assert process.poll() is None, "make serve exited early"
        try:
            with urllib.request.urlopen(url, timeout=1) as response:  # noqa: S310 - loopback
                return response.status, response.read()
        except OSError:
            time.sleep(0.3)
    raise AssertionError(f"{url} did not answer in {timeout} s")


def alive(pid):
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


@pytest.mark.django_db  # the test database must exist for migrated_database_url
def test_serve_runs_production_processes_and_ctrl_c_stops_them_all(
    migrated_database_url, closed_port, tmp_path
):
    # Slow on purpose (about 10 s): real gunicorn and db_worker processes.
    env = {name: value for name, value in os.environ.items() if name not in CLEARED}
    env.update(
        DATABASE_URL=migrated_database_url,
        VAR_DIR=str(tmp_path),
        STATIC_ROOT=str(tmp_path / "static"),
        WEB_CONCURRENCY="1",
    )
    port = closed_port
    process = subprocess.Popen(  # noqa: S603 - our own interpreter
        [sys.executable, "-m", "core.serve", "--skip-setup", "--port", str(port)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        status, _ = wait_for(f"http://127.0.0.1:{port}/healthz", process)
        assert status == 200
        status, body = wait_for(f"http://127.0.0.1:{port}/readyz", process)
        assert status == 200
        assert b'"backend": "DatabaseBackend"' in body
        time.sleep(1)  # let db_worker print that it started
        process.send_signal(signal.SIGINT)
        output, _ = process.communicate(timeout=30)
    finally:
        if process.poll() is None:  # the test failed midway: still let it stop its children
            process.terminate()
            try:
                process.wait(30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
    assert process.returncode == 0, output
    assert "SECRET_KEY=(hidden)" in output and "EMAIL_BACKEND=" in output
    assert "started web" in output and "started tasks" in output
    pids = [
        int(pid) for pid in re.findall(r"\(pid (\d+)\)|pid: (\d+)", output) for pid in pid if pid
    ]
    assert len(pids) >= 3, output  # web, tasks and a gunicorn worker
    assert not [pid for pid in pids if alive(pid)], output


def test_web_workers_are_threaded_so_a_long_export_outlives_the_timeout():
    """A sync worker is killed after --timeout even mid-stream; a gthread worker is not."""
    args = serve.parse_args(["--host", "127.0.0.1", "--port", "8123"])
    web = dict(serve.commands(args, {"GUNICORN_THREADS": "3"}, sys.executable))["web"]
    assert web[web.index("--worker-class") + 1] == "gthread"
    assert web[web.index("--threads") + 1] == "3"
