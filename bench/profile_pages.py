"""Times each public page and API list in one process (no HTTP), at growing sizes, and profiles
the slowest with cProfile.

    .venv/bin/python -m bench.profile_pages --sizes 7 1000 10000 --profile 3

It builds a throwaway SQLite database (the registry's seven factories, then generated ones from
bench/generate.py, added size by size), runs production settings with the read cache off, and
prints a Markdown table of the median time and SQL query count of each page at each size, then
the top of a cProfile of the slowest pages at the largest size.
"""

import argparse
import os
import platform
import subprocess
import sys
import time

from bench.in_process import profile, time_requests, use_production_settings

use_production_settings()

import django  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402

from bench.generate import generate  # noqa: E402
from factories.models import AIFactory  # noqa: E402

PAGES = {
    "home": "/",
    "factory list": "/factories/",
    "factory page": "/factories/lumi-ai-factory/",
    "countries": "/countries/",
    "country page": "/countries/fi/",
    "funding": "/funding/",
    "organisations": "/organisations/",
    "supercomputers": "/supercomputers/",
    "sources": "/sources/",
    "search ?q=an": "/search/?q=an",
    "API factories": "/api/v1/factories/",
    "API factory": "/api/v1/factories/lumi-ai-factory/",
    "API sites": "/api/v1/sites/",
    "API memberships": "/api/v1/memberships/",
    "API budgets": "/api/v1/budgets/",
    "API countries": "/api/v1/countries/",
}


def machine():
    return "\n".join(
        [
            f"- `uname -a`: {' '.join(platform.uname())}",
            f"- cores: {os.cpu_count()}",
            f"- Python {platform.python_version()}, Django {django.get_version()}, "
            f"SQLite {connection.Database.sqlite_version}",
            f"- commit: {git_head()}",
        ]
    )


def git_head():
    return subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, check=False
    ).stdout.strip()


def repeat_for(size):
    return 5 if size < 1000 else 3 if size < 5000 else 1


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[7, 1000])
    parser.add_argument("--profile", type=int, default=3, help="slowest pages to profile")
    parser.add_argument("--lines", type=int, default=30, help="lines of each profile")
    args = parser.parse_args()

    call_command("migrate", "--no-input", verbosity=0)
    call_command("collectstatic", "--no-input", verbosity=0)
    call_command("load_registry", verbosity=0)
    client = Client()
    results = {}
    for size in sorted(args.sizes):
        have = AIFactory.objects.count()
        if size > have:
            start = time.perf_counter()
            generate(size - have, start=have)
            print(
                f"generated {size - have} in {time.perf_counter() - start:.1f} s", file=sys.stderr
            )
        for label, url in PAGES.items():
            results[label, size] = time_requests(client, url, repeat_for(size))
            print(f"{size:>6} {label:<16} {results[label, size].wall_ms:9.1f} ms", file=sys.stderr)

    sizes = sorted(args.sizes)
    print("## Machine\n")
    print(machine())
    print("\n## Median ms per request (SQL queries, KB) by number of factories\n")
    print("| page | " + " | ".join(f"{s:,}" for s in sizes) + " |")
    print("|---|" + "---:|" * len(sizes))
    for label, url in PAGES.items():
        timings = [results[label, s] for s in sizes]
        cells = [f"{t.wall_ms:.1f} ({t.queries} q, {t.size // 1024} KB)" for t in timings]
        print(f"| {label} `{url}` | " + " | ".join(cells) + " |")
    largest = sizes[-1]
    slowest = sorted(PAGES, key=lambda label: -results[label, largest].wall_ms)[: args.profile]
    for label in slowest:
        print(f"\n## cProfile of {label} `{PAGES[label]}` at {largest:,} factories\n")
        print("```")
        # The middleware chain above the view repeats the view's total: start at the view.
        only = r"(views|charts|selectors|template|serializers|query|models|defaulttags)"
        print(profile(client, PAGES[label], args.lines, args.lines // 2, only))
        print("```")


if __name__ == "__main__":
    main()
