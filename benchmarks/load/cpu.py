"""CPU used by each party of the run (gunicorn, PostgreSQL, Redis, sink, sender, client).

Read from /proc, sampled every half second so processes that come and go
(database backends) are counted; our database's backends only, not other
databases' on the same server.
"""

import asyncio
import os
from collections import Counter

CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def cpu_seconds(pid):
    """User plus system CPU seconds a process has used so far (0 if it is gone)."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as handle:
            fields = handle.read().rsplit(b")", 1)[1].split()
    except (FileNotFoundError, ProcessLookupError, IndexError):
        return 0.0
    # After the ")" that ends the command name: state is field 3, utime 14, stime 15.
    return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS


def processes():
    """{pid: (command name, parent pid)} for every process we can see."""
    found = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", "rb") as handle:
                raw = handle.read()
        except (FileNotFoundError, ProcessLookupError):
            continue
        name = raw[raw.index(b"(") + 1 : raw.rindex(b")")].decode(errors="replace")
        ppid = int(raw.rsplit(b")", 1)[1].split()[1])
        found[int(entry)] = (name, ppid)
    return found


def machine_cpu():
    """(busy, total) jiffies of the whole machine, from /proc/stat."""
    with open("/proc/stat") as handle:
        values = [int(part) for part in handle.readline().split()[1:]]
    idle = values[3] + values[4]  # idle + iowait
    total = sum(values[:8])
    return total - idle, total


# What the site itself spends; the sink and the client stand in for the world.
SERVER_ROLES = ("gunicorn", "postgresql", "redis", "task worker", "email sender")


class CpuAccounting:
    """Running CPU totals by role, for the processes named in `pids`."""

    def __init__(self, pids, clock):
        self.pids = pids
        self.now = clock
        self.cpu_seen = {}  # pid -> CPU seconds at the last sample
        self.cpu_totals = Counter(
            {"gunicorn": 0.0, "postgresql": 0.0, "redis": 0.0, "smtp sink": 0.0}
        )

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

    def sample(self):
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
        for role in ("task worker", "email sender"):
            if self.pids.get(role):
                current[self.pids[role]] = role
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

    async def sampler(self):
        while True:
            self.sample()
            await asyncio.sleep(0.5)

    def snapshot(self):
        """CPU seconds used so far by each party on the machine, by role."""
        self.sample()
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


def cost_per_signature(cpu, rate):
    """CPU milliseconds each accepted signature cost, by role, in the steady window."""
    if "steady end" not in cpu or not rate:
        return None
    steady = cpu_between(cpu["steady start"], cpu["steady end"])["cores_used"]
    roles = (
        "gunicorn",
        "postgresql",
        "redis",
        "smtp sink",
        "task worker",
        "email sender",
        "load client",
    )
    cost = {role: round(steady[role] * 1000 / rate, 1) for role in roles if role in steady}
    cost["server side"] = round(sum(cost.get(role, 0) for role in SERVER_ROLES), 1)
    cost["all of the test"] = round(sum(cost[role] for role in roles if role in cost), 1)
    return cost
