"""The funding page: stated totals, the split, programmes, budgets as a chart, disagreements."""

import re
from decimal import Decimal

import pytest

from funding.models import Qualifier, StatedTotal
from tests.builders import (
    make_budget,
    make_citation,
    make_factory,
    make_programme,
    make_source,
    make_stated_total,
)
from tests.factories.test_views import text

FIRST_SEVEN = "Investment in the first seven AI Factories"


@pytest.fixture
def totals(db):
    """The headline total, its EU and national halves (worked out), the programmes, a goal."""
    programmes = [
        make_programme(name="Digital Europe Programme", purpose="AI infrastructure"),
        make_programme(name="Horizon Europe", purpose="AI Factory services"),
    ]
    total = make_stated_total(amount=Decimal("1500"), label=FIRST_SEVEN, programmes=programmes)
    for who in ("EU", "National"):
        make_stated_total(
            amount=Decimal("750"),
            label=f"{who} share of the first seven AI Factories",
            kind=StatedTotal.Kind.SHARE,
            part_of=total,
            is_derived=True,
            derivation="Half of this amount will be funded by the EU.",
        )
    make_stated_total(amount=Decimal("100"), label="Incubation and start-ups")
    return total


def test_funding_shows_totals_split_and_programmes_with_sources(totals, client):
    response = client.get("/funding/")
    page = text(response)
    assert response.status_code == 200
    assert "Investment in the first seven AI Factories €1.5 billion" in page
    assert "EU share of the first seven AI Factories €750 million" in page
    assert "National share of the first seven AI Factories €750 million" in page
    assert "Worked out, not stated" in page
    assert "Digital Europe Programme" in page and "Pays for: AI infrastructure" in page
    assert "Horizon Europe" in page and "Pays for: AI Factory services" in page
    assert "€100 million" in page


def test_disagreeing_totals_stand_side_by_side_with_their_sources(totals, client):
    field = "amount_eur_million"
    make_citation(totals, field, quote="a €1.5 billion investment", stated_value="€1.5 billion")
    article = make_source(slug="europes-ai-revolution-2-3-billion")
    for stated in ("€2.1 billion", "$2.3 billion"):
        make_citation(
            totals, field, source=article, quote=stated, stated_value=stated, is_accepted=False
        )
    response = client.get("/funding/")
    html = response.content.decode()
    disagreement = html[html.index("Where the sources disagree") :]
    versions = re.findall(r'<span class="amount">([^<]+)</span>', disagreement)
    assert versions[-2:] == ["€2.1 billion", "$2.3 billion"]
    assert "€1.5 billion" in versions[0]
    assert disagreement.count("not accepted") == 2
    assert 'href="/sources/europes-ai-revolution-2-3-billion/"' in disagreement
    assert "Sources differ." in text(response)


def test_budget_chart_draws_no_bar_for_unknown_and_an_open_end_for_at_least(db, client):
    make_budget(make_factory(name="LUMI"), amount=Decimal("556"), qualifier=Qualifier.AT_LEAST)
    make_budget(make_factory(name="MIMER"), amount=None, qualifier=Qualifier.UNKNOWN)
    make_budget(make_factory(name="Pharos"), amount=Decimal("30"))
    # A known line beside an unknown one: at least the known amount.
    mixed = make_factory(name="Mixed")
    make_budget(mixed, amount=Decimal("100"))
    make_budget(mixed, amount=None, qualifier=Qualifier.UNKNOWN, label="Services")
    html = client.get("/funding/").content.decode()
    chart = html[
        html.index('<svg class="chart"') : html.index("</svg>", html.index('<svg class="chart"'))
    ]
    assert chart.count('<rect class="bar"') == 3  # four factories, MIMER's budget unknown
    assert chart.count('<rect class="bar-open"') == 2
    assert "MIMER" in chart and "unknown: no source states an amount" in chart
    assert "at least €556 million" in chart
    assert "Mixed: at least €100 million" in chart
    assert "<title" in chart and "<desc" in chart
    table = html[html.index("Budgets (the chart's data)") :]
    assert re.search(r"MIMER</a></th><td[^>]*>unknown</td>", table)


def test_budget_bars_are_proportional_and_largest_first(db, client):
    make_budget(make_factory(name="Small"), amount=Decimal("10"))
    make_budget(make_factory(name="Large"), amount=Decimal("40"))
    make_budget(make_factory(name="Dark"), amount=None, qualifier=Qualifier.UNKNOWN)
    html = client.get("/funding/").content.decode()
    widths = [
        float(w) for w in re.findall(r'<rect class="bar" x="\d+" y="0" width="([\d.]+)"', html)
    ]
    assert len(widths) == 2
    assert widths[0] == 4 * widths[1]
    names = re.findall(r'<text class="bar-name"[^>]*>([^<]+)</text>', html)
    assert names == ["Large", "Small", "Dark"]
