"""One click from a number to its passage on /changes/ (issue 12): a change that cites a source
links to the passage that states the new value, highlighted on the source's page."""

import re
from decimal import Decimal

import pytest

from sources import services
from sources.models import Citation
from tests.builders import make_budget, make_citation, make_factory, make_source

pytestmark = pytest.mark.django_db

TEXT = "The Example AI Factory will be hosted in Exampleville. Its budget is €50 million."


def passage_links(client):
    page = client.get("/changes/").content.decode()
    return re.findall(
        r'<p class="change-passage"><a href="([^"]+)">The passage that states it</a></p>', page
    )


def test_a_changed_amount_links_to_the_passage_that_states_the_new_one(client):
    factory = make_factory(slug="example")
    budget = make_budget(factory, amount=Decimal("42"))
    for field_name in ("amount_eur_million", "qualifier"):
        make_citation(budget, field_name, quote="Its budget is €42 million")
    source = make_source(slug="update", archived_text=TEXT)
    budget.amount_eur_million = Decimal("50")
    services.fact_save(
        budget,
        citations=[
            Citation(
                field_name=field_name,
                source=source,
                quote="Its budget is €50 million",
                stated_value="€50 million",
            )
            for field_name in ("amount_eur_million", "qualifier")
        ],
    )
    links = passage_links(client)
    assert links[0] == "/sources/update/#passage-2"
    # The passage is there, anchored and highlighted, on the source's page.
    source_page = client.get("/sources/update/").content.decode()
    assert '<span id="passage-2"><a class="cited-passage"' in source_page


def test_a_citation_added_on_its_own_links_to_the_passage_it_quotes(client):
    factory = make_factory(slug="example", name="Example")
    source = make_source(slug="release", archived_text=TEXT)
    services.fact_save(
        factory,
        citations=[
            Citation(
                field_name="name",
                source=source,
                quote="hosted in Exampleville",
                stated_value="Example",
            )
        ],
    )
    assert passage_links(client) == ["/sources/release/#passage-1"]
