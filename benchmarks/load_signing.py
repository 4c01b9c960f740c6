"""`python -m benchmarks.load_signing`: sign and confirm thousands of signatures under load.

Everything runs on this machine, on loopback, and is removed afterwards:

1. a fresh PostgreSQL database `kil_load_<pid>` on 127.0.0.1:5432 (user
   postgres), migrated, with a home page and one open pledge for individuals
   and organisations; Redis database 12 on 127.0.0.1:6379, flushed;
2. a small SMTP sink (`loadclient.py`, a child process) that accepts every
   email, keeps none, and hands the confirm links back to this process;
3. gunicorn with the production settings (`cms.wsgi`), told by
   `TRUSTED_PROXY_COUNT=1` to take each client's address from
   `X-Forwarded-For`, as behind a CDN;
4. the load, from one asyncio process: signers that each fetch the form token
   once, wait out the minimum fill time, then post `signPledge` mutations, one
   new person (own email, own address) after another, plus repeat signings
   of people who already signed (another spelling of the same mailbox) and
   pairs of simultaneous signings of one mailbox; confirmers that follow the
   link in each confirm email as it arrives, a few twice; readers that ask for
   `signatureCounts` a few times a second each and time it;
5. a reconciliation from the database: every accepted signature stored once,
   nothing stored that was not accepted, confirmed rows equal the links
   followed, the table count and the API's count equal them too.

Application settings are the production defaults (minimum fill time, limits
per address and per email) except what a loopback run must change (hosts,
no HTTPS redirect, where mail goes). Results go to var/bench/load_signing.json.
"""

import argparse
import asyncio
import contextlib
import json
import os
import random
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections import Counter, deque
from pathlib import Path
from urllib.parse import quote

from .loadclient import (
    Connection,
    HTTPError,
    cpu_seconds,
    machine_cpu,
    percentile,
    processes,
)

REPO_DIR = Path(__file__).resolve().parent.parent
BENCH_DIR = Path(os.environ.get("VAR_DIR", REPO_DIR / "var")) / "bench"
RESULTS_PATH = BENCH_DIR / "load_signing.json"
SERVER_LOG = BENCH_DIR / "load_signing-server.log"

HOST = "127.0.0.1"
PG_ADMIN = "host=127.0.0.1 port=5432 user=postgres dbname=postgres"
REDIS_URL = "redis://127.0.0.1:6379/12"
PLEDGE_SLUG = "keep-it-local"
TARGET_RATE = 100  # accepted signatures a second, sustained
WARM_UP = 5  # seconds left out at the start of the steady window

SIGN = """mutation Sign($input: SignPledgeInput!) {
  signPledge(input: $input) { ok message errors { field code message retryAfter } }
}"""
TOKEN = '{ page(urlPath: "/SLUG/") { id ... on PledgePage { formToken isOpen } } }'.replace(
    "SLUG", PLEDGE_SLUG
)
COUNT = '{ page(urlPath: "/SLUG/") { ... on PledgePage { signatureCounts { total } } } }'.replace(
    "SLUG", PLEDGE_SLUG
)
CONFIRMED_TEXT = b"Your signature is confirmed"

FIRST = ["amira", "tom", "grace", "rhys", "priya", "siobhan", "daniel", "hannah", "marek", "ali"]
LAST = ["haddad", "whitfield", "okafor", "llewellyn", "raman", "kelly", "mensah", "brooks", "shaw"]
DOMAINS = ["example.org", "example.com", "mail.example.net", "council.example.gov.uk"]


# --- setup and teardown -------------------------------------------------------


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
        # Outbox: "immediate" sends in the request after commit; "db" leaves it to
        # the `send_outbox` process that start_task_worker runs.
        EMAIL_OUTBOX_SEND_ON_COMMIT="true" if tasks != "db" else "false",
    )
    return env


def build_site():
    """A home page as the default site's root, and one open pledge under it."""
    from wagtail.models import Page, Site

    from home.models import HomePage
    from pledges.models import PledgePage

    root = Page.get_first_root_node()
    Site.objects.all().delete()
    for page in root.get_children():  # Wagtail's welcome page
        page.delete()
    root.refresh_from_db()
    home = root.add_child(
        instance=HomePage(title="Home", slug="home", hero_heading="Keep it Local")
    )
    Site.objects.create(
        hostname="localhost", port=80, root_page=home, is_default_site=True, site_name="Load"
    )
    return home.add_child(
        instance=PledgePage(
            title="The Keep it Local pledge",
            slug=PLEDGE_SLUG,
            summary="Keep public services local.",
            statement="<p>We will keep it local.</p>",
            thank_you_text="<p>Thank you.</p>",
            allow_individuals=True,
            allow_organisations=True,
            allow_councils=False,
            goal=10_000,
        )
    )


