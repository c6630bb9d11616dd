"""The benchmark: our production server against itself at scale and against Datasette.

Run from the project root:  .venv/bin/python -m bench.run  [--duration 5] [--soak 60]

It starts everything on 127.0.0.1 only (a throwaway PostgreSQL cluster, Redis, gunicorn with the
production settings, Datasette), measures with wrk, prints the figures and writes
bench/results.md. It is a script that prints numbers, not a test: nothing here passes or fails.
"""

import argparse
import datetime
import json
import os
import platform
import re
import sqlite3
import subprocess
import sys
import tempfile
from pathlib import Path

from bench.servers import ROOT, Cluster, ProductionServer, Redis, free_port, wait_for

CONNECTIONS = [1, 8, 32, 64]
BENCH_VENV = ROOT / "bench" / ".venv"
RESULTS = ROOT / "bench" / "results.md"
UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0}
GROWTH_NOTE = (
    "The 7-factory list renders 7 rows; with the generated factories the list and the API render "
    "a page of 50 out of thousands, so the uncached ratio compares 7 rows with 50, not registry "
    "sizes: the queries per page stay the same (tests/factories/test_views.py, "
    "tests/api/test_queries.py)."
)


def bench_server(database_url, **env):
    """The production server as measured: the API's anonymous throttle off, so wrk is not 429'd."""
    return ProductionServer(database_url, API_ANON_THROTTLE_RATE="none", **env)


def wrk(url, connections, duration):
    """requests/s, p50 and p99 latency in ms, and errors (socket errors + non-2xx/3xx)."""
    output = subprocess.run(
        ["wrk", f"-t{min(2, connections)}", f"-c{connections}", f"-d{duration}s"]
        + ["--latency", "--timeout", "10s", url],
        capture_output=True,
        text=True,
        check=True,
    ).stdout

    def latency(percentile):
        match = re.search(rf"^\s+{percentile}%\s+([\d.]+)(us|ms|s)\s*$", output, re.M)
        return float(match.group(1)) * UNITS[match.group(2)]

    socket_errors = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output
    )
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    errors = sum(int(n) for n in socket_errors.groups()) if socket_errors else 0
    errors += int(non_2xx.group(1)) if non_2xx else 0
    return {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)),
        "p50": latency(50),
        "p99": latency(99),
        "errors": errors,
        "requests": int(re.search(r"(\d+) requests in", output).group(1)),
    }


def measure(label, url, duration, connections=CONNECTIONS):
    rows = []
    for c in connections:
        result = wrk(url, c, duration)
        rows.append({"label": label, "connections": c, **result})
        print(
            f"{label:<46} c={c:<3} {result['rps']:>9.1f} req/s  p50 {result['p50']:>7.2f} ms  "
            f"p99 {result['p99']:>7.2f} ms  errors {result['errors']}",
            flush=True,
        )
    return rows


def static_path(server):
    manifest = json.loads((Path(server.env["STATIC_ROOT"]) / "staticfiles.json").read_text())
    css = sorted(path for path in manifest["paths"].values() if path.endswith(".css"))
    return "/static/" + css[0]


def our_paths(server):
    return {
        "home /": "/",
        "factory list /factories/": "/factories/",
        "factory page /factories/lumi-ai-factory/": "/factories/lumi-ai-factory/",
        "API /api/v1/factories/": "/api/v1/factories/",
        "static file (CSS)": static_path(server),
    }


def datasette_python():
    python = BENCH_VENV / "bin" / "python"
    if not python.exists():
        subprocess.run([sys.executable, "-m", "venv", BENCH_VENV], check=True)
        subprocess.run(
            [python, "-m", "pip", "install", "--quiet", "--require-hashes"]
            + ["-r", ROOT / "requirements" / "bench.txt"],
            check=True,
        )
    return python


