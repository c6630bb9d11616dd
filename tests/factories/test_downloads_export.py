"""The JSON export, streamed: the same bytes as the API's serializers give for the registry, the
headers of a download, and never held by the response cache."""

import json
import re

import pytest
from django.core.cache import cache
from django.test import override_settings
from rest_framework.renderers import JSONRenderer
from rest_framework.test import APIClient, APIRequestFactory

from factories.export import RegistryExportSerializer, RegistryExportView

pytestmark = pytest.mark.usefixtures("registry")


def _export(client, **extra):
    response = client.get("/api/v1/export/", **extra)
    assert response.status_code == 200
    assert response.streaming
    return response, b"".join(response.streaming_content)


def test_the_streamed_export_is_what_the_serializers_make():
    _, streamed = _export(APIClient())
    request = APIRequestFactory().get("/api/v1/export/")
    serializers = RegistryExportSerializer(
        RegistryExportView.registry(),
        context={"request": RegistryExportView().initialize_request(request)},
    )
    assert streamed == JSONRenderer().render(serializers.data)
    registry = json.loads(streamed)
    # The evidence travels with the data: a factory's facts carry their quotes and sources.
    pharos = next(f for f in registry["factories"] if f["slug"] == "pharos")
    [quote, *_] = pharos["host_site"]["citations"]["city"]
    assert quote["quote"] and quote["source"]["url"].startswith("http://testserver/api/v1/")
    assert pharos["disagreements"]


def test_the_export_downloads_as_a_json_file_with_its_last_change():
    response, body = _export(APIClient())
    assert response["Content-Type"] == "application/json"
    assert response["Content-Disposition"] == 'inline; filename="ai-factories-registry.json"'
    assert not response.has_header("Content-Length")
    modified = json.loads(body)["modified"]
    assert modified and response.has_header("Last-Modified")
    again = APIClient().get("/api/v1/export/", HTTP_IF_MODIFIED_SINCE=response["Last-Modified"])
    assert again.status_code == 304


@override_settings(REGISTRY_CACHE_SECONDS=300)
def test_the_response_cache_never_holds_the_streamed_export():
    cache.clear()
    for _ in range(2):
        response, body = _export(APIClient())
        assert "X-Cache" not in response
        assert json.loads(body)["factories"]


def test_the_browsable_page_still_shows_the_export():
    response = APIClient().get("/api/v1/export/", {"format": "api"})
    assert response.status_code == 200
    assert "ai-factories-registry.json" in response["Content-Disposition"]
    assert "lumi-ai-factory" in response.content.decode()


def test_the_data_pages_link_downloads_json_in_a_browser():
    page = APIClient().get("/data/").content.decode()
    [link] = re.findall(r'href="(/api/v1/export/[^"]*)"', page)
    response = APIClient().get(link.replace("&amp;", "&"), HTTP_ACCEPT="text/html,*/*;q=0.8")
    assert response.streaming and response["Content-Type"] == "application/json"
    assert json.loads(b"".join(response.streaming_content))["factories"]
