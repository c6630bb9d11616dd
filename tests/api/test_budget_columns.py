"""The factory list's budget with its qualifier and its reliability (issue 12), in JSON and CSV:
"at least €556 million" is not "€556 million", and a figure only a low-reliability source states
says so."""

import csv
import io
from decimal import Decimal

import pytest
from rest_framework.test import APIClient

from funding.models import Qualifier
from sources.models import Source
from tests.builders import make_budget, make_citation, make_factory, make_source

LIST = "/api/v1/factories/"


def rows_by_slug(**params):
    response = APIClient().get(LIST, params)
    assert response.status_code == 200, response.content
    if params.get("format") == "csv":
        return {
            row["slug"]: row for row in csv.DictReader(io.StringIO(response.text.lstrip("\ufeff")))
        }
    return {row["slug"]: row for row in response.json()["results"]}


@pytest.fixture
def budgets(db):
    """A minimum only a low source states, an exact figure a high source also states, an exact
    line beside an unknown one, and a factory with no budget line."""
    low = make_source(reliability=Source.Reliability.LOW, title="A rumour")
    high = make_source(reliability=Source.Reliability.HIGH, title="An official release")
    weak = make_budget(
        make_factory(name="Weak", slug="weak"), amount=Decimal("556"), qualifier=Qualifier.AT_LEAST
    )
    make_citation(weak, "amount_eur_million", source=low)
    backed = make_budget(make_factory(name="Backed", slug="backed"), amount=Decimal("1500"))
    make_citation(backed, "amount_eur_million", source=low)
    make_citation(backed, "amount_eur_million", source=high)
    partly = make_factory(name="Partly", slug="partly")
    make_budget(partly, amount=Decimal("30"), label="Hardware")
    make_budget(partly, amount=None, qualifier=Qualifier.UNKNOWN, label="Operations")
    make_factory(name="None stated", slug="none-stated")


def test_the_json_row_carries_the_qualifier_the_wording_and_the_reliability(budgets):
    rows = rows_by_slug()
    picked = {
        slug: (
            row["budget_total_eur_million"],
            row["budget_qualifier"],
            row["budget_display"],
            row["budget_low_reliability"],
        )
        for slug, row in rows.items()
    }
    assert picked == {
        "weak": (556.0, "at_least", "at least €556 million", True),
        "backed": (1500.0, "exact", "€1.5 billion", False),
        "partly": (30.0, "at_least", "at least €30 million", False),
        "none-stated": (None, "unknown", "unknown", False),
    }


def test_the_csv_has_the_qualifier_and_reliability_columns(budgets):
    rows = rows_by_slug(format="csv")
    picked = {
        slug: (
            row["budget_total_eur_million"],
            row["budget_qualifier"],
            row["budget_display"],
            row["budget_low_reliability"],
        )
        for slug, row in rows.items()
    }
    assert picked == {
        "weak": ("556", "at_least", "at least €556 million", "true"),
        "backed": ("1500", "exact", "€1.5 billion", "false"),
        "partly": ("30", "at_least", "at least €30 million", "false"),
        "none-stated": ("", "unknown", "unknown", "false"),
    }


def test_lumi_reads_at_least(registry):
    lumi = rows_by_slug(format="csv")["lumi-ai-factory"]
    assert (lumi["budget_qualifier"], lumi["budget_display"]) == (
        "at_least",
        "at least €556 million",
    )


def test_the_schema_documents_the_new_columns(db):
    schema = APIClient().get("/api/v1/schema/", {"format": "json"}).json()
    row = schema["components"]["schemas"]["FactoryList"]["properties"]
    assert row["budget_qualifier"]["allOf"] == [{"$ref": "#/components/schemas/QualifierEnum"}]
    assert row["budget_display"]["type"] == "string"
    assert row["budget_low_reliability"]["type"] == "boolean"