def start_sink(latency):
    sink = subprocess.Popen(  # noqa: S603 - our own fixed command line
        [sys.executable, "-m", "benchmarks.loadclient", "smtp-sink", str(latency)],
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
            "send_outbox",  # the email outbox's sender (core/outbox), as `make serve` runs it
            "-v",
            "0",
        ],
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


# --- the people who sign ------------------------------------------------------


def make_people(count, rng):
    """Distinct people: one mailbox and one address each; some on Gmail, some organisations."""
    from pledges.identity import canonical_email

    people = []
    for i in range(count):
        first, last = rng.choice(FIRST), rng.choice(LAST)
        gmail = rng.random() < 0.3
        # Names have no digits, so the trailing number keeps mailboxes distinct
        # even where Gmail ignores the dots.
        local = f"{first}.{last}.k{i}"
        address = f"{local}@gmail.com" if gmail else f"{local}@{rng.choice(DOMAINS)}"
        person = {
            "i": i,
            "email": address,
            "canonical": canonical_email(address),
            "gmail": gmail,
            "type": "ORGANISATION" if rng.random() < 0.15 else "INDIVIDUAL",
            "name": f"{first.title()} {last.title()}",
            "ip": f"10.{(i >> 16) & 255}.{(i >> 8) & 255}.{i & 255}",
            "race": False,
        }
        people.append(person)
    return people


def other_spelling(person, rng):
    """The same mailbox written another way: must be recognised as a repeat."""
    local, _, domain = person["email"].partition("@")
    if person["gmail"]:
        squashed = local.replace(".", "")
        tag = rng.choice(["pledge", "news", "x"])
        return f"{squashed.title()}+{tag}@{rng.choice(['gmail.com', 'GoogleMail.com'])}"
    return person["email"].upper()


def sign_input(person, address, pledge_id, token, rng):
    data = {
        "pledgeId": str(pledge_id),
        "signerType": person["type"],
        "name": person["name"],
        "email": address,
        "showName": rng.random() < 0.5,
        "sendUpdates": rng.random() < 0.3,
        "formToken": token,
        "utmSource": "load-test",
    }
    if person["type"] == "ORGANISATION":
        data.update(organisation=f"{person['name'].split()[1]} Community Trust", role="Chair")
    elif rng.random() < 0.4:
        data["postcode"] = "LS1 4AP"
    return data


# --- the load -----------------------------------------------------------------


