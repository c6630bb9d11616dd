"""Real servers for the production tests: a throwaway PostgreSQL cluster, Redis, and gunicorn.

They run whichever database the rest of the suite uses, because the health test stops and
starts its own cluster. Missing server software skips locally and fails under CI=true.
"""

import os
import shutil

import pytest

from bench.servers import Cluster, ProductionServer, Redis, postgres_bin


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


@pytest.fixture(scope="session")
def production_server(pg_cluster):
    yield from serve(pg_cluster, "registry_production")


@pytest.fixture(scope="session")
def https_production_server(pg_cluster):
    """The production server as deployed behind a TLS proxy (HTTPS=true)."""
    yield from serve(pg_cluster, "registry_https", HTTPS="true")


@pytest.fixture(scope="session")
def cached_production_server(pg_cluster, redis_url):
    yield from serve(pg_cluster, "registry_cached", REDIS_URL=redis_url)
