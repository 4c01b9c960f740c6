"""`make serve` (`python -m core.serve`): the site as production runs it, on one machine.

Runs, with `cms.settings.production`: `migrate`, `collectstatic`, then in the
foreground gunicorn, the task worker (`manage.py db_worker`) and the email
outbox sender (`manage.py send_outbox`). Their output is interleaved with a
name in front of each line; Ctrl-C (or SIGTERM) stops them all, and if one of
them exits on its own the others are stopped too, so a process manager sees
the failure and can restart the lot.

This is a plain script, not a management command, because the production
settings refuse to load without secrets: the local defaults below must be in
the environment before Django starts. Defaults are set only for variables that
are unset, and each is named on start; production settings used any other way
still refuse to start without their secrets.
"""

import argparse
import contextlib
import os
import secrets
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
SETTINGS = "cms.settings.production"
DB_TASKS = "django_tasks_db.DatabaseBackend"
WILDCARD_BINDS = {"0.0.0.0", "::", ""}  # noqa: S104 - names, not a bind
STOP_GRACE = 15  # seconds each process has to finish its request or task


def web_concurrency(environ):
    """WEB_CONCURRENCY if set, else one worker process a core (at least two).

    On this 2-core machine the signing load test found 2 sync workers as fast as
    any count up to 12; the task worker and outbox sender want CPU too.
    """
    value = environ.get("WEB_CONCURRENCY", "").strip()
    if value:
        return max(1, int(value))
    return max(2, os.cpu_count() or 1)


def secret_key(var_dir):
    """A generated key kept in var/, so sessions and links survive a restart."""
    path = var_dir / "secret-key.txt"
    if not path.exists():
        var_dir.mkdir(parents=True, exist_ok=True)
        path.touch(mode=0o600)
        path.write_text(secrets.token_urlsafe(50) + "\n")
    return path.read_text().strip()


def local_defaults(environ, host, port, var_dir):
    """What a local run without real settings needs, only for variables that are unset.

    Returns {name: (value, why)}; the caller prints the list and adds it to the environment.
    """
    public_host = "localhost" if host in WILDCARD_BINDS else host
    defaults = {}

    def default(name, value, why):
        if not environ.get(name, "").strip():
            defaults[name] = (value, why)

    default("SECRET_KEY", secret_key(var_dir), f"generated, kept in {var_dir / 'secret-key.txt'}")
    hosts = [public_host]
    if host in WILDCARD_BINDS:
        hosts += ["127.0.0.1", "[::1]", socket.gethostname()]
    default("ALLOWED_HOSTS", ",".join(dict.fromkeys(hosts)), "from HOST")
    default("BASE_URL", f"http://{public_host}:{port}", "from HOST and PORT")
    base_url = environ.get("BASE_URL", "").strip() or defaults["BASE_URL"][0]
    if base_url.startswith("http://"):
        default("SECURE_SSL_REDIRECT", "false", "BASE_URL is plain http")
    if not environ.get("EMAIL_HOST", "").strip():
        default(
            "EMAIL_BACKEND",
            "django.core.mail.backends.console.EmailBackend",
            "EMAIL_HOST is unset: emails are printed, not sent",
        )
    default("TASKS_BACKEND", DB_TASKS, "tasks run in db_worker")
    return defaults


def has_command(name):
    """Whether any of our apps ships the management command `name` (a file check, no Django)."""
    return any(BASE_DIR.glob(f"*/management/commands/{name}.py"))


def commands(args, environ, python):
    """The long-running processes, as (name, argv)."""
    manage = [python, str(BASE_DIR / "manage.py")]
    gunicorn = str(Path(python).parent / "gunicorn")
    bind = f"[{args.host}]:{args.port}" if ":" in args.host else f"{args.host}:{args.port}"
    processes = [
        (
            "web",
            [
                gunicorn,
                "cms.wsgi:application",
                "--bind",
                bind,
                "--workers",
                str(web_concurrency(environ)),
                # Threaded workers: the heartbeat comes from the worker's main
                # thread, so a long streamed export (a million rows takes longer
                # than --timeout) is not killed mid-download as a sync worker's
                # would be, and one slow client does not hold a whole worker.
                "--worker-class",
                "gthread",
                "--threads",
                str(max(1, int(environ.get("GUNICORN_THREADS", "4")))),
                "--timeout",
                "30",
                "--graceful-timeout",
                str(STOP_GRACE - 2),
                # Its default path is shared by every gunicorn of the user; we do not use it.
                "--no-control-socket",
                *(["--access-logfile", "-"] if args.access_log else []),
            ],
        )
    ]
    if environ.get("TASKS_BACKEND") == DB_TASKS:
        processes.append(("tasks", [*manage, "db_worker", "--no-reload"]))
    if has_command("send_outbox"):
        processes.append(("outbox", [*manage, "send_outbox"]))
    return processes