class Run:
    """Shared state of one load run, and everything it measures."""

    def __init__(self, args, port, pledge_id, people, min_fill, sink_lines, pids):
        self.args = args
        self.port = port
        self.base_url = f"http://{HOST}:{port}"
        self.pledge_id = pledge_id
        self.rng = random.Random(args.seed)
        self.fresh = deque(people)
        self.min_fill = min_fill
        self.sink_lines = sink_lines
        self.pids = pids
        self.t0 = time.perf_counter()
        self.deadline = self.t0 + args.time_cap
        self.capped = False
        self.next_slot = 0.0

        self.repeat_pool = []  # accepted people, not yet signed again
        self.accepted = {}  # canonical email -> person, on the first ok answer
        self.accepted_at = []
        self.uncertain = set()  # canonical emails whose POST got no answer
        self.refused = Counter()  # error code -> count
        self.attempts = Counter()  # new / repeat / race
        self.repeat_ok = 0
        self.statuses = Counter()  # "sign 200", "read 500", ...
        self.transport_errors = Counter()
        self.graphql_errors = Counter()
        self.latency = {"sign": [], "confirm": [], "read": [], "token": []}

        self.links = asyncio.Queue()
        self.emails = Counter()  # kind -> count
        self.confirm_links = {}  # recipient -> link
        self.confirmed = set()  # links that answered "confirmed" the first time
        self.confirmed_at = []
        self.confirm_failed = Counter()
        self.repeat_clicks = Counter()  # "ok" / "failed"
        self.confirmers_busy = 0
        self.read_totals = []
        self.read_went_back = 0
        self.signers_started = []
        self.signers_idle_at = None
        self.stop_confirming = asyncio.Event()
        self.cpu_seen = {}  # pid -> CPU seconds at the last sample
        self.cpu_totals = Counter(
            {"gunicorn": 0.0, "postgresql": 0.0, "redis": 0.0, "smtp sink": 0.0}
        )
        self.stop_reading = asyncio.Event()

    def now(self):
        return time.perf_counter() - self.t0

    def record(self, kind, response):
        self.statuses[f"{kind} {response.status}"] += 1
        self.latency[kind].append(response.seconds)

    async def pace(self):
        """With --rate, start attempts on a fixed schedule (an open load), else at once."""
        if not self.args.rate:
            return
        slot = max(self.next_slot, time.perf_counter())
        self.next_slot = slot + 1 / self.args.rate
        await asyncio.sleep(slot - time.perf_counter())

    def next_job(self):
        if time.perf_counter() >= self.deadline:
            self.capped = self.capped or bool(self.fresh)
            return None
        if self.repeat_pool and self.rng.random() < self.args.repeat_share:
            person = self.repeat_pool.pop(self.rng.randrange(len(self.repeat_pool)))
            return "repeat", person
        if not self.fresh:
            return None
        person = self.fresh.popleft()
        if self.rng.random() < self.args.race_share:
            person["race"] = True
            return "race", person
        return "new", person

    async def graphql_get(self, connection, query, kind, ip):
        response = await connection.request(
            "GET",
            "/graphql/?query=" + quote(query),
            {"Accept": "application/json", "X-Forwarded-For": ip},
        )
        self.record(kind, response)
        if response.status != 200:
            return None
        data = response.json()
        if data.get("errors"):
            self.graphql_errors[kind] += 1
            return None
        return data["data"]

    async def sign(self, connection, person, address, token):
        """One signPledge POST; True if accepted, False if refused, None if no answer."""
        body = json.dumps(
            {
                "query": SIGN,
                "variables": {
                    "input": sign_input(person, address, self.pledge_id, token, self.rng)
                },
            }
        ).encode()
        headers = {
            "Content-Type": "application/json",
            "Accept": "application/json",
            "Origin": self.base_url,
            "X-Forwarded-For": person["ip"],
        }
        try:
            response = await connection.request("POST", "/graphql/", headers, body)
        except HTTPError:
            self.transport_errors["sign"] += 1
            self.uncertain.add(person["canonical"])
            return None
        self.record("sign", response)
        if response.status != 200:
            return False
        data = response.json()
        if data.get("errors"):
            self.graphql_errors["sign"] += 1
            return False
        result = data["data"]["signPledge"]
        for error in result["errors"]:
            self.refused[error["code"]] += 1
        return bool(result["ok"])

    def accept(self, person, repeat_allowed=True):
        if person["canonical"] not in self.accepted:
            self.accepted[person["canonical"]] = person
            self.accepted_at.append(self.now())
            if repeat_allowed:
                self.repeat_pool.append(person)

    async def signer(self, number):
        main = Connection(HOST, self.port)
        spare = Connection(HOST, self.port)  # for the second of two simultaneous signings
        ip = f"172.16.{number // 256}.{number % 256}"
        try:
            data = await self.graphql_get(main, TOKEN, "token", ip)
            if not data or not data["page"] or not data["page"]["isOpen"]:
                raise RuntimeError(f"signer {number}: no open pledge at /{PLEDGE_SLUG}/: {data}")
            token, fetched = data["page"]["formToken"], time.perf_counter()
            # The form must be at least MIN_FILL_SECONDS old, or it is taken for a bot.
            await asyncio.sleep(max(0.0, fetched + self.min_fill + 0.25 - time.perf_counter()))
            self.signers_started.append(self.now())
            while True:
                await self.pace()
                if (job := self.next_job()) is None:
                    break
                kind, person = job
                self.attempts[kind] += 1
                if kind == "new":
                    if await self.sign(main, person, person["email"], token):
                        self.accept(person)
                elif kind == "race":
                    self.attempts["race second"] += 1
                    first, second = await asyncio.gather(
                        self.sign(main, person, person["email"], token),
                        self.sign(spare, person, other_spelling(person, self.rng), token),
                    )
                    if first or second:
                        self.accept(person, repeat_allowed=False)
                else:  # a repeat: same answer as a first signing, nothing new stored
                    if await self.sign(main, person, other_spelling(person, self.rng), token):
                        self.repeat_ok += 1
        finally:
            if self.signers_idle_at is None:
                self.signers_idle_at = self.now()
            main.close()
            spare.close()

    async def mail(self):
        """Read the SMTP sink's reports; queue each confirm link for a confirmer."""
        while True:
            line = await self.sink_lines.readline()
            if not line:
                return
            report = json.loads(line)
            self.emails[report["kind"]] += 1
            if report["kind"] == "confirm" and report["confirm"]:
                self.confirm_links[report["to"]] = report["confirm"]
                self.links.put_nowait((report["confirm"], False))

    async def confirmer(self, number):
        connection = Connection(HOST, self.port)
        ip = f"192.168.{number // 256}.{number % 256}"
        try:
            while not self.stop_confirming.is_set():
                try:
                    link, repeat = await asyncio.wait_for(self.links.get(), 0.2)
                except TimeoutError:
                    continue
                self.confirmers_busy += 1
                try:
                    try:
                        response = await connection.request(
                            "GET", link, {"Accept": "text/html", "X-Forwarded-For": ip}
                        )
                    except HTTPError:
                        self.transport_errors["confirm"] += 1
                        continue
                    self.record("confirm", response)
                    ok = response.status == 200 and CONFIRMED_TEXT in response.body
                    if repeat:
                        self.repeat_clicks["ok" if ok else f"failed {response.status}"] += 1
                    elif ok:
                        self.confirmed.add(link)
                        self.confirmed_at.append(self.now())
                        if self.rng.random() < self.args.repeat_click_share:
                            self.links.put_nowait((link, True))  # people double-click
                    else:
                        self.confirm_failed[response.status] += 1
                finally:
                    self.confirmers_busy -= 1
                    self.links.task_done()
        finally:
            connection.close()

    async def reader(self, number):
        connection = Connection(HOST, self.port)
        ip = f"192.0.{number // 256}.{number % 256}"
        last = -1
        try:
            while not self.stop_reading.is_set():
                started = time.perf_counter()
                try:
                    data = await self.graphql_get(connection, COUNT, "read", ip)
                except HTTPError:
                    self.transport_errors["read"] += 1
                    data = None
                if data and data["page"]:
                    total = data["page"]["signatureCounts"]["total"]
                    self.read_totals.append((self.now(), total))
                    if total < last:
                        self.read_went_back += 1
                    last = max(last, total)
                pause = self.args.read_interval - (time.perf_counter() - started)
                if pause > 0:
                    with contextlib.suppress(TimeoutError):
                        await asyncio.wait_for(self.stop_reading.wait(), pause)
        finally:
            connection.close()

    def _our_postgres(self, pid):
        """The server's own processes and our database's backends; not other databases'."""
        try:
            with open(f"/proc/{pid}/cmdline", "rb") as handle:
                command = handle.read().replace(b"\0", b" ").decode(errors="replace")
        except (FileNotFoundError, ProcessLookupError):
            return False
        if f" {self.pids['database']} " in command:
            return True
        return "(" not in command and "[local]" not in command  # not another client's backend

    def cpu_sample(self):
        """Add the CPU each party used since the last sample to its running total.

        Sampled often (`cpu_sampler`), so a process that exits in between, like
        a database backend whose connection reached its maximum age, loses at
        most the time since the last sample; a new one counts from its start.
        """
        server = self.pids["server"]
        current = {}
        for pid, (name, ppid) in processes().items():
            if pid == server or ppid == server:
                current[pid] = "gunicorn"
            elif name.startswith("postgres") and self._our_postgres(pid):
                current[pid] = "postgresql"
            elif name.startswith("redis-server"):
                current[pid] = "redis"
        current[self.pids["sink"]] = "smtp sink"
        if self.pids.get("task worker"):
            current[self.pids["task worker"]] = "task worker"
        first = not self.cpu_seen
        seen = {}
        for pid, role in current.items():
            used = cpu_seconds(pid)
            if not first:
                self.cpu_totals[role] += used - self.cpu_seen.get(pid, 0.0)
            seen[pid] = used
        self.cpu_seen = seen
        times = os.times()
        self.cpu_totals["load client"] = times.user + times.system

    async def cpu_sampler(self):
        while True:
            self.cpu_sample()
            await asyncio.sleep(0.5)

    def cpu_snapshot(self):
        """CPU seconds used so far by each party on the machine, by role."""
        self.cpu_sample()
        busy, total = machine_cpu()
        return {"at": self.now(), "roles": dict(self.cpu_totals), "busy": busy, "total": total}


