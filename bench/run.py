"""The benchmark: every page and endpoint at 7, 1,000 and 10,000 factories, in one run.

Run from the project root:  .venv/bin/python -m bench.run

It starts everything on 127.0.0.1 only, as `make serve` runs it: a throwaway PostgreSQL cluster,
Redis, gunicorn with the production settings (its own worker count) behind nginx from
config/nginx.conf.template, and Datasette for the comparison. It measures, in this order,

1. uncached /api/v1/factories/ on SQLite against Datasette's table JSON of the same file at 1
   and 32 connections, at 7 and 10,000 factories;
2. the first request of each fresh worker, at each size (bench/cold.py);
3. every address of the URLconf and the API router (bench/pages.py), uncached (response cache
   off), one connection, at each size, growing one PostgreSQL database with bench/generate.py;
4. at the largest size with the cache on: cached pages and API against a static file at 8 and
   32 connections, and a flood of `/?x=N` (distinct N) with Redis's keys counted around it;

and writes bench/results.json after each, then bench/results.md and bench/growth.svg
(bench/report.py), which say what a run cut short did not measure. It prints numbers; nothing
passes or fails. About 10-15 minutes on 2 cores left to it.
"""

import argparse
import datetime
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.cold import first_requests
from bench.measure import flood_script, series, wrk
from bench.pages import FACTORY
from bench.report import write_report
from bench.servers import ROOT, Cluster, Nginx, ProductionServer, Redis, free_port, wait_for

RESULTS_JSON = ROOT / "bench" / "results.json"
CACHED_PATHS = [
    "/",
    "/factories/",
    f"/factories/{FACTORY}/",
    "/api/v1/factories/",
    f"/api/v1/factories/{FACTORY}/",
]


# Pages first, then the downloads, then the API in the router's order.
KIND_ORDER = {"page": 0, "download": 1, "API": 2, "API list": 2, "API detail": 2, "API download": 2}


def log(message):
    print(f"[{datetime.datetime.now():%H:%M:%S}] {message}", flush=True)


def workers():
    """gunicorn's worker count as config/gunicorn.py computes it when WEB_CONCURRENCY is unset."""
    return os.cpu_count() * 2 + 1


def production(database_url, redis, **env):
    """The server as `make serve` runs it, the API's anonymous throttle off so wrk is not 429'd."""
    return ProductionServer(
        database_url,
        REDIS_URL=redis.url,
        WEB_CONCURRENCY=None,
        TRUSTED_PROXIES="127.0.0.1",
        API_ANON_THROTTLE_RATE="none",
        **env,
    )


def grow(server, redis, have, size):
    """Generated factories up to `size`; Redis emptied so nothing read before lingers."""
    started = time.monotonic()
    server.manage(
        "shell", "-c", f"from bench.generate import generate; generate({size - have}, start={have})"
    )
    redis.command("FLUSHALL")
    log(f"generated {size - have} factories in {time.monotonic() - started:.1f} s")


def build_downloads(server, front, size):
    """The whole downloads' files as the deploy builds them (`make serve` runs build_downloads),
    for the address the benchmark reads through: the matrix then reads them as production
    serves them, and the build's own time is reported beside."""
    started = time.monotonic()
    out = server.manage("build_downloads", "--origin", front.url).stdout
    seconds = time.monotonic() - started
    each = {}
    for line in out.splitlines():
        address, marker, built = line.partition(": built in ")
        if not marker:  # the quality report's line ("Quality report at …")
            log(f"  {line}")
            continue
        each[address.removeprefix(front.url)] = float(built.removesuffix(" s"))
    slowest = sorted(each.items(), key=lambda item: -item[1])[:3]
    log(
        f"  whole downloads built in {seconds:.1f} s at {size:,} factories; slowest: "
        + ", ".join(f"{path} {built:.1f} s" for path, built in slowest)
    )
    return {"seconds": seconds, "each": each}


