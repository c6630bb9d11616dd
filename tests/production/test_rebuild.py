"""After an edit through the API, the export's file for the new data version is built in the
background (config/rebuild.py) with no request for it, and the next request is served from it.
gunicorn and nginx as `make serve` runs them, with Redis holding the data version."""

import json
import time
from pathlib import Path

import pytest

from .conftest import serve_behind_nginx
from .http import fetch

EDITOR = (
    "from io import StringIO; from django.core.management import call_command; "
    "from django.contrib.auth import get_user_model; from rest_framework.authtoken.models import Token; "
    "from sources.services import source_create; "
    "call_command('createeditor', 'ana', password='a long editor passphrase 42', stdout=StringIO()); "
    "ana = get_user_model().objects.get(username='ana'); "
    "source_create(user=ana, slug='pharos-renamed', title='Pharos renamed', kind='news_report', "
    "reliability='high', reliability_note='A test.', archived_text='It is now Pharos Rebuilt.'); "
    "print(Token.objects.create(user=ana).key)"
)  # fmt: skip
DEADLINE = 120  # seconds: generous on a busy machine; the test asserts on the file, not the time


@pytest.fixture(scope="module")
def edited_server(pg_cluster, redis_url):
    for front in serve_behind_nginx(pg_cluster, "registry_rebuild", REDIS_URL=redis_url):
        front.token = front.server.manage("shell", "-c", EDITOR).stdout.strip().splitlines()[-1]
        yield front


def _pharos(export):
    """Pharos's name in the export."""
    return next(f["name"] for f in json.loads(export)["factories"] if f["slug"] == "pharos")


def _export_files(root):
    return {path.parent.parent.name for path in root.glob("*/*/api-v1-export.json")}


def test_an_edit_rebuilds_the_export_with_no_request_for_it(edited_server):
    root = Path(edited_server.env["DOWNLOADS_ROOT"])
    export = edited_server.url + "/api/v1/export/"
    status, _, before = fetch(export, timeout=60)
    assert status == 200 and _pharos(before) != "Pharos Rebuilt"
    built = _export_files(root)
    assert len(built) == 1  # the clients' origin has its file at this version

    factory = edited_server.url + "/api/v1/factories/pharos/"
    authorised = {"Authorization": f"Token {edited_server.token}"}
    _, headers, _ = fetch(factory, headers=authorised)
    body = {
        "name": "Pharos Rebuilt",
        "evidence": [
            {
                "field_name": "name",
                "source": "pharos-renamed",
                "quote": "Pharos Rebuilt",
                "stated_value": "Pharos Rebuilt",
            }
        ],
    }
    write_headers = {**authorised, "If-Match": headers["etag"], "Content-Type": "application/json"}
    status, _, answer = fetch(factory, "PATCH", write_headers, json.dumps(body))
    assert status == 200, answer

    deadline = time.monotonic() + DEADLINE
    while _export_files(root) <= built and time.monotonic() < deadline:
        time.sleep(0.5)
    new = _export_files(root) - built
    log = root / "rebuild.log"
    assert len(new) == 1, log.read_text() if log.exists() else "no builder's log"

    status, headers, after = fetch(export, timeout=60)
    assert status == 200 and headers["x-download"] == "file"
    assert _pharos(after) == "Pharos Rebuilt"
    assert "/api/v1/export/: 200" in log.read_text()