def cpu_between(before, after):
    seconds = after["at"] - before["at"]
    cores = os.cpu_count()
    shares = {
        role: round((used - before["roles"].get(role, 0.0)) / seconds, 3)
        for role, used in after["roles"].items()
    }
    machine = (after["busy"] - before["busy"]) / max(1, after["total"] - before["total"])
    # Whatever else runs on the machine competes for the same cores.
    shares["everything else"] = round(max(0.0, machine * cores - sum(shares.values())), 3)
    return {"cores_used": shares, "machine_busy": round(machine, 3), "cores": cores}


async def run_load(args, port, pledge_id, people, min_fill, sink, pids):
    loop = asyncio.get_running_loop()
    lines = asyncio.StreamReader(limit=1 << 20)
    await loop.connect_read_pipe(lambda: asyncio.StreamReaderProtocol(lines), sink.stdout)

    run = Run(args, port, pledge_id, people, min_fill, lines, pids)
    sampler = asyncio.create_task(run.cpu_sampler())
    # How busy the machine is before any load: other work skews every number,
    # so wait a while for it to calm down.
    waited = time.perf_counter()
    while True:
        idle = run.cpu_snapshot()
        await asyncio.sleep(2)
        before = cpu_between(idle, run.cpu_snapshot())
        others = before["cores_used"]["everything else"]
        if others <= args.quiet_cores or time.perf_counter() - waited > args.quiet_wait:
            break
    before["waited_s"] = round(time.perf_counter() - waited - 2, 1)
    if others > args.quiet_cores:
        print(
            f"  WARNING: other processes use {others:.2f} of {before['cores']} cores; "
            "the numbers below are not this app's capacity"
        )
    cpu = {"before load": before}
    run.t0 = time.perf_counter()
    run.deadline = run.t0 + args.time_cap
    mail = asyncio.create_task(run.mail())
    confirmers = [asyncio.create_task(run.confirmer(n)) for n in range(args.confirmers)]
    readers = [asyncio.create_task(run.reader(n)) for n in range(args.readers)]
    cpu["start"] = run.cpu_snapshot()

    async def steady_marks():
        while len(run.signers_started) < args.signers and run.signers_idle_at is None:
            await asyncio.sleep(0.05)
        cpu["steady start"] = run.cpu_snapshot()
        warm = time.perf_counter() + WARM_UP
        while run.signers_idle_at is None:
            if warm and time.perf_counter() >= warm:
                cpu["steady start, warm"] = run.cpu_snapshot()
                warm = None
            await asyncio.sleep(0.05)
        cpu["steady end"] = run.cpu_snapshot()

    marks = asyncio.create_task(steady_marks())
    signers = [asyncio.create_task(run.signer(n)) for n in range(args.signers)]
    outcomes = await asyncio.gather(*signers, return_exceptions=True)
    failures = [outcome for outcome in outcomes if isinstance(outcome, BaseException)]
    await marks
    signing_ended = run.now()
    print(
        f"  signing ended at {signing_ended:.1f} s"
        f"{' (time cap reached)' if run.capped else ''}; waiting for confirmations"
    )

    # Every accepted signature owes one confirm email; follow each link.
    drain_until = time.perf_counter() + args.drain_cap
    while time.perf_counter() < drain_until:
        emails_in = run.emails["confirm"] >= len(run.accepted)
        if emails_in and (run.links.empty() or not confirmers) and not run.confirmers_busy:
            break
        await asyncio.sleep(0.1)
    # Let confirmations in flight finish (and be counted) before reconciling.
    run.stop_confirming.set()
    await asyncio.gather(*confirmers)
    drained = run.now()
    cpu["end"] = run.cpu_snapshot()

    # The count the API serves, once nothing is changing.
    settle_started = time.perf_counter()
    expected = len(run.confirmed)
    api_total = None
    connection = Connection(HOST, port)
    try:
        while True:
            data = await run.graphql_get(connection, COUNT, "read", "192.0.255.1")
            api_total = data["page"]["signatureCounts"]["total"] if data else None
            if api_total == expected or time.perf_counter() - settle_started > args.settle:
                break
            await asyncio.sleep(0.1)
    finally:
        connection.close()
    settle_seconds = time.perf_counter() - settle_started

    run.stop_reading.set()
    await asyncio.gather(*readers)
    mail.cancel()
    sampler.cancel()
    await asyncio.gather(mail, sampler, return_exceptions=True)
    if failures:
        raise failures[0]
    return (
        run,
        cpu,
        {
            "signing_ended": signing_ended,
            "drained": drained,
            "api_total": api_total,
            "settle_seconds": settle_seconds,
        },
    )


