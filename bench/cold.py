"""The first request each fresh gunicorn worker serves, timed by gunicorn itself.

The server starts with an access log of `<worker pid> <microseconds> <path>`; once its workers
are up and idle (booted and warmed up: their CPU time stops growing), requests go one after
another, each on a new connection, so that every worker accepts some; each worker's first line
in the log is its first request. The time from start to idle workers is reported beside it.
"""

import http.client
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit

# At most this many requests per worker, sent until every worker has served one.
REQUESTS_PER_WORKER = 6
LOG_FORMAT = "%(p)s %(D)s %(U)s%(q)s"


def _children(pid):
    try:
        return [int(p) for p in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []


def _cpu_ticks(pids):
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])  # utime, stime
    return total


def wait_until_idle(master_pid, workers, quiet_s=1.0, timeout_s=120):
    """Seconds until `workers` children run and none has used CPU for `quiet_s`."""
    start = time.monotonic()
    last, quiet_since = None, None
    while time.monotonic() - start < timeout_s:
        children = _children(master_pid)
        ticks = _cpu_ticks(children)
        if len(children) >= workers and ticks == last:
            quiet_since = quiet_since or time.monotonic()
            if time.monotonic() - quiet_since >= quiet_s:
                return quiet_since - start
        else:
            quiet_since = None
        last = ticks
        time.sleep(0.1)
    raise TimeoutError("gunicorn's workers did not settle")


def _get(base_url, path):
    parts = urlsplit(base_url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=60)
    try:
        connection.request("GET", path, headers={"Connection": "close"})
        response = connection.getresponse()
        response.read()
        return response.status
    finally:
        connection.close()


def _first_lines(log):
    """{worker pid: (ms, path)} of each worker's first line in the access log."""
    firsts = {}
    for line in log.read_text().splitlines() if log.exists() else []:
        pid, microseconds, path = line.split(" ", 2)
        firsts.setdefault(int(pid.strip("<>")), (int(microseconds) / 1000, path))
    return firsts


def first_requests(server, paths, workers):
    """Restart `server` with fresh workers; each worker's first request: {pid: (ms, path)}.

    Also returns the seconds from start to settled workers and how many workers answered.
    """
    log = Path(tempfile.mkdtemp(prefix="registry-cold-")) / "access.log"
    server.halt()
    server.env["GUNICORN_ACCESS_LOG"] = str(log)
    server.env["GUNICORN_CMD_ARGS"] = f"--access-logformat '{LOG_FORMAT}'"
    try:
        server.start(wait=False)
        settle_s = wait_until_idle(server.process.pid, workers)
        firsts = {}
        for i in range(REQUESTS_PER_WORKER * workers):
            _get(server.url, paths[i % len(paths)])
            time.sleep(0.05)  # the access log is written after the response
            firsts = _first_lines(log)
            if len(firsts) >= workers:
                break
    finally:
        server.halt()
        del server.env["GUNICORN_ACCESS_LOG"], server.env["GUNICORN_CMD_ARGS"]
        log.unlink(missing_ok=True)
    server.start()
    return firsts, settle_s
