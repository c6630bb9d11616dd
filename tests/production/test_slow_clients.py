"""Slow clients against nginx in front of gunicorn: they wait in nginx, never in a worker."""

import socket
import threading
import time

import pytest

from bench.servers import ProductionServer

from .http import fetch

SLOW_CLIENTS = 6


class SlowClients:
    """Sockets that each send one header line a second, and never finish their request."""

    def __init__(self, url, count=SLOW_CLIENTS):
        host, port = url.removeprefix("http://").split(":")
        self.stopped = threading.Event()
        self.lines_sent = [0] * count
        self.sockets = [
            socket.create_connection((host, int(port)), timeout=5) for _ in range(count)
        ]
        for sock in self.sockets:
            sock.sendall(b"GET /factories/ HTTP/1.1\r\nHost: 127.0.0.1\r\n")
        self.thread = threading.Thread(target=self.trickle)
        self.thread.start()

    def trickle(self):
        line = 0
        while not self.stopped.wait(1):
            line += 1
            for i, sock in enumerate(self.sockets):
                try:
                    sock.sendall(f"X-Slow-{line}: 1\r\n".encode())
                    self.lines_sent[i] += 1
                except OSError:
                    pass

    def wait_until_each_sent(self, lines, timeout=30):
        deadline = time.monotonic() + timeout
        while min(self.lines_sent) < lines:
            assert time.monotonic() < deadline, self.lines_sent
            time.sleep(0.1)

    def stop(self):
        self.stopped.set()
        self.thread.join()
        for sock in self.sockets:
            sock.close()


@pytest.fixture
def slow_clients():
    started = []

    def start(url, count=SLOW_CLIENTS):
        clients = SlowClients(url, count)
        started.append(clients)
        return clients

    yield start
    for clients in started:
        clients.stop()


def healthz_latencies(url, probes=5):
    latencies = []
    for _ in range(probes):
        start = time.monotonic()
        status, _, _ = fetch(url + "/healthz", timeout=1)
        assert status == 200
        latencies.append(time.monotonic() - start)
    return latencies


def test_slow_clients_do_not_hold_the_workers_behind_nginx(nginx_server, slow_clients):
    clients = slow_clients(nginx_server.url)
    # Every slow client is connected and still sending: nginx reads their headers itself.
    clients.wait_until_each_sent(2)
    latencies = healthz_latencies(nginx_server.url)
    assert min(clients.lines_sent) >= 2
    print(f"/healthz through nginx with {SLOW_CLIENTS} slow clients: max {max(latencies):.3f} s")
    assert max(latencies) < 1


@pytest.fixture
def one_thread_server(nginx_server):
    """gunicorn reached directly, with one worker of one thread (on the nginx server's data):
    with several workers, which one accepts each slow client is the kernel's choice, and a
    worker left without one would answer, so how many it takes to hold them all is chance."""
    server = ProductionServer(
        nginx_server.server.env["DATABASE_URL"],
        load=False,
        WEB_CONCURRENCY="1",
        GUNICORN_THREADS="1",
        WARM_UP="false",
    ).start()
    yield server
    server.stop()


def test_without_nginx_a_slow_client_holds_a_worker(one_thread_server, slow_clients):
    """What the nginx test guards against: straight to gunicorn, a client that never finishes
    its request holds the worker thread that reads it, and the next request waits behind it."""
    status, _, _ = fetch(one_thread_server.url + "/healthz", timeout=5)
    assert status == 200
    clients = slow_clients(one_thread_server.url, count=1)
    clients.wait_until_each_sent(1)
    with pytest.raises(TimeoutError):
        fetch(one_thread_server.url + "/healthz", timeout=1)