# --- reconciliation and report -----------------------------------------------


def reconcile(run, pledge_id):
    from django.db.models import Count

    from pledges.counts import count_from_table
    from pledges.models import EmailDelivery, Signature

    rows = Signature.objects.filter(pledge_id=pledge_id)
    stored = set(rows.values_list("email_canonical", flat=True))
    accepted = set(run.accepted)
    duplicates = list(
        rows.values("email_canonical")
        .annotate(n=Count("pk"))
        .filter(n__gt=1)
        .values_list("email_canonical", "n")[:10]
    )
    deliveries = EmailDelivery.objects.filter(signature__pledge_id=pledge_id)
    by_kind = dict(deliveries.values_list("kind").annotate(n=Count("pk")))
    return {
        "stored_rows": rows.count(),
        "accepted": len(accepted),
        "lost": sorted(accepted - stored)[:20],
        "lost_count": len(accepted - stored),
        "stored_not_accepted": len(stored - accepted),
        "stored_not_accepted_no_answer": len((stored - accepted) & run.uncertain),
        "duplicate_mailboxes": duplicates,
        "confirmed_rows": rows.filter(status=Signature.Status.CONFIRMED).count(),
        "pending_rows": rows.filter(status=Signature.Status.PENDING).count(),
        "confirmations_made": len(run.confirmed),
        "count_from_table": count_from_table(pledge_id)["total"],
        "deliveries": by_kind,
        "deliveries_unsent": deliveries.filter(sent_at__isnull=True).count(),
        "deliveries_failed_attempts": deliveries.filter(last_error__gt="").count(),
    }


