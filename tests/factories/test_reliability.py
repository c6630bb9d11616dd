"""Reliability wherever a budget appears: a figure stated only by a low-reliability source is
marked in the factory list and the funding chart's table (issue 12)."""

from decimal import Decimal

import pytest

from funding.models import Qualifier
from funding.selectors import budgets_with_reliability
from sources.models import Source
from tests.builders import make_budget, make_citation, make_factory, make_source

LOW_MARK = '<a class="badge badge--low"'


@pytest.fixture
def budgets(db):
    """Three factories: a budget only a low source states, one a high source also states, and
    one a high source states while the low one's differing version is not accepted."""
    low = make_source(reliability=Source.Reliability.LOW, title="A rumour")
    high = make_source(reliability=Source.Reliability.HIGH, title="An official release")
    weak = make_budget(
        make_factory(name="Weak", slug="weak"), amount=Decimal("556"), qualifier=Qualifier.AT_LEAST
    )
    make_citation(weak, "amount_eur_million", source=low)
    backed = make_budget(make_factory(name="Backed", slug="backed"), amount=Decimal("100"))
    make_citation(backed, "amount_eur_million", source=low)
    make_citation(backed, "amount_eur_million", source=high)
    disputed = make_budget(make_factory(name="Disputed", slug="disputed"), amount=Decimal("90"))
    make_citation(disputed, "amount_eur_million", source=high)
    make_citation(disputed, "amount_eur_million", source=low, is_accepted=False)
    # A low source for another field does not make the amount weak.
    make_citation(disputed, "label", source=low)
    return {"weak": weak, "backed": backed, "disputed": disputed}


def test_a_budget_is_low_reliability_only_when_every_accepted_source_is_low(budgets):
    marked = {budget.pk: budget.low_reliability for budget in budgets_with_reliability()}
    assert marked == {
        budgets["weak"].pk: True,
        budgets["backed"].pk: False,
        budgets["disputed"].pk: False,
    }


def test_a_budget_without_citations_is_not_marked(db):
    budget = make_budget(make_factory())
    assert budgets_with_reliability().get(pk=budget.pk).low_reliability is False


def row(html, name):
    start = html.index(f">{name}</a></th>")
    return html[start : html.index("</tr>", start)]


def test_the_factory_list_marks_the_weak_budget_and_keeps_its_qualifier(budgets, client):
    html = client.get("/factories/").content.decode()
    assert "at least €556 million" in row(html, "Weak")
    assert LOW_MARK in row(html, "Weak")
    assert 'href="/sources/?reliability=low"' in row(html, "Weak")
    assert LOW_MARK not in row(html, "Backed")
    assert LOW_MARK not in row(html, "Disputed")


def test_the_funding_chart_table_marks_the_weak_budget(budgets, client):
    html = client.get("/funding/").content.decode()
    table = html[html.index("<caption>Budgets (the chart's data)</caption>") :]
    table = table[: table.index("</table>")]
    assert "at least €556 million" in row(table, "Weak")
    assert LOW_MARK in row(table, "Weak")
    assert LOW_MARK not in row(table, "Backed")
    assert LOW_MARK not in row(table, "Disputed")
    assert "come only from a source the registry rates low" in html
