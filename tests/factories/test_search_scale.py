"""The search at 7, 1,000 and 10,000 factories: the same queries at every size, the first few of
each kind with "showing N of M" and a link to all of them, a page at a time; still forgiving."""

import re

import pytest
from django.db.models import Q

from config.cache import read_parameters
from factories.models import AIFactory
from factories.search import RESULTS_PER_KIND, RESULTS_PER_PAGE
from tests.factories.test_views import text

# Queries per search, the same at every size. Five reads of names: the factories' (with whether
# the summary matches), the organisations', the supercomputers', the factories' other names and
# sites. Then the factories of the states, partners or supercomputers matched, then the rows shown.
QUERIES = {
    # + the memberships of Finland; the factories shown, their other names; the state.
    "/search/?q=finnish": 9,
    "/search/?q=finnish&kind=factories&page=2": 8,
    # + the partnerships of the organisation matched (Linköping University); the factories
    # shown, their other names; the organisation, its first sites and partnerships.
    "/search/?q=linkoping": 11,
    "/search/?q=atlantis": 5,  # nothing matches: the five reads of names, no rows to show
}


def cards(response):
    return re.findall(
        r'<h3><a href="/factories/[^"]+/">([^<]+)</a></h3>', response.content.decode()
    )


def finnish_factories():
    """What "Finnish" should find, counted by the database: the factories Finland hosts or joins,
    and any whose name or summary says Finnish."""
    return (
        AIFactory.objects.filter(
            Q(memberships__country__code="FI")
            | Q(summary__icontains="finnish")
            | Q(name__icontains="finnish")
        )
        .distinct()
        .count()
    )


@pytest.mark.parametrize("url", QUERIES)
def test_a_search_runs_the_same_queries_at_every_size(
    url, registry_of_size, db, client, django_assert_num_queries
):
    client.get(url)  # Django's content-type cache, filled once per process, is not the page's cost
    with django_assert_num_queries(QUERIES[url]):
        response = client.get(url)
    assert response.status_code == 200


def test_a_search_shows_the_first_of_each_kind_and_links_to_all(registry_of_size, db, client):
    found = finnish_factories()
    response = client.get("/search/", {"q": "Finnish"})
    page = text(response)
    assert len(cards(response)) == min(found, RESULTS_PER_KIND)
    assert "Finland — EU Member State" in page  # the state, found by its adjective
    if found <= RESULTS_PER_KIND:
        assert "see all" not in page
        return
    assert (
        f"Showing {RESULTS_PER_KIND} of {found:,}, by name: see all {found:,} AI Factories" in page
    )
    assert 'href="?q=Finnish&amp;kind=factories"' in response.content.decode()

    # Every one of them, a page at a time, by name.
    first = client.get("/search/", {"q": "Finnish", "kind": "factories"})
    names = cards(first)
    assert len(names) == RESULTS_PER_PAGE and names == sorted(names)
    assert f"{found:,} results for “Finnish” among AI Factories. Showing 1 to 50, by name." in (
        text(first)
    )
    last_page = (found - 1) // RESULTS_PER_PAGE + 1
    last = client.get("/search/", {"q": "Finnish", "kind": "factories", "page": last_page})
    assert len(cards(last)) == found - (last_page - 1) * RESULTS_PER_PAGE
    assert 'rel="prev"' in last.content.decode() and 'rel="next"' not in last.content.decode()
    # A page past the last is the last; nonsense is the first: never a 500.
    assert cards(client.get("/search/?q=Finnish&kind=factories&page=99999")) == cards(last)
    assert cards(client.get("/search/?q=Finnish&kind=factories&page=x")) == names


def test_the_search_still_forgives_accents_at_every_size(registry_of_size, db, client):
    for query in ["Linkoping", "LINKÖPING", "Swedish"]:
        response = client.get("/search/", {"q": query})
        assert "MIMER" in cards(response) or "see all" in text(response), query
    assert "MIMER" in cards(client.get("/search/", {"q": "linkoping"}))


def test_an_unknown_kind_is_a_400_that_names_the_kinds(registry_of_size, db, client):
    response = client.get("/search/", {"q": "an", "kind": "everything"})
    assert response.status_code == 400
    assert "“everything” is not a kind of result" in text(response)
    assert 'href="?q=an&amp;kind=organisations"' in response.content.decode()


def test_the_read_cache_keeps_the_kind_of_result_apart():
    """`kind` and `page` are in the cache key: each "see all" page is its own entry."""
    assert {"q", "kind", "page"} <= read_parameters()
