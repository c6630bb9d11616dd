"""Every quote leads to its passage: the source page anchors each passage, marks the quoted
ones with a link back to their facts, and renders the archived tables as tables."""

import re

import pytest

from sources.text import blocks, passage_of
from tests.builders import make_citation, make_factory, make_source

pytestmark = pytest.mark.django_db

TEXT = (
    "Seven AI Factories\n"
    "The Example AI Factory will be hosted in Exampleville. Its budget is €42 million.\n"
    "| Location | Name | Budget (EUR million) |\n"
    "|---|---|---|\n"
    "| Exampleville | Example | 42 |\n"
)


def test_the_text_is_split_into_paragraphs_of_sentences_and_tables_of_rows():
    parts = blocks(TEXT)
    assert [(block.kind, block.passages) for block in parts] == [
        ("p", ["Seven AI Factories"]),
        (
            "p",
            [
                "The Example AI Factory will be hosted in Exampleville.",
                "Its budget is €42 million.",
            ],
        ),
        (
            "table",
            ["| Location | Name | Budget (EUR million) |", "| Exampleville | Example | 42 |"],
        ),
    ]
    passages = [p for block in parts for p in block.passages]
    assert passage_of(passages, "hosted in Exampleville") == 2
    assert passage_of(passages, "Exampleville | Example | 42") == 5
    assert passage_of(passages, "not in the text") is None


def test_a_quote_links_to_its_passage_and_the_passage_back_to_its_fact(client):
    source = make_source(archived_text=TEXT, slug="press")
    factory = make_factory(name="Example AI Factory", slug="example")
    citation = make_citation(factory, "name", source=source, quote="Its budget is €42 million.")
    factory_page = client.get("/factories/example/").content.decode()
    assert 'href="/sources/press/#passage-3"' in factory_page

    page = client.get("/sources/press/").content.decode()
    passage = re.search(r'<span id="passage-3">(.*?)</span>', page, re.S).group(1)
    assert f'href="#citation-{citation.pk}"' in passage
    assert "<mark>Its budget is €42 million.</mark>" in passage
    assert f'<li id="citation-{citation.pk}">' in page
    assert 'href="/sources/press/#passage-3" class="to-passage"' in page
    # The table is a table, its first row the header; no pipes are shown.
    table = page[page.index('<table class="archived-table">') :]
    assert '<th scope="col">Budget (EUR million)</th>' in table
    assert '<tr id="passage-5"><td>Exampleville</td><td>Example</td><td>42</td></tr>' in table
    assert "| Exampleville" not in page


def test_a_source_address_is_a_link(client):
    make_source(slug="press", url="https://eurohpc-ju.europa.eu/news")
    page = client.get("/sources/press/").content.decode()
    assert '<a href="https://eurohpc-ju.europa.eu/news" rel="noopener noreferrer">' in page