def cost_per_signature(cpu, rate):
    """CPU milliseconds each accepted signature cost, by role, in the steady window."""
    if "steady end" not in cpu or not rate:
        return None
    steady = cpu_between(cpu["steady start"], cpu["steady end"])["cores_used"]
    roles = ("gunicorn", "postgresql", "redis", "smtp sink", "task worker", "load client")
    cost = {role: round(steady[role] * 1000 / rate, 1) for role in roles if role in steady}
    cost["server side"] = round(
        sum(cost.get(role, 0) for role in ("gunicorn", "postgresql", "redis", "task worker")), 1
    )
    cost["all of the test"] = round(sum(cost[role] for role in roles if role in cost), 1)
    return cost


def rate_between(times, start, end):
    return sum(1 for t in times if start <= t <= end) / (end - start) if end > start else 0.0


def per_second(times, start, end):
    buckets = Counter(int(t - start) for t in times if start <= t < end)
    return [buckets.get(second, 0) for second in range(int(end - start))]


def ms(value):
    return None if value is None else round(value * 1000, 1)


def latency_summary(values):
    return {
        "count": len(values),
        "median_ms": ms(percentile(values, 0.5)),
        "p95_ms": ms(percentile(values, 0.95)),
        "p99_ms": ms(percentile(values, 0.99)),
        "max_ms": ms(max(values) if values else None),
    }


def server_log_errors():
    try:
        text = SERVER_LOG.read_text(errors="replace")
    except FileNotFoundError:
        return {"lines": 0, "examples": []}
    interesting = [
        line
        for line in text.splitlines()
        if any(
            marker in line
            for marker in ("Traceback", "Error", "ERROR", "CRITICAL", "TIMEOUT", "exception")
        )
    ]
    return {"lines": len(interesting), "examples": list(dict.fromkeys(interesting))[:15]}


def report(args, run, cpu, phases, checks):
    # Steady state: every signer signing, and a few seconds for confirmations,
    # which follow the first signatures, to catch up with them.
    window_end = run.signers_idle_at or run.now()
    window_start = max(run.signers_started) if run.signers_started else 0.0
    if window_end - window_start > 4 * WARM_UP and "steady start, warm" in cpu:
        window_start += WARM_UP
        cpu["steady start"] = cpu["steady start, warm"]
    steady = window_end - window_start
    sustained = rate_between(run.accepted_at, window_start, window_end)
    confirm_rate = rate_between(run.confirmed_at, window_start, window_end)
    seconds = per_second(run.accepted_at, window_start, window_end)
    accepted_in_window = sum(1 for t in run.accepted_at if window_start <= t <= window_end)
    reads_in_window = sum(1 for t, _ in run.read_totals if window_start <= t <= window_end)
    server_errors = sum(n for key, n in run.statuses.items() if key.split()[1].startswith("5"))
    lost = checks["lost_count"]
    transport = sum(run.transport_errors.values())
    graphql_errors = sum(run.graphql_errors.values())
    consistent = (
        checks["stored_rows"] == checks["accepted"]
        and not checks["stored_not_accepted"]
        and not checks["duplicate_mailboxes"]
        and checks["confirmed_rows"] == checks["confirmations_made"]
        and checks["count_from_table"] == checks["confirmations_made"]
        and phases["api_total"] == checks["confirmations_made"]
    )
    cost = cost_per_signature(cpu, sustained)
    steady_cpu = (
        cpu_between(cpu["steady start"], cpu["steady end"]) if "steady end" in cpu else None
    )
    contended = bool(steady_cpu and steady_cpu["cores_used"]["everything else"] > args.quiet_cores)
    verdict = {
        "sustained_rate": sustained >= TARGET_RATE,
        "zero_lost": lost == 0,
        # Every request answered, none with a server error (HTTP or GraphQL).
        "zero_5xx": server_errors == 0 and transport == 0 and graphql_errors == 0,
        "reconciled": consistent,
    }
    result = {
        "command": "python -m benchmarks.load_signing " + " ".join(sys.argv[1:]),
        "server": {
            "workers": args.workers,
            "worker_class": args.worker_class,
            "threads": args.threads,
            "tasks": args.tasks,
            "smtp_latency_s": args.smtp_latency,
        },
        "load": {
            "signers": args.signers,
            "confirmers": args.confirmers,
            "readers": args.readers,
            "read_interval_s": args.read_interval,
            "offered_attempts_per_s": args.rate or "as fast as answered",
            "people": args.signatures,
            "attempts": dict(run.attempts),
            "repeats_answered_ok": run.repeat_ok,
            "time_cap_reached": run.capped,
        },
        "throughput": {
            "steady_window_s": [round(window_start, 2), round(window_end, 2)],
            "accepted_per_s_sustained": round(sustained, 1),
            "accepted_per_s_each_second": seconds,
            "accepted_per_s_worst_second": min(seconds) if seconds else None,
            "accepted_per_s_overall": round(
                len(run.accepted_at) / max(1e-9, phases["signing_ended"] - window_start), 1
            ),
            "confirmed_per_s_in_window": round(confirm_rate, 1),
            "reads_per_s_in_window": round(reads_in_window / steady, 1) if steady > 0 else None,
            "reads_per_accepted_signature": round(reads_in_window / max(1, accepted_in_window), 2),
            "signing_ended_s": round(phases["signing_ended"], 2),
            "confirmations_drained_s": round(phases["drained"], 2),
        },
        "latency": {kind: latency_summary(values) for kind, values in run.latency.items()},
        "http_statuses": dict(sorted(run.statuses.items())),
        "transport_errors": dict(run.transport_errors),
        "graphql_errors": dict(run.graphql_errors),
        "refused": dict(run.refused),
        "emails_received": dict(run.emails),
        "confirm_failures": {str(k): v for k, v in run.confirm_failed.items()},
        "repeat_clicks": dict(run.repeat_clicks),
        "reads_went_backwards": run.read_went_back,
        "api_total_after_settle": phases["api_total"],
        "api_settle_s": round(phases["settle_seconds"], 2),
        "reconciliation": checks,
        "cpu_steady": steady_cpu,
        "cpu_whole_run": cpu_between(cpu["start"], cpu["end"]),
        "cpu_before_load": cpu["before load"],
        "cpu_ms_per_accepted_signature": cost,
        # What the same work would reach with every core to itself (the client
        # and sink included, as they share the machine): a ceiling, not a result.
        "ceiling_per_s_with_cores_to_ourselves": round(
            os.cpu_count() * 1000 / cost["all of the test"], 1
        )
        if cost
        else None,
        "contended": contended,
        "server_log": server_log_errors(),
        "verdict": verdict,
        "pass": all(verdict.values()),
    }
    print_report(result, transport, graphql_errors, server_errors)
    return result


