"""The whole downloads served from files built once per data version (config/downloads.py):
the same bytes as the view gives, a new file after an edit, 304 for a client that holds it,
HEAD, and never half a file while another request is building it."""

import io
import json

import pytest
from django.core.management import CommandError, call_command
from django.core.signals import request_finished
from django.db import close_old_connections
from django.test import Client, RequestFactory
from django.utils.http import http_date

from config.cache import data_last_changed
from config.management.commands.build_downloads import _view, whole_downloads
from factories.models import AIFactory

pytestmark = pytest.mark.usefixtures("registry")


def _body(response):
    return b"".join(response.streaming_content) if response.streaming else response.content


def _headers(response):
    return {
        name: value
        for name, value in response.headers.items()
        if name not in ("ETag", "Content-Length", "X-Download")
    }


def _hang_up(response):
    """The client goes away before the end, as the test client closes a response: without
    closing the test's database connection (request_finished would, on PostgreSQL)."""
    request_finished.disconnect(close_old_connections)
    try:
        response.close()
    finally:
        request_finished.connect(close_old_connections)


def _fresh(address):
    """What the view itself answers, with no file involved."""
    return _body(_view(RequestFactory().get(address)))


def test_a_download_from_its_file_is_what_the_view_gives():
    client = Client()
    # The export asked for as JSON carries ?format=json in its links: a file of its own.
    for address in [*whole_downloads(), "/api/v1/export/?format=json"]:
        built = client.get(address)
        assert built.status_code == 200, address
        first = _body(built)
        served = client.get(address)
        assert served["X-Download"] == "file", address
        assert _body(served) == first, address
        assert int(served["Content-Length"]) == len(first), address
        # The same headers (Content-Type, Last-Modified, Vary…), and the file's own.
        assert _headers(served) == _headers(built), address
        if not address.endswith(".zip"):  # the zip names the time it was written in its entries
            assert first == _fresh(address), address


def test_an_edit_makes_the_next_download_carry_it():
    client = Client()
    address = "/api/v1/factories/?format=csv"
    client.get(address)
    before = client.get(address)
    assert before["X-Download"] == "file"
    assert "Renamed Factory" not in _body(before).decode()
    factory = AIFactory.objects.get(slug="lumi-ai-factory")
    factory.name = "Renamed Factory"
    factory.save()
    after = client.get(address)
    assert "Renamed Factory" in _body(after).decode()
    assert after["ETag"] != before["ETag"]
    assert client.get(address)["ETag"] == after["ETag"]


def test_a_client_holding_the_download_gets_304():
    client = Client()
    address = "/api/v1/export/"
    _body(client.get(address))
    served = client.get(address)
    etag, last_modified = served["ETag"], served["Last-Modified"]
    _body(served)
    again = client.get(address, HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304 and again["ETag"] == etag
    assert client.get(address, HTTP_IF_MODIFIED_SINCE=last_modified).status_code == 304
    assert client.get(address, HTTP_IF_NONE_MATCH='"other"').status_code == 200


def test_last_modified_is_the_data_last_change():
    client = Client()
    address = "/api/v1/sites/?format=geojson"
    client.get(address)
    factory = AIFactory.objects.get(slug="lumi-ai-factory")
    factory.save()
    changed = data_last_changed()
    client.get(address)
    assert client.get(address)["Last-Modified"] == http_date(changed.timestamp())


def test_head_answers_the_headers_of_the_file():
    client = Client()
    address = "/api/v1/factories/?format=csv"
    size = len(_body(client.get(address)))
    head = client.head(address)
    assert head.status_code == 200
    assert head["Content-Length"] == str(size) and head["X-Download"] == "file"
    assert head["ETag"] == client.get(address)["ETag"]
    assert head.content == b""


def test_no_half_file_is_served_while_another_request_builds_it(settings):
    client = Client()
    address = "/api/v1/export/"
    slow = client.get(address)
    pieces = iter(slow.streaming_content)
    started = next(pieces)
    # A second request while the first is still writing: built afresh, whole.
    other = client.get(address)
    assert "X-Download" not in other
    whole = _body(other)
    json.loads(whole)
    # Its file is in place; the first request's, half written, is not read.
    served = client.get(address)
    assert served["X-Download"] == "file" and _body(served) == whole
    assert started + b"".join(pieces) == whole
    assert _body(client.get(address)) == whole
    # A request cut short leaves nothing behind.
    cut = client.get("/api/v1/export/", HTTP_HOST="localhost")
    next(iter(cut.streaming_content))
    _hang_up(cut)
    leftovers = [path.name for path in settings.DOWNLOADS_ROOT.rglob(".building-*")]
    assert leftovers == []
    assert client.get("/api/v1/export/", HTTP_HOST="localhost").get("X-Download") is None


def test_only_the_current_and_previous_versions_are_kept(settings):
    client = Client()
    factory = AIFactory.objects.get(slug="lumi-ai-factory")
    for _ in range(3):
        factory.save()
        client.get("/api/v1/factories/?format=csv")
    versions = [path.name for path in settings.DOWNLOADS_ROOT.iterdir()]
    assert len(versions) == 2


@pytest.mark.parametrize(
    ("address", "from_file"),
    [
        ("/api/v1/factories/?format=csv&x=1", True),  # a parameter no view reads
        ("/api/v1/factories/?format=csv&search=lumi", False),
        ("/api/v1/factories/?format=csv&ordering=name", False),
        ("/api/v1/factories/?format=csv&host_country=fi", False),
        ("/api/v1/factories/", False),
        ("/api/v1/export/?format=api", False),
    ],
)
def test_only_the_whole_downloads_come_from_files(address, from_file):
    client = Client()
    client.get(address)
    assert (client.get(address).get("X-Download") == "file") is from_file


def test_an_editor_gets_the_view_answer(editor_client):
    address = "/api/v1/factories/?format=csv"
    editor_client.get(address)
    assert "X-Download" not in editor_client.get(address)


def test_build_downloads_writes_every_file_afresh_for_the_deploy():
    client = Client()
    address = "/api/v1/factories/?format=csv"
    client.get(address)
    # The fixtures reloaded at a deploy: rows change, and no history records a new version.
    AIFactory.objects.filter(slug="lumi-ai-factory").update(name="Reloaded Factory")
    assert "Reloaded Factory" not in _body(client.get(address)).decode()
    out = io.StringIO()
    call_command("build_downloads", origin=["http://testserver"], stdout=out)
    built = [line for line in out.getvalue().splitlines() if "built in" in line]
    assert len(built) == len(whole_downloads())
    for each in whole_downloads():
        assert client.get(each)["X-Download"] == "file", each
    assert "Reloaded Factory" in _body(client.get(address)).decode()


def test_build_downloads_names_a_wrong_origin():
    with pytest.raises(CommandError, match="scheme://host"):
        call_command("build_downloads", origin=["testserver"])


def test_a_download_built_across_an_edit_is_not_kept(settings):
    client = Client()
    address = "/api/v1/export/"
    streaming = client.get(address)
    pieces = iter(streaming.streaming_content)
    next(pieces)
    factory = AIFactory.objects.get(slug="lumi-ai-factory")
    factory.name = "Renamed Factory"
    factory.save()
    b"".join(pieces)
    # Half of it read before the edit, half after: it is no version's file.
    assert list(settings.DOWNLOADS_ROOT.rglob("api-v1-export.json")) == []
    after = client.get(address)
    assert "Renamed Factory" in _body(after).decode()
    assert len(list(settings.DOWNLOADS_ROOT.rglob("api-v1-export.json"))) == 1
