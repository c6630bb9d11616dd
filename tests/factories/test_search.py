"""The search page: every name a factory goes by, states, and no match."""

import re

import pytest

from tests.factories.test_views import text


@pytest.mark.parametrize(
    ("query", "found"),
    [
        ("ITA4LIA", "IT4LIA"),
        ("MareNostrum", "BSC AIF"),
        ("Denmark", "LUMI AI Factory"),
        ("bologna", "IT4LIA"),
        ("CINECA", "IT4LIA"),
        ("Meluxina", "L-AI Factory"),
    ],
)
def test_search_finds_factories_by_every_name_they_go_by(query, found, registry, client):
    response = client.get("/search/", {"q": query})
    assert response.status_code == 200
    html = response.content.decode()
    factories = re.findall(r'<h3><a href="/factories/[^"]+/">([^<]+)</a></h3>', html)
    assert found in factories


def test_search_for_a_state_lists_the_state_too(registry, client):
    page = text(client.get("/search/", {"q": "Denmark"}))
    assert "Denmark — EU Member State" in page


def test_search_with_no_match_says_so(registry, client):
    page = text(client.get("/search/", {"q": "Atlantis"}))
    assert "0 results for “Atlantis”" in page
    assert "Nothing in the registry matches" in page


def test_empty_search_shows_only_the_form(registry, client):
    response = client.get("/search/")
    assert response.status_code == 200
    assert "result" not in text(response).split("Search", 3)[-1]
