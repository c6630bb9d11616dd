"""The pages and API endpoints of states, organisations and supercomputers at 7, 1,000 and 10,000
factories: the same queries at every size, and at size a few rows each with "showing N of M"
and a working link to the rest."""

import re

import pytest
from rest_framework.test import APIClient

from consortia.models import Membership, Organisation
from consortia.selectors import FACTORIES_NAMED_PER_STATE, FACTORIES_SHOWN_PER_ROLE
from factories.models import AIFactory, FactorySystem, Supercomputer
from factories.selectors import FACTORIES_NAMED_PER_ENTITY
from factories.views import ENTITIES_PER_PAGE
from tests.factories.test_views import text

# Queries per request, the same at 7, 1,000 and 10,000 factories.
QUERIES = {
    # The state with its counts, its citations, the first hosted and joined factories and their
    # citations, its organisations, the rounds it declared interest in.
    "/countries/fi/": 6,
    "/countries/": 3,  # the states with their counts, the first hosted, the first joined
    "/organisations/": 4,  # COUNT, rows with counts, first hosted, first partnerships
    # The organisation, its citations and units, COUNT of its sites, a page of them and their
    # citations, its first partnerships (CSC has none, so no query for their citations).
    "/organisations/csc/": 7,
    "/supercomputers/": 3,  # COUNT, rows with counts, first factory links
    "/supercomputers/lumi/": 5,  # the row, its citations, COUNT, a page of links, their citations
    "/api/v1/countries/": 3,  # COUNT, rows with counts, the first memberships of each role
    "/api/v1/countries/fi/": 2,  # the row with counts, every membership with its factory
    "/api/v1/memberships/": 2,
    "/api/v1/partnerships/": 3,
    "/api/v1/organisations/": 2,
    "/api/v1/organisations/csc/": 1,
}


def fi_hosts():
    return Membership.objects.filter(country__code="FI", role=Membership.Role.HOST).count()


@pytest.mark.parametrize("url", QUERIES)
def test_each_page_runs_the_same_queries_at_every_size(
    url, registry_of_size, db, client, django_assert_num_queries
):
    client.get(url)  # Django's content-type cache, filled once per process, is not the page's cost
    with django_assert_num_queries(QUERIES[url]):
        response = client.get(url)
    assert response.status_code == 200


def test_a_state_page_shows_the_first_factories_and_links_to_all(registry_of_size, db, client):
    hosted = fi_hosts()
    response = client.get("/countries/fi/")
    page = text(response)
    hosts = response.content.decode().split("<h2>Hosts</h2>", 1)[1].split("<h2>", 1)[0]
    shown = hosts.count("<dt>AI Factory</dt>")
    # Each one shown keeps its evidence: the quotes of its sources.
    assert hosts.count('<ul class="evidence"') == shown
    assert "No source is cited" not in hosts
    if registry_of_size == 7:
        assert hosted == shown == 1 and "Showing" not in page
        return
    assert shown == FACTORIES_SHOWN_PER_ROLE < hosted
    assert (
        f"Showing the first {FACTORIES_SHOWN_PER_ROLE} of the {hosted:,} AI Factories "
        f"Finland hosts, by name: all {hosted:,} in the factory list" in page
    )
    # The link leads to the factory list filtered by host country, which counts them all.
    assert 'href="/factories/?host_country=fi"' in response.content.decode()
    assert f"{hosted:,} AI Factories match these filters" in text(
        client.get("/factories/?host_country=fi")
    )


def test_the_organisations_name_a_few_factories_each_and_link_to_all(registry_of_size, db, client):
    response = client.get("/organisations/")
    html = response.content.decode()
    csc = next(line for line in html.splitlines() if 'href="/organisations/csc/"' in line)
    named = re.findall(r'href="/factories/([^"]+)/"', csc.split("; hosts ", 1)[1].split(";")[0])
    hosted = AIFactory.objects.filter(site__organisation__slug="csc").count()
    assert len(named) == min(hosted, FACTORIES_NAMED_PER_ENTITY)
    if hosted > FACTORIES_NAMED_PER_ENTITY:
        assert f'… <a href="/organisations/csc/">all {hosted:,} it hosts</a>' in csc


