"""The soak's request mix: page reads, API reads and sign-ups at a steady offered rate.

Open loop: a request starts every 1/rate seconds whatever the server does, so
a server that slows down shows up as latency and, past `MAX_IN_FLIGHT`, as
requests the client had to skip, never as a quietly lower load.
"""

import asyncio
import json
import random
import time
from collections import Counter
from urllib.parse import quote

from ..load.config import HOST, PLEDGE_SLUG, SIGN, TOKEN
from ..load.loadclient import Connection, HTTPError, percentile
from ..load.seed import make_people, sign_input

MAX_IN_FLIGHT = 64
PAGES = [("/", 200), (f"/{PLEDGE_SLUG}/", 200), ("/no-such-page/", 404)]
# An ad-hoc GET query, as a partner's own code might send (not the persisted one).
COUNT = '{ page(urlPath: "/SLUG/") { ... on PledgePage { signatureCounts { total } } } }'.replace(
    "SLUG", PLEDGE_SLUG
)
API = "/graphql/?query=" + quote(COUNT)


class Traffic:
    """Runs the mix and keeps every outcome."""

    def __init__(self, port, pledge_id, rate, shares, seed, people):
        self.port = port
        self.pledge_id = pledge_id
        self.rate = rate
        self.kinds, self.weights = zip(*shares.items(), strict=True)
        self.rng = random.Random(seed)
        self.people = iter(make_people(people, self.rng))
        self.token = None
        self.latency = {kind: [] for kind in self.kinds}
        self.outcomes = Counter()
        self.examples = {}
        self.in_flight = 0

    def _record(self, kind, outcome, seconds=None, detail=""):
        self.outcomes[f"{kind} {outcome}"] += 1
        if seconds is not None:
            self.latency[kind].append(seconds)
        if outcome != "ok":
            self.examples.setdefault(f"{kind} {outcome}", detail[:300])

    async def _request(self, method, path, headers=None, body=b""):
        connection = Connection(HOST, self.port)
        try:
            return await connection.request(method, path, headers, body, timeout=30)
        finally:
            connection.close()

    async def fetch_token(self):
        response = await self._request("GET", "/graphql/?query=" + quote(TOKEN))
        self.token = response.json()["data"]["page"]["formToken"]

    async def page(self):
        path, expected = self.rng.choice(PAGES)
        response = await self._request("GET", path)
        ok = response.status == expected
        self._record("page", "ok" if ok else f"status {response.status}", response.seconds, path)

    async def api(self):
        response = await self._request("GET", API)
        ok = response.status == 200 and not response.json().get("errors")
        detail = response.body.decode(errors="replace")
        self._record("api", "ok" if ok else f"status {response.status}", response.seconds, detail)

    async def sign(self):
        person = next(self.people, None)
        if person is None:
            self._record("sign", "no people left")
            return
        data = sign_input(person, person["email"], self.pledge_id, self.token, self.rng)
        body = json.dumps({"query": SIGN, "variables": {"input": data}}).encode()
        headers = {"Content-Type": "application/json", "X-Forwarded-For": person["ip"]}
        response = await self._request("POST", "/graphql/", headers, body)
        detail = response.body.decode(errors="replace")
        if response.status != 200:
            self._record("sign", f"status {response.status}", response.seconds, detail)
            return
        result = (response.json().get("data") or {}).get("signPledge") or {}
        if result.get("ok"):
            self._record("sign", "ok", response.seconds)
        else:
            codes = ",".join(sorted({e.get("code", "?") for e in result.get("errors") or []}))
            self._record("sign", f"refused {codes or 'GraphQL error'}", response.seconds, detail)

    async def _one(self, kind):
        self.in_flight += 1
        try:
            await getattr(self, kind)()
        except (HTTPError, ValueError, KeyError) as error:
            self._record(kind, "transport error", None, repr(error))
        finally:
            self.in_flight -= 1

    async def run(self, seconds, on_tick=None, tick_every=15):
        """Offer `rate` requests a second for `seconds`; `on_tick(elapsed)` every `tick_every` s."""
        started = time.monotonic()
        next_tick = tick_every
        tasks = set()
        n = 0
        while (elapsed := time.monotonic() - started) < seconds:
            if on_tick and elapsed >= next_tick:
                on_tick(elapsed)
                next_tick += tick_every
            if self.in_flight >= MAX_IN_FLIGHT:
                self.outcomes["client skipped (server behind)"] += 1
            else:
                kind = self.rng.choices(self.kinds, self.weights)[0]
                task = asyncio.create_task(self._one(kind))
                tasks.add(task)
                task.add_done_callback(tasks.discard)
            n += 1
            await asyncio.sleep(max(0.0, started + n / self.rate - time.monotonic()))
        if tasks:
            await asyncio.wait(tasks, timeout=35)

    def summary(self):
        def ms(value):
            return None if value is None else round(value * 1000, 1)

        latency = {}
        everything = [value for values in self.latency.values() for value in values]
        for kind, values in [*self.latency.items(), ("all", everything)]:
            latency[kind] = {
                "count": len(values),
                "p50_ms": ms(percentile(values, 0.50)),
                "p95_ms": ms(percentile(values, 0.95)),
                "p99_ms": ms(percentile(values, 0.99)),
            }
        errors = {k: v for k, v in self.outcomes.items() if not k.endswith(" ok")}
        return {
            "outcomes": dict(sorted(self.outcomes.items())),
            "errors": sum(errors.values()),
            "error_examples": self.examples,
            "latency": latency,
        }
