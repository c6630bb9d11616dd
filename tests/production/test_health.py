import json
import socket
import subprocess
import time

from bench.servers import ProductionServer, Redis

from .http import fetch

# Without REDIS_URL the cache is each worker's memory: always there.
OK = '{"status": "ok", "database": "ok", "cache": "ok"}'
RENAME = (
    "from factories.models import AIFactory; "
    "f = AIFactory.objects.get(slug='pharos'); "
    "f.summary = 'Edited while Redis was down.'; f.full_clean(); f.save()"
)
DATABASE_DOWN = {"status": "unavailable", "database": "unavailable", "cache": "ok"}


def test_healthz_reports_the_database_and_recovers_by_itself(pg_cluster):
    server = ProductionServer(pg_cluster.create_database("registry_health")).start()
    try:
        assert fetch(server.url + "/healthz")[::2] == (200, OK)

        pg_cluster.stop()
        try:
            status, headers, text = fetch(server.url + "/healthz")
            assert (status, json.loads(text)) == (503, DATABASE_DOWN)
            assert headers["content-type"] == "application/json"
            # The API says so in JSON too, never as an HTML error page.
            status, headers, text = fetch(server.url + "/api/v1/factories/")
            assert (status, headers["content-type"]) == (503, "application/json")
            # Both workers fail the same way: nothing is served from a stale connection.
            assert fetch(server.url + "/healthz")[0] == 503
        finally:
            pg_cluster.start()

        assert fetch(server.url + "/healthz")[::2] == (200, OK)
        assert fetch(server.url + "/healthz")[::2] == (200, OK)
        assert fetch(server.url + "/factories/pharos/")[0] == 200
    finally:
        server.stop()


def start_redis_on(port):
    """redis-server again on the port the stopped one had, persisting nothing."""
    process = subprocess.Popen(
        [
            "redis-server",
            "--port",
            str(port),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "no",
        ],
        stdout=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                return process
        time.sleep(0.1)
    process.terminate()
    raise TimeoutError("redis-server did not start again")


def test_with_redis_stopped_pages_and_writes_work_and_healthz_says_so(pg_cluster, redis_url):
    redis = Redis()
    server = ProductionServer(
        pg_cluster.create_database("registry_redis_down"), REDIS_URL=redis.url
    ).start()
    restarted = None
    try:
        url = server.url + "/api/v1/factories/pharos/"
        fetch(url)
        assert fetch(url)[1]["x-cache"] == "hit"

        redis.stop()
        status, _, text = fetch(server.url + "/healthz")
        assert (status, json.loads(text)["cache"]) == (200, "unavailable")
        for path in ("/", "/factories/pharos/", "/api/v1/factories/pharos/", "/admin/login/"):
            status, headers, _ = fetch(server.url + path)
            assert status == 200, path
            assert "x-cache" not in headers
        # A write succeeds while the cache is down.
        server.manage("shell", "-c", RENAME)

        restarted = start_redis_on(redis.port)
        assert json.loads(fetch(server.url + "/healthz")[2])["cache"] == "ok"
        status, headers, text = fetch(url)
        assert (status, headers["x-cache"]) == (200, "miss")
        assert "Edited while Redis was down." in text
        assert fetch(url)[1]["x-cache"] == "hit"
    finally:
        server.stop()
        if restarted:
            restarted.terminate()
            restarted.wait(10)