def print_report(result, transport, graphql_errors, server_errors):
    server, load, through = result["server"], result["load"], result["throughput"]
    checks = result["reconciliation"]
    lat = result["latency"]
    print()
    print(
        f"gunicorn: {server['workers']} {server['worker_class']} workers x {server['threads']} "
        f"thread(s), tasks {server['tasks']}, SMTP latency {server['smtp_latency_s']} s; "
        f"{load['signers']} signers, "
        f"{load['confirmers']} confirmers, {load['readers']} readers "
        f"(one read each {load['read_interval_s']} s); attempts offered: "
        f"{load['offered_attempts_per_s']}"
    )
    attempts = load["attempts"]
    print(
        f"attempts: {attempts.get('new', 0):,} new, {attempts.get('race', 0):,} simultaneous pairs, "
        f"{attempts.get('repeat', 0):,} repeats of a signed mailbox "
        f"(duplicates attempted: {attempts.get('repeat', 0) + attempts.get('race second', 0):,})"
    )
    start, end = through["steady_window_s"]
    print(
        f"accepted signatures/s, sustained ({start:.1f}-{end:.1f} s): "
        f"{through['accepted_per_s_sustained']:.1f}  (worst second "
        f"{through['accepted_per_s_worst_second']}, target {TARGET_RATE})"
    )
    print(
        f"confirmations/s in that window: {through['confirmed_per_s_in_window']:.1f}; "
        f"reads/s: {through['reads_per_s_in_window']}"
    )
    for kind in ("read", "sign", "confirm"):
        summary = lat[kind]
        print(
            f"{kind:>8} latency: median {summary['median_ms']} ms, p95 {summary['p95_ms']} ms, "
            f"p99 {summary['p99_ms']} ms, max {summary['max_ms']} ms ({summary['count']:,})"
        )
    print(f"HTTP statuses: {result['http_statuses']}")
    print(
        f"5xx: {server_errors}; no answer: {transport}; GraphQL errors: {graphql_errors}; "
        f"refused: {result['refused'] or 'none'}"
    )
    print(
        f"emails: {result['emails_received']}; repeat confirm clicks: "
        f"{result['repeat_clicks'] or 'none'}; failed confirmations: "
        f"{result['confirm_failures'] or 'none'}; count went backwards "
        f"{result['reads_went_backwards']} times"
    )
    print("reconciliation (from the database):")
    print(
        f"  stored {checks['stored_rows']:,} == accepted {checks['accepted']:,}: "
        f"{checks['stored_rows'] == checks['accepted']}  (lost {checks['lost_count']}, "
        f"stored but not accepted {checks['stored_not_accepted']})"
    )
    print(f"  duplicate mailboxes: {checks['duplicate_mailboxes'] or 'none'}")
    print(
        f"  confirmed rows {checks['confirmed_rows']:,} == confirmations made "
        f"{checks['confirmations_made']:,}: "
        f"{checks['confirmed_rows'] == checks['confirmations_made']}"
        f"  (still pending {checks['pending_rows']})"
    )
    print(
        f"  count_from_table {checks['count_from_table']:,}, API signatureCounts.total "
        f"{result['api_total_after_settle']} (after {result['api_settle_s']} s)"
    )
    print(
        f"  deliveries {checks['deliveries']}, unsent {checks['deliveries_unsent']}, "
        f"with an error {checks['deliveries_failed_attempts']}"
    )
    for label in ("cpu_before_load", "cpu_steady", "cpu_whole_run"):
        cpu = result[label]
        if cpu:
            used = ", ".join(f"{role} {share:.2f}" for role, share in cpu["cores_used"].items())
            print(
                f"{label.replace('_', ' ')} (cores of {cpu['cores']}): {used}; "
                f"machine {cpu['machine_busy']:.0%} busy"
            )
    cost = result["cpu_ms_per_accepted_signature"]
    if cost:
        print(
            "CPU ms per accepted signature in the steady window (its sign, confirm and "
            "share of reads): " + ", ".join(f"{role} {value}" for role, value in cost.items())
        )
        print(
            f"ceiling with all {os.cpu_count()} cores to this test (nothing else running), "
            f"at this run's {result['throughput']['reads_per_accepted_signature']} reads a "
            f"signature: about {result['ceiling_per_s_with_cores_to_ourselves']} accepted/s"
        )
    if result["contended"]:
        print(
            "WARNING: other processes used "
            f"{result['cpu_steady']['cores_used']['everything else']:.2f} cores during the "
            "steady window; the rate above understates the app. Run again on a quiet machine."
        )
    if result["server_log"]["lines"]:
        print(f"server log: {result['server_log']['lines']} error lines, e.g.:")
        for line in result["server_log"]["examples"][:5]:
            print(f"  {line[:200]}")
    verdict = result["verdict"]
    print(
        "verdict: "
        + ", ".join(f"{name} {'PASS' if ok else 'MISS'}" for name, ok in verdict.items())
        + f" -> {'PASS' if result['pass'] else 'MISS'}"
    )


