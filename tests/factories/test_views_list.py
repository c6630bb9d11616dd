"""The factory list: its rows, its pages of 50, its filters and sorting, and bad filter values."""

import re
from decimal import Decimal

import pytest

from factories.models import AIFactory
from funding.models import Qualifier
from tests.builders import (
    make_budget,
    make_country,
    make_factory,
)
from tests.factories.test_views import many_factories, text  # noqa: F401 (a fixture)


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


@pytest.mark.usefixtures("many_factories")
def test_a_long_list_comes_in_pages_of_50(client):
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
@pytest.mark.usefixtures("many_factories")
def test_a_nonsense_page_number_shows_the_nearest_page(page, first_row, client):
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
