"""Times each download the /data/ page lists (the JSON export, the data package, the DCAT-AP
catalogue, GeoJSON and the API's CSV lists) in one process, no HTTP, at growing sizes; the
whole body is read, streamed or not. A whole download is built into its file by its first
request (config/downloads.py): the table gives that build's time, then the median of the
requests served from the file.

    .venv/bin/python -m bench.profile_downloads --sizes 7 10000 [--profile /api/v1/export/]

A throwaway SQLite database (the registry's seven factories, then generated ones from
bench/generate.py), production settings, the read cache off. `--database PATH` keeps the
database between runs (generating 10,000 factories takes a few seconds).
"""

import argparse
import cProfile
import io
import os
import pstats
import secrets
import statistics
import sys
import tempfile
import time
from pathlib import Path

parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
parser.add_argument("--sizes", type=int, nargs="+", default=[7, 10000])
parser.add_argument("--repeat", type=int, default=3)
parser.add_argument("--database", help="an SQLite file to keep between runs")
parser.add_argument("--profile", nargs="*", default=[], help="URLs to profile at the largest size")
parser.add_argument("--lines", type=int, default=25)
ARGS = parser.parse_args()

WORKDIR = Path(tempfile.mkdtemp(prefix="registry-downloads-"))
DATABASE = Path(ARGS.database) if ARGS.database else WORKDIR / "registry.sqlite3"
os.environ.update(
    {
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "SECRET_KEY": secrets.token_urlsafe(64),
        "DATABASE_URL": f"sqlite:///{DATABASE}",
        "STATIC_ROOT": str(WORKDIR / "static"),
        "HTTPS": "false",
        "REGISTRY_CACHE_SECONDS": "0",
        "ALLOWED_HOSTS": "testserver",
    }
)
os.environ.pop("REDIS_URL", None)

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.test import Client  # noqa: E402

from bench.generate import generate  # noqa: E402
from factories.models import AIFactory  # noqa: E402

DOWNLOADS = {
    "JSON export": "/api/v1/export/",
    "data package": "/data/ai-factories.zip",
    "DCAT JSON-LD": "/data/catalog.jsonld",
    "DCAT Turtle": "/data/catalog.ttl",
    "GeoJSON sites": "/api/v1/sites/?format=geojson",
    "CSV factories": "/api/v1/factories/?format=csv",
    "CSV citations": "/api/v1/citations/?format=csv",
    "CSV sites": "/api/v1/sites/?format=csv",
    "CSV memberships": "/api/v1/memberships/?format=csv",
    "CSV sources": "/api/v1/sources/?format=csv",
    "CSV budgets": "/api/v1/budgets/?format=csv",
    "CSV accepted citations": "/api/v1/citations/?format=csv&is_accepted=true",
    "data page": "/data/",
}


def fetch(client, url):
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return b"".join(response) if response.streaming else response.content


def time_download(client, url, repeat):
    """Median milliseconds to the last byte of `repeat` requests after one warm-up, wall-clock
    and CPU (the process's own time: on a machine others share, the wall clock also counts
    their work), the size, and the first request's milliseconds (a whole download's build)."""
    start = time.perf_counter()
    body = fetch(client, url)
    first = (time.perf_counter() - start) * 1000
    wall, cpu = [], []
    for _ in range(repeat):
        start, start_cpu = time.perf_counter(), time.process_time()
        fetch(client, url)
        wall.append((time.perf_counter() - start) * 1000)
        cpu.append((time.process_time() - start_cpu) * 1000)
    return statistics.median(wall), statistics.median(cpu), len(body), first


def profile(client, url, lines):
    profiler = cProfile.Profile()
    profiler.enable()
    fetch(client, url)
    profiler.disable()
    parts = []
    for order, count in (("cumulative", lines), ("tottime", lines)):
        out = io.StringIO()
        pstats.Stats(profiler, stream=out).strip_dirs().sort_stats(order).print_stats(count)
        text = "\n".join(line for line in out.getvalue().splitlines() if line.strip())
        parts.append(f"by {order}:\n{text}")
    return "\n\n".join(parts)


def main():
    call_command("migrate", "--no-input", verbosity=0)
    call_command("collectstatic", "--no-input", verbosity=0)
    if not AIFactory.objects.exists():
        call_command("load_registry", verbosity=0)
    client = Client()
    results = {}
    sizes = sorted(ARGS.sizes)
    for size in sizes:
        have = AIFactory.objects.count()
        if size > have:
            generate(size - have, start=have)
        elif size < have:
            sys.exit(f"the database holds {have} factories, more than {size}")
        # Each size's files of its own: the generated rows record no history, so without a
        # shared cache the data version (config/downloads.py) would not tell the sizes apart.
        settings.DOWNLOADS_ROOT = WORKDIR / f"downloads-{size}"
        for label, url in DOWNLOADS.items():
            results[label, size] = time_download(client, url, ARGS.repeat)
            wall, cpu, _, first = results[label, size]
            print(
                f"{size:>6} {label:<16} {wall:9.1f} ms, CPU {cpu:9.1f} ms, first {first:9.1f} ms",
                file=sys.stderr,
            )

    print("Median ms to the last byte, wall-clock / CPU of the process, and size; then the")
    print("first request's ms (a whole download's build)\n")
    print("| download | " + " | ".join(f"{s:,} factories" for s in sizes) + " |")
    print("|---|" + "---:|" * len(sizes))
    for label, url in DOWNLOADS.items():
        cells = [
            f"{results[label, s][0]:.0f} / {results[label, s][1]:.0f} ms, "
            f"{results[label, s][2] // 1024} KB; first {results[label, s][3]:.0f} ms"
            for s in sizes
        ]
        print(f"| {label} `{url}` | " + " | ".join(cells) + " |")
    for url in ARGS.profile:
        print(f"\n### cProfile of `{url}` at {sizes[-1]:,} factories\n\n```")
        print(profile(client, url, ARGS.lines))
        print("```")


if __name__ == "__main__":
    main()