def test_an_organisation_hosting_thousands_shows_them_a_page_at_a_time(
    registry_of_size, db, client
):
    csc = Organisation.objects.get(slug="csc")
    hosted = csc.hosted_sites.count()
    first = client.get("/organisations/csc/")
    assert first.content.decode().count("<dt>AI Factory</dt>") == min(hosted, ENTITIES_PER_PAGE)
    if registry_of_size == 7:
        assert "Showing" not in text(first)
        return
    assert f"{csc.name} hosts {hosted:,} AI Factories. Showing 1 to 50, by name." in text(first)
    second = client.get("/organisations/csc/?page=2")
    assert "Showing 51 to 100, by name." in text(second)
    assert 'rel="next"' in first.content.decode() and 'rel="prev"' in second.content.decode()
    # The page holds its size whatever a reader asks: no page past the last, no 500.
    assert client.get("/organisations/csc/?page=99999").status_code == 200


def test_the_api_lists_states_with_counts_and_links_to_all(registry_of_size, db):
    api = APIClient()
    fi = next(c for c in api.get("/api/v1/countries/").json()["results"] if c["code"] == "FI")
    hosted = fi_hosts()
    assert fi["hosts_count"] == hosted
    assert len(fi["hosts"]) == min(hosted, FACTORIES_NAMED_PER_STATE)
    assert fi["hosts_url"] == "http://testserver/api/v1/factories/?host_country=fi"
    assert api.get(fi["hosts_url"]).json()["count"] == hosted
    joined = api.get(fi["member_of_url"]).json()["count"]
    assert fi["member_of_count"] == joined
    assert len(fi["member_of"]) == min(joined, FACTORIES_NAMED_PER_STATE)
    # One state's detail names the same first ones, and stays as small at any size.
    detail = api.get("/api/v1/countries/fi/").json()
    assert detail["hosts_count"] == hosted
    assert detail["hosts"] == fi["hosts"]
    assert detail["member_of"] == fi["member_of"]


def test_a_supercomputer_behind_many_factories_shows_them_a_page_at_a_time(
    registry_of_size, db, client
):
    lumi = Supercomputer.objects.get(slug="lumi")
    FactorySystem.objects.bulk_create(
        FactorySystem(factory=factory, supercomputer=lumi, relation="upgrades")
        for factory in AIFactory.objects.exclude(systems__supercomputer=lumi)[:60]
    )
    links = lumi.factory_links.count()
    listed = client.get("/supercomputers/").content.decode()
    line = next(line for line in listed.splitlines() if 'href="/supercomputers/lumi/"' in line)
    assert len(re.findall(r'href="/factories/', line)) == FACTORIES_NAMED_PER_ENTITY
    assert f'<a href="/supercomputers/lumi/">all {links} AI Factories</a>' in line
    page = client.get("/supercomputers/lumi/")
    assert page.content.decode().count('<dt><a href="/factories/') == min(links, ENTITIES_PER_PAGE)
    if links <= ENTITIES_PER_PAGE:  # the real registry's seven
        assert "Showing" not in text(page)
        return
    assert f"{links} AI Factories build on LUMI. Showing 1 to 50, by name." in text(page)
    assert f"Showing 51 to {links}, by name." in text(client.get("/supercomputers/lumi/?page=2"))


def test_the_admin_list_of_states_names_the_first_factories_and_counts_the_rest(
    registry_of_size, db, editor_client, django_assert_max_num_queries
):
    url = "/admin/consortia/country/"
    editor_client.get(url)  # content types and permissions are cached after a first request
    with django_assert_max_num_queries(14):
        response = editor_client.get(url)
    html = response.content.decode()
    hosted = fi_hosts()
    joined = Membership.objects.filter(country__code="FI", role=Membership.Role.MEMBER).count()
    more = (
        hosted
        + joined
        - min(hosted, FACTORIES_NAMED_PER_STATE)
        - min(joined, FACTORIES_NAMED_PER_STATE)
    )
    if more:
        assert f" and {more} more" in html
    assert len(html) < 100 * 1024
