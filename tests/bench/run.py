"""The load benchmark behind ``make bench``: gunicorn + wrk against SQLite databases at 1x, 10x and 100x.

For each scale it builds a database (the starter set, plus ``generate_data --scale N`` above 1x), serves
it twice with production settings (debug off, HTTPS off for plain HTTP, a cache key prefix per
database) — once with the page cache off (``DJANGO_PAGE_CACHE_SECONDS=0``) and once with it on — and
loads each URL with wrk for a fixed time: *uncached* (every page is built) and *warm* (the page cache
answers), each against ``/healthz`` measured on the same server in the same run. It also loads the plan
for five different doctors, a cache-busting attack (every request with a random parameter, across the
pages) and, at the largest scale, a soak: mixed pages at 64 connections with a cache-busting client
beside them. It prints one table of ratios to ``/healthz`` and writes everything as JSON under
tests/bench/results/ (not committed).

Environment: BENCH_SCALES (default "1 10 100"), BENCH_SECONDS per URL and mode (default 3),
BENCH_CONNECTIONS (default 16), BENCH_WORKERS (gunicorn workers, default 5: 2 x cores + 1 on 2 cores),
BENCH_SOAK_SECONDS (default 15; 0 skips the soak), BENCH_SOAK_SCALES (default: the largest scale).
"""

import json
import os
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
RESULTS = ROOT / "tests" / "bench" / "results"
PYTHON = sys.executable
SCALES = [int(s) for s in os.environ.get("BENCH_SCALES", "1 10 100").split()]
SECONDS = int(os.environ.get("BENCH_SECONDS", "3"))
CONNECTIONS = int(os.environ.get("BENCH_CONNECTIONS", "16"))
WORKERS = int(os.environ.get("BENCH_WORKERS", "5"))
SOAK_SECONDS = int(os.environ.get("BENCH_SOAK_SECONDS", "15"))
SOAK_SCALES = [int(s) for s in os.environ.get("BENCH_SOAK_SCALES", str(max(SCALES))).split()]
SOAK_CONNECTIONS = 64
# Left out of the attack and the soak: not pages (the fixture download is megabytes, bound by transfer).
NOT_MIXED = {"healthz", "static css", "destinations partial", "open data json"}
SOAK_BUSTERS = 8

# Five doctors, each parameter in the plan's canonical order (the plan redirects other orders).
DOCTORS = [
    "/plan/?specialty=paediatrics&lang=ru:native&lang=en:b1&years=8&residency=1",
    "/plan/?specialty=surgery&lang=ru:native&lang=de:b2&years=3",
    "/plan/?specialty=general-practice&lang=ru:native&years=15&residency=1&region=cis",
    "/plan/?specialty=anaesthesiology&lang=ru:native&lang=en:c1&years=5&budget=5000",
    "/plan/?lang=ru:native&lang=he:a2&years=20&residency=1",
]

# Requests rotate over BENCH_PATHS ("|"-separated; else the URL's path); BENCH_BUST=1 adds a random
# parameter to each. wrk prints its own summary; this makes it also print one JSON line.
WRK_SCRIPT = r"""
local paths = {}
for p in string.gmatch(os.getenv("BENCH_PATHS") or "", "[^|]+") do table.insert(paths, p) end
local counter = 0
local bust = os.getenv("BENCH_BUST") == "1"
request = function()
  counter = counter + 1
  local path = wrk.path
  if #paths > 0 then path = paths[(counter % #paths) + 1] end
  if bust then
    local sep = string.find(path, "?", 1, true) and "&" or "?"
    path = path .. sep .. "bench=" .. tostring(math.random(1, 1000000000)) .. "-" .. counter
  end
  return wrk.format("GET", path)
end
done = function(summary, latency, requests)
  io.write(string.format(
    'BENCH {"requests": %d, "duration_us": %d, "errors": %d, "non2xx": %d, "p50_ms": %.2f, "p95_ms": %.2f, "p99_ms": %.2f}\n',
    summary.requests, summary.duration,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    summary.errors.status,
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000))
end
"""


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def env_for(db: Path, scale: int, page_cache: bool = True) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    env.pop("REDIS_URL", None)
    env.update(
        DJANGO_SETTINGS_MODULE="relocation.settings",
        DJANGO_DEBUG="0",
        DJANGO_HTTPS="0",
        DJANGO_SECRET_KEY="benchmark-only-key-not-for-production-use-0123456789",
        DJANGO_ALLOWED_HOSTS="127.0.0.1,localhost,testserver",
        DJANGO_CACHE_KEY_PREFIX=f"bench-{scale}",
        DATABASE_URL=f"sqlite:///{db}",
        DJANGO_PAGE_CACHE_SECONDS="600" if page_cache else "0",
        DJANGO_OPEN_DATA_DIR=str(RESULTS / f"open-data-{scale}"),
    )
    return env