class Datasette:
    def __init__(self, sqlite_file):
        self.port = free_port()
        self.process = subprocess.Popen(
            [datasette_python(), "-m", "datasette", "serve", "-i", sqlite_file]
            + ["--host", "127.0.0.1", "--port", str(self.port)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        self.url = f"http://127.0.0.1:{self.port}/{Path(sqlite_file).stem}/factories_aifactory.json"
        wait_for(self.url)

    def stop(self):
        self.process.terminate()
        self.process.wait(10)


def versions():
    def first_line(*command):
        try:
            result = subprocess.run(command, capture_output=True, text=True)
            return (result.stdout or result.stderr).strip().splitlines()[0]
        except (OSError, IndexError):
            return "not found"

    import django
    import gunicorn
    import psycopg

    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor(),
    )
    memory_kb = int(re.search(r"MemTotal:\s+(\d+)", Path("/proc/meminfo").read_text()).group(1))
    datasette = subprocess.run(
        [datasette_python(), "-m", "datasette", "--version"], capture_output=True, text=True
    ).stdout.strip()
    return {
        "machine": f"{os.cpu_count()} cores ({cpu}), {memory_kb / 1024 / 1024:.0f} GiB, {platform.system()} {platform.release()}",
        "python": platform.python_version(),
        "django": django.get_version(),
        "gunicorn": gunicorn.__version__ + " (2 sync workers, production settings, WhiteNoise)",
        "psycopg": psycopg.__version__,
        "postgresql": first_line(f"{Cluster().bin}/postgres", "--version"),
        "sqlite": sqlite3.sqlite_version,
        "redis": first_line("redis-server", "--version"),
        "datasette": datasette,
        "wrk": first_line("wrk", "--version"),
    }


def table(rows):
    lines = [
        "| what | connections | requests/s | p50 ms | p99 ms | errors |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    lines += [
        f"| {r['label']} | {r['connections']} | {r['rps']:.1f} | {r['p50']:.2f} | {r['p99']:.2f} | {r['errors']} |"
        for r in rows
    ]
    return "\n".join(lines)


def find(rows, label, connections):
    return next(r for r in rows if r["label"] == label and r["connections"] == connections)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=int, default=5, help="seconds per wrk run")
    parser.add_argument("--soak", type=int, default=60, help="seconds of the 64-connection soak")
    parser.add_argument("--generated", type=int, default=10_000, help="factories to generate")
    args = parser.parse_args()
    d = args.duration
    sections = {}
    cluster, redis = Cluster(), Redis()
    cluster.start()
    servers = []
    workdir = tempfile.mkdtemp(prefix="registry-bench-")
    try:
        # 1. The seven factories, cached reads (the production set-up: PostgreSQL + Redis).
        pg = bench_server(cluster.create_database("bench_pg"), REDIS_URL=redis.url).start()
        servers.append(pg)
        rows = []
        for label, path in our_paths(pg).items():
            rows += measure(f"PostgreSQL, cached: {label}", pg.url + path, d)
        sections["PostgreSQL + Redis cache (production set-up), 7 factories"] = rows

        soak = measure(
            "PostgreSQL, cached: /factories/ for the soak", pg.url + "/factories/", args.soak, [64]
        )
        sections[f"Soak: 64 connections for {args.soak} s"] = soak
        pg.stop()

        # 2. The same on SQLite, which Datasette then serves.
        sqlite_file = Path(workdir) / "registry.sqlite3"
        lite = bench_server(f"sqlite:///{sqlite_file}", REDIS_URL=redis.url).start()
        servers.append(lite)
        rows = []
        for label, path in our_paths(lite).items():
            rows += measure(f"SQLite, cached: {label}", lite.url + path, d)
        sections["SQLite + Redis cache, 7 factories"] = rows
        lite.stop()

        # 3. Uncached: every request renders and queries, on both databases.
        rows = []
        for db_label, url in (
            ("PostgreSQL", cluster.create_database("bench_pg_nocache")),
            ("SQLite", f"sqlite:///{sqlite_file}"),
        ):
            server = bench_server(url, REGISTRY_CACHE_SECONDS="0").start()
            servers.append(server)
            for label in ("factory list /factories/", "API /api/v1/factories/"):
                rows += measure(
                    f"{db_label}, uncached: {label}", server.url + our_paths(server)[label], d
                )
            server.stop()
        sections["Uncached, 7 factories"] = rows

        # 4. Datasette on the same SQLite file, its JSON for the factories table.
        datasette = Datasette(sqlite_file)
        rows = measure("Datasette: /registry/factories_aifactory.json", datasette.url, d)
        datasette.stop()
        sections["Datasette 0.65 (immutable mode) on the same SQLite file"] = rows

        # 5. 10,000 generated factories more.
        big_url = cluster.create_database("bench_big")
        rows = []
        for cache_label, env in (
            ("cached", {"REDIS_URL": redis.url}),
            ("uncached", {"REGISTRY_CACHE_SECONDS": "0"}),
        ):
            server = bench_server(big_url, **env)
            if cache_label == "cached":
                server.manage(
                    "shell",
                    "-c",
                    f"from bench.generate import generate; generate({args.generated})",
                )
            server.start()
            servers.append(server)
            for label in ("factory list /factories/", "API /api/v1/factories/"):
                rows += measure(
                    f"{args.generated:,} more, {cache_label}: {label}",
                    server.url + our_paths(server)[label],
                    d,
                )
            server.stop()
        sections[f"PostgreSQL with {args.generated:,} generated factories more"] = rows
    finally:
        for server in servers:
            server.stop()
        redis.stop()
        cluster.remove()

    write_results(sections, args)


