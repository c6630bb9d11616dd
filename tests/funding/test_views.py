"""The funding page: stated totals, the split, programmes, budgets as a chart, disagreements."""

import re
from decimal import Decimal

from funding.models import Qualifier
from tests.builders import make_budget, make_factory
from tests.factories.test_views import text


def test_funding_shows_totals_split_and_programmes_with_sources(registry, client):
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


def test_disagreeing_totals_stand_side_by_side_with_their_sources(registry, client):
    response = client.get("/funding/")
    html = response.content.decode()
    disagreement = html[html.index("Where the sources disagree") :]
    versions = re.findall(r'<span class="amount">([^<]+)</span>', disagreement)
    assert versions[-2:] == ["€2.1 billion", "$2.3 billion"]
    assert "€1.5 billion" in versions[0]
    assert disagreement.count("not accepted") == 2
    assert 'href="/sources/europes-ai-revolution-2-3-billion/"' in disagreement
    assert "Sources differ." in text(response)


def test_budget_chart_draws_no_bar_for_unknown_and_an_open_end_for_at_least(registry, client):
    html = client.get("/funding/").content.decode()
    chart = html[
        html.index('<svg class="chart"') : html.index("</svg>", html.index('<svg class="chart"'))
    ]
    assert chart.count('<rect class="bar"') == 6  # seven factories, MIMER's budget unknown
    assert chart.count('<rect class="bar-open"') == 1
    assert "MIMER" in chart and "unknown: no source states an amount" in chart
    assert "at least €556 million" in chart
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
