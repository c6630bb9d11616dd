import csv
import io
from decimal import Decimal

import pytest
from rest_framework.test import APIClient

from funding.models import Budget
from sources.models import Citation
from tests.api.clients import editor_client, evidence, if_match, token_client
from tests.builders import make_budget, make_citation, make_factory, make_source


@pytest.fixture
def api():
    return APIClient()


@pytest.mark.usefixtures("registry")
class TestReads:
    def test_budgets_give_unknown_as_null_never_zero(self, api):
        body = api.get("/api/v1/budgets/").json()
        assert body["count"] == 7
        mimer = next(row for row in body["results"] if row["factory"] == "mimer")
        assert (mimer["amount_eur_million"], mimer["qualifier"]) == (None, "unknown")
        assert mimer["display"] == "unknown"
        lumi = next(row for row in body["results"] if row["factory"] == "lumi-ai-factory")
        assert lumi["display"] == "at least €556 million"

    def test_budgets_filter_by_factory_and_qualifier(self, api):
        exact = api.get("/api/v1/budgets/", {"qualifier": "exact"}).json()
        assert exact["count"] == 5
        pharos = api.get("/api/v1/budgets/", {"factory": "pharos"}).json()
        assert [row["amount_eur_million"] for row in pharos["results"]] == [30.0]
        assert api.get("/api/v1/budgets/", {"qualifier": "roughly"}).status_code == 400

    def test_budgets_csv(self, api):
        response = api.get("/api/v1/budgets/", HTTP_ACCEPT="text/csv")
        rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
        assert len(rows) == 7
        assert {row["factory"]: row["amount_eur_million"] for row in rows}["mimer"] == ""

    def test_programmes(self, api):
        body = api.get("/api/v1/programmes/").json()
        assert [row["slug"] for row in body["results"]] == [
            "digital-europe",
            "horizon-europe",
            "national-funding",
        ]
        assert api.get("/api/v1/programmes/horizon-europe/").json()["level"] == "eu"


@pytest.mark.django_db
class TestWrites:
    def test_writes_need_an_editor(self, api):
        budget = make_budget(make_factory())
        assert (
            api.patch(f"/api/v1/budgets/{budget.pk}/", {"amount_eur_million": 1}).status_code == 401
        )
        reader = token_client()
        response = reader.patch(
            f"/api/v1/budgets/{budget.pk}/", {"amount_eur_million": 1}, format="json"
        )
        assert response.status_code == 403
        budget.refresh_from_db()
        assert budget.amount_eur_million == Decimal("42")

    def test_an_unknown_amount_with_a_number_is_400_and_changes_nothing(self):
        editor = editor_client()
        budget = make_budget(make_factory())
        url = f"/api/v1/budgets/{budget.pk}/"
        response = editor.patch(
            url,
            {"qualifier": "unknown", "label": "Changed"},
            format="json",
            **if_match(editor, url),
        )
        assert response.status_code == 400
        assert response.json() == {
            "amount_eur_million": [
                "An unknown amount has no number; clear it or change the qualifier."
            ]
        }
        budget.refresh_from_db()
        assert (budget.qualifier, budget.label) == ("exact", "Total budget")
        response = editor.patch(
            url,
            {
                "qualifier": "unknown",
                "amount_eur_million": None,
                "evidence": evidence(make_source(), "qualifier", quote="Its budget is"),
            },
            format="json",
            **if_match(editor, url),
        )
        assert response.status_code == 200, response.content
        assert response.json()["display"] == "unknown"

    def test_negative_and_duplicate_budgets_are_400(self):
        editor = editor_client()
        factory = make_factory()
        make_budget(factory)
        negative = {"factory": factory.slug, "label": "Other", "qualifier": "exact"}
        response = editor.post(
            "/api/v1/budgets/", {**negative, "amount_eur_million": -5}, format="json"
        )
        assert response.status_code == 400
        assert "amount_eur_million" in response.json()
        duplicate = {"factory": factory.slug, "label": "Total budget", "qualifier": "unknown"}
        response = editor.post("/api/v1/budgets/", duplicate, format="json")
        assert response.status_code == 400
        assert Budget.objects.count() == 1

    def test_deleting_a_budget_line_deletes_its_citations_with_it_on_record(self):
        editor = editor_client()
        factory = make_factory()
        cited = make_budget(factory)
        citation = make_citation(cited, field_name="amount_eur_million")
        url = f"/api/v1/budgets/{cited.pk}/"
        assert editor.delete(url, **if_match(editor, url)).status_code == 204
        assert not Budget.objects.exists()
        assert not Citation.objects.filter(pk=citation.pk).exists()
        # The history keeps the deleted citation with its quote, and who deleted it.
        record = Citation.history.filter(id=citation.pk, history_type="-").get()
        assert (record.quote, record.history_user.username) == (citation.quote, "editor")
