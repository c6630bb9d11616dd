"""The factory list's FilterSet (shared by the page and the API), on factories built for it."""

from decimal import Decimal

import pytest

from factories.filters import FactoryFilterSet
from factories.models import AIFactory
from factories.selectors import factory_list
from funding.models import Qualifier
from tests.builders import make_budget, make_country, make_factory

NEW = AIFactory.Infrastructure.NEW_SYSTEM


@pytest.fixture(autouse=True)
def factories(db):
    """Six factories: hosts in six states, two with members, budgets exact, at least and unknown."""
    country = make_country

    def factory(slug, host, amount, qualifier=Qualifier.EXACT, **fields):
        made = make_factory(host=country(host), slug=slug, name=slug.capitalize(), **fields)
        make_budget(made, amount=amount, qualifier=qualifier)

    lumi_members = [country("DK"), country("NO")]
    factory(
        "lumi",
        "FI",
        Decimal("556"),
        Qualifier.AT_LEAST,
        members=lumi_members,
        infrastructure=NEW,
        experimental_platform=True,
    )
    factory("italia", "IT", Decimal("430"), infrastructure=NEW, members=[country("SI")])
    factory("stuttgart", "DE", Decimal("85"), infrastructure=NEW)
    factory("barcelona", "ES", Decimal("60"), infrastructure="upgrade", experimental_platform=True)
    factory("athens", "GR", Decimal("30"), infrastructure="associated")
    factory("mimer", "SE", None, Qualifier.UNKNOWN, infrastructure=NEW)


def slugs(**params):
    filterset = FactoryFilterSet(params, queryset=factory_list())
    assert filterset.is_valid(), filterset.errors
    return [factory.slug for factory in filterset.qs]


def test_country_matches_host_or_member_in_either_case():
    assert slugs(country="dk") == ["lumi"]
    assert slugs(country="FI") == ["lumi"]
    assert slugs(host_country="fi") == ["lumi"]
    assert slugs(host_country="dk") == []
    assert slugs(member_country="si") == ["italia"]
    assert slugs(member_country="it") == []  # the host is not one of its members


def test_infrastructure_and_experimental_platform():
    assert len(slugs(infrastructure="new_system")) == 4
    assert slugs(infrastructure="upgrade") == ["barcelona"]
    assert slugs(experimental_platform="true") == ["barcelona", "lumi"]


def test_budget_range_and_unknown_budget():
    assert slugs(budget_min="200") == ["italia", "lumi"]
    assert slugs(budget_max="100") == ["athens", "barcelona", "stuttgart"]
    assert slugs(budget_unknown="true") == ["mimer"]
    assert len(slugs(budget_unknown="false")) == 5


def test_ordering_by_budget_puts_unknown_last_and_by_country_name():
    assert slugs(ordering="-budget") == [
        "lumi",
        "italia",
        "stuttgart",
        "barcelona",
        "athens",
        "mimer",
    ]
    assert slugs(ordering="budget")[-1] == "mimer"
    # Finland, Germany, Greece, Italy, Spain, Sweden: by name, not by ISO code.
    assert slugs(ordering="country") == [
        "lumi",
        "stuttgart",
        "athens",
        "italia",
        "barcelona",
        "mimer",
    ]


def test_nonsense_values_are_form_errors():
    filterset = FactoryFilterSet(
        {"country": "zz", "infrastructure": "castle", "budget_min": "lots"},
        queryset=factory_list(),
    )
    assert not filterset.is_valid()
    assert filterset.errors["country"] == ["“ZZ” is not the ISO code of a country in the registry."]
    assert set(filterset.errors) == {"country", "infrastructure", "budget_min"}


@pytest.mark.parametrize(
    "query, expected",
    [
        ("budget_min=200", ["italia", "lumi"]),
        ("budget_max=100", ["athens", "barcelona", "stuttgart"]),
        ("budget_unknown=true", ["mimer"]),
        (
            "ordering=-budget&budget_unknown=false",
            ["lumi", "italia", "stuttgart", "barcelona", "athens"],
        ),
        ("ordering=budget", ["athens", "barcelona", "stuttgart", "italia", "lumi", "mimer"]),
    ],
)
def test_the_api_filters_and_orders_by_the_budget_it_adds_only_then(client, query, expected):
    """The API picks a page's ids from factories without their budget total (building its
    subquery cost a quarter of an unfiltered list's CPU), which the FilterSet adds for a budget
    filter or order: the same rows as the page's."""
    response = client.get(f"/api/v1/factories/?{query}")
    assert response.status_code == 200
    assert [row["slug"] for row in response.json()["results"]] == expected
