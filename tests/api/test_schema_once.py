"""The schema is generated once per process: what it serves is what a fresh generation gives,
for each format and host, with an ETag a client can revalidate with."""

import pytest
from drf_spectacular.views import SpectacularAPIView
from rest_framework.test import APIRequestFactory

pytestmark = pytest.mark.django_db

FORMATS = {
    "application/vnd.oai.openapi": "application/vnd.oai.openapi; charset=utf-8",
    "application/yaml": "application/yaml; charset=utf-8",
    "application/json": "application/json",
    "application/vnd.oai.openapi+json": "application/vnd.oai.openapi+json",
}


def fresh_schema(accept, host="testserver"):
    """The schema as drf-spectacular's own view generates and renders it, now."""
    request = APIRequestFactory().get("/api/v1/schema/", HTTP_ACCEPT=accept, HTTP_HOST=host)
    response = SpectacularAPIView.as_view()(request)
    return response.render().content


@pytest.mark.parametrize("accept", FORMATS)
def test_the_kept_schema_is_a_fresh_one_in_each_format(client, accept):
    first = client.get("/api/v1/schema/", HTTP_ACCEPT=accept)
    again = client.get("/api/v1/schema/", HTTP_ACCEPT=accept)
    assert first["Content-Type"] == again["Content-Type"] == FORMATS[accept]
    assert first.content == again.content == fresh_schema(accept)
    assert first["ETag"] == again["ETag"]
    assert "Accept" in first["Vary"]
    assert first["Content-Disposition"].startswith('inline; filename="AI Factories Registry API.')


def test_the_format_parameter_and_the_host_each_get_their_own_schema(client, settings):
    settings.ALLOWED_HOSTS = ["testserver", "registry.example"]
    json = client.get("/api/v1/schema/", {"format": "json"})
    assert json["Content-Type"] == "application/vnd.oai.openapi+json"
    assert json.content == fresh_schema("application/vnd.oai.openapi+json")
    other = client.get("/api/v1/schema/", {"format": "json"}, HTTP_HOST="registry.example")
    assert b'"url": "http://registry.example"' in other.content
    assert b"http://testserver" not in other.content
    assert other.content == fresh_schema("application/vnd.oai.openapi+json", "registry.example")


def test_a_client_revalidates_with_the_etag(client):
    etag = client.get("/api/v1/schema/")["ETag"]
    assert client.get("/api/v1/schema/", HTTP_IF_NONE_MATCH=etag).status_code == 304


def test_a_format_the_schema_does_not_offer_is_refused(client):
    response = client.get("/api/v1/schema/", HTTP_ACCEPT="text/csv")
    assert response.status_code == 406


def test_a_second_read_does_not_generate_the_schema_again(client, monkeypatch):
    first = client.get("/api/v1/schema/", {"format": "json"})

    def generate(*args, **kwargs):
        raise AssertionError("the schema was generated again")

    monkeypatch.setattr(SpectacularAPIView.generator_class, "get_schema", generate)
    assert client.get("/api/v1/schema/", {"format": "json"}).content == first.content
