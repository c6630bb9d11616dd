"""Bad input is a 4xx with a message, and under /api/ always JSON: search bombs, nesting bombs,
bodies over the limit, true/false filters with another value, a database that is down."""

import json

import pytest
from django.db import OperationalError
from django.test import RequestFactory, override_settings
from rest_framework.test import APIClient

from config.middleware import SEARCH_MAX_LENGTH, SEARCH_MAX_WORDS
from config.parsers import MAX_DEPTH
from config.rest import exception_handler
from config.views import server_error
from tests.api.clients import editor_client, if_match
from tests.builders import make_factory


@pytest.fixture
def api():
    return APIClient()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "search",
    [" ".join(f"w{i}" for i in range(500)), ",".join("x" * 3 for _ in range(40)), "a" * 201],
)
@pytest.mark.parametrize("endpoint", ["factories", "organisations", "citations"])
def test_a_search_beyond_its_caps_is_a_400_naming_search(api, endpoint, search):
    response = api.get(f"/api/v1/{endpoint}/", {"search": search})
    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    assert response.json() == {
        "search": [
            f"A search has at most {SEARCH_MAX_WORDS} words and {SEARCH_MAX_LENGTH} characters."
        ]
    }


@pytest.mark.django_db
def test_a_search_within_the_caps_still_finds(api):
    make_factory(name="Pharos AI Factory")
    words = " ".join(["pharos"] * SEARCH_MAX_WORDS)
    response = api.get("/api/v1/factories/", {"search": words})
    assert response.status_code == 200
    assert [row["name"] for row in response.json()["results"]] == ["Pharos AI Factory"]


def nested(levels):
    return "[" * levels + "]" * levels


@pytest.mark.django_db
@pytest.mark.parametrize("levels", [MAX_DEPTH + 1, 100_000])
def test_a_body_nested_too_deep_is_a_400(levels):
    editor = editor_client()
    factory = make_factory()
    url = f"/api/v1/factories/{factory.slug}/"
    body = '{"summary": "x", "evidence": ' + nested(levels) + "}"
    response = editor.patch(url, body, content_type="application/json", **if_match(editor, url))
    assert response.status_code == 400
    assert f"nested deeper than {MAX_DEPTH} levels" in response.json()["detail"]


@pytest.mark.django_db
@override_settings(DATA_UPLOAD_MAX_MEMORY_SIZE=10_000)
def test_a_body_over_the_upload_limit_is_a_413_in_json(api):
    body = json.dumps({"name": "x" * 20_000})
    response = api.post("/api/v1/factories/", body, content_type="application/json")
    assert response.status_code == 413
    assert response.json() == {
        "detail": "The request body is larger than the 10000 bytes the registry accepts."
    }


BOOLEAN_FILTERS = [
    ("factories", "experimental_platform"),
    ("factories", "budget_unknown"),
    ("supercomputers", "is_ai_optimised"),
    ("countries", "in_consortium"),
    ("citations", "is_accepted"),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("endpoint", "field"), BOOLEAN_FILTERS)
def test_an_invalid_true_false_filter_is_a_400_naming_the_field(api, endpoint, field):
    response = api.get(f"/api/v1/{endpoint}/", {field: "maybe"})
    assert response.status_code == 400
    assert response.json() == {field: ["“maybe” is not a true/false value: use true or false."]}
    for value in ("true", "false", "True", "1", "0", ""):
        assert api.get(f"/api/v1/{endpoint}/", {field: value}).status_code == 200


@pytest.mark.django_db
def test_a_boolean_filter_still_filters(api):
    make_factory(name="Experimental", experimental_platform=True)
    make_factory(name="Production", experimental_platform=False)

    def names(value):
        response = api.get("/api/v1/factories/", {"experimental_platform": value})
        return [row["name"] for row in response.json()["results"]]

    assert names("true") == ["Experimental"]
    assert names("false") == ["Production"]
    assert sorted(names("")) == ["Experimental", "Production"]


@pytest.mark.django_db
def test_an_invalid_filter_on_a_page_is_a_400_that_says_why(client):
    make_factory(name="Zebra Factory", experimental_platform=True)
    response = client.get("/factories/", {"experimental_platform": "maybe"})
    assert response.status_code == 400
    assert "Zebra Factory" not in response.text
    assert "is not a true/false value" in response.text


def test_a_database_that_cannot_be_reached_is_a_503_in_json():
    response = exception_handler(OperationalError("connection refused"), {})
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert response.data == {"detail": "The registry's database is unavailable; try again shortly."}


def test_a_server_error_under_the_api_is_json_and_elsewhere_the_html_page():
    api_response = server_error(RequestFactory().get("/api/v1/factories/"))
    assert api_response.status_code == 500
    assert api_response["Content-Type"] == "application/json"
    assert "could not answer" in json.loads(api_response.content)["detail"]
    page = server_error(RequestFactory().get("/factories/"))
    assert page.status_code == 500
    assert page["Content-Type"].startswith("text/html")