def addresses(server):
    out = server.manage("shell", "-c", "from bench.pages import discover; discover()").stdout
    return json.loads(out.strip().splitlines()[-1])


def measure_matrix(front, items, budget):
    rows = {}
    for item in items:
        result = series(front.url, item["path"], budget_s=budget)
        rows[item["path"]] = result
        p50 = f"{result['p50']:.1f}" if result["p50"] is not None else "-"
        log(f"  {item['path']:<58} p50 {p50:>8} ms  n={result['n']:<3} {result['status']}")
    return rows


def measure_cold(server, size):
    paths = CACHED_PATHS + ["/funding/", "/countries/", "/search/?q=an"]
    firsts, settle_s = first_requests(server, paths, workers())
    log(
        f"  first requests at {size:,}: "
        + ", ".join(f"{ms:.0f} ms {path}" for ms, path in firsts.values())
        + f"; workers settled after {settle_s:.1f} s"
    )
    return {"firsts": list(firsts.values()), "settle_s": settle_s, "workers": workers()}


def wrk_rows(label_url_pairs, connections, duration, script=None):
    rows = []
    for label, url in label_url_pairs:
        for c in connections:
            result = wrk(url, c, duration, script)
            rows.append({"label": label, "connections": c, **result})
            log(
                f"  {label:<44} c={c:<3} {result['rps']:>8.1f} req/s  p50 {result['p50']:>7.2f}"
                f" ms  p99 {result['p99']:>7.2f} ms  errors {result['errors']}"
            )
    return rows


def static_path(server):
    manifest = json.loads((Path(server.env["STATIC_ROOT"]) / "staticfiles.json").read_text())
    css = sorted(path for path in manifest["paths"].values() if path.endswith(".css"))
    return "/static/" + css[0]


def measure_cached(server, front, redis, duration, workdir):
    """Cached reads against the static file, and the flood of unknown parameters."""
    server.env.pop("REGISTRY_CACHE_SECONDS", None)  # production's default with REDIS_URL
    server.restart()
    for path in CACHED_PATHS:
        series(front.url, path, budget_s=0, min_requests=1)  # fills the cache
    static = static_path(server)
    pairs = [(f"cached {path}", front.url + path) for path in CACHED_PATHS]
    pairs += [
        ("static file via nginx", front.url + static),
        ("static file via gunicorn (WhiteNoise)", server.url + static),
    ]
    rows = wrk_rows(pairs, [8, 32], duration)
    keys_before = int(redis.command("DBSIZE"))
    flood = wrk_rows([("flood /?x=N", front.url + "/")], [8, 32], duration, flood_script(workdir))
    keys_after = int(redis.command("DBSIZE"))
    # The cached home page again right after, so the flood compares with reads of its moment.
    flood += wrk_rows([("after the flood: cached /", front.url + "/")], [8, 32], duration)
    log(f"  Redis keys before the flood {keys_before}, after {keys_after}")
    return {"rows": rows + flood, "keys_before": keys_before, "keys_after": keys_after}


class Datasette:
    """Datasette (bench/.venv, requirements/bench.txt) serving a SQLite file immutably."""

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


def datasette_python():
    venv = ROOT / "bench" / ".venv"
    python = venv / "bin" / "python"
    if not python.exists():
        subprocess.run([sys.executable, "-m", "venv", venv], check=True)
        subprocess.run(
            [python, "-m", "pip", "install", "--quiet", "--require-hashes"]
            + ["-r", ROOT / "requirements" / "bench.txt"],
            check=True,
        )
    return python


