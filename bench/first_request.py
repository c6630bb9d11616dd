"""The first request a fresh gunicorn worker answers, with and without the warm-up at start.

    .venv/bin/python -m bench.first_request [--factories 10000] [--rounds 3]

For each page and each mode (WARM_UP=false, then the default warm-up of config/gunicorn.py) it
starts the production server (bench/servers.py: production settings, its own SQLite database,
one worker so that the request is that worker's first), waits until gunicorn logs that the
worker is ready (after the warm-up when there is one), then times one GET to the last byte, and
with the warm-up a second GET of the same page (what the page costs once everything is loaded).
Prints a Markdown table of the median over the rounds, in milliseconds.
"""

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from bench.servers import ROOT, ProductionServer

PAGES = [
    "/",
    "/factories/",
    "/factories/lumi-ai-factory/",
    "/countries/",
    "/funding/",
    "/api/v1/factories/",
    "/api/v1/factories/lumi-ai-factory/",
]


class FreshServer(ProductionServer):
    """The production server, ready when its one worker says so in the log, before any request
    (ProductionServer.start asks /healthz, which would be the worker's first request)."""

    def start(self):
        # Closed in stop(): the log must outlive this method.
        self.log = tempfile.NamedTemporaryFile("w+", prefix="gunicorn-", suffix=".log")  # noqa: SIM115
        self.process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "-c", "config/gunicorn.py", "--log-level", "info"],
            cwd=ROOT,
            env=self.env,
            stderr=self.log,
        )
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            text = Path(self.log.name).read_text()
            if "warmed up" in text or "ready, cold" in text:
                return self
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited:\n{text}")
            time.sleep(0.05)
        raise TimeoutError("the worker did not get ready")

    def stop(self):
        if self.process:
            self.process.terminate()
            self.process.wait(15)
            self.process = None
        self.log.close()


def first_request_ms(server, path):
    start = time.perf_counter()
    with urllib.request.urlopen(server.url + path, timeout=120) as response:
        response.read()
        assert response.status == 200, (path, response.status)
    return (time.perf_counter() - start) * 1000


def generate(server, count):
    """`count` more factories in the server's database, as bench/generate.py makes them."""
    code = f"from bench.generate import generate; generate({count}, start=0)"
    server.manage("shell", "-c", code)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--factories", type=int, default=0, help="generated factories to add")
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    workdir = Path(tempfile.mkdtemp(prefix="registry-first-request-"))
    base = ProductionServer(f"sqlite:///{workdir / 'registry.sqlite3'}", WEB_CONCURRENCY="1")
    if args.factories:
        generate(base, args.factories)
    results, steady = {}, {}
    for mode in ("false", "true"):
        for path in PAGES:
            times = []
            for _ in range(args.rounds):
                server = FreshServer.__new__(FreshServer)
                server.port, server.url = base.port, base.url
                server.env = {**base.env, "WARM_UP": mode}
                server.start()
                try:
                    times.append(first_request_ms(server, path))
                    if mode == "true":
                        steady.setdefault(path, []).append(first_request_ms(server, path))
                finally:
                    server.stop()
            results[path, mode] = statistics.median(times)
            print(f"warm-up={mode:<5} {path:<40} {results[path, mode]:8.1f} ms", file=sys.stderr)
    print(f"First request of a fresh worker, ms (median of {args.rounds}), ", end="")
    print(f"{7 + args.factories:,} factories, {os.cpu_count()} cores\n")
    print("| page | cold worker | warmed-up worker | its second request |")
    print("|---|---:|---:|---:|")
    for path in PAGES:
        cells = [results[path, "false"], results[path, "true"], statistics.median(steady[path])]
        print(f"| `{path}` | " + " | ".join(f"{ms:.0f}" for ms in cells) + " |")


if __name__ == "__main__":
    main()
