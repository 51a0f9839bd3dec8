"""Profile public pages in process with the page cache off: where an uncached request spends its time.

Usage: ``DATABASE_URL=sqlite:///tests/bench/results/scale-10.sqlite3 python tests/bench/profile_pages.py
[URL ...]``. For each URL it builds the page a few times, prints the mean time, the SQL query count and
the functions with the most cumulative time (cProfile), so what dominates a page is visible. It also
prints the CPU time of an unprofiled request (the wall time on a shared machine carries other load);
``PROFILE_TOP=0`` prints the times only. ``PROFILE_COLD=1`` bumps the data version before every request,
so nothing kept per data version (totals, rankings, markup) helps: the cost of each page the first time
after a write.
"""

import cProfile
import io
import os
import pstats
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "relocation.settings")
os.environ.setdefault("DJANGO_SECRET_KEY", "profile-only-key")
os.environ.setdefault("DJANGO_HTTPS", "0")
os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "testserver")
# Cache entries (the data version, the totals index) of one database only.
os.environ.setdefault("DJANGO_CACHE_KEY_PREFIX", "profile-" + os.environ.get("DATABASE_URL", "default"))

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from relocation.cache import bump_data_version  # noqa: E402

DEFAULT_URLS = [
    "/",
    "/destinations/",
    "/destinations/?region=eu&sort=fastest",
    "/destinations/rs/",
    "/compare/?c=ge&c=de&c=il&c=rs",
    "/guides/?q=exam",
    "/sources/",
    "/plan/?specialty=paediatrics&lang=ru:native&lang=en:b1&years=8&residency=1",
]
ROUNDS = int(os.environ.get("PROFILE_ROUNDS", "5"))
TOP = int(os.environ.get("PROFILE_TOP", "25"))
COLD = os.environ.get("PROFILE_COLD") == "1"


def main(urls: list[str]) -> None:
    settings.PAGE_CACHE_SECONDS = 0
    client = Client()
    if COLD:
        # Every request the first after a write: a new data version, nothing kept for it yet.
        get = client.get

        def cold_get(url):
            bump_data_version()
            return get(url)

        client.get = cold_get
    for url in urls:
        client.get(url)  # warm per-process caches
        with CaptureQueriesContext(connection) as queries:
            status = client.get(url).status_code
        query_count = len(queries)  # now: each request clears the connection's query log
        # CPU time as well as wall time: on a shared machine the wall time carries other load.
        cpu_started = time.process_time()
        for _ in range(ROUNDS):
            client.get(url)
        cpu = (time.process_time() - cpu_started) / ROUNDS
        profiler = cProfile.Profile()
        started = time.perf_counter()
        profiler.enable()
        for _ in range(ROUNDS):
            client.get(url)
        profiler.disable()
        elapsed = (time.perf_counter() - started) / ROUNDS
        out = io.StringIO()
        pstats.Stats(profiler, stream=out).sort_stats(
            os.environ.get("PROFILE_SORT", "cumulative")
        ).print_stats(TOP)
        sys.stdout.write(
            f"\n=== {url}  {status}  {elapsed * 1000:.1f} ms profiled  {cpu * 1000:.1f} ms CPU"
            f"  {query_count} queries\n"
        )
        if TOP:
            sys.stdout.write(out.getvalue())


if __name__ == "__main__":
    main(sys.argv[1:] or DEFAULT_URLS)
