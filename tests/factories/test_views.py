"""What every page costs (exact queries, weight), and the overview; the factory list:
test_views_list.py, a factory's page: test_views_factory_page.py, the search: test_search.py."""

import html as html_module
import re
from decimal import Decimal
from pathlib import Path

import pytest

from factories.models import FactoryName, FactorySystem
from funding.models import Qualifier
from tests.builders import (
    make_budget,
    make_citation,
    make_country,
    make_factory,
    make_member,
    make_programme,
    make_round,
    make_source,
    make_stated_total,
    make_supercomputer,
)

MANY = 200
STATES = ["FI", "DK", "SE", "NO", "EE", "PL", "CZ", "DE", "IT", "AT", "SI", "ES", "PT", "GR"]


@pytest.fixture
def many_factories(db):
    """200 factories made by the builders, each with a member, a budget, a system and citations."""
    selection_round = make_round()
    source = make_source(slug="many-source", title="A source citing many factories")
    countries = [make_country(code) for code in STATES]
    for n in range(MANY):
        host, member = countries[n % len(countries)], countries[(n + 1) % len(countries)]
        factory = make_factory(
            host=host,
            selection_round=selection_round,
            name=f"Factory {n:03d}",
            slug=f"factory-{n:03d}",
        )
        make_member(factory, member)
        if n % 10 == 0:
            budget = make_budget(factory, amount=None, qualifier=Qualifier.UNKNOWN)
        else:
            budget = make_budget(factory, amount=Decimal(10 + n))
        FactoryName.objects.create(factory=factory, name=f"Alias {n}", kind="short_form")
        system = make_supercomputer(country=host, name=f"Machine {n}", slug=f"machine-{n}")
        FactorySystem.objects.create(factory=factory, supercomputer=system, relation="new_system")
        make_citation(factory, "name", source=source)
        make_citation(factory.site, "city", source=source)
        make_citation(budget, "amount_eur_million", source=source, is_accepted=n % 2 == 0)
    total = make_stated_total(amount=Decimal("1500"), programmes=[make_programme()])
    make_citation(total, "amount_eur_million", source=source)


def PAGES(dataset):
    detail = {
        "registry": ("it4lia", "dk", "europes-ai-revolution-2-3-billion"),
        "many_factories": ("factory-007", "dk", "many-source"),
    }[dataset]
    return {
        "home": "/",
        "factory-list": "/factories/",
        "factory-list-filtered": "/factories/?country=dk&infrastructure=new_system&ordering=-budget",
        "factory-detail": f"/factories/{detail[0]}/",
        "country-list": "/countries/",
        "country-detail": f"/countries/{detail[1]}/",
        "funding": "/funding/",
        "source-list": "/sources/",
        "source-detail": f"/sources/{detail[2]}/",
        "search-a": "/search/?q=a",
        "search-an": "/search/?q=an",
        "search-in": "/search/?q=in",
    }


# The number of SQL queries each page runs: the same for the seven real factories and for 200.
QUERIES = {
    "home": 9,  # and the first selection round with its citations, for the scope's date
    # The count, the page's ids, its rows (factories, members, budgets, their citations) and
    # the states to filter by; a read again outside a transaction runs only the first two
    # (factories/page_model.py, tests/factories/test_factory_page_model.py).
    "factory-list": 7,
    "factory-list-filtered": 8,
    "factory-detail": 13,
    "country-list": 3,
    "country-detail": 6,
    "funding": 8,
    "source-list": 2,  # the count of sources, and a page of them
    "source-detail": 15,
    "search-a": 16,
}
# The HTML hot path with the real registry grown to 7, 1,000 and 10,000 factories
# (test_queries_at_size.py, tests/scale.py): the same exact counts at every size.
QUERIES_AT_SIZE = {
    "home": 9,
    "factory-list": 7,
    "factory-list-filtered": 8,
    "factory-list-ordered": 7,
    "factory-list-page-3": 7,
    "factory-detail": 13,
    "funding": 8,
    "country-list": 3,
    "source-list": 2,
    "source-list-page-3": 2,
    "sitemap": 7,
    "sitemap-factories": 2,  # the count of factories, and a page of them
}
WEIGHT_LIMIT = 100 * 1024


