"""Profiles the per-request path in one process: cached reads, and the uncached API list.

    .venv/bin/python -m bench.profile_fastpath --requests 3000

Production settings with Redis (a redis-server of its own on a free loopback port) and a
throwaway SQLite database holding the registry's seven factories. Each request goes through
the WSGI application (config.wsgi.application) as gunicorn calls it, anonymous, no cookie, no
HTTP. It prints, per address, the CPU time per request (time.process_time) and the Redis
commands per request (INFO commandstats), then the top of a cProfile of each by own time.
"""

import argparse
import cProfile
import io
import os
import pstats
import secrets
import subprocess
import sys
import tempfile
import time
from io import BytesIO
from pathlib import Path

from bench.servers import ROOT, Redis

CACHED = ["/", "/factories/", "/api/v1/factories/"]
UNCACHED = ["/api/v1/factories/"]


def environ(path):
    path, _, query = path.partition("?")
    return {
        "REQUEST_METHOD": "GET",
        "PATH_INFO": path,
        "QUERY_STRING": query,
        "SCRIPT_NAME": "",
        "SERVER_NAME": "127.0.0.1",
        "SERVER_PORT": "8000",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "HTTP_HOST": "127.0.0.1:8000",
        "HTTP_ACCEPT": "*/*",
        "REMOTE_ADDR": "127.0.0.1",
        "wsgi.input": BytesIO(),
        "wsgi.errors": sys.stderr,
        "wsgi.url_scheme": "http",
        "wsgi.version": (1, 0),
        "wsgi.multithread": False,
        "wsgi.multiprocess": True,
        "wsgi.run_once": False,
    }


def call(app, path):
    statuses = []
    body = app(environ(path), lambda status, headers, exc_info=None: statuses.append(status))
    for _ in body:
        pass
    body.close()
    return statuses[0]


def redis_calls(redis):
    """Commands Redis has run so far (INFO commandstats), INFO itself not counted."""
    total = 0
    for line in redis.command("INFO", "commandstats").splitlines():
        if line.startswith("cmdstat_") and not line.startswith("cmdstat_info"):
            total += int(line.split("calls=")[1].split(",")[0])
    return total


def measure(app, redis, path, requests, top, dump=None):
    assert call(app, path).startswith("200"), path
    call(app, path)
    before_calls = redis_calls(redis)
    started = time.process_time()
    for _ in range(requests):
        call(app, path)
    cpu_ms = (time.process_time() - started) * 1000 / requests
    per_request = (redis_calls(redis) - before_calls - 1) / requests
    profile = cProfile.Profile()
    profile.enable()
    for _ in range(requests):
        call(app, path)
    profile.disable()
    if dump:
        profile.dump_stats(dump)
    out = io.StringIO()
    pstats.Stats(profile, stream=out).sort_stats("tottime").print_stats(top)
    return cpu_ms, per_request, out.getvalue()


def summary(text):
    """The profile's table without pstats' preamble, paths shortened."""
    lines = text.splitlines()
    start = next(i for i, line in enumerate(lines) if "ncalls" in line)
    total = next(line for line in lines if "function calls" in line).strip()
    site = str(ROOT / ".venv" / "lib" / "python3.11" / "site-packages") + "/"
    body = [line.replace(site, "").replace(str(ROOT) + "/", "") for line in lines[start:]]
    return "\n".join([total, *body]).rstrip()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=3000)
    parser.add_argument("--top", type=int, default=25)
    parser.add_argument("--dump", help="a folder to write each profile to (pstats files)")
    args = parser.parse_args()
    workdir = Path(tempfile.mkdtemp(prefix="registry-fastpath-"))
    redis = Redis()
    try:
        os.environ.update(
            {
                "DJANGO_SETTINGS_MODULE": "config.settings.production",
                "SECRET_KEY": secrets.token_urlsafe(64),
                "DATABASE_URL": f"sqlite:///{workdir / 'registry.sqlite3'}",
                "STATIC_ROOT": str(workdir / "static"),
                "HTTPS": "false",
                "REDIS_URL": redis.url,
                "REGISTRY_CACHE_SECONDS": "300",
                "API_ANON_THROTTLE_RATE": "none",
                "ALLOWED_HOSTS": "127.0.0.1",
            }
        )
        for command in (
            ["migrate", "--no-input", "-v0"],
            ["collectstatic", "--no-input", "-v0"],
            ["load_registry", "-v0"],
        ):
            subprocess.run([sys.executable, "manage.py", *command], cwd=ROOT, check=True)
        from django.conf import settings

        from config.wsgi import application

        commit = subprocess.run(
            ["git", "log", "-1", "--format=%h"], cwd=ROOT, capture_output=True, text=True
        ).stdout.strip()
        print(f"commit {commit}, {args.requests} requests each, load {os.getloadavg()[0]:.1f}\n")
        print("| read | CPU ms per request | Redis commands per request |")
        print("|---|---:|---:|")
        profiles = []
        for label, paths, seconds in (("cached", CACHED, 300), ("uncached", UNCACHED, 0)):
            settings.REGISTRY_CACHE_SECONDS = seconds
            for path in paths:
                dump = None
                if args.dump:
                    name = f"{label}{path}".replace("/", "_").strip("_")
                    dump = str(Path(args.dump) / f"{name}.prof")
                cpu_ms, calls, profile = measure(
                    application, redis, path, args.requests, args.top, dump
                )
                print(f"| {label} `{path}` | {cpu_ms:.3f} | {calls:.2f} |")
                profiles.append((f"{label} {path}", profile))
        for name, profile in profiles:
            print(f"\n### {name}\n\n```\n{summary(profile)}\n```")
    finally:
        redis.stop()


if __name__ == "__main__":
    main()
