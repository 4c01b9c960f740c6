"""The run's figures, its verdict and the printed summary."""

import os
import sys
from collections import Counter

from .config import SERVER_LOG, TARGET_RATE, WARM_UP
from .cpu import cost_per_signature, cpu_between
from .loadclient import percentile


def rate_between(times, start, end):
    return sum(1 for t in times if start <= t <= end) / (end - start) if end > start else 0.0


def per_second(times, start, end):
    buckets = Counter(int(t - start) for t in times if start <= t < end)
    return [buckets.get(second, 0) for second in range(int(end - start))]


EMAIL_P95_TARGET_S = 10


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
        # The target: the confirm email reaches the sink within 10 s at p95.
        "email_p95_10s": bool(run.latency["email"])
        and percentile(run.latency["email"], 0.95) <= EMAIL_P95_TARGET_S,
    }
    result = {
        "command": "python -m benchmarks.load " + " ".join(sys.argv[1:]),
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
            # The whole job: from the first signer's start until the last
            # confirmation, every signature signed and confirmed.
            "signed_and_confirmed_per_s": round(
                len(run.confirmed)
                / max(1e-9, phases["drained"] - min(run.signers_started or [0.0])),
                1,
            ),
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
        f"reads/s: {through['reads_per_s_in_window']}; signed and confirmed, start to "
        f"last confirmation: {through['signed_and_confirmed_per_s']:.1f}/s"
    )
    for kind in ("read", "sign", "confirm", "email"):
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
