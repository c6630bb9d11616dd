"""Real servers for the production tests: a throwaway PostgreSQL cluster, Redis, gunicorn and
nginx in front of it as `make serve` runs them.

They run whichever database the rest of the suite uses, because the health test stops and
starts its own cluster. Missing server software skips locally and fails under CI=true.
"""

import os
import shutil
import subprocess
import tempfile

import pytest

from bench.servers import ROOT, Cluster, ProductionServer, Redis, free_port, postgres_bin, wait_for

from .http import make_certificate


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


class Nginx:
    """nginx in front of production servers, from the config `make nginx-conf` renders: the
    first server's static files, requests spread over every server (UPSTREAMS)."""

    def __init__(self, *servers, tls_port=None):
        self.server = servers[0]
        self.servers = servers
        self.env = self.server.env
        self.url = f"http://127.0.0.1:{free_port()}"
        self.prefix = tempfile.mkdtemp(prefix="registry-nginx-")
        static_root = self.env["STATIC_ROOT"]
        # Started as root, nginx's workers run as nobody: they must reach these folders.
        for folder in (self.prefix, static_root):
            os.chmod(folder, 0o755)
        upstreams = " ".join(server.env["BIND"] for server in servers)
        make = [
            "make", "-s", "nginx-conf", f"NGINX_PREFIX={self.prefix}", f"STATIC_ROOT={static_root}",
            f"LISTEN={self.url.removeprefix('http://')}", f"UPSTREAMS={upstreams}",
        ]  # fmt: skip
        self.https_url = None
        if tls_port:
            self.https_url = f"https://127.0.0.1:{tls_port}"
            make_certificate(self.prefix)
            make += [
                f"TLS_CERT={self.prefix}/cert.pem",
                f"TLS_KEY={self.prefix}/key.pem",
                f"TLS_LISTEN={self.https_url.removeprefix('https://')}",
                f"SECURE_SSL_HOST={self.env['SECURE_SSL_HOST']}",
            ]
        subprocess.run(make, cwd=ROOT, check=True, capture_output=True)
        self.process = subprocess.Popen(
            ["nginx", "-p", self.prefix, "-c", f"{self.prefix}/nginx.conf", "-e", "stderr",
             "-g", "daemon off;"],
            stderr=subprocess.DEVNULL,
        )  # fmt: skip
        wait_for(self.url + "/healthz")

    def manage(self, *args):
        return self.server.manage(*args)

    def stop(self):
        self.process.terminate()
        self.process.wait(15)
        shutil.rmtree(self.prefix, ignore_errors=True)


def serve(cluster, name, **env):
    server = ProductionServer(cluster.create_database(name), **env).start()
    yield server
    server.stop()


def serve_behind_nginx(cluster, name, tls=False, **env):
    """gunicorn as `make serve` runs it: believing the X-Forwarded-For of nginx, its proxy.
    With TLS, plain-HTTP requests are redirected to nginx's https address (SECURE_SSL_HOST)."""
    require("nginx (Debian's nginx)", shutil.which("nginx"))
    tls_port = free_port() if tls else None
    if tls:
        env["SECURE_SSL_HOST"] = f"127.0.0.1:{tls_port}"
    for server in serve(cluster, name, TRUSTED_PROXIES="127.0.0.1", **env):
        front = Nginx(server, tls_port=tls_port)
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
def https_production_server(pg_cluster):
    """The production server as deployed: behind nginx, which terminates TLS (HTTPS=true)."""
    yield from serve_behind_nginx(pg_cluster, "registry_https", tls=True, HTTPS="true")


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
    second = ProductionServer(database, load=False, GUNICORN_ACCESS_LOG=f"{logs}/b.log", **env)
    second.start()
    front = Nginx(first, second)
    yield front
    front.stop()
    for server in (first, second):
        server.stop()