def measure_datasette(redis, sizes, duration, workdir):
    """Uncached /api/v1/factories/ on SQLite against Datasette's JSON of the same table."""
    sqlite_file = Path(workdir) / "registry.sqlite3"
    server = production(f"sqlite:///{sqlite_file}", redis, REGISTRY_CACHE_SECONDS="0").start()
    front = Nginx(server)
    rows, have = [], 7
    try:
        for size in sizes:
            if size > have:
                server.halt()
                grow(server, redis, have, size)
                have = size
                server.start()
            series(front.url, "/api/v1/factories/", budget_s=0, min_requests=2)
            datasette = Datasette(sqlite_file)
            try:
                rows += wrk_rows(
                    [
                        (f"ours, uncached, {size:,}", front.url + "/api/v1/factories/"),
                        (f"Datasette, {size:,}", datasette.url),
                        (f"ours without nginx, {size:,}", server.url + "/api/v1/factories/"),
                    ],
                    [1, 32],
                    duration,
                )
            finally:
                datasette.stop()
    finally:
        front.stop()
        server.stop()
    return rows


def machine():
    return {"load": os.getloadavg(), "time": datetime.datetime.now(datetime.UTC).isoformat()}


def git_head():
    if os.environ.get("BENCH_COMMIT"):  # a run from an exported copy of a commit
        return os.environ["BENCH_COMMIT"]
    return subprocess.run(
        ["git", "log", "-1", "--format=%h %cd", "--date=format:%Y-%m-%d %H:%M"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    ).stdout.strip()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[7, 1000, 10_000])
    parser.add_argument("--budget", type=float, default=0.7, help="seconds per address and size")
    parser.add_argument("--duration", type=int, default=3, help="seconds per wrk run")
    parser.add_argument(
        "--only", nargs="*", help="measure only addresses containing one of these (a trial)"
    )
    parser.add_argument("--datasette-sizes", type=int, nargs="+", default=[7, 10_000])
    args = parser.parse_args()
    sizes = sorted(args.sizes)
    started = time.monotonic()
    results = {"args": vars(args), "start": machine(), "commit": git_head(), "sizes": sizes}
    results.update(addresses=[], left_out=[], matrix={}, cold={}, downloads_built={})

    def save():
        # After every section, so that a run cut short still reports what it measured.
        results["end"], results["minutes"] = machine(), (time.monotonic() - started) / 60
        RESULTS_JSON.write_text(json.dumps(results, indent=1))

    workdir = tempfile.mkdtemp(prefix="registry-bench-")
    cluster, redis = Cluster(), Redis()
    cluster.start()
    server = front = None
    try:
        log("SQLite: ours against Datasette")
        results["datasette"] = measure_datasette(
            redis, sorted(args.datasette_sizes), args.duration, workdir
        )
        save()
        log("PostgreSQL + Redis + gunicorn + nginx, response cache off")
        server = production(
            cluster.create_database("bench"), redis, REGISTRY_CACHE_SECONDS="0"
        ).start()
        front = Nginx(server)
        found = addresses(server)
        results["addresses"] = [
            item
            for item in sorted(found["addresses"], key=lambda item: KIND_ORDER[item["kind"]])
            if not args.only or any(part in item["path"] for part in args.only)
        ]
        results["left_out"] = found["left_out"]
        have = 7
        for size in sizes:
            if size > have:
                server.halt()
                grow(server, redis, have, size)
                have = size
            results["downloads_built"][size] = build_downloads(server, front, size)
            log(f"{size:,} factories: first requests of fresh workers")
            results["cold"][size] = measure_cold(server, size)
            log(f"{size:,} factories: {len(results['addresses'])} addresses, uncached")
            results["matrix"][size] = measure_matrix(front, results["addresses"], args.budget)
            save()
        log(f"{have:,} factories, response cache on: cached reads, static file, flood")
        results["cached"] = measure_cached(server, front, redis, args.duration, workdir)
        save()
    finally:
        for process in (front, server):
            if process:
                process.stop()
        redis.stop()
        cluster.remove()
    log(f"written to {RESULTS_JSON.relative_to(ROOT)} after {results['minutes']:.1f} minutes")
    write_report()


if __name__ == "__main__":
    main()
