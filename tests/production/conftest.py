"""Real servers for the production tests: a throwaway PostgreSQL cluster, Redis, and gunicorn.

They run whichever database the rest of the suite uses, because the health test stops and
starts its own cluster. Missing server software skips locally and fails under CI=true.
"""

import contextlib
import glob
import os
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def require(what, found):
    if found:
        return
    message = f"{what} is not installed"
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(message, pytrace=False)
    pytest.skip(message)


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(url, timeout=30):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                return response.status
        except OSError:
            time.sleep(0.2)
    raise TimeoutError(f"{url} did not answer within {timeout} s")


def as_postgres(*command):
    """Run a PostgreSQL server command as the postgres user (PostgreSQL refuses root)."""
    if os.geteuid() == 0:
        return subprocess.run(
            ["su", "postgres", "-s", "/bin/sh", "-c", " ".join(command)],
            check=True,
            capture_output=True,
            text=True,
        )
    return subprocess.run(list(command), check=True, capture_output=True, text=True)


class Cluster:
    """A PostgreSQL cluster in a temporary folder, listening on 127.0.0.1 only."""

    def __init__(self):
        self.bin = sorted(glob.glob("/usr/lib/postgresql/*/bin"))[-1]
        self.dir = tempfile.mkdtemp(prefix="registry-prod-pg-")
        self.port = free_port()
        if os.geteuid() == 0:
            shutil.chown(self.dir, "postgres")
        as_postgres(
            f"{self.bin}/initdb",
            "-D",
            f"{self.dir}/data",
            "-A",
            "trust",
            "-U",
            "postgres",
            "--no-sync",
        )

    def start(self):
        options = f"-k {self.dir} -p {self.port} -c listen_addresses=127.0.0.1 -c fsync=off"
        as_postgres(
            f"{self.bin}/pg_ctl", "-D", f"{self.dir}/data", "-l", f"{self.dir}/log", "-w",
            "-o", f"'{options}'", "start",
        )  # fmt: skip

    def stop(self):
        as_postgres(f"{self.bin}/pg_ctl", "-D", f"{self.dir}/data", "-m", "fast", "-w", "stop")

    def create_database(self, name):
        as_postgres(
            f"{self.bin}/createdb", "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres", name
        )
        return f"postgres://postgres@127.0.0.1:{self.port}/{name}"

    def remove(self):
        with contextlib.suppress(subprocess.CalledProcessError):
            self.stop()
        shutil.rmtree(self.dir, ignore_errors=True)


@pytest.fixture(scope="session")
def pg_cluster():
    require(
        "PostgreSQL server (Debian's postgresql)", glob.glob("/usr/lib/postgresql/*/bin/initdb")
    )
    cluster = Cluster()
    cluster.start()
    yield cluster
    cluster.remove()


@pytest.fixture(scope="session")
def redis_url():
    server = shutil.which("redis-server")
    require("redis-server (Debian's redis-server)", server)
    port = free_port()
    process = subprocess.Popen(
        [server, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
        stdout=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                break
        time.sleep(0.1)
    yield f"redis://127.0.0.1:{port}/0"
    process.terminate()
    process.wait(10)


class ProductionServer:
    """gunicorn with the production settings, serving the fixtures from its own database."""

    def __init__(self, database_url, **env):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        inherited = {
            name: value
            for name, value in os.environ.items()
            if name not in {"DATABASE_URL", "REDIS_URL", "REGISTRY_CACHE_SECONDS"}
        }
        self.env = {
            **inherited,
            "DJANGO_SETTINGS_MODULE": "config.settings.production",
            "SECRET_KEY": secrets.token_urlsafe(64),
            "DATABASE_URL": database_url,
            "HTTPS": "false",
            "BIND": f"127.0.0.1:{self.port}",
            "WEB_CONCURRENCY": "2",
            **env,
        }
        for command in (
            ["migrate", "--no-input"],
            ["load_registry"],
            ["collectstatic", "--no-input"],
        ):
            subprocess.run(
                [sys.executable, "manage.py", *command, "-v0"],
                cwd=ROOT,
                env=self.env,
                check=True,
            )
        self.process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "-c", "config/gunicorn.py"],
            cwd=ROOT,
            env=self.env,
            stderr=subprocess.DEVNULL,
        )
        wait_for(self.url + "/healthz")

    def manage(self, *args):
        return subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=ROOT,
            env=self.env,
            check=True,
            capture_output=True,
            text=True,
        )

    def stop(self):
        self.process.terminate()
        self.process.wait(15)


@pytest.fixture(scope="session")
def production_server(pg_cluster):
    server = ProductionServer(pg_cluster.create_database("registry_production"))
    yield server
    server.stop()


@pytest.fixture(scope="session")
def https_production_server(pg_cluster):
    """The production server as deployed behind a TLS proxy (HTTPS=true)."""
    server = ProductionServer(pg_cluster.create_database("registry_https"), HTTPS="true")
    yield server
    server.stop()


@pytest.fixture(scope="session")
def cached_production_server(pg_cluster, redis_url):
    server = ProductionServer(pg_cluster.create_database("registry_cached"), REDIS_URL=redis_url)
    yield server
    server.stop()
