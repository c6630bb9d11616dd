"""`make serve` runs gunicorn and nginx as one: when either exits, or on Ctrl-C, both stop.

Each test starts the real `make serve` (ports of its own; a throwaway SQLite database and
folders the module's tests share, so only the first migrates and loads) and finds gunicorn's
and nginx's master processes among make's descendants in /proc. The database is always SQLite,
so the tests run once, in the suite's SQLite run.
"""

import os
import secrets
import shutil
import signal
import socket
import subprocess
import time
from pathlib import Path

import pytest

from bench.servers import ROOT, free_port, wait_for

from .conftest import require

pytestmark = pytest.mark.skipif(
    os.environ.get("DATABASE_URL", "").startswith("postgres"),
    reason="make serve runs on a SQLite database of its own: tested in the SQLite run",
)
# Generous: gunicorn's graceful stop takes up to its graceful_timeout (10 s).
STOPS_WITHIN = 20


def descendants(pid):
    """{pid: (parent's pid, command line)} of every process below `pid`."""
    parents = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
                command = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode()
            except OSError:
                continue
            # The command name in stat is in parentheses and may hold spaces: split after it.
            parents[int(entry.name)] = (int(stat.rsplit(")", 1)[1].split()[1]), command)
    found, frontier = {}, [pid]
    while frontier:
        parent = frontier.pop()
        for child, (ppid, command) in parents.items():
            if ppid == parent and child not in found:
                found[child] = (ppid, command)
                frontier.append(child)
    return found


def alive(pid):
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def refuses_connections(address):
    host, port = address.split(":")
    with socket.socket() as sock:
        return sock.connect_ex((host, int(port))) != 0


class MakeServe:
    def __init__(self, folder, name):
        self.listen = f"127.0.0.1:{free_port()}"
        env = {
            name: value
            for name, value in os.environ.items()
            if name not in {"REDIS_URL", "REGISTRY_CACHE_SECONDS", "DJANGO_ALLOW_ASYNC_UNSAFE"}
        }
        env |= {
            "DATABASE_URL": f"sqlite:///{folder}/registry.sqlite3",
            "SECRET_KEY": secrets.token_urlsafe(64),
            "HTTPS": "false",
            "WEB_CONCURRENCY": "1",
        }
        self.log = open(folder / f"{name}.log", "w")  # noqa: SIM115 (closed in stop)
        # A session of its own: Ctrl-C is a SIGINT to the whole foreground process group.
        self.make = subprocess.Popen(
            ["make", "-s", "serve", f"LISTEN={self.listen}", f"BIND=127.0.0.1:{free_port()}",
             f"NGINX_PREFIX={folder}/nginx", f"STATIC_ROOT={folder}/static"],
            cwd=ROOT, env=env, stdout=self.log, stderr=subprocess.STDOUT, start_new_session=True,
        )  # fmt: skip
        self.processes = {}

    def wait_until_serving(self):
        wait_for(f"http://{self.listen}/healthz", timeout=120)
        self.processes = descendants(self.make.pid)
        # make runs one shell, and the shell runs gunicorn's master and nginx's master.
        children = {
            command: pid for pid, (ppid, command) in self.processes.items()
            if self.processes.get(ppid, (None, ""))[1].startswith("/bin/bash")
        }  # fmt: skip
        (self.gunicorn,) = [pid for command, pid in children.items() if "gunicorn" in command]
        (self.nginx,) = [pid for command, pid in children.items() if command.startswith("nginx:")]

    def wait_until_stopped(self):
        deadline = time.monotonic() + STOPS_WITHIN
        while alive(self.gunicorn) or alive(self.nginx) or self.make.poll() is None:
            assert time.monotonic() < deadline, descendants(self.make.pid)
            time.sleep(0.1)

    def stop(self):
        """Whatever a failed test left running: only the processes this test started."""
        for pid in descendants(self.make.pid) | self.processes:
            if alive(pid):
                os.kill(pid, signal.SIGKILL)
        if self.make.poll() is None:
            self.make.kill()
        self.make.wait(10)
        self.log.close()


@pytest.fixture(scope="module")
def serve_folder(tmp_path_factory):
    return tmp_path_factory.mktemp("serve")


@pytest.fixture
def make_serve(serve_folder, request):
    require("nginx (Debian's nginx)", shutil.which("nginx"))
    started = []

    def start():
        serving = MakeServe(serve_folder, request.node.name)
        started.append(serving)
        serving.wait_until_serving()
        return serving

    yield start
    for serving in started:
        serving.stop()


def test_when_gunicorn_dies_nginx_stops_too(make_serve):
    serving = make_serve()
    os.kill(serving.gunicorn, signal.SIGKILL)
    serving.wait_until_stopped()
    assert serving.make.returncode != 0
    assert refuses_connections(serving.listen)


def test_when_nginx_stops_gunicorn_stops_too(make_serve):
    serving = make_serve()
    os.kill(serving.nginx, signal.SIGTERM)
    serving.wait_until_stopped()
    assert refuses_connections(serving.listen)


def test_ctrl_c_stops_both(make_serve):
    serving = make_serve()
    assert wait_for(f"http://{serving.listen}/factories/") == 200
    os.killpg(serving.make.pid, signal.SIGINT)
    serving.wait_until_stopped()
    assert refuses_connections(serving.listen)
