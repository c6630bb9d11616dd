"""The JSON export through nginx and gunicorn as `make serve` runs them: its first request at a
data version streams the whole document while writing its file, the next is served from the
file, and a client holding it gets 304.

gunicorn's timeout is two seconds here, and the export of 1,000 factories takes longer than
that to build: a worker killed `timeout` seconds into a request (gunicorn's sync workers) would
cut the first download short, as the 30 s timeout cut the export of 10,000 factories. Not one
second: a gthread worker's main thread tells the master it is alive once a second (between its
waits of 1 s for a new connection), so with a timeout of 1 s the master could kill an idle,
healthy worker whenever a wait ran a few milliseconds long on a busy machine (it cut the
export at 16 MB of 18 in one CI run).
"""

import json

import pytest

from .conftest import serve_behind_nginx
from .http import fetch

SIZE = 1_000


@pytest.fixture(scope="module")
def large_registry(pg_cluster):
    for front in serve_behind_nginx(
        pg_cluster, "registry_downloads", GUNICORN_TIMEOUT="2", WEB_CONCURRENCY="1"
    ):
        # Grown before any download is asked for, so no file holds the seven factories.
        front.manage(
            "shell", "-c", f"from bench.generate import generate; generate({SIZE - 7}, start=7)"
        )
        yield front


def test_the_export_is_delivered_whole_then_from_its_file(large_registry):
    url = large_registry.url + "/api/v1/export/"
    status, _, built = fetch(url, timeout=300)
    assert status == 200
    assert len(json.loads(built)["factories"]) == SIZE
    status, headers, served = fetch(url, timeout=60)
    assert status == 200 and headers["x-download"] == "file"
    assert served == built
    assert int(headers["content-length"]) == len(built.encode())
    status, _, body = fetch(url, headers={"If-None-Match": headers["etag"]})
    assert status == 304 and body == ""
