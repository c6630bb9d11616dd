"""The editors' admin for programmes, stated totals and budget lines."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from funding.models import Budget, StatedTotal
from tests.builders import make_budget, make_factory
from tests.changes.editors import (
    admin_url,
    assert_anonymous_is_sent_to_login,
    assert_editor_opens_every_page,
    management_form,
    one_of_each,
)

pytestmark = pytest.mark.django_db

MODELS = ["funding.programme", "funding.statedtotal", "funding.budget"]
CITATIONS = management_form("sources-citation-content_type-object_id", 0)


@pytest.mark.parametrize("label", MODELS)
def test_an_editor_opens_the_list_add_change_and_history_pages(editor_client, label):
    assert_editor_opens_every_page(editor_client, label)


@pytest.mark.parametrize("label", MODELS)
def test_an_anonymous_visitor_is_sent_to_the_login_page(client, label):
    assert_anonymous_is_sent_to_login(client, label)


def budget_form(budget, **changes):
    return {
        "factory": budget.factory_id,
        "label": budget.label,
        "amount_eur_million": str(budget.amount_eur_million),
        "qualifier": budget.qualifier,
        **CITATIONS,
        **changes,
    }


def test_a_negative_budget_is_refused_on_its_page(editor_client):
    budget = make_budget(make_factory(), amount=Decimal("556"), qualifier="at_least")
    response = editor_client.post(
        admin_url("funding.budget", "change", budget.pk),
        budget_form(budget, amount_eur_million="-1"),
    )
    assert response.status_code == 200
    assert (
        "An amount cannot be negative."
        in response.context["adminform"].form.errors["amount_eur_million"]
    )
    budget.refresh_from_db()
    assert budget.display_amount == "at least €556 million"
    assert budget.history.count() == 1  # its creation only


def test_an_unknown_budget_with_a_number_is_refused(editor_client):
    budget = make_budget(make_factory(), amount=Decimal("30"))
    response = editor_client.post(
        admin_url("funding.budget", "change", budget.pk), budget_form(budget, qualifier="unknown")
    )
    assert response.context["adminform"].form.errors["amount_eur_million"] == [
        "An unknown amount has no number; clear it or change the qualifier."
    ]
    budget.refresh_from_db()
    assert budget.qualifier == "exact"


def test_a_negative_stated_total_is_refused(editor_client):
    total = StatedTotal.objects.create(
        slug="total", label="Investment", kind="investment", amount_eur_million=1500
    )
    response = editor_client.post(
        admin_url("funding.statedtotal", "change", total.pk),
        {
            "slug": "total",
            "label": "Investment",
            "kind": "investment",
            "amount_eur_million": "-1500",
            "qualifier": "exact",
            "derivation": "",
            **CITATIONS,
        },
    )
    assert (
        "An amount cannot be negative."
        in response.context["adminform"].form.errors["amount_eur_million"]
    )
    total.refresh_from_db()
    assert total.amount_eur_million == Decimal("1500")


def count_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize("label", MODELS)
def test_changelists_run_the_same_queries_for_more_rows(editor_client, label):
    one_of_each()
    url = admin_url(label, "changelist")
    few = count_queries(editor_client, url)
    for _ in range(8):
        one_of_each()
    assert count_queries(editor_client, url) == few
    assert Budget.objects.count() == 9


def test_changelists_say_amounts_as_the_pages_do(editor_client):
    StatedTotal.objects.create(
        slug="total", label="Investment", kind="investment", amount_eur_million=Decimal("1500")
    )
    make_budget(make_factory(name="Lumi"), amount=Decimal("556"), qualifier="at_least")
    totals = editor_client.get(admin_url("funding.statedtotal", "changelist")).content.decode()
    assert "€1.5 billion" in totals
    assert "1500" not in totals
    budgets = editor_client.get(admin_url("funding.budget", "changelist")).content.decode()
    assert "at least €556 million" in budgets
