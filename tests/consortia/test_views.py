"""The countries pages: each state's standing, the factory it hosts and the ones it joins."""

import re

import pytest

from consortia.models import Country
from tests.builders import (
    make_citation,
    make_country,
    make_factory,
    make_member,
    make_organisation,
    make_source,
)
from tests.factories.test_views import text

PARTICIPATING = Country.Standing.EUROHPC_PARTICIPATING


@pytest.fixture
def states(db):
    """Finland hosts LUMI, which Norway joins; Spain hosts BSC, which Türkiye joins; Cyprus is
    in no consortium."""
    finland = make_country("FI")
    csc = make_organisation(country=finland, name="CSC – IT Center for Science", short_name="CSC")
    lumi = make_factory(
        name="LUMI AI Factory",
        slug="lumi-ai-factory",
        host=finland,
        site={"city": "Kajaani", "organisation": csc},
    )
    make_member(lumi, make_country("NO", PARTICIPATING))
    bsc = make_factory(name="BSC AIF", host=make_country("ES"))
    make_member(bsc, make_country("TR", PARTICIPATING))
    make_country("CY")
    return lumi


def test_country_list_shows_every_state_with_standing_and_factories(states, client):
    response = client.get("/countries/")
    page = text(response)
    assert response.status_code == 200
    assert "5 states" in page
    assert re.search(r"Norway EuroHPC Participating State — LUMI AI Factory", page)
    assert re.search(r"Finland EU Member State LUMI AI Factory —", page)
    assert re.search(r"Cyprus EU Member State — —", page)


def test_country_list_filters_by_standing_and_consortium(states, client):
    page = text(client.get("/countries/", {"standing": "eurohpc_participating"}))
    assert "2 states" in page
    assert "Norway" in page and "Türkiye" in page
    page = text(client.get("/countries/", {"in_consortium": "false"}))
    assert "1 state" in page
    assert "Cyprus" in page


def test_country_list_nonsense_standing_shows_the_error(db, client):
    response = client.get("/countries/", {"standing": "empire"})
    assert response.status_code == 400
    assert "Select a valid choice. empire is not one of the available choices." in text(response)


def test_country_page_shows_standing_hosted_and_joined_with_sources(states, client):
    denmark = make_country("DK")
    membership = make_member(states, denmark)
    source = make_source(title="Seven European AI Factories Selected")
    make_citation(denmark, "standing", source=source)
    make_citation(membership, "role", source=source, quote="Denmark is a key member")
    response = client.get("/countries/dk/")
    page = text(response)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Denmark" in page
    assert "EU Member State" in page
    assert "Denmark hosts no AI Factory." in page
    assert 'href="/factories/lumi-ai-factory/"' in html
    assert "hosted in Kajaani" in page
    assert "Denmark is a key member — Seven European AI Factories Selected" in page
    assert f'href="/sources/{source.slug}/"' in html
    assert "No source is cited for this fact yet" not in page


def test_host_country_page_shows_the_factory_it_hosts(states, client):
    page = text(client.get("/countries/fi/"))
    assert "Finland" in page
    assert "LUMI AI Factory , in Kajaani, hosted by CSC" in page
    assert "Finland has joined no other state's AI Factory." in page


def test_country_page_from_builders(db, client):
    host = make_country("IS", PARTICIPATING)
    member = make_country("MT")
    factory = make_factory(host=host, name="Saga Factory")
    membership = make_member(factory, member)
    make_citation(membership, "role", source=make_source(title="Island news"))
    page = text(client.get("/countries/mt/"))
    assert "Malta" in page
    assert "Saga Factory" in page
    assert "Island news" in page
    page = text(client.get("/countries/is/"))
    assert "EuroHPC Participating State" in page
    assert "No source is cited for this fact yet" in page


def test_uppercase_code_redirects_to_the_lowercase_page(db, client):
    make_country("DK")
    response = client.get("/countries/DK/")
    assert response.status_code == 301
    assert response["Location"] == "/countries/dk/"


def test_unknown_country_is_the_sites_404(db, client):
    make_country("DK")
    for url in ["/countries/zz/", "/countries/us/", "/countries/denmark/"]:
        response = client.get(url)
        assert response.status_code == 404, url
        assert "Page not found" in text(response)
