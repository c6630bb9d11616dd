"""The partnerships endpoint: filters, CSV, citations, and writes with evidence."""

import csv
import io

import pytest
from rest_framework.test import APIClient

from consortia.models import Partnership
from tests.api.clients import editor_client, evidence, token_client
from tests.builders import make_citation, make_country, make_factory, make_organisation, make_source

pytestmark = pytest.mark.django_db


def test_partnerships_filter_csv_cite_and_write():
    factory = make_factory(slug="lumi-ai-factory")
    danish = make_organisation(country=make_country("DK"), slug="dtu", name="DTU")
    partner = Partnership.objects.create(factory=factory, organisation=danish, role="partner")
    Partnership.objects.create(
        factory=make_factory(), organisation=make_organisation(), role="supporter"
    )
    make_citation(partner, field_name="role", stated_value="partner")
    api = APIClient()

    body = api.get("/api/v1/partnerships/", {"country": "dk"}).json()
    [row] = body["results"]
    assert (row["factory"], row["organisation"], row["country"], row["role"]) == (
        "lumi-ai-factory",
        "dtu",
        "DK",
        "partner",
    )
    assert row["citations"]["role"][0]["stated_value"] == "partner"
    assert api.get("/api/v1/partnerships/", {"role": "supporter"}).json()["count"] == 1
    assert api.get("/api/v1/partnerships/", {"factory": "lumi-ai-factory"}).json()["count"] == 1
    response = api.get("/api/v1/partnerships/", {"format": "csv"})
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert sorted(r["role"] for r in rows) == ["partner", "supporter"]

    new = {
        "factory": "lumi-ai-factory",
        "organisation": make_organisation().slug,
        "role": "partner",
    }
    assert api.post("/api/v1/partnerships/", new, format="json").status_code == 401
    body = {**new, "evidence": evidence(make_source(), "organisation", "role")}
    created = editor_client().post("/api/v1/partnerships/", body, format="json")
    assert created.status_code == 201, created.content
    assert set(created.json()["citations"]) == {"organisation", "role"}
    another_editor = token_client("editor-2", editor=True)
    twice = another_editor.post("/api/v1/partnerships/", body, format="json")
    assert twice.status_code == 400
    assert Partnership.objects.filter(factory=factory).count() == 2
