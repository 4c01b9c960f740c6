"""The load: signers, confirmers and readers on asyncio, against the running server."""

import asyncio
import contextlib
import json
import random
import time
from collections import Counter, deque
from urllib.parse import quote

from .config import CONFIRMED_TEXT, HOST, PLEDGE_SLUG, SIGN, TOKEN, WARM_UP
from .cpu import CpuAccounting, cpu_between
from .loadclient import Connection, HTTPError
from .seed import other_spelling, sign_input


class Run:
    """Shared state of one load run, and everything it measures."""

    def __init__(self, args, port, pledge_id, people, min_fill, sink_lines, pids, count_path):
        self.args = args
        self.port = port
        self.base_url = f"http://{HOST}:{port}"
        self.pledge_id = pledge_id
        self.rng = random.Random(args.seed)
        self.fresh = deque(people)
        self.min_fill = min_fill
        self.sink_lines = sink_lines
        self.pids = pids
        self.count_path = count_path
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
        # "email": from the accepted signPledge answer to its confirm email in the sink.
        self.latency = {"sign": [], "confirm": [], "read": [], "token": [], "email": []}
        self.accepted_mailbox_at = {}  # the address as signed (lower case) -> run time

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
        self.cpu = CpuAccounting(pids, self.now)
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

    async def graphql_get(self, connection, query, kind, ip, path=None):
        response = await connection.request(
            "GET",
            path or "/graphql/?query=" + quote(query),
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
            self.accepted_mailbox_at[person["email"].lower()] = self.now()
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
                signed_at = self.accepted_mailbox_at.get(report["to"].lower())
                if signed_at is not None:
                    self.latency["email"].append(self.now() - signed_at)
                self.confirm_links[report["to"]] = report["confirm"]
                self.links.put_nowait((report["confirm"], False))

    async def follow(self, connection, link, ip):
        """Open the link as a browser does, then press its button: a POST to the same URL.

        The confirm page asks for the press so a mail scanner's GET confirms
        nothing; a build that still confirms on the GET is followed as well.
        Latency is the two requests together, as the signer waits for both.
        """
        headers = {"Accept": "text/html", "X-Forwarded-For": ip}
        page = await connection.request("GET", link, headers)
        if page.status != 200 or CONFIRMED_TEXT in page.body:
            return page
        pressed = await connection.request("POST", link, {**headers, "Origin": self.base_url})
        pressed.seconds += page.seconds
        self.statuses[f"confirm page {page.status}"] += 1
        return pressed

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
                        response = await self.follow(connection, link, ip)
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
                    data = await self.graphql_get(connection, None, "read", ip, self.count_path)
                except HTTPError:
                    self.transport_errors["read"] += 1
                    data = None
                if data and data["pledgesBySlug"]:
                    total = data["pledgesBySlug"][0]["signatureCounts"]["total"]
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


async def run_load(args, port, pledge_id, people, min_fill, sink, pids, count_path):
    loop = asyncio.get_running_loop()
    lines = asyncio.StreamReader(limit=1 << 20)
    await loop.connect_read_pipe(lambda: asyncio.StreamReaderProtocol(lines), sink.stdout)

    run = Run(args, port, pledge_id, people, min_fill, lines, pids, count_path)
    sampler = asyncio.create_task(run.cpu.sampler())
    # How busy the machine is before any load: other work skews every number,
    # so wait a while for it to calm down.
    waited = time.perf_counter()
    while True:
        idle = run.cpu.snapshot()
        await asyncio.sleep(2)
        before = cpu_between(idle, run.cpu.snapshot())
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
    cpu["start"] = run.cpu.snapshot()

    async def steady_marks():
        while len(run.signers_started) < args.signers and run.signers_idle_at is None:
            await asyncio.sleep(0.05)
        cpu["steady start"] = run.cpu.snapshot()
        warm = time.perf_counter() + WARM_UP
        while run.signers_idle_at is None:
            if warm and time.perf_counter() >= warm:
                cpu["steady start, warm"] = run.cpu.snapshot()
                warm = None
            await asyncio.sleep(0.05)
        cpu["steady end"] = run.cpu.snapshot()

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
    cpu["end"] = run.cpu.snapshot()

    # The count the API serves, once nothing is changing.
    settle_started = time.perf_counter()
    expected = len(run.confirmed)
    api_total = None
    connection = Connection(HOST, port)
    try:
        while True:
            data = await run.graphql_get(connection, None, "read", "192.0.255.1", run.count_path)
            api_total = data["pledgesBySlug"][0]["signatureCounts"]["total"] if data else None
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