def page_weight(response):
    """Bytes of the page's HTML plus every stylesheet and SVG it links to (inline SVG is in the HTML)."""
    from django.contrib.staticfiles import finders

    html = response.content.decode()
    total = len(response.content)
    for asset in sorted(set(re.findall(r'href="/static/([^"]+)"', html))):
        path = finders.find(asset)
        assert path, f"linked asset {asset} is missing"
        total += Path(path).stat().st_size
    return total


@pytest.mark.parametrize("dataset", ["registry", "many_factories"])
def test_every_page_runs_a_fixed_number_of_queries(
    dataset, request, client, django_assert_num_queries
):
    """The counts are exact, and the same for the 7 real factories and for 200 generated ones."""
    request.getfixturevalue(dataset)
    for page, queries in QUERIES.items():
        with django_assert_num_queries(queries):
            response = client.get(PAGES(dataset)[page])
        assert response.status_code == 200, page


def test_every_page_weighs_under_100_kb(registry, client):
    """HTML, the stylesheet and the SVG each page links to, with the real registry's data."""
    weights = {}
    for page, url in PAGES("registry").items():
        response = client.get(url)
        assert response.status_code == 200, page
        weights[page] = page_weight(response)
    assert weights["home"] > 20 * 1024  # the map is inline: a weight without it would be wrong
    assert max(weights.values()) < WEIGHT_LIMIT, weights


def text(response):
    """The page's visible text with tags removed and whitespace folded, as a reader would see it."""
    html = re.sub(
        r"<(script|style|title|desc)\b.*?</\1>", " ", response.content.decode(), flags=re.S
    )
    return html_module.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)))


# The overview


def test_home_shows_the_factories_counts_total_and_map(registry, client):
    response = client.get("/")
    page = text(response)
    assert response.status_code == 200
    for name in [
        "BSC AIF",
        "IT4LIA",
        "LUMI AI Factory",
        "L-AI Factory",
        "MIMER",
        "HammerHAI",
        "Pharos",
    ]:
        assert name in page
    assert "7 AI Factories" in page
    assert "17 states in their consortia, 7 of them hosts" in page
    assert "€1.5 billion" in page
    html = response.content.decode()
    # Seven host states and ten member states shaded, seven host sites marked, with a title.
    assert html.count('class="state state--host"') == 7
    assert html.count('class="state state--member"') == 10
    assert html.count('<circle class="site"') == 7
    assert '<title id="map-title">' in html
    assert "Kajaani, Finland" in page


def test_home_links_into_every_section(db, client):
    make_factory(slug="it4lia", host=make_country("IT"), members=[make_country("DK")])
    html = client.get("/").content.decode()
    for url in [
        "/factories/",
        "/countries/",
        "/funding/",
        "/sources/",
        "/search/",
        "/factories/it4lia/",
        "/countries/dk/",
    ]:
        assert f'href="{url}' in html or f'action="{url}' in html, url


def test_home_counts_the_states_once_and_shades_a_host_as_a_host(db, client):
    finland, denmark, sweden = make_country("FI"), make_country("DK"), make_country("SE")
    make_factory(name="North", host=finland, members=[denmark, sweden])
    make_factory(name="West", host=sweden, members=[denmark])
    make_stated_total(amount=Decimal("1500"), label="Investment in both")
    response = client.get("/")
    page = text(response)
    assert "2 AI Factories" in page
    assert "3 states in their consortia, 2 of them hosts" in page
    assert "€1.5 billion stated: Investment in both" in page
    html = response.content.decode()
    # The map's table: each factory's members, never its host.
    assert re.search(r"North City \d+, Finland Denmark Sweden West City \d+, Sweden Denmark", page)
    # Sweden hosts one factory and joins the other: it is shaded as a host.
    assert html.count('class="state state--host"') == 2
    assert html.count('class="state state--member"') == 1
    assert html.count('<circle class="site"') == 2
