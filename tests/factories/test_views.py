"""The factory pages and the overview: what a reader sees, and what it costs (the search: test_search.py)."""

import html as html_module
import re
from decimal import Decimal
from pathlib import Path

import pytest

from factories.models import AIFactory, FactoryName, FactorySystem
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
    "factory-list": 6,
    "factory-list-filtered": 7,
    "factory-detail": 13,
    "country-list": 3,
    "country-detail": 6,
    "funding": 8,
    "source-list": 1,
    "source-detail": 15,
    "search-a": 16,
}
# The HTML hot path with the real registry grown to 7, 1,000 and 10,000 factories
# (test_queries_at_size.py, tests/scale.py): the same exact counts at every size.
QUERIES_AT_SIZE = {
    "home": 9,
    "factory-list": 6,
    "factory-list-filtered": 7,
    "factory-list-ordered": 6,
    "factory-list-page-3": 6,
    "factory-detail": 13,
    "funding": 8,
    "country-list": 3,
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


# The list and its filters


def count_line(response):
    return re.search(r"(\d+) AI Factor(y|ies)", text(response)).group(0)


def test_factory_list_shows_every_factory_with_budget_as_stated(db, client):
    make_budget(make_factory(name="LUMI"), amount=Decimal("556"), qualifier=Qualifier.AT_LEAST)
    make_budget(make_factory(name="MIMER"), amount=None, qualifier=Qualifier.UNKNOWN)
    make_budget(make_factory(name="Large"), amount=Decimal("1500"))
    response = client.get("/factories/")
    page = text(response)
    assert count_line(response) == "3 AI Factories"
    assert "at least €556 million" in page
    assert "€1.5 billion" in page
    mimer_row = re.search(r"MIMER.*?</tr>", response.content.decode(), flags=re.S).group(0)
    assert ">unknown<" in mimer_row
    assert "€0" not in page


def rows(response):
    return re.findall(r'<th scope="row"><a href="/factories/([^/]+)/">', response.content.decode())


def test_a_long_list_comes_in_pages_of_50(many_factories, client):
    first = client.get("/factories/")
    assert len(rows(first)) == 50
    assert rows(first)[0] == "factory-000"
    assert "200 AI Factories Showing 1 to 50 of 200." in text(first)
    assert "Page 1 of 4" in text(first)
    assert 'href="?page=2" rel="next"' in first.content.decode()

    third = client.get("/factories/?ordering=-name&page=3")
    assert rows(third)[0] == "factory-099"
    assert 'href="?ordering=-name&amp;page=2" rel="prev"' in third.content.decode()


@pytest.mark.parametrize(("page", "first_row"), [("999", "factory-150"), ("abc", "factory-000")])
def test_a_nonsense_page_number_shows_the_nearest_page(page, first_row, many_factories, client):
    response = client.get(f"/factories/?page={page}")
    assert response.status_code == 200
    assert rows(response)[0] == first_row


@pytest.fixture
def listed(db):
    """Five factories to filter and sort: hosts, members, infrastructures and budgets differ."""
    new = AIFactory.Infrastructure.NEW_SYSTEM

    def factory(name, host, amount, qualifier=Qualifier.EXACT, **fields):
        made = make_factory(name=name, host=make_country(host), **fields)
        make_budget(made, amount=amount, qualifier=qualifier)

    lumi = {"infrastructure": new, "experimental_platform": True, "members": [make_country("DK")]}
    factory("LUMI", "FI", Decimal("556"), Qualifier.AT_LEAST, **lumi)
    factory("IT4LIA", "IT", Decimal("430"), infrastructure=new, members=[make_country("SI")])
    factory("BSC", "ES", Decimal("60"), infrastructure="upgrade", experimental_platform=True)
    factory("Pharos", "GR", Decimal("30"), infrastructure="associated")
    factory("MIMER", "SE", None, Qualifier.UNKNOWN, infrastructure=new)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("country=dk", ["LUMI"]),
        ("country=SI", ["IT4LIA"]),
        ("infrastructure=upgrade", ["BSC"]),
        ("infrastructure=associated", ["Pharos"]),
        ("experimental_platform=true", ["BSC", "LUMI"]),
        ("infrastructure=new_system&experimental_platform=false", ["IT4LIA", "MIMER"]),
    ],
)
def test_factory_list_filters(query, expected, listed, client):
    response = client.get(f"/factories/?{query}")
    assert response.status_code == 200
    rows = re.findall(
        r'<th scope="row"><a href="/factories/[^"]+/">([^<]+)</a>', response.content.decode()
    )
    assert rows == expected


def test_factory_list_sorts_by_budget_with_unknown_last(listed, client):
    response = client.get("/factories/?ordering=-budget")
    rows = re.findall(
        r'<th scope="row"><a href="/factories/[^"]+/">([^<]+)</a>', response.content.decode()
    )
    assert rows == ["LUMI", "IT4LIA", "BSC", "Pharos", "MIMER"]


def test_factory_list_sort_links_keep_the_filters(listed, client):
    html = client.get("/factories/?country=fi").content.decode()
    assert 'href="?country=fi&amp;ordering=-budget"' in html


@pytest.mark.parametrize(
    ("query", "message"),
    [
        (
            "infrastructure=castle",
            "Select a valid choice. castle is not one of the available choices.",
        ),
        ("country=zz", "“ZZ” is not the ISO code of a country in the registry."),
        ("budget_min=lots", "Budget at least (EUR million) : Enter a number."),
        ("ordering=height", "Select a valid choice."),
    ],
)
def test_nonsense_filter_values_show_the_error_not_a_500(query, message, db, client):
    response = client.get(f"/factories/?{query}")
    assert response.status_code == 400
    page = text(response)
    assert "This filter could not be applied" in page
    assert message in page
    assert "Clear the filters" in page


