"""The API's HTML pages (browsable API, Swagger UI, ReDoc): the one relaxation of the site's
Content-Security-Policy they need (inline styles), and nowhere else."""

import re

import pytest
from rest_framework.test import APIClient

from tests.builders import make_factory

pytestmark = pytest.mark.django_db


def policy(response):
    """The Content-Security-Policy as {directive: [sources]}."""
    directives = (part.split() for part in response["Content-Security-Policy"].split(";"))
    return {name: sources for name, *sources in directives}


@pytest.fixture
def api():
    return APIClient()


def test_the_browsable_api_may_use_inline_styles_but_no_inline_script(api):
    make_factory(slug="atlantis")
    for url in ("/api/v1/factories/", "/api/v1/factories/atlantis/"):
        response = api.get(url, HTTP_ACCEPT="text/html")
        assert response.status_code == 200
        assert response["Content-Type"].startswith("text/html")
        assert policy(response)["style-src"] == ["'self'", "'unsafe-inline'"]
        assert policy(response)["script-src"] == ["'self'"]


def test_the_same_endpoint_as_json_keeps_the_strict_policy(api):
    make_factory()
    response = api.get("/api/v1/factories/")
    assert response["Content-Type"] == "application/json"
    assert policy(response)["style-src"] == ["'self'"]
    assert "unsafe-inline" not in response["Content-Security-Policy"]


def test_a_site_page_keeps_the_strict_policy(client):
    response = client.get("/")
    assert policy(response)["style-src"] == ["'self'"]
    assert "unsafe-inline" not in response["Content-Security-Policy"]


def test_swagger_ui_may_use_inline_styles(api):
    response = api.get("/api/v1/docs/")
    assert response.status_code == 200
    assert policy(response)["style-src"] == ["'self'", "'unsafe-inline'"]
    assert policy(response)["script-src"] == ["'self'"]


def test_redoc_loads_the_local_bundle_and_may_start_its_search_worker(api):
    response = api.get("/api/v1/redoc/")
    assert response.status_code == 200
    scripts = re.findall(r'<script src="([^"]+)"', response.content.decode())
    assert scripts == ["/api/v1/redoc/redoc.standalone.js"]
    assert policy(response)["style-src"] == ["'self'", "'unsafe-inline'"]
    assert policy(response)["worker-src"] == ["'self'", "blob:"]
    assert policy(response)["script-src"] == ["'self'"]
