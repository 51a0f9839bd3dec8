"""The load benchmark behind ``make bench``: gunicorn + wrk against SQLite databases at 10x and 100x data.

For each scale it builds a database (starter set plus ``generate_data --scale N``), serves it with
production settings (debug off, HTTPS off for plain HTTP, a cache key prefix per database), and loads each
URL with wrk for a fixed time: *cold* (every request carries a unique cache-busting parameter, so every
page is built) and *warm* (the page cache answers). It prints a table per scale and writes everything as
JSON under tests/bench/results/ (not committed).

Environment: BENCH_SCALES (default "10 100"), BENCH_SECONDS per URL and mode (default 5),
BENCH_CONNECTIONS (default 16), BENCH_WORKERS (gunicorn workers, default 5: 2 x cores + 1 on 2 cores).
"""

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
RESULTS = ROOT / "tests" / "bench" / "results"
PYTHON = sys.executable
SCALES = [int(s) for s in os.environ.get("BENCH_SCALES", "10 100").split()]
SECONDS = int(os.environ.get("BENCH_SECONDS", "5"))
CONNECTIONS = int(os.environ.get("BENCH_CONNECTIONS", "16"))
WORKERS = int(os.environ.get("BENCH_WORKERS", "5"))

# wrk prints its own summary; this script makes it also print one JSON line with the percentiles.
WRK_SCRIPT = r"""
local counter = 0
local bust = os.getenv("BENCH_BUST") == "1"
request = function()
  if not bust then return wrk.format("GET", wrk.path) end
  counter = counter + 1
  local sep = string.find(wrk.path, "?", 1, true) and "&" or "?"
  return wrk.format("GET", wrk.path .. sep .. "bench=" .. tostring(math.random(1, 1000000000)) .. "-" .. counter)
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


def env_for(db: Path, scale: int) -> dict:
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
    )
    return env


def manage(env: dict, *args: str) -> None:
    subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, env=env, check=True)


def build_database(scale: int) -> Path:
    db = RESULTS / f"scale-{scale}.sqlite3"
    stamp = RESULTS / f"scale-{scale}.built"
    starter = ROOT / "fixtures" / "starter.json"
    if db.exists() and stamp.exists() and stamp.read_text() == str(starter.stat().st_mtime_ns):
        log(f"Reusing {db.name}")
        return db
    db.unlink(missing_ok=True)
    env = env_for(db, scale)
    log(f"Building {db.name}: migrate, load the starter set, generate scale {scale}...")
    started = time.monotonic()
    manage(env, "migrate", "--noinput", "-v0")
    manage(env, "loaddata", str(starter), "-v0")
    if scale > 1:
        manage(env, "generate_data", "--scale", str(scale))
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
    return urls


def measure_pages(env: dict, urls: list[tuple[str, str]]) -> dict:
    """HTML bytes (raw and gzipped) and SQL queries per request, built in-process with the cache off."""
    code = (
        "import django, json, sys, gzip; django.setup()\n"
        "from django.conf import settings; settings.PAGE_CACHE_SECONDS = 0\n"
        "from django.test import Client; from django.db import connection\n"
        "from django.test.utils import CaptureQueriesContext\n"
        "client = Client(); out = {}\n"
        "for name, url in json.loads(sys.argv[1]):\n"
        "    headers = {'HX-Request': 'true'} if name.endswith('partial') else {}\n"
        "    client.get(url, headers=headers)\n"
        "    with CaptureQueriesContext(connection) as queries:\n"
        "        response = client.get(url, headers=headers)\n"
        "    body = b''.join(response) if response.streaming else response.content\n"
        "    out[name] = {'status': response.status_code, 'bytes': len(body),"
        " 'gzip_bytes': len(gzip.compress(body)), 'queries': len(queries)}\n"
        "print(json.dumps(out))\n"
    )
    result = subprocess.run(
        [PYTHON, "-c", code, json.dumps(urls)], cwd=ROOT, env=env, check=True, capture_output=True, text=True
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


def run_wrk(port: int, url: str, *, bust: bool, hx: bool, script: Path) -> dict:
    command = ["wrk", "-t2", f"-c{CONNECTIONS}", f"-d{SECONDS}s", "--timeout", "10s", "-s", str(script)]
    if hx:
        command += ["-H", "HX-Request: true"]
    command.append(f"http://127.0.0.1:{port}{url}")
    env = {**os.environ, "BENCH_BUST": "1" if bust else "0"}
    output = subprocess.run(command, env=env, check=True, capture_output=True, text=True).stdout
    line = next(line for line in output.splitlines() if line.startswith("BENCH "))
    stats = json.loads(line[len("BENCH ") :])
    stats["rps"] = stats["requests"] / (stats["duration_us"] / 1_000_000)
    return stats


def bench_scale(scale: int, script: Path) -> dict:
    db = build_database(scale)
    env = env_for(db, scale)
    manage(env, "collectstatic", "--noinput", "-v0")
    urls = pick_urls(env)
    pages = measure_pages(env, urls)
    port = free_port()
    log(f"Serving scale {scale} with gunicorn ({WORKERS} workers) on 127.0.0.1:{port}")
    server = subprocess.Popen(
        [PYTHON, "-m", "gunicorn", "relocation.wsgi", "-w", str(WORKERS), "-b", f"127.0.0.1:{port}", "--log-level",
         "warning"],
        cwd=ROOT,
        env=env,
        start_new_session=True,
    )  # fmt: skip
    rows = []
    try:
        wait_for(port)
        # Warm the workers up (imports, connections) before anything is recorded.
        warmup = ["wrk", "-t2", f"-c{CONNECTIONS}", "-d2s", f"http://127.0.0.1:{port}/healthz"]
        subprocess.run(warmup, check=True, capture_output=True)
        for name, url in urls:
            hx = name.endswith("partial")
            for mode in ("cold", "warm"):
                if mode == "warm":
                    prime = ["curl", "-s", "-o", "/dev/null", f"http://127.0.0.1:{port}{url}"]
                    subprocess.run(prime + (["-H", "HX-Request: true"] if hx else []), check=False)
                log(f"  {name} ({mode})...")
                stats = run_wrk(port, url, bust=mode == "cold", hx=hx, script=script)
                rows.append({"name": name, "url": url, "mode": mode, **stats, **pages.get(name, {})})
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
    ceiling = {row["mode"]: row["rps"] for row in rows if row["name"] == "healthz"}
    for row in rows:
        row["vs_healthz"] = row["rps"] / ceiling[row["mode"]] if ceiling.get(row["mode"]) else None
    return {"scale": scale, "rows": rows}


def print_table(result: dict) -> None:
    print(
        f"\nScale {result['scale']} ({CONNECTIONS} connections, {SECONDS}s per URL and mode, {WORKERS} workers)"
    )
    header = (
        f"{'URL':<26}{'mode':<6}{'req/s':>9}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}{'HTML B':>9}{'gzip B':>8}"
    )
    header += f"{'SQL':>5}{'x healthz':>10}{'errors':>8}"
    print(header)
    print("-" * len(header))
    for row in result["rows"]:
        ratio = f"{row['vs_healthz']:.2f}" if row.get("vs_healthz") is not None else "-"
        print(
            f"{row['name']:<26}{row['mode']:<6}{row['rps']:>9.1f}{row['p50_ms']:>9.1f}{row['p95_ms']:>9.1f}"
            f"{row['p99_ms']:>9.1f}{row.get('bytes', '-'):>9}{row.get('gzip_bytes', '-'):>8}"
            f"{row.get('queries', '-'):>5}{ratio:>10}{row['errors'] + row['non2xx']:>8}"
        )


def main() -> int:
    if not shutil.which("wrk"):
        log("wrk is not installed. Install it with: sudo apt-get install wrk   (Debian/Ubuntu)")
        return 1
    RESULTS.mkdir(parents=True, exist_ok=True)
    script = RESULTS / "wrk-report.lua"
    script.write_text(WRK_SCRIPT)
    results = [bench_scale(scale, script) for scale in SCALES]
    for result in results:
        print_table(result)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    target = RESULTS / f"bench-{stamp}.json"
    target.write_text(json.dumps({"when": stamp, "connections": CONNECTIONS, "seconds": SECONDS,
                                  "workers": WORKERS, "results": results}, indent=2))  # fmt: skip
    print(f"\nWritten {target.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
