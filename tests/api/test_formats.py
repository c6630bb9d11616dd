"""A format an endpoint does not offer is a 406 in JSON that lists the formats it offers; the
export is JSON only and points at the data package for CSV."""

import json

import pytest
from rest_framework.test import APIClient

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "url, offered",
    [
        ("/api/v1/factories/?format=geojson", ["json", "api", "csv"]),
        ("/api/v1/budgets/?format=xml", ["json", "api", "csv"]),
        ("/api/v1/sites/?format=yaml", ["json", "api", "csv", "geojson"]),
    ],
)
def test_an_unoffered_format_is_a_406_listing_the_offered_ones(url, offered):
    response = APIClient().get(url)
    assert response.status_code == 406
    assert response["Content-Type"] == "application/json"
    body = response.json()
    assert body["formats"] == offered
    assert "does not offer the format" in body["detail"]


def test_the_export_is_json_with_its_version_and_licence_and_csv_is_a_406():
    client = APIClient()
    refused = client.get("/api/v1/export/", {"format": "csv"})
    assert refused.status_code == 406
    assert "/data/ai-factories.zip" in refused.json()["detail"]
    # The export is streamed: its body is read as it comes.
    export = json.loads(b"".join(client.get("/api/v1/export/").streaming_content))
    assert export["licence"]["name"] == "CC-BY-4.0"
    assert int(export["data_version"]) >= 0
    assert "modified" in export
