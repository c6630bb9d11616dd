"""The stated totals endpoint: filters, CSV, citations, and writes with evidence."""

import csv
import io
from decimal import Decimal

import pytest
from rest_framework.test import APIClient

from funding.models import StatedTotal
from tests.api.clients import editor_client, evidence, if_match
from tests.builders import make_citation, make_programme, make_source, make_stated_total

pytestmark = pytest.mark.django_db


def test_stated_totals_filter_csv_cite_and_write():
    europe = make_programme(slug="digital-europe")
    total = make_stated_total(slug="total", programmes=[europe])
    make_stated_total(
        slug="eu-share",
        amount=Decimal("750"),
        kind=StatedTotal.Kind.SHARE,
        part_of=total,
        is_derived=True,
        derivation="Half of the total.",
    )
    make_citation(total, field_name="amount_eur_million", stated_value="€1.5 billion")
    api = APIClient()

    body = api.get("/api/v1/stated-totals/", {"programme": "digital-europe"}).json()
    [row] = body["results"]
    assert (row["slug"], row["amount_eur_million"], row["display"]) == (
        "total",
        1500.0,
        "€1.5 billion",
    )
    assert row["citations"]["amount_eur_million"][0]["stated_value"] == "€1.5 billion"
    [share] = api.get("/api/v1/stated-totals/", {"part_of": "total"}).json()["results"]
    assert (share["slug"], share["is_derived"]) == ("eu-share", True)
    assert api.get("/api/v1/stated-totals/", {"kind": "goal"}).json()["count"] == 0
    response = api.get("/api/v1/stated-totals/", {"format": "csv"})
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert [(r["slug"], r["part_of"]) for r in rows] == [("total", ""), ("eu-share", "total")]

    editor = editor_client()
    url = "/api/v1/stated-totals/total/"
    change = {"amount_eur_million": 2100}
    assert api.patch(url, change, format="json").status_code == 401
    refused = editor.patch(url, change, format="json", **if_match(editor, url))
    assert refused.status_code == 400, refused.content
    change["evidence"] = evidence(make_source(), "amount_eur_million", quote="Its budget is")
    response = editor.patch(url, change, format="json", **if_match(editor, url))
    assert response.status_code == 200, response.content
    assert response.json()["amount_eur_million"] == 2100.0
