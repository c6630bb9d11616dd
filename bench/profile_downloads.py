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
import sys

from bench.in_process import profile, time_requests, use_production_settings

parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
parser.add_argument("--sizes", type=int, nargs="+", default=[7, 10000])
parser.add_argument("--repeat", type=int, default=3)
parser.add_argument("--database", help="an SQLite file to keep between runs")
parser.add_argument("--profile", nargs="*", default=[], help="URLs to profile at the largest size")
parser.add_argument("--lines", type=int, default=25)
ARGS = parser.parse_args()

WORKDIR = use_production_settings(ARGS.database, prefix="registry-downloads-")

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
            results[label, size] = timing = time_requests(client, url, ARGS.repeat)
            print(
                f"{size:>6} {label:<16} {timing.wall_ms:9.1f} ms, CPU {timing.cpu_ms:9.1f} ms, "
                f"first {timing.first_ms:9.1f} ms",
                file=sys.stderr,
            )

    print("Median ms to the last byte, wall-clock / CPU of the process, and size; then the")
    print("first request's ms (a whole download's build)\n")
    print("| download | " + " | ".join(f"{s:,} factories" for s in sizes) + " |")
    print("|---|" + "---:|" * len(sizes))
    for label, url in DOWNLOADS.items():
        cells = [
            f"{t.wall_ms:.0f} / {t.cpu_ms:.0f} ms, {t.size // 1024} KB; first {t.first_ms:.0f} ms"
            for t in (results[label, s] for s in sizes)
        ]
        print(f"| {label} `{url}` | " + " | ".join(cells) + " |")
    for url in ARGS.profile:
        print(f"\n### cProfile of `{url}` at {sizes[-1]:,} factories\n\n```")
        print(profile(client, url, ARGS.lines))
        print("```")


if __name__ == "__main__":
    main()
