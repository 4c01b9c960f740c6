"""Counts what a demo load created, updated or found already in place."""

from collections import Counter

CREATED = "created"
UPDATED = "updated"
PRESENT = "already present"
STATUSES = (CREATED, UPDATED, PRESENT)


class Tally:
    def __init__(self, log=None):
        self.counts = Counter()
        self.order = []
        self.log = log

    def add(self, kind, label, status, n=1):
        """Count `n` things of `kind` (rows made in one bulk insert count as many)."""
        if kind not in self.order:
            self.order.append(kind)
        self.counts[kind, status] += n
        if self.log is not None:
            self.log(f"  {kind}: {label} ({status})")
        return status

    def once(self, kind, label, existing, make):
        """`existing`, or what `make()` creates when it is None; editors own it after that."""
        if existing is not None:
            self.add(kind, label, PRESENT)
            return existing
        made = make()
        self.add(kind, label, CREATED)
        return made

    def total(self, status):
        return sum(count for (_, each), count in self.counts.items() if each == status)

    def lines(self):
        width = max((len(kind) for kind in self.order), default=0)
        for kind in self.order:
            parts = [
                f"{self.counts[kind, status]} {status}"
                for status in STATUSES
                if self.counts[kind, status] or status != UPDATED
            ]
            yield f"  {kind.ljust(width)}  {', '.join(parts)}"
