"""Cached reads and the uncached API list per request, through gunicorn and nginx, with wrk.

    .venv/bin/python -m bench.cached --rounds 2 --duration 3

A quicker, narrower run than bench/run.py, for comparing two commits side by side: run it in
each one's checkout (`git worktree add`), alternately, on the same idle machine. On SQLite with
the registry's seven factories and Redis: cached `/`, `/factories/` and `/api/v1/factories/`
against the site's CSS (nginx and WhiteNoise) at 8 and 32 connections, through nginx and
straight to gunicorn, and a flood of `/?x=N` right after cached `/` again; then, with the
response cache off, `/api/v1/factories/` at one connection through nginx and straight, and
Datasette's table JSON of the same file (bench/run.py's Datasette). Prints a Markdown table of requests/s, the best of the rounds for each row.
"""

import argparse
import tempfile
from pathlib import Path

from bench.measure import flood_script, series
from bench.run import Datasette, production, static_path, wrk_rows
from bench.servers import Nginx, Redis

CACHED = ["/", "/factories/", "/api/v1/factories/"]


def cached_rows(redis, workdir, duration):
    server = production(f"sqlite:///{workdir}/cached.sqlite3", redis).start()
    front = Nginx(server)
    try:
        for path in CACHED:
            series(front.url, path, budget_s=0, min_requests=1)
            series(server.url, path, budget_s=0, min_requests=1)
        static = static_path(server)
        pairs = []
        for path in CACHED:
            pairs += [(f"cached {path} via nginx", front.url + path)]
            pairs += [(f"cached {path} via gunicorn", server.url + path)]
        pairs += [
            ("static file via nginx", front.url + static),
            ("static file via gunicorn (WhiteNoise)", server.url + static),
        ]
        rows = wrk_rows(pairs, [8, 32], duration)
        # The flood of unknown parameters (`/?x=N`, a new N each request), right after cached
        # `/` again, so the two are read side by side on the same machine's minute.
        rows += wrk_rows([("cached / via nginx, again", front.url + "/")], [8, 32], duration)
        flood = flood_script(workdir)
        rows += wrk_rows([("flood /?x=N via nginx", front.url + "/")], [8, 32], duration, flood)
        return rows
    finally:
        front.stop()
        server.stop()


def uncached_rows(redis, workdir, duration):
    sqlite_file = Path(workdir) / "uncached.sqlite3"
    server = production(f"sqlite:///{sqlite_file}", redis, REGISTRY_CACHE_SECONDS="0").start()
    front = Nginx(server)
    datasette = None
    try:
        series(front.url, "/api/v1/factories/", budget_s=0, min_requests=2)
        datasette = Datasette(str(sqlite_file))
        pairs = [
            ("uncached /api/v1/factories/ via nginx", front.url + "/api/v1/factories/"),
            ("uncached /api/v1/factories/ via gunicorn", server.url + "/api/v1/factories/"),
            ("Datasette's table JSON", datasette.url),
        ]
        return wrk_rows(pairs, [1], duration)
    finally:
        if datasette is not None:
            datasette.stop()
        front.stop()
        server.stop()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--duration", type=int, default=3, help="seconds per wrk run")
    args = parser.parse_args()
    best = {}
    redis = Redis()
    try:
        for _ in range(args.rounds):
            with tempfile.TemporaryDirectory(prefix="registry-cached-") as workdir:
                rows = cached_rows(redis, workdir, args.duration)
                redis.command("FLUSHALL")
                rows += uncached_rows(redis, workdir, args.duration)
                redis.command("FLUSHALL")
            for row in rows:
                key = (row["label"], row["connections"])
                if key not in best or row["rps"] > best[key]["rps"]:
                    best[key] = row
    finally:
        redis.stop()
    print("\n| what | connections | requests/s | p50 ms | p99 ms |")
    print("|---|---:|---:|---:|---:|")
    for (label, connections), row in best.items():
        print(
            f"| {label} | {connections} | {row['rps']:,.1f} | {row['p50']:.2f} | {row['p99']:.2f} |"
        )


if __name__ == "__main__":
    main()
