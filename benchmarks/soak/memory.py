"""Resident memory of the processes `make serve` started, read from /proc."""

from pathlib import Path


def _cmdline(pid):
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode().strip()
    except OSError:
        return ""


def _children(pid):
    """Child pids of `pid` (Linux keeps them per thread; the main thread's list is enough)."""
    try:
        return [
            int(child) for child in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
        ]
    except OSError:
        return []


def rss_mb(pid):
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return round(int(line.split()[1]) / 1024, 1)
    except OSError:
        pass
    return None


def serve_processes(serve_pid):
    """{"gunicorn worker <pid>": pid, "tasks": pid, ...} under one `python -m core.serve`."""
    found = {}
    for child in _children(serve_pid):
        command = _cmdline(child)
        if "gunicorn" in command:
            for worker in _children(child):
                found[f"gunicorn worker {worker}"] = worker
        elif "db_worker" in command:
            found["db_worker"] = child
        elif "send_outbox" in command:
            found["send_outbox"] = child
    return found


def sample(serve_pid):
    return {name: rss_mb(pid) for name, pid in serve_processes(serve_pid).items()}
