"""Requests in one process (Django's test client, no HTTP) for bench/profile_*.py: the production
settings on a throwaway SQLite database with the read cache off, one timing loop and one
profile of a request.
"""

import cProfile
import io
import os
import pstats
import secrets
import statistics
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import django
from django.db import connection
from django.test.utils import CaptureQueriesContext


def use_production_settings(database=None, prefix="registry-profile-"):
    """Set Django up with the production settings on the SQLite file `database` (a new one in a
    temporary folder if None), the response cache off and no Redis; returns that folder, which
    holds the collected static files too."""
    workdir = Path(tempfile.mkdtemp(prefix=prefix))
    os.environ.update(
        {
            "DJANGO_SETTINGS_MODULE": "config.settings.production",
            "SECRET_KEY": secrets.token_urlsafe(64),
            "DATABASE_URL": f"sqlite:///{database or workdir / 'registry.sqlite3'}",
            "STATIC_ROOT": str(workdir / "static"),
            "HTTPS": "false",
            "REGISTRY_CACHE_SECONDS": "0",
            "ALLOWED_HOSTS": "testserver",
        }
    )
    os.environ.pop("REDIS_URL", None)
    django.setup()
    return workdir


def fetch(client, url):
    """The body of a GET of `url`, read whole, streamed or not; anything but 200 stops the run."""
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return b"".join(response) if response.streaming else response.content


@dataclass
class Timing:
    """One address timed: its first request, then the medians of the requests after it."""

    first_ms: float
    queries: int  # SQL queries of the first request
    size: int  # bytes of the body
    wall_ms: float
    # The process's own time: on a machine others share, the wall clock also counts their work.
    cpu_ms: float


def time_requests(client, url, repeat):
    """The first request of `url` (a warm-up, or a whole download's build), then `repeat`
    requests to the last byte, each timed by the wall clock and by the process's CPU time."""
    with CaptureQueriesContext(connection) as queries:
        start = time.perf_counter()
        body = fetch(client, url)
        first = (time.perf_counter() - start) * 1000
    # Counted now: the next request's request_started empties the log the capture reads.
    query_count = len(queries)
    wall, cpu = [], []
    for _ in range(repeat):
        start, start_cpu = time.perf_counter(), time.process_time()
        fetch(client, url)
        wall.append((time.perf_counter() - start) * 1000)
        cpu.append((time.process_time() - start_cpu) * 1000)
    return Timing(
        first_ms=first,
        queries=query_count,
        size=len(body),
        wall_ms=statistics.median(wall),
        cpu_ms=statistics.median(cpu),
    )


def profile(client, url, lines, own_lines=None, only=None):
    """The top of a cProfile of one request: `lines` by cumulative time, then `own_lines` (as
    many if None) by own time, each only of the functions matching the regular expression
    `only` if given."""
    profiler = cProfile.Profile()
    profiler.enable()
    fetch(client, url)
    profiler.disable()
    parts = []
    for order, count in (("cumulative", lines), ("tottime", own_lines or lines)):
        out = io.StringIO()
        stats = pstats.Stats(profiler, stream=out).strip_dirs().sort_stats(order)
        stats.print_stats(*([only] if only else []), count)
        text = "\n".join(line for line in out.getvalue().splitlines() if line.strip())
        parts.append(f"by {order}:\n{text}")
    return "\n\n".join(parts)
