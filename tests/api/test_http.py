"""HTTP behaviour of the API: the root, ETags, CORS, throttling, the registry export."""

import json

import pytest
from django.core.cache import cache
from django.test import override_settings
from rest_framework.exceptions import ValidationError
from rest_framework.test import APIClient

from config.rest import exception_handler
from tests.api.clients import editor_client, evidence
from tests.builders import make_factory, make_source

ENDPOINTS = [
    "factories",
    "selection-rounds",
    "other-names",
    "sites",
    "supercomputers",
    "factory-systems",
    "countries",
    "organisations",
    "memberships",
    "partnerships",
    "programmes",
    "stated-totals",
    "budgets",
    "sources",
    "citations",
]


@pytest.fixture
def api():
    return APIClient()


@pytest.mark.django_db
def test_root_lists_every_endpoint(api):
    response = api.get("/api/v1/")
    assert response.status_code == 200
    assert response.json() == {
        name: f"http://testserver/api/v1/{name}/"
        for name in [*ENDPOINTS, "export", "schema", "docs", "redoc"]
    }
    for url in response.json().values():
        assert api.get(url).status_code == 200


@pytest.mark.django_db
def test_etag_and_304_for_a_matching_if_none_match(api):
    make_factory(slug="atlantis")
    first = api.get("/api/v1/factories/atlantis/")
    etag = first["ETag"]
    assert etag.startswith('"') or etag.startswith('W/"')
    again = api.get("/api/v1/factories/atlantis/", HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304
    assert again.content == b""
    assert api.get("/api/v1/factories/atlantis/", HTTP_IF_NONE_MATCH='"stale"').status_code == 200
    # The tag follows the content: a change gives a new tag and a full answer.
    editor = editor_client()
    renamed = {"name": "Atlantis", "evidence": evidence(make_source(), "name")}
    response = editor.patch(
        "/api/v1/factories/atlantis/", renamed, format="json", HTTP_IF_MATCH=etag
    )
    assert response.status_code == 200, response.content
    changed = api.get("/api/v1/factories/atlantis/", HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200
    assert changed["ETag"] != etag


@pytest.mark.django_db
def test_lists_and_csv_have_etags_too(api):
    make_factory()
    for url in ("/api/v1/factories/", "/api/v1/factories/?format=csv"):
        etag = api.get(url)["ETag"]
        assert api.get(url, HTTP_IF_NONE_MATCH=etag).status_code == 304


@pytest.mark.django_db
class TestCors:
    def test_get_from_any_origin_is_allowed(self, api):
        response = api.get("/api/v1/factories/", HTTP_ORIGIN="https://newsroom.example")
        assert response.status_code == 200
        assert response["Access-Control-Allow-Origin"] == "*"

    def test_preflight_allows_reads_only(self, api):
        response = api.options(
            "/api/v1/factories/",
            HTTP_ORIGIN="https://newsroom.example",
            HTTP_ACCESS_CONTROL_REQUEST_METHOD="POST",
        )
        allowed = {m.strip() for m in response["Access-Control-Allow-Methods"].split(",")}
        assert allowed == {"GET", "HEAD", "OPTIONS"}

    def test_writes_get_no_cors_header(self, api):
        make_factory(slug="atlantis")
        editor = editor_client()
        url = "/api/v1/factories/atlantis/"
        read = editor.get(url, HTTP_ORIGIN="https://elsewhere.example")
        assert read["Access-Control-Allow-Origin"] == "*"  # the same origin may read
        renamed = {"name": "Atlantis", "evidence": evidence(make_source(), "name")}
        written = editor.patch(
            url,
            renamed,
            format="json",
            HTTP_ORIGIN="https://elsewhere.example",
            HTTP_IF_MATCH=read["ETag"],
        )
        assert written.status_code == 200, written.content
        refused = api.post("/api/v1/factories/", {}, format="json", HTTP_ORIGIN="https://x.example")
        assert refused.status_code == 401
        for response in (written, refused):
            assert "Access-Control-Allow-Origin" not in response


@pytest.mark.django_db
class TestThrottling:
    @pytest.fixture(autouse=True)
    def fresh_history(self):
        cache.clear()
        yield
        cache.clear()

    @override_settings(API_ANON_THROTTLE_RATE="3/minute")
    def test_anonymous_clients_get_429_with_retry_after(self, api):
        for _ in range(3):
            assert api.get("/api/v1/countries/").status_code == 200
        response = api.get("/api/v1/countries/")
        assert response.status_code == 429
        assert 0 < int(response["Retry-After"]) <= 60
        assert "throttled" in response.json()["detail"].lower()
        # Another address has its own allowance.
        assert api.get("/api/v1/countries/", REMOTE_ADDR="192.0.2.7").status_code == 200

    @override_settings(API_ANON_THROTTLE_RATE="3/minute")
    def test_token_users_are_not_throttled(self):
        editor = editor_client()
        for _ in range(5):
            assert editor.get("/api/v1/countries/").status_code == 200

    @override_settings(API_ANON_THROTTLE_RATE=None)
    def test_no_rate_means_no_limit(self, api):
        for _ in range(20):
            assert api.get("/api/v1/programmes/").status_code == 200


@pytest.mark.usefixtures("registry")
def test_export_holds_the_whole_registry(api):
    from sources.models import Citation, Source

    response = api.get("/api/v1/export/")
    assert response.status_code == 200
    # The export is streamed: its body is read as it comes.
    registry = json.loads(b"".join(response.streaming_content))
    assert registry["api_version"] == "v1"
    assert len(registry["factories"]) == 7
    assert len(registry["countries"]) == 18
    assert len(registry["citations"]) == Citation.objects.count() == 406
    assert len(registry["sources"]) == Source.objects.count()
    assert all(source["archived_text"] for source in registry["sources"])
    pharos = next(f for f in registry["factories"] if f["slug"] == "pharos")
    assert pharos["host_site"]["city"] == "Athens"
    assert pharos["disagreements"]
    for name in ("sites", "supercomputers", "organisations", "memberships", "budgets"):
        assert registry[name], name
    [first_round] = registry["selection_rounds"]
    assert first_round["announced_on"] == "2024-12-10"
    assert registry["stated_totals"]
    assert all(total["citations"] for total in registry["stated_totals"])


@pytest.mark.django_db
def test_unknown_addresses_under_the_api_are_json_404s(api):
    for url in ("/api/v1/nothing/", "/api/v1/budgets/not-a-number/", "/api/v1/countries/dnk/"):
        response = api.get(url)
        assert response.status_code == 404
        assert response.json() == {"detail": "Not found."}
    assert api.delete("/api/v1/budgets/x/").status_code == 404
    response = api.get("/api/v1/factories?search=lumi")
    assert response.status_code == 301
    assert response["Location"] == "/api/v1/factories/?search=lumi"


@pytest.mark.django_db
def test_a_400_is_always_an_object_of_messages(api):
    response = api.get("/api/v1/factories/", {"search": "lumi\x00"})
    assert response.status_code == 400
    assert isinstance(response.json(), dict)
    response = editor_client().post("/api/v1/factories/", [1, 2], format="json")
    assert response.status_code == 400
    assert response.json() == {
        "non_field_errors": ["Invalid data. Expected a dictionary, but got list."]
    }
    # A filter backend's message about the request as a whole gets the same shape.
    answer = exception_handler(ValidationError(["Null characters are not allowed."]), {})
    assert answer.status_code == 400
    assert answer.data == {"non_field_errors": ["Null characters are not allowed."]}
