"""Search that forgives: other names and adjectives of states, accents, cities; filters by name;
the map's states and host sites as links."""

import re

import pytest

from consortia.filters import CountryCodeFilter
from consortia.models import Country
from consortia.names import fold, matching_state_codes
from factories.filters import FactoryFilterSet
from tests.builders import make_country, make_factory, make_organisation
from tests.factories.test_views import text


def found_factories(client, query):
    html = client.get("/search/", {"q": query}).content.decode()
    return re.findall(r'<h3><a href="/factories/[^"]+/">([^<]+)</a></h3>', html)


@pytest.fixture
def two_factories(db):
    czechia, sweden = make_country("CZ"), make_country("SE")
    turkey = make_country("TR", standing=Country.Standing.EUROHPC_PARTICIPATING)
    make_factory(name="Mimer", host=sweden, members=[czechia], site={"city": "Linköping"})
    make_factory(
        name="Anatolia",
        host=turkey,
        site={"city": "Ankara", "organisation": make_organisation(turkey, name="Türk Bilişim")},
    )


@pytest.mark.parametrize(
    ("query", "factory"),
    [
        ("Czech Republic", "Mimer"),
        ("czech", "Mimer"),
        ("Turkey", "Anatolia"),
        ("Turkish", "Anatolia"),
        ("Swedish", "Mimer"),
        ("Linkoping", "Mimer"),
        ("LINKÖPING", "Mimer"),
        ("Ankara", "Anatolia"),
        ("Turk Bilisim", "Anatolia"),
    ],
)
def test_search_forgives_other_names_adjectives_accents_and_cities(
    query, factory, two_factories, client
):
    assert factory in found_factories(client, query)


def test_a_search_for_another_name_lists_the_state_under_its_own(two_factories, client):
    page = text(client.get("/search/", {"q": "Czech Republic"}))
    assert "Czechia — EU Member State" in page
    assert "Türkiye — EuroHPC Participating State" in text(client.get("/search/", {"q": "Turkey"}))


def test_a_state_in_no_consortium_is_found_and_links_to_its_page(two_factories, client):
    response = client.get("/search/", {"q": "France"})
    assert "France — EU Member State" in text(response)
    assert 'href="/countries/fr/"' in response.content.decode()
    assert found_factories(client, "Danish") == []
    assert "Denmark — EU Member State" in text(client.get("/search/", {"q": "Danish"}))


def test_every_adjective_the_issue_names_finds_its_state():
    adjectives = {
        "Danish": "DK", "Finnish": "FI", "Swedish": "SE", "German": "DE", "Italian": "IT",
        "Spanish": "ES", "Greek": "GR", "Luxembourgish": "LU", "Polish": "PL", "Czech": "CZ",
        "Slovenian": "SI", "Austrian": "AT", "Norwegian": "NO", "Estonian": "EE", "Dutch": "NL",
        "Belgian": "BE", "Portuguese": "PT", "Bulgarian": "BG", "Hungarian": "HU",
        "Romanian": "RO", "Croatian": "HR", "Slovak": "SK", "Latvian": "LV", "Lithuanian": "LT",
        "Irish": "IE", "Cypriot": "CY", "Maltese": "MT", "French": "FR", "Icelandic": "IS",
        "Swiss": "CH", "Turkish": "TR",
    }  # fmt: skip
    for adjective, code in adjectives.items():
        assert code in matching_state_codes(adjective), adjective


def test_fold_drops_accents_by_unicode_normalisation():
    assert fold("Linköping") == fold("LINKOPING") == "linkoping"
    assert fold("Türkiye") == "turkiye"


def test_country_choices_are_sorted_by_name_not_code(db):
    for code in ["DE", "DK", "AT", "CZ"]:
        make_country(code)
    field = CountryCodeFilter().field
    assert [label for _, label in field.choices][1:] == ["Austria", "Czechia", "Denmark", "Germany"]
    assert (
        FactoryFilterSet().form.fields["country"].choices
    )  # the factory filter uses the same field


def test_the_factory_list_offers_states_by_name(db, client):
    make_factory(host=make_country("DE"), members=[make_country("DK"), make_country("AT")])
    html = client.get("/factories/").content.decode()
    options = re.findall(r'<option value="(at|de|dk)"', html)
    assert options == ["at", "dk", "de"]


def test_the_map_links_states_and_host_sites(db, client):
    factory = make_factory(name="North", host=make_country("FI"), members=[make_country("DK")])
    html = client.get("/").content.decode()
    svg = html[html.index("<svg") : html.index("</svg>")]
    assert f'<a href="{factory.get_absolute_url()}" aria-label="North, ' in svg
    for code in ["fi", "dk", "fr", "ch"]:  # in a consortium or not
        assert f'<a href="/countries/{code}/"' in svg
    assert 'href="/countries/ru/"' not in svg
