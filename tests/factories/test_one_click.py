"""One click from a number to the passage that states it (issue 12): on the factory page, the
home page and /funding/, a figure links to its first accepted citation's passage, which the
source page highlights under that anchor; the note numbers stay beside it."""

from decimal import Decimal

import pytest

from sources.models import Source
from tests.builders import (
    make_budget,
    make_citation,
    make_factory,
    make_source,
    make_stated_total,
)

TEXT = (
    "The Example AI Factory will be hosted in Exampleville. "
    "It will run from 2025 to 2027. "
    "Its budget is €42 million. "
    "Together the AI Factories represent a total investment of €1.5 billion."
)


def figure_link(href, figure):
    """The figure as a link to its passage, named for what it leads to."""
    return f'<a href="{href}" aria-label="{figure}: the passage that states it"'


@pytest.fixture
def registry(db):
    source = make_source(slug="release", archived_text=TEXT)
    factory = make_factory(slug="example", deployment_start_year=2025, deployment_end_year=2027)
    make_citation(factory, "deployment_start_year", source=source, quote="from 2025")
    make_citation(factory, "deployment_end_year", source=source, quote="to 2027")
    budget = make_budget(factory, amount=Decimal("42"))
    make_citation(budget, "amount_eur_million", source=source, quote="Its budget is €42 million")
    total = make_stated_total(amount=Decimal("1500"))
    make_citation(
        total, "amount_eur_million", source=source, quote="a total investment of €1.5 billion"
    )
    return {"source": source, "factory": factory, "budget": budget, "total": total}


def test_the_passages_are_anchored_on_the_source_page(registry, client):
    html = client.get("/sources/release/").content.decode()
    for number in (2, 3, 4):
        assert f'<span id="passage-{number}"><a class="cited-passage"' in html


def test_the_factory_page_links_its_budget_and_years_to_their_passages(registry, client):
    html = client.get("/factories/example/").content.decode()
    # The infobox and the facts list each link the amount and both years.
    assert html.count(figure_link("/sources/release/#passage-3", "€42 million")) == 2
    assert html.count(figure_link("/sources/release/#passage-2", "2025")) == 2
    assert html.count(figure_link("/sources/release/#passage-2", "2027")) == 2
    # The note numbers stay.
    assert 'aria-label="Source note 1">[1]</a>' in html


def test_a_figure_without_accepted_evidence_is_not_a_link(db, client):
    source = make_source(archived_text=TEXT)
    budget = make_budget(make_factory(slug="unbacked"), amount=Decimal("42"))
    make_citation(
        budget, "amount_eur_million", source=source, quote="€42 million", is_accepted=False
    )
    html = client.get("/factories/unbacked/").content.decode()
    assert "the passage that states it" not in html
    assert "<strong>€42 million</strong>" in html


def test_the_home_page_links_the_headline_total_to_its_passage(registry, client):
    html = client.get("/").content.decode()
    assert (
        figure_link("/sources/release/#passage-4", "€1.5 billion") + ' title="The passage' in html
    )
    assert '<span class="figure">€1.5 billion</span></a>' in html
    assert 'class="badge badge--low"' not in html


def test_the_home_page_marks_a_headline_total_only_a_weak_source_states(db, client):
    weak = make_source(archived_text=TEXT, reliability=Source.Reliability.LOW)
    total = make_stated_total(amount=Decimal("1500"))
    make_citation(total, "amount_eur_million", source=weak, quote="€1.5 billion")
    html = client.get("/").content.decode()
    assert figure_link(f"/sources/{weak.slug}/#passage-4", "€1.5 billion") in html
    assert '<a class="badge badge--low" href="/sources/?reliability=low"' in html


def test_funding_links_each_total_and_budget_to_its_passage(registry, client):
    html = client.get("/funding/").content.decode()
    assert figure_link("/sources/release/#passage-4", "€1.5 billion") in html
    assert figure_link("/sources/release/#passage-3", "€42 million") in html