def manage(env: dict, *args: str) -> None:
    subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, env=env, check=True)


def analyze(db: Path) -> None:
    """Give SQLite's planner its statistics (PostgreSQL gathers its own): without them it reads every
    published path to find the steps that cite twenty sources."""
    with sqlite3.connect(db) as connection:
        connection.execute("ANALYZE")


def build_database(scale: int) -> Path:
    db = RESULTS / f"scale-{scale}.sqlite3"
    stamp = RESULTS / f"scale-{scale}.built"
    starter = ROOT / "fixtures" / "starter.json"
    if db.exists() and stamp.exists() and stamp.read_text() == str(starter.stat().st_mtime_ns):
        log(f"Reusing {db.name}")
        manage(env_for(db, scale), "migrate", "--noinput", "-v0")
        analyze(db)
        return db
    db.unlink(missing_ok=True)
    env = env_for(db, scale)
    log(f"Building {db.name}: migrate, load the starter set, generate scale {scale}...")
    started = time.monotonic()
    manage(env, "migrate", "--noinput", "-v0")
    manage(env, "loaddata", str(starter), "-v0")
    if scale > 1:
        manage(env, "generate_data", "--scale", str(scale))
    analyze(db)
    stamp.write_text(str(starter.stat().st_mtime_ns))
    log(f"Built {db.name} in {time.monotonic() - started:.0f}s")
    return db


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(port: int, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"gunicorn did not answer on port {port}")


def pick_urls(env: dict) -> list[tuple[str, str]]:
    """The URLs to load, with real codes and slugs from the database."""
    code = (
        "import django, json; django.setup()\n"
        "from guides.models import Guide, Country\n"
        "from django.urls import NoReverseMatch, reverse\n"
        "guide = Guide.objects.published().order_by('slug').first()\n"
        "def exists(name):\n"
        "    try:\n        reverse(name); return True\n"
        "    except NoReverseMatch:\n        return False\n"
        "print(json.dumps({'guide': guide.slug if guide else None, 'plan': exists('guides:plan'),"
        " 'compare': exists('guides:compare'), 'css': __import__('django.templatetags.static', fromlist=['static'])"
        ".static('guides/site.css')}))\n"
    )
    out = subprocess.run([PYTHON, "-c", code], cwd=ROOT, env=env, check=True, capture_output=True, text=True)
    info = json.loads(out.stdout.strip().splitlines()[-1])
    urls = [
        ("healthz", "/healthz"),
        ("static css", info["css"]),
        ("home", "/"),
        ("destinations", "/destinations/"),
        ("destinations eu fastest", "/destinations/?region=eu&sort=fastest"),
        ("destinations partial", "/destinations/?region=eu&sort=fastest"),
        ("country", "/destinations/rs/"),
    ]
    if info["compare"]:
        urls.append(("compare 4", "/compare/?c=ge&c=de&c=il&c=rs"))
    urls += [("guides search", "/guides/?q=exam")]
    if info["guide"]:
        urls.append(("guide", f"/guides/{info['guide']}/"))
    if info["plan"]:
        urls.append(("plan", "/plan/?specialty=paediatrics&lang=ru:native&lang=en:b1&years=8&residency=1"))
    urls.append(("sources", "/sources/"))
    urls += [("open data csv", "/data/destinations.csv"), ("open data json", "/data/starter.json")]
    return urls