def write_results(sections, args):
    all_rows = [row for rows in sections.values() for row in rows]
    comparisons = []
    for c in CONNECTIONS:
        ours_cached = find(all_rows, "SQLite, cached: API /api/v1/factories/", c)["rps"]
        ours_uncached = find(all_rows, "SQLite, uncached: API /api/v1/factories/", c)["rps"]
        theirs = find(all_rows, "Datasette: /registry/factories_aifactory.json", c)["rps"]
        comparisons.append(
            f"| {c} | {ours_cached:.1f} | {ours_uncached:.1f} | {theirs:.1f} | "
            f"{ours_cached / theirs:.2f}× | {ours_uncached / theirs:.2f}× |"
        )
    growth = []
    for cache_label in ("cached", "uncached"):
        for label in ("factory list /factories/", "API /api/v1/factories/"):
            for c in CONNECTIONS:
                small_label = f"PostgreSQL, {cache_label}: {label}"
                small = find(all_rows, small_label, c)["rps"]
                big = find(all_rows, f"{args.generated:,} more, {cache_label}: {label}", c)["rps"]
                growth.append(
                    f"| {label}, {cache_label} | {c} | {small:.1f} | {big:.1f} | {big / small:.2f} |"
                )
    cached_pages_p99 = [
        find(all_rows, f"PostgreSQL, cached: {label}", 32)["p99"]
        for label in (
            "home /",
            "factory list /factories/",
            "factory page /factories/lumi-ai-factory/",
        )
    ]
    soak = next(r for r in all_rows if r["label"].endswith("for the soak"))
    ratio_32 = (
        find(all_rows, "SQLite, cached: API /api/v1/factories/", 32)["rps"]
        / find(all_rows, "Datasette: /registry/factories_aifactory.json", 32)["rps"]
    )
    worst_growth = min(float(line.rsplit("|", 2)[1]) for line in growth)
    info = versions()
    targets = [
        (
            "`/api/v1/factories/` at least 2× Datasette's requests/s (32 connections, cached)",
            f"{ratio_32:.2f}×",
            ratio_32 >= 2,
        ),
        (
            "p99 under 50 ms at 32 connections for cached pages (home, list, factory)",
            ", ".join(f"{p:.1f} ms" for p in cached_pages_p99),
            max(cached_pages_p99) < 50,
        ),
        (
            f"zero errors at 64 connections for {args.soak} s",
            f"{soak['errors']} errors in {soak['requests']} requests",
            soak["errors"] == 0,
        ),
        (
            f"the {args.generated:,}-factory list at least half as fast as the 7-factory one",
            f"worst ratio {worst_growth:.2f}",
            worst_growth >= 0.5,
        ),
    ]
    lines = [
        "# Benchmark results",
        "",
        f"Measured {datetime.datetime.now(datetime.UTC):%Y-%m-%d %H:%M} UTC by `bench/run.py` "
        f"(wrk runs of {args.duration} s, 2 threads, all on 127.0.0.1).",
        "",
        *(f"- **{name}**: {value}" for name, value in info.items()),
        "",
        "## Targets",
        "",
        "| target | measured | met |",
        "|---|---|---|",
        *(f"| {name} | {value} | {'yes' if met else '**no**'} |" for name, value, met in targets),
        "",
        "## Our API against Datasette (same SQLite file, requests/s)",
        "",
        "| connections | ours, cached | ours, uncached | Datasette | cached ÷ Datasette | uncached ÷ Datasette |",
        "|---:|---:|---:|---:|---:|---:|",
        *comparisons,
        "",
        f"## How the cost grows: 7 factories against {args.generated:,} more (PostgreSQL, requests/s)",
        "",
        GROWTH_NOTE,
        "",
        "| page | connections | 7 factories | generated | ratio |",
        "|---|---:|---:|---:|---:|",
        *growth,
        "",
    ]
    for title, rows in sections.items():
        lines += [f"## {title}", "", table(rows), ""]
    RESULTS.write_text("\n".join(lines))
    print("\n".join(lines[: 12 + len(targets)]))
    print(f"\nwritten to {RESULTS.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
