"""gunicorn settings for `make serve`; each can be overridden from the environment."""

import multiprocessing
import os
import time

bind = os.environ.get("BIND", "127.0.0.1:8000")
# Two workers per core plus one is gunicorn's advice for this CPU-bound app. Threaded workers
# (one thread each by default) rather than sync ones: a sync worker tells the master it is alive
# only between requests, so the master kills it `timeout` seconds into any one request; the
# first download of the export at a new data version streams for about a minute at 10,000
# factories while it is written to its file (config/downloads.py). A gthread worker's main
# thread keeps telling the master it is alive while a request runs.
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1))
worker_class = os.environ.get("GUNICORN_WORKER_CLASS", "gthread")
threads = int(os.environ.get("GUNICORN_THREADS", "1"))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 10
keepalive = 5
max_requests = 10_000
max_requests_jitter = 500
accesslog = os.environ.get("GUNICORN_ACCESS_LOG") or None
errorlog = "-"
wsgi_app = "config.wsgi:application"
# WARM_UP=false starts workers cold (bench/first_request.py measures both).
warm_up = os.environ.get("WARM_UP", "true").lower() not in ("0", "false", "no")


def post_worker_init(worker):
    """Before a new worker takes its first request, run one request of each page type through
    the application (config.wsgi.warm_up): a cold worker answered its first in about 1.5 s."""
    if not warm_up:
        worker.log.info("Worker %s ready, cold", worker.pid)
        return
    from config.wsgi import warm_up as run_warm_up

    start = time.perf_counter()
    # The worker tells the master it is alive after each page, or a slow warm-up (a busy
    # machine, a large registry) would outlast `timeout` and the master would kill it.
    timings = run_warm_up(worker.wsgi, after_each=worker.notify)
    worker.log.info(
        "Worker %s warmed up with %d pages in %.0f ms",
        worker.pid,
        len(timings),
        (time.perf_counter() - start) * 1000,
    )
