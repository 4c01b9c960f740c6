"""What every benchmark's JSON carries beside its figures, and where it goes."""

import datetime
import json
import os
import platform
from importlib.metadata import version

from django.db import connection

from .environment import BENCH_DIR, SETTINGS_MODULE

PACKAGES = ("django", "wagtail", "wagtail-grapple")


def load_line():
    """Figures move with other work on the machine: say how busy it was."""
    return f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs"


def ratio_row(name, ratio, sense=None, bound=None, **context):
    """One ratio of a report, judged against its target ("<=" or ">=" `bound`) if it has one."""
    met = None
    if bound is not None:
        met = ratio <= bound if sense == "<=" else ratio >= bound
    return {
        "name": name,
        "ratio": ratio,
        **context,
        "target": f"{sense} {bound}x" if bound is not None else None,
        "met": met,
    }


def header(benchmark, seeded, **environment):
    """The start of a result file: when, on what, with which versions and database."""
    return {
        "benchmark": benchmark,
        "measured_at": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "environment": {
            "python": platform.python_version(),
            **{name: version(name) for name in PACKAGES},
            "database": connection.display_name,
            "cpus": os.cpu_count(),
            "load_average_at_end": os.getloadavg()[0],
            "settings": SETTINGS_MODULE,
            "seeded_this_run": seeded,
            **environment,
        },
    }


def write(name, payload, default=None):
    """var/bench/<name>.json; returns the path, for the closing line of the report."""
    target = BENCH_DIR / f"{name}.json"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(json.dumps(payload, indent=2, default=default) + "\n")
    print(f"\nWritten to {target}")
    return target