class Supervisor:
    """Starts processes in sessions of their own and stops them together."""

    def __init__(self, environ):
        self.environ = environ
        self.children = {}
        self.stopping = False
        self.lock = threading.Lock()
        width = 7
        self.label = lambda name: f"{name:<{width}}| "

    def say(self, text, name="serve"):
        with self.lock:
            sys.stdout.write(self.label(name) + text.rstrip("\n") + "\n")
            sys.stdout.flush()

    def _pump(self, name, stream):
        for line in iter(stream.readline, ""):
            self.say(line, name)
        stream.close()

    def spawn(self, name, argv):
        process = subprocess.Popen(  # noqa: S603 - our own fixed command lines
            argv,
            cwd=BASE_DIR,
            env=self.environ,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            bufsize=1,
            start_new_session=True,  # Ctrl-C reaches us only; we stop each in turn
        )
        threading.Thread(target=self._pump, args=(name, process.stdout), daemon=True).start()
        self.children[name] = process
        self.say(f"started {name} (pid {process.pid}): {' '.join(argv[1:4])} ...")
        return process

    def run_step(self, name, argv):
        """A one-off step (migrate, collectstatic) that must succeed before the rest start."""
        process = self.spawn(name, argv)
        code = process.wait()
        self.children.pop(name)
        if code != 0:
            raise SystemExit(f"{name} failed with exit code {code}")

    def stop_all(self, why):
        if self.stopping:
            return
        self.stopping = True
        # The wait below is bounded; a second Ctrl-C must not leave orphans behind.
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        self.say(f"stopping ({why}) ...")
        for process in self.children.values():
            if process.poll() is None:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(process.pid, signal.SIGTERM)
        deadline = time.monotonic() + STOP_GRACE
        for name, process in self.children.items():
            try:
                process.wait(max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                self.say(f"{name} did not stop in {STOP_GRACE} s; killing it")
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(process.pid, signal.SIGKILL)
                process.wait(5)
        self.say("stopped")

    def watch(self):
        """Block until a signal or a child's exit; returns the exit code for make."""
        while True:
            for name, process in self.children.items():
                code = process.poll()
                if code is not None:
                    self.stop_all(f"{name} exited with code {code}")
                    return code or 1
            time.sleep(0.5)


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--host", default=os.environ.get("HOST", "127.0.0.1"))
    parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8000")))
    parser.add_argument("--access-log", action="store_true", help="print gunicorn's access log")
    parser.add_argument(
        "--skip-setup", action="store_true", help="start without migrate and collectstatic"
    )
    return parser.parse_args(argv)


def main(argv=None):
    args = parse_args(argv)
    environ = dict(os.environ, DJANGO_SETTINGS_MODULE=SETTINGS, PYTHONUNBUFFERED="1")
    var_dir = Path(environ.get("VAR_DIR", BASE_DIR / "var"))
    defaults = local_defaults(environ, args.host, args.port, var_dir)
    environ.update({name: value for name, (value, _) in defaults.items()})
    supervisor = Supervisor(environ)
    if defaults:
        supervisor.say("Local defaults for unset variables (set them for a real deployment):")
        for name, (value, why) in defaults.items():
            shown = "(hidden)" if name == "SECRET_KEY" else value
            supervisor.say(f"  {name}={shown}  [{why}]")
    if not has_command("send_outbox"):
        supervisor.say("manage.py send_outbox is not in this version: no outbox sender started")

    def on_signal(number, _frame):
        raise KeyboardInterrupt(signal.Signals(number).name)

    signal.signal(signal.SIGTERM, on_signal)
    # Ctrl-C must work even if our parent ignored SIGINT (as a shell does for `&` jobs).
    signal.signal(signal.SIGINT, signal.default_int_handler)
    python = sys.executable
    manage = [python, str(BASE_DIR / "manage.py")]
    try:
        if not args.skip_setup:
            supervisor.run_step("migrate", [*manage, "migrate", "--noinput"])
            supervisor.run_step("static", [*manage, "collectstatic", "--noinput", "-v", "0"])
        for name, command in commands(args, environ, python):
            supervisor.spawn(name, command)
        supervisor.say(f"Site on {environ['BASE_URL']}/ ; Ctrl-C stops everything.")
        return supervisor.watch()
    except KeyboardInterrupt as interrupt:
        supervisor.stop_all(str(interrupt) or "SIGINT")
        return 0
    finally:
        supervisor.stop_all("exit")


if __name__ == "__main__":
    sys.exit(main())
