"""Real servers for the production tests: a throwaway PostgreSQL cluster, Redis, gunicorn and
nginx in front of it as `make serve` runs them.

They run whichever database the rest of the suite uses, because the health test stops and
starts its own cluster. Missing server software skips locally and fails under CI=true.
"""

import os
import shutil

import pytest

from bench.servers import Cluster, Nginx, ProductionServer, Redis, free_port, postgres_bin

from .http import make_certificate


def pytest_collection_modifyitems(config, items):
    """Marks `own_postgresql` the tests whose servers run on a PostgreSQL cluster of their own:
    the same tests whatever the suite's database, so CI runs them once, in its PostgreSQL run
    (.ci/run deselects them from the SQLite one)."""
    for item in items:
        if "pg_cluster" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.own_postgresql)


def require(what, found):
    if found:
        return
    message = f"{what} is not installed"
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(message, pytrace=False)
    pytest.skip(message)


@pytest.fixture(scope="session")
def pg_cluster():
    require("PostgreSQL server (Debian's postgresql)", postgres_bin())
    cluster = Cluster()
    cluster.start()
    yield cluster
    cluster.remove()


@pytest.fixture(scope="session")
def redis_url():
    require("redis-server (Debian's redis-server)", shutil.which("redis-server"))
    redis = Redis()
    yield redis.url
    redis.stop()


def serve(cluster, name, **env):
    server = ProductionServer(cluster.create_database(name), **env).start()
    yield server
    server.stop()


def serve_behind_nginx(cluster, name, certificate=None, **env):
    """gunicorn as `make serve` runs it: believing the X-Forwarded-For of nginx, its proxy.
    With a certificate (a folder holding cert.pem and key.pem), nginx terminates TLS too and
    plain-HTTP requests are redirected to its https address (SECURE_SSL_HOST)."""
    require("nginx (Debian's nginx)", shutil.which("nginx"))
    tls_port = free_port() if certificate else None
    if certificate:
        env["SECURE_SSL_HOST"] = f"127.0.0.1:{tls_port}"
    for server in serve(cluster, name, TRUSTED_PROXIES="127.0.0.1", **env):
        front = Nginx(server, tls_port=tls_port, certificate=certificate)
        yield front
        front.stop()


@pytest.fixture(scope="session")
def production_server(pg_cluster):
    yield from serve(pg_cluster, "registry_production")


@pytest.fixture(scope="session")
def nginx_server(pg_cluster):
    """nginx in front of gunicorn, plain HTTP on loopback (HTTPS=false)."""
    yield from serve_behind_nginx(pg_cluster, "registry_nginx")


@pytest.fixture(scope="session")
def https_production_server(pg_cluster, tmp_path_factory):
    """The production server as deployed: behind nginx, which terminates TLS (HTTPS=true) with
    a self-signed certificate made for the run."""
    certificate = tmp_path_factory.mktemp("tls")
    make_certificate(certificate)
    yield from serve_behind_nginx(pg_cluster, "registry_https", certificate, HTTPS="true")


@pytest.fixture(scope="session")
def cached_production_server(pg_cluster, redis_url):
    yield from serve(pg_cluster, "registry_cached", REDIS_URL=redis_url)


# The scale-out set-up's anonymous API limit, small so the throttle test is quick.
SCALED_OUT_LIMIT = 30


@pytest.fixture(scope="session")
def scaled_out(pg_cluster, redis_url, tmp_path_factory):
    """Two gunicorn servers sharing one PostgreSQL database and one Redis, behind one nginx
    (UPSTREAMS), each writing its own access log; `.servers` are the two gunicorns."""
    require("nginx (Debian's nginx)", shutil.which("nginx"))
    logs = tmp_path_factory.mktemp("access-logs")
    database = pg_cluster.create_database("registry_scaled_out")
    env = {
        "REDIS_URL": redis_url,
        "TRUSTED_PROXIES": "127.0.0.1",
        "API_ANON_THROTTLE_RATE": f"{SCALED_OUT_LIMIT}/day",
    }
    first = ProductionServer(database, GUNICORN_ACCESS_LOG=f"{logs}/a.log", **env).start()
    # One site: the same SECRET_KEY signs every server's sessions and cookies.
    env["SECRET_KEY"] = first.env["SECRET_KEY"]
    # One archive of documents: a document archived through one server is read through both.
    env["SOURCE_ARCHIVE_DIR"] = first.env["SOURCE_ARCHIVE_DIR"]
    second = ProductionServer(database, load=False, GUNICORN_ACCESS_LOG=f"{logs}/b.log", **env)
    second.start()
    front = Nginx(first, second)
    yield front
    front.stop()
    for server in (first, second):
        server.stop()
