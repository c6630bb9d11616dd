"""Real servers on loopback for the benchmark and the production tests.

A throwaway PostgreSQL cluster, a Redis server, gunicorn with the production settings and
nginx in front of it, each on a free 127.0.0.1 port and removed afterwards: the one starter
of each that the benchmark and tests/production use.
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

ROOT = Path(__file__).resolve().parents[1]


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


def wait_for_port(port, timeout=30):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.1)
    raise TimeoutError(f"nothing listens on port {port} after {timeout} s")


def postgres_bin():
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin"))
    return found[-1] if found else None


def as_postgres(*command):
    """Run a PostgreSQL server command as the postgres user (PostgreSQL refuses root)."""
    if os.geteuid() == 0:
        command = ["su", "postgres", "-s", "/bin/sh", "-c", " ".join(command)]
    return subprocess.run(list(command), check=True, capture_output=True, text=True)


class Cluster:
    """A PostgreSQL cluster in a temporary folder, listening on 127.0.0.1 only."""

    def __init__(self):
        self.bin = postgres_bin()
        self.dir = tempfile.mkdtemp(prefix="registry-pg-")
        self.port = free_port()
        if os.geteuid() == 0:
            shutil.chown(self.dir, "postgres")
        as_postgres(
            f"{self.bin}/initdb", "-D", f"{self.dir}/data", "-A", "trust", "-U", "postgres", "--no-sync"
        )  # fmt: skip

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
        )  # fmt: skip
        return f"postgres://postgres@127.0.0.1:{self.port}/{name}"

    def remove(self):
        with contextlib.suppress(subprocess.CalledProcessError):
            self.stop()
        shutil.rmtree(self.dir, ignore_errors=True)


class Redis:
    """redis-server on a free loopback port, persisting nothing."""

    def __init__(self):
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1"]
            + ["--save", "", "--appendonly", "no"],
            stdout=subprocess.DEVNULL,
        )
        wait_for_port(self.port, timeout=10)

    def stop(self):
        self.process.terminate()
        self.process.wait(10)

    def command(self, *args):
        """A redis-cli command's answer, e.g. `command("DBSIZE")`."""
        return subprocess.run(
            ["redis-cli", "-p", str(self.port), *args], capture_output=True, text=True, check=True
        ).stdout.strip()


def archive_copy():
    """A temporary folder holding a copy of sources/archive (the fixtures' documents)."""
    folder = tempfile.mkdtemp(prefix="registry-archive-")
    shutil.copytree(ROOT / "sources" / "archive", folder, dirs_exist_ok=True)
    return folder


class ProductionServer:
    """gunicorn with the production settings, serving the fixtures from its own database."""

    def __init__(self, database_url, load=True, **env):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        inherited = {
            name: value
            for name, value in os.environ.items()
            # The browser tests' async-unsafe switch must never reach a production process.
            if name
            not in {
                "DATABASE_URL",
                "REDIS_URL",
                "REGISTRY_CACHE_SECONDS",
                "DJANGO_ALLOW_ASYNC_UNSAFE",
            }
        }
        # An environment variable given as None is left unset: the server's own default applies.
        # A server given a folder of archived documents shares it (scale-out), never removes it.
        self.own_archive = "SOURCE_ARCHIVE_DIR" not in env
        self.env = {
            **inherited,
            "DJANGO_SETTINGS_MODULE": "config.settings.production",
            "SECRET_KEY": secrets.token_urlsafe(64),
            "DATABASE_URL": database_url,
            "HTTPS": "false",
            "BIND": f"127.0.0.1:{self.port}",
            "WEB_CONCURRENCY": "2",
            # Its own collected files, so it never rewrites var/static under a running server.
            "STATIC_ROOT": tempfile.mkdtemp(prefix="registry-static-"),
            # Its own whole downloads' files (config/downloads.py), never var/downloads.
            "DOWNLOADS_ROOT": tempfile.mkdtemp(prefix="registry-downloads-"),
            # Its own copy of the archived documents: an edit through it that archives a new
            # document must not write into the working tree's sources/archive.
            "SOURCE_ARCHIVE_DIR": archive_copy() if self.own_archive else None,
            **env,
        }
        self.env = {name: value for name, value in self.env.items() if value is not None}
        self.manage("migrate", "--no-input", "-v0")
        self.manage("collectstatic", "--no-input", "-v0")
        if load:
            self.manage("load_registry", "-v0")
        self.process = None

    def start(self, wait=True):
        """Start gunicorn; with wait=False, return once it listens, before any request."""
        self.process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "-c", "config/gunicorn.py"],
            cwd=ROOT,
            env=self.env,
            stderr=subprocess.DEVNULL,
        )
        if wait:
            # Five workers booting (and warming up) on two busy cores can take a while.
            wait_for(self.url + "/healthz", timeout=120)
        else:
            wait_for_port(self.port)
        return self

    def manage(self, *args):
        return subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=ROOT,
            env=self.env,
            check=True,
            capture_output=True,
            text=True,
        )

    def halt(self):
        """Stop gunicorn, keeping the database and the collected files for a later start()."""
        if self.process:
            self.process.terminate()
            self.process.wait(15)
            self.process = None

    def restart(self):
        """Fresh workers on the same database and files (after the data changed underneath)."""
        self.halt()
        return self.start()

    def stop(self):
        self.halt()
        shutil.rmtree(self.env["STATIC_ROOT"], ignore_errors=True)
        shutil.rmtree(self.env["DOWNLOADS_ROOT"], ignore_errors=True)
        if self.own_archive:
            shutil.rmtree(self.env["SOURCE_ARCHIVE_DIR"], ignore_errors=True)


class Nginx:
    """nginx in front of production servers, from the config `make nginx-conf` renders, run as
    `make serve` runs it (gunicorn believing nginx's X-Forwarded-For: TRUSTED_PROXIES): the first
    server's static files, requests spread over every server (UPSTREAMS).

    With `tls_port` and `certificate` (a folder holding cert.pem and key.pem), nginx terminates
    TLS on that port too and redirects plain HTTP to the first server's SECURE_SSL_HOST.
    """

    def __init__(self, *servers, tls_port=None, certificate=None):
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
            make += [
                f"TLS_CERT={certificate}/cert.pem",
                f"TLS_KEY={certificate}/key.pem",
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
