"""`python -m benchmarks.staff_scale.export_child QUERY`: one export, measured in a fresh process.

Run apart from the benchmark so its peak memory (the process's maximum
resident set) is the export's alone, on top of a process that has only
imported Django. Prints one JSON line: rows, bytes, seconds to the first
chunk and in all, and RSS before and at peak, in MB.
"""

import json
import os
import resource
import sys
import time


def rss_mb():
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def main(query):
    import django

    django.setup()
    from django.contrib.auth.models import User
    from django.test import Client
    from django.urls import reverse

    client = Client()
    client.force_login(User.objects.get(username="bench"))
    url = f"{reverse('pledge_signatures:index')}?{query}"
    client.get(reverse("pledge_signatures:index"))  # imports and first queries out of the way
    before = rss_mb()
    started = time.perf_counter()
    response = client.get(url)
    first = None
    size = lines = 0
    for chunk in response.streaming_content:
        if first is None:
            first = time.perf_counter() - started
        size += len(chunk)
        lines += chunk.count(b"\n")
    total = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        json.dumps(
            {
                "query": query,
                "rows": lines - 1,
                "bytes": size,
                "first_chunk_s": round(first, 3),
                "total_s": round(total, 2),
                "rows_per_s": round((lines - 1) / total),
                "rss_before_mb": round(before, 1),
                "rss_peak_mb": round(peak, 1),
            }
        )
    )


if __name__ == "__main__":
    main(sys.argv[1])
