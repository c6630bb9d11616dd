import pytest

from factories.filters import FactoryFilterSet
from factories.selectors import factory_list

pytestmark = pytest.mark.usefixtures("registry")


def slugs(**params):
    filterset = FactoryFilterSet(params, queryset=factory_list())
    assert filterset.is_valid(), filterset.errors
    return [factory.slug for factory in filterset.qs]


def test_country_matches_host_or_member_in_either_case():
    assert slugs(country="dk") == ["lumi-ai-factory"]
    assert slugs(country="FI") == ["lumi-ai-factory"]
    assert slugs(host_country="fi") == ["lumi-ai-factory"]
    assert slugs(host_country="dk") == []
    assert slugs(member_country="si") == ["it4lia"]


def test_infrastructure_and_experimental_platform():
    assert len(slugs(infrastructure="new_system")) == 5
    assert slugs(infrastructure="upgrade") == ["bsc-aif"]
    assert slugs(experimental_platform="true") == ["bsc-aif", "lumi-ai-factory"]


def test_budget_range_and_unknown_budget():
    assert slugs(budget_min="200") == ["it4lia", "lumi-ai-factory"]
    assert slugs(budget_max="100") == ["hammerhai", "pharos"]
    assert slugs(budget_unknown="true") == ["mimer"]
    assert len(slugs(budget_unknown="false")) == 6


def test_ordering_by_budget_puts_unknown_last_and_by_country_name():
    assert slugs(ordering="-budget") == [
        "lumi-ai-factory",
        "it4lia",
        "bsc-aif",
        "l-ai-factory",
        "hammerhai",
        "pharos",
        "mimer",
    ]
    assert slugs(ordering="budget")[-1] == "mimer"
    # Finland, Germany, Greece, Italy, Luxembourg, Spain, Sweden
    assert slugs(ordering="country") == [
        "lumi-ai-factory",
        "hammerhai",
        "pharos",
        "it4lia",
        "l-ai-factory",
        "bsc-aif",
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