# --- command ------------------------------------------------------------------


def parse_args():
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.load_signing", description=__doc__.split("\n\n")[0]
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
        default=2,
        help="gunicorn workers (2: on 2 cores the fastest of 2 to 12 sync workers and of "
        "gthread; the app is CPU-bound, and more processes only cost more CPU a request)",
    )
    parser.add_argument(
        "--worker-class", default="sync", choices=("sync", "gthread"), help="(sync)"
    )
    parser.add_argument("--threads", type=int, default=1, help="threads per gthread worker (1)")
    parser.add_argument(
        "--tasks",
        choices=("immediate", "db"),
        default="immediate",
        help="email task backend: immediate (in the request, the default setting) or db "
        "(django_tasks_db, emails sent by one `manage.py send_outbox`)",
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


def main():
    args = parse_args()
    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    database = f"kil_load_{os.getpid()}"
    scratch = Path(tempfile.mkdtemp(prefix="load_signing-", dir=BENCH_DIR))
    sink = server = task_worker = None
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
        pids = {
            "database": database,
            "server": server.pid,
            "sink": sink.pid,
            "task worker": task_worker.pid if task_worker else None,
        }
        asyncio.run(wait_ready(port, server))
        print(
            f"Ready in {time.perf_counter() - started:.0f} s: gunicorn on {HOST}:{port} "
            f"({args.workers} {args.worker_class} x {args.threads}), SMTP sink on {smtp_port}. "
            f"Signing {args.signatures:,} people (cap {args.time_cap:.0f} s) ..."
        )
        run, cpu, phases = asyncio.run(
            run_load(args, port, pledge_id, people, min_fill, sink, pids)
        )
        checks = reconcile(run, pledge_id)
        result = report(args, run, cpu, phases, checks)
        RESULTS_PATH.write_text(json.dumps(result, indent=2) + "\n")
        print(f"Results in {RESULTS_PATH}; server log in {SERVER_LOG}.")
        return 0 if result["pass"] else 1
    finally:
        stop(server, "gunicorn")
        stop(task_worker, "send_outbox")
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
            print(f"Could not flush Redis db 12: {error}")
        shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
