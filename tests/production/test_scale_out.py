"""Scale-out: two gunicorn servers behind one nginx, sharing PostgreSQL and Redis. An edit made
through one is seen at once through the other, though both cache what they serve."""

import json
from pathlib import Path

from .http import fetch

EDITOR = (
    "from io import StringIO; from django.core.management import call_command; "
    "from django.contrib.auth import get_user_model; "
    "from rest_framework.authtoken.models import Token; "
    "call_command('createeditor', 'scale', password='a long editor passphrase 42', "
    "stdout=StringIO()); "
    "print(Token.objects.create(user=get_user_model().objects.get(username='scale')).key)"
)
SUMMARY = "An AI Factory upgrading MareNostrum 5 in Barcelona, edited through server A."
QUOTE = (
    "The BSC AI Factory will upgrade the existing EuroHPC MareNostrum 5 system and be located in "
    "Barcelona."
)
API = "/api/v1/factories/bsc-aif/"
PAGE = "/factories/bsc-aif/"


def test_an_edit_through_one_server_is_seen_at_once_through_the_other(scaled_out):
    a, b = (server.url for server in scaled_out.servers)
    # Server B and nginx have cached the factory's API answer and page.
    for url in (b + API, b + PAGE, scaled_out.url + API):
        fetch(url)
        status, headers, text = fetch(url)
        assert (status, headers["x-cache"]) == (200, "hit"), url
        assert SUMMARY not in text

    token = scaled_out.manage("shell", "-c", EDITOR).stdout.split()[-1]
    auth = {"Authorization": f"Token {token}"}
    etag = fetch(a + API, headers=auth)[1]["etag"]
    body = {
        "summary": SUMMARY,
        "evidence": [
            {
                "field_name": "summary",
                "source": "sdu-escience-seven-european-ai-factories-selected",
                "quote": QUOTE,
                "stated_value": "as summarised",
            }
        ],
    }
    status, _, text = fetch(
        a + API,
        method="PATCH",
        headers={**auth, "If-Match": etag, "Content-Type": "application/json"},
        body=json.dumps(body),
    )
    assert status == 200, text

    for url in (b + API, b + PAGE, scaled_out.url + API, scaled_out.url + PAGE):
        status, headers, text = fetch(url)
        assert (status, headers["x-cache"]) == (200, "miss"), url
        assert SUMMARY in text, url
    assert json.loads(fetch(b + API)[2])["summary"] == SUMMARY


def test_nginx_spreads_requests_over_both_servers(scaled_out):
    for _ in range(6):
        assert fetch(scaled_out.url + "/healthz?through=nginx")[0] == 200
    for server in scaled_out.servers:
        log = Path(server.env["GUNICORN_ACCESS_LOG"]).read_text()
        assert "GET /healthz?through=nginx" in log