def measure_pages(env: dict, urls: list[tuple[str, str]]) -> dict:
    """HTML bytes (raw and gzipped) and SQL queries per request, built in-process with the cache off."""
    code = (
        "import django, json, sys, gzip, time; django.setup()\n"
        "from django.conf import settings; settings.PAGE_CACHE_SECONDS = 0\n"
        "from django.test import Client; from django.db import connection\n"
        "from django.test.utils import CaptureQueriesContext\n"
        "client = Client(); out = {}\n"
        "for name, url in json.loads(sys.argv[1]):\n"
        "    headers = {'HX-Request': 'true'} if name.endswith('partial') else {}\n"
        "    client.get(url, headers=headers)\n"
        "    with CaptureQueriesContext(connection) as queries:\n"
        "        response = client.get(url, headers=headers)\n"
        "    count = len(queries)\n"
        "    times = []\n"
        "    for _ in range(3):\n"
        "        started = time.perf_counter(); client.get(url, headers=headers)\n"
        "        times.append((time.perf_counter() - started) * 1000)\n"
        "    body = b''.join(response) if response.streaming else response.content\n"
        "    out[name] = {'status': response.status_code, 'bytes': len(body),"
        " 'gzip_bytes': len(gzip.compress(body)), 'queries': count, 'build_ms': sorted(times)[1]}\n"
        "print(json.dumps(out))\n"
    )
    result = subprocess.run(
        [PYTHON, "-c", code, json.dumps(urls)], cwd=ROOT, env=env, check=True, capture_output=True, text=True
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


def run_wrk(port: int, url: str, *, bust: bool = False, hx: bool = False, paths=(), connections=None,
            seconds=None, script: Path) -> dict:  # fmt: skip
    connections = connections or CONNECTIONS
    command = [
        "wrk",
        "-t2",
        f"-c{connections}",
        f"-d{seconds or SECONDS}s",
        "--timeout",
        "10s",
        "-s",
        str(script),
    ]
    if hx:
        command += ["-H", "HX-Request: true"]
    command.append(f"http://127.0.0.1:{port}{url}")
    env = {**os.environ, "BENCH_BUST": "1" if bust else "0", "BENCH_PATHS": "|".join(paths)}
    output = subprocess.run(command, env=env, check=True, capture_output=True, text=True).stdout
    return parse_wrk(output)


def parse_wrk(output: str) -> dict:
    line = next(line for line in output.splitlines() if line.startswith("BENCH "))
    stats = json.loads(line[len("BENCH ") :])
    stats["rps"] = stats["requests"] / (stats["duration_us"] / 1_000_000)
    return stats


def drain(stats: dict) -> None:
    """Wait for the requests wrk left queued when it stopped: the server still builds them, and they
    would be counted against the next URL."""
    queued = -(-CONNECTIONS // WORKERS)  # connections per worker, rounded up
    latency_s = stats["p99_ms"] / 1000 if stats["requests"] else 10.0
    time.sleep(min(15.0, latency_s * queued + 0.5))


class Server:
    """gunicorn serving one database, with or without the page cache."""

    def __init__(self, env: dict):
        self.env, self.port = env, free_port()

    def __enter__(self):
        self.process = subprocess.Popen(
            [PYTHON, "-m", "gunicorn", "relocation.wsgi", "-w", str(WORKERS), "-b", f"127.0.0.1:{self.port}",
             "--log-level", "warning"],
            cwd=ROOT, env=self.env, start_new_session=True,
        )  # fmt: skip
        wait_for(self.port)
        # The port opens before the workers have booted: wait until /healthz answers.
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            probe = ["curl", "-s", "-o", "/dev/null", "-w", "%{http_code}", "-m", "5", self.url("/healthz")]
            if subprocess.run(probe, capture_output=True, text=True).stdout == "200":
                break
            time.sleep(0.5)
        # Warm the workers up (imports, connections) before anything is recorded.
        warmup = ["wrk", "-t2", f"-c{CONNECTIONS}", "-d3s", self.url("/healthz")]
        subprocess.run(warmup, check=True, capture_output=True)
        return self

    def __exit__(self, *exc):
        os.killpg(self.process.pid, signal.SIGTERM)
        self.process.wait(timeout=30)

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def prime(self, url: str, hx: bool = False) -> None:
        command = ["curl", "-s", "-o", "/dev/null", self.url(url)]
        subprocess.run(command + (["-H", "HX-Request: true"] if hx else []), check=False)


def soak(server: Server, urls: list[tuple[str, str]], script: Path) -> dict:
    """Mixed warm pages at 64 connections while a cache-busting client hammers the same pages."""
    pages = [url for name, url in urls if name not in NOT_MIXED]
    for url in pages:
        server.prime(url)
    base = ["wrk", "-t2", f"-d{SOAK_SECONDS}s", "--timeout", "10s", "-s", str(script)]
    target = f"http://127.0.0.1:{server.port}/healthz"
    mixed = subprocess.Popen(
        [*base, f"-c{SOAK_CONNECTIONS}", target], stdout=subprocess.PIPE, text=True,
        env={**os.environ, "BENCH_BUST": "0", "BENCH_PATHS": "|".join(pages)},
    )  # fmt: skip
    buster = subprocess.Popen(
        [*base, f"-c{SOAK_BUSTERS}", target], stdout=subprocess.PIPE, text=True,
        env={**os.environ, "BENCH_BUST": "1", "BENCH_PATHS": "|".join(pages)},
    )  # fmt: skip
    mixed_out, _ = mixed.communicate()
    buster_out, _ = buster.communicate()
    return {"mixed": parse_wrk(mixed_out), "buster": parse_wrk(buster_out), "pages": pages}


def bench_scale(scale: int, script: Path) -> dict:
    db = build_database(scale)
    env = env_for(db, scale)
    manage(env, "collectstatic", "--noinput", "-v0")
    urls = pick_urls(env)
    pages = measure_pages(env, urls)
    rows, extra = [], {}
    for mode, page_cache in (("uncached", False), ("warm", True)):
        log(f"Serving scale {scale} {mode} with gunicorn ({WORKERS} workers)")
        with Server(env_for(db, scale, page_cache=page_cache)) as server:
            for name, url in urls:
                hx = name.endswith("partial")
                if mode == "warm":
                    server.prime(url, hx)
                log(f"  {name} ({mode})...")
                stats = run_wrk(server.port, url, hx=hx, script=script)
                drain(stats)
                rows.append({"name": name, "url": url, "mode": mode, **stats, **pages.get(name, {})})
            if mode == "warm":
                for url in DOCTORS:
                    server.prime(url)
            log(f"  plan, five doctors ({mode})...")
            stats = run_wrk(server.port, DOCTORS[0], paths=DOCTORS, script=script)
            drain(stats)
            rows.append({"name": "plan, 5 doctors", "url": " | ".join(DOCTORS), "mode": mode, **stats})
            if mode == "warm":
                attacked = [url for name, url in urls if name not in NOT_MIXED]
                log("  cache-busting attack (warm server)...")
                stats = run_wrk(server.port, attacked[0], paths=attacked, bust=True, script=script)
                rows.append(
                    {"name": "cache-busting attack", "url": "random parameters", "mode": mode, **stats}
                )
                if SOAK_SECONDS and scale in SOAK_SCALES:
                    log(f"  soak: {SOAK_CONNECTIONS} connections of mixed pages, {SOAK_BUSTERS} busting...")
                    extra["soak"] = soak(server, urls, script)
    ceiling = {row["mode"]: row["rps"] for row in rows if row["name"] == "healthz"}
    for row in rows:
        row["vs_healthz"] = row["rps"] / ceiling[row["mode"]] if ceiling.get(row["mode"]) else None
    return {"scale": scale, "rows": rows, **extra}


def print_table(results: list[dict]) -> None:
    """One table: each page's throughput as a share of /healthz's, uncached and warm, at every scale."""
    print(
        f"\nThroughput as a share of /healthz on the same server in the same run ({CONNECTIONS} connections, "
        f"{SECONDS}s per URL and mode, {WORKERS} workers; SQL = queries per uncached page)"
    )
    names = list(dict.fromkeys(row["name"] for result in results for row in result["rows"]))
    columns = [(result["scale"], mode) for result in results for mode in ("uncached", "warm")]
    header = f"{'page':<26}" + "".join(f"{f'{scale}x {mode}':>14}" for scale, mode in columns) + f"{'SQL':>6}"
    header += f"{'errors':>8}"
    print(header)
    print("-" * len(header))
    for name in names:
        line, queries, errors = f"{name:<26}", "-", 0
        for scale, mode in columns:
            result = next(r for r in results if r["scale"] == scale)
            row = next((r for r in result["rows"] if r["name"] == name and r["mode"] == mode), None)
            if row is None:
                line += f"{'-':>14}"
                continue
            ratio = row.get("vs_healthz")
            line += f"{ratio:>14.3f}" if ratio is not None else f"{'-':>14}"
            queries = row.get("queries", queries)
            errors += row["errors"] + row["non2xx"]
        print(line + f"{queries!s:>6}{errors:>8}")
    line = f"{'(healthz req/s)':<26}"
    for scale, mode in columns:
        result = next(r for r in results if r["scale"] == scale)
        row = next(r for r in result["rows"] if r["name"] == "healthz" and r["mode"] == mode)
        line += f"{row['rps']:>14.0f}"
    print(line)
    print("\nIn process, one request at a time, page cache off: median build time in ms (vs /healthz)")
    scales = [result["scale"] for result in results]
    print(f"{'page':<26}" + "".join(f"{f'{scale}x ms':>12}" for scale in scales))
    for name in names:
        line, found = f"{name:<26}", False
        for result in results:
            row = next((r for r in result["rows"] if r["name"] == name and "build_ms" in r), None)
            found = found or row is not None
            line += f"{row['build_ms']:>12.1f}" if row else f"{'-':>12}"
        if found:
            print(line)
    for result in results:
        if "soak" in result:
            mixed, buster = result["soak"]["mixed"], result["soak"]["buster"]
            print(
                f"\nSoak at {result['scale']}x ({SOAK_SECONDS}s): {SOAK_CONNECTIONS} connections of mixed warm pages "
                f"{mixed['rps']:.0f} req/s, p50 {mixed['p50_ms']:.1f} ms, p99 {mixed['p99_ms']:.1f} ms, "
                f"errors {mixed['errors'] + mixed['non2xx']}; beside them {SOAK_BUSTERS} cache-busting connections "
                f"{buster['rps']:.0f} req/s, p99 {buster['p99_ms']:.1f} ms, errors {buster['errors'] + buster['non2xx']}"
            )


def main() -> int:
    if not shutil.which("wrk"):
        log("wrk is not installed. Install it with: sudo apt-get install wrk   (Debian/Ubuntu)")
        return 1
    RESULTS.mkdir(parents=True, exist_ok=True)
    script = RESULTS / "wrk-report.lua"
    script.write_text(WRK_SCRIPT)
    results = [bench_scale(scale, script) for scale in SCALES]
    print_table(results)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    target = RESULTS / f"bench-{stamp}.json"
    target.write_text(json.dumps({"when": stamp, "connections": CONNECTIONS, "seconds": SECONDS,
                                  "workers": WORKERS, "results": results}, indent=2))  # fmt: skip
    print(f"\nWritten {target.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
