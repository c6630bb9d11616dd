"""A short, bounded load test on loopback: nginx and gunicorn under concurrent readers."""

import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

from .http import fetch

PATHS = [
    "/",
    "/factories/",
    "/factories/lumi-ai-factory/",
    "/api/v1/factories/",
    "/healthz",
]
CLIENTS = 8
SECONDS = 4
MAX_REQUESTS_PER_CLIENT = 400


def client_loop(base_url, deadline):
    statuses = Counter()
    for i in range(MAX_REQUESTS_PER_CLIENT):
        if time.monotonic() > deadline:
            break
        try:
            statuses[fetch(base_url + PATHS[i % len(PATHS)])[0]] += 1
        except OSError as error:
            statuses[type(error).__name__] += 1
    return statuses


def test_concurrent_readers_get_no_errors(nginx_server):
    deadline = time.monotonic() + SECONDS
    with ThreadPoolExecutor(CLIENTS) as pool:
        results = list(pool.map(lambda _: client_loop(nginx_server.url, deadline), range(CLIENTS)))
    statuses = sum(results, Counter())
    total = sum(statuses.values())
    print(f"load test: {total} requests in {SECONDS} s by {CLIENTS} clients: {dict(statuses)}")
    assert total >= CLIENTS * len(PATHS)
    assert statuses == Counter({200: total}), statuses
