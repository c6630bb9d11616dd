"""What the HTML hot path costs and shows with the real registry grown to 7, 1,000 and 10,000
factories (tests/scale.py): the same exact number of queries at every size, and the pages that
show "all" of something say how many of how many they show and link to the rest."""

import re

import pytest

from tests.factories.test_views import QUERIES_AT_SIZE, text

PAGES = {
    "home": "/",
    "factory-list": "/factories/",
    "factory-list-filtered": "/factories/?country=dk&infrastructure=new_system",
    "factory-list-ordered": "/factories/?ordering=-budget",
    "factory-list-page-3": "/factories/?page=3",
    "factory-detail": "/factories/lumi-ai-factory/",
    "funding": "/funding/",
    "country-list": "/countries/",
    "source-list": "/sources/",
    "source-list-page-3": "/sources/?page=3",
    "sitemap": "/sitemap.xml",
    "sitemap-factories": "/sitemap-factories.xml",
}


@pytest.mark.parametrize("page", PAGES)
def test_each_page_runs_the_same_queries_at_any_size(
    page, registry_of_size, db, client, django_assert_num_queries
):
    with django_assert_num_queries(QUERIES_AT_SIZE[page]):
        response = client.get(PAGES[page])
    assert response.status_code == 200


def test_home_shows_the_first_50_of_all(registry_of_size, client, db):
    page = text(client.get("/"))
    if registry_of_size > 50:
        assert f"The first 50 of {registry_of_size:,} AI Factories by name" in page
        assert f"all {registry_of_size:,} AI Factories" in page
    else:
        assert "The first 50" not in page


def test_factory_list_shows_50_of_all_with_pages(registry_of_size, client, db):
    response = client.get("/factories/?page=2")
    page = text(response)
    rows = len(re.findall(r'<th scope="row">', response.content.decode()))
    if registry_of_size > 100:
        assert rows == 50
        assert (
            f"{registry_of_size:,} AI Factories Showing 51 to 100 of {registry_of_size:,}." in page
        )
        assert 'href="?page=3"' in response.content.decode()
    else:
        assert rows == registry_of_size


def test_funding_shows_the_50_largest_of_all_and_links_to_the_rest(registry_of_size, client, db):
    response = client.get("/funding/")
    page = text(response)
    if registry_of_size > 50:
        # Every generated factory has a budget line, known or not.
        assert f"The 50 largest budgets of {registry_of_size:,} AI Factories with a budget" in page
        assert 'href="/factories/?ordering=-budget">every factory by budget' in (
            response.content.decode()
        )
    else:
        assert "largest budgets" not in page


def test_factory_list_links_each_budget_to_its_passage_at_any_size(registry_of_size, client, db):
    html = client.get("/factories/?ordering=-budget").content.decode()
    amounts = re.findall(r"<td class=\"number\" data-label=\"Budget\">(.*?)</td>", html, re.S)
    assert len(amounts) == min(registry_of_size, 50)
    for cell in amounts:
        if cell != "unknown":
            assert re.match(r'<a href="/sources/[^"#]+/#passage-\d+"[^>]*>', cell), cell


def test_sources_shows_50_of_all_with_pages(registry_of_size, client, db):
    response = client.get("/sources/?page=2")
    html = response.content.decode()
    rows = len(re.findall(r'<th scope="row">', html))
    total = registry_of_size - 1  # the real registry's six sources, one per generated factory
    if total > 100:
        assert rows == 50
        assert f"{total:,} sources. Showing 51 to 100." in text(response), text(response)[:2000]
        assert 'href="?page=3"' in html
    else:
        assert rows == total


def test_each_page_of_the_sitemap_lists_at_most_1000_addresses(registry_of_size, client, db):
    index = client.get("/sitemap.xml").content.decode()
    pages = re.findall(r"<loc>http://testserver(/sitemap-factories[^<]*)</loc>", index)
    assert len(pages) == -(-registry_of_size // 1000)
    last = client.get(pages[-1].replace("&amp;", "&")).content.decode()
    addresses = last.count("<url>")
    assert addresses == registry_of_size - 1000 * (len(pages) - 1)
