"""The benchmark's two ways to measure an address: a timed series at one connection, and wrk.

`series` sends requests one after another over one kept-alive connection (as a reader's browser
does) for a fixed budget of time and requests, and gives p50 and p99; `wrk` gives requests/s
and latency at many connections, optionally with a Lua script (distinct query strings).
Neither asks for gzip: every figure is of the body as the server renders it.
"""

import http.client
import math
import re
import subprocess
import time
from pathlib import Path
from urllib.parse import urlsplit

UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0}
# A request this slow is timed once: repeating it would cost the run minutes and say nothing new.
SLOW_MS = 3000
# Over this, two timed requests are enough to place an address far above the 150 ms target.
SLOWISH_MS = 300
TIMEOUT_S = 40
# Each wrk request asks for /?x=<a new number>: parameters no view reads (bench/run.py's flood).
FLOOD_LUA = """
counter = 0
request = function()
  counter = counter + 1
  return wrk.format("GET", "/?x=" .. counter .. "-" .. math.random(1, 1000000000))
end
"""


def percentile(values, fraction):
    """The nearest-rank percentile of a list of numbers."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(fraction * len(ordered)) - 1)]


def series(base_url, path, budget_s=1.0, max_requests=200, min_requests=5):
    """One connection, one request after another: {p50, p99, n, status, bytes} in ms.

    The first request is a warm-up, reported as `first` and not counted, unless it is slower
    than SLOW_MS, when it is the only one; after a warm-up slower than SLOWISH_MS two requests
    may be all the budget allows. `status` is the last status of 300 or more seen (or
    the warm-up's).
    """
    parts = urlsplit(base_url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=TIMEOUT_S)
    try:
        warm_ms, status, size = _get(connection, path)
        first = {"first": warm_ms, "status": status, "bytes": size}
        if warm_ms > SLOW_MS or status >= 500:
            return {"p50": warm_ms, "p99": warm_ms, "n": 1, **first}
        if warm_ms > SLOWISH_MS:
            min_requests = min(min_requests, 2)
        times, started = [], time.perf_counter()
        while len(times) < max_requests and (
            len(times) < min_requests or time.perf_counter() - started < budget_s
        ):
            elapsed, code, size = _get(connection, path)
            times.append(elapsed)
            status = code if code >= 300 else status
    except (OSError, http.client.HTTPException) as error:
        name = type(error).__name__
        return {"p50": None, "p99": None, "n": 0, "first": None, "status": name, "bytes": 0}
    finally:
        connection.close()
    return {
        "p50": percentile(times, 0.5),
        "p99": percentile(times, 0.99),
        "n": len(times),
        **first,
        "status": status,
    }


def _get(connection, path):
    start = time.perf_counter()
    connection.request("GET", path)
    response = connection.getresponse()
    body = response.read()
    return (time.perf_counter() - start) * 1000, response.status, len(body)


def wrk(url, connections, duration, script=None):
    """requests/s, p50 and p99 latency in ms, and errors (socket errors + non-2xx/3xx)."""
    command = ["wrk", f"-t{min(2, connections)}", f"-c{connections}", f"-d{duration}s"]
    command += ["--latency", "--timeout", "10s", url]
    if script:
        command += ["-s", script]
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout

    def latency(percent):
        match = re.search(rf"^\s+{percent}%\s+([\d.]+)(us|ms|s)\s*$", output, re.M)
        return float(match.group(1)) * UNITS[match.group(2)]

    socket_errors = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output
    )
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    errors = sum(int(n) for n in socket_errors.groups()) if socket_errors else 0
    errors += int(non_2xx.group(1)) if non_2xx else 0
    return {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)),
        "p50": latency(50),
        "p99": latency(99),
        "errors": errors,
        "requests": int(re.search(r"(\d+) requests in", output).group(1)),
    }


def flood_script(folder):
    path = Path(folder) / "flood.lua"
    path.write_text(FLOOD_LUA)
    return str(path)