# One factory


def test_factory_page_shows_each_fact_with_its_quote_and_source(registry, client):
    response = client.get("/factories/lumi-ai-factory/")
    page = text(response)
    html = response.content.decode()
    assert response.status_code == 200
    assert "LUMI AI Factory" in page
    assert "Kajaani" in page
    assert "CSC" in page
    assert "at least €556 million" in page
    assert "From 2025 to 2026" in page
    for member in ["Czechia", "Denmark", "Estonia", "Norway", "Poland"]:
        assert f'">{member}</a>' in html
    assert 'href="/countries/dk/"' in html
    assert 'href="/sources/eurohpc-selects-first-seven-ai-factories/#passage-' in html
    # The host site's city shows with the quotes that state it, each naming its source.
    assert "City Kajaani" in page
    assert (
        "Kajaani, Finland: “LUMI AIF” at CSC"
        " — EuroHPC selects seven proposals to establish the first AI Factories"
    ) in page  # the note the city points to, with its source
    assert "No source is cited for this fact yet" not in page


@pytest.mark.parametrize(
    ("slug", "other_version"),
    [
        ("it4lia", "“ITA4LIA”"),
        ("l-ai-factory", "“Meluxina-AI”"),
        ("pharos", "“Upgrade”"),
        ("pharos", "“already deployed”"),
    ],
)
def test_factory_page_says_where_sources_differ(slug, other_version, registry, client):
    page = text(client.get(f"/factories/{slug}/"))
    assert "Sources differ." in page
    assert other_version in page


def test_factory_page_without_disagreement_has_no_sources_differ_note(db, client):
    factory = make_factory(slug="hammerhai")
    make_citation(factory, "name", source=make_source(title="The report"))
    page = text(client.get("/factories/hammerhai/"))
    assert "hosted in Exampleville — The report" in page
    assert "Sources differ." not in page


def test_unknown_budget_is_unknown_never_zero(db, client):
    make_budget(make_factory(slug="mimer"), amount=None, qualifier=Qualifier.UNKNOWN)
    page = text(client.get("/factories/mimer/"))
    assert "Total budget unknown" in page
    assert "€0" not in page


def test_factory_page_built_from_builders_shows_citation_and_dissent(db, client):
    factory = make_factory(name="Example Factory", slug="example")
    accepted = make_source(title="The accepted report")
    make_citation(factory, "name", source=accepted, quote="hosted in Exampleville")
    make_citation(
        factory,
        "name",
        source=make_source(title="A sloppy blog"),
        quote="Its budget is €42 million",
        stated_value="Exampel Factory",
        is_accepted=False,
        note="A typo.",
    )
    response = client.get("/factories/example/")
    page = text(response)
    assert "hosted in Exampleville — The accepted report" in page
    assert "Sources differ." in page
    assert "“Exampel Factory” in A sloppy blog" in page
    assert f'href="/sources/{accepted.slug}/#passage-' in response.content.decode()


def test_unknown_factory_is_the_sites_404(db, client):
    response = client.get("/factories/no-such-factory/")
    assert response.status_code == 404
    assert "Page not found" in text(response)
    assert "AI Factories Registry" in text(response)


def test_a_passage_backing_two_fields_is_quoted_once(db, client):
    factory = make_factory(slug="lumi", deployment_start_year=2025, deployment_end_year=2026)
    source = make_source()
    deployed = "They will be deployed in 2025-2026."
    table_row = "Kajaani, Finland | LUMI AF | LUMI | New | At least 556 |"
    for field_name in ("deployment_start_year", "deployment_end_year"):
        make_citation(factory, field_name, source=source, quote=deployed)
    system = make_supercomputer(status="planned")
    FactorySystem.objects.create(factory=factory, supercomputer=system, relation="new_system")
    make_citation(system, "status", source=source, quote=deployed)
    budget = make_budget(factory, amount=Decimal("556"), qualifier=Qualifier.AT_LEAST)
    for field_name in ("amount_eur_million", "qualifier"):
        make_citation(budget, field_name, source=source, quote=table_row)
    for field_name in ("name", "infrastructure"):
        make_citation(factory, field_name, source=source, quote=table_row)
    response = client.get("/factories/lumi/")
    assert "From 2025 to 2026" in text(response)
    page = response.content.decode()
    # Each passage is printed once, in the notes; every fact it backs points to that note.
    assert page.count(deployed) == 1
    assert page.count(table_row) == 1
    deployed_note = re.search(r'<li id="(note-\d+)"><q>' + re.escape(deployed), page).group(1)
    row_note = re.search(r'<li id="(note-\d+)"><q>' + re.escape(table_row), page).group(1)
    assert page.count(f'href="#{deployed_note}"') >= 3  # start, end, the new system's status
    assert page.count(f'href="#{row_note}"') >= 4  # name, infrastructure, amount, qualifier


def test_links_follow_the_script_prefix_of_each_request(registry, client):
    """Page links are remembered per process (sources/links.py), but by script prefix too: the
    same registry served under /registry/ links there, and at / does not. (gunicorn's WSGI
    handler sets the prefix from SCRIPT_NAME; the test client does not, so the test does.)"""
    from django.urls import clear_script_prefix, set_script_prefix

    at_root = client.get("/factories/").content.decode()
    set_script_prefix("/registry/")
    try:
        behind = client.get("/factories/").content.decode()
    finally:
        clear_script_prefix()
    assert 'href="/registry/factories/lumi-ai-factory/"' in behind
    assert 'href="/registry/countries/fi/"' in behind
    assert 'href="/factories/lumi-ai-factory/"' in at_root and "/registry/" not in at_root
    assert client.get("/factories/").content.decode().count("/registry/") == 0
