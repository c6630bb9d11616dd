"""A page for everything a fact names: organisations, supercomputers, and every European state."""

import pytest

from consortia.models import Partnership
from factories.models import FactorySystem
from tests.builders import (
    make_citation,
    make_country,
    make_factory,
    make_organisation,
    make_round,
    make_source,
    make_supercomputer,
)
from tests.factories.test_views import text


def build_organisation_world(size):
    """`size` factories, each hosted by its own organisation, all with one shared partner."""
    source = make_source(title="The announcement")
    sweden, finland = make_country("SE"), make_country("FI")
    partner = make_organisation(country=finland, name="Partner Institute", slug="partner")
    make_citation(partner, "name", source=source, quote="with the Partner Institute")
    system = make_supercomputer(country=sweden, name="Big Machine", slug="big-machine")
    make_citation(system, "status", source=source, quote="Big Machine is running")
    for n in range(size):
        host = make_organisation(country=sweden, name=f"Host {n}", slug=f"host-{n}")
        factory = make_factory(host=sweden, name=f"Factory {n}", site={"organisation": host})
        make_citation(factory.site, "organisation", source=source, quote=f"hosted by Host {n}")
        partnership = Partnership.objects.create(
            factory=factory, organisation=partner, role="partner"
        )
        make_citation(partnership, "role", source=source, quote=f"Partner Institute joins {n}")
        link = FactorySystem.objects.create(
            factory=factory, supercomputer=system, relation="upgrades"
        )
        make_citation(link, "relation", source=source, quote=f"Factory {n} upgrades Big Machine")
    return partner, system


def test_an_organisation_page_shows_its_facts_evidence_and_factories(db, client):
    partner, _ = build_organisation_world(2)
    response = client.get("/organisations/partner/")
    assert response.status_code == 200
    page = text(response)
    assert "Partner Institute" in page
    assert "with the Partner Institute" in page and "The announcement" in page
    assert "Partner Factory 0" in page and "Partner Factory 1" in page
    assert "Partner Institute joins 1" in page
    html = response.content.decode()
    assert 'href="/countries/fi/"' in html
    assert partner.public_url() == partner.get_absolute_url() == "/organisations/partner/"


def test_a_host_organisation_page_lists_the_site_it_hosts(db, client):
    build_organisation_world(1)
    page = text(client.get("/organisations/host-0/"))
    assert "Factory 0 , in City" in page or "Factory 0, in City" in page
    assert "hosted by Host 0" in page


def test_a_supercomputer_page_shows_its_status_and_factory_links_with_relation(db, client):
    _, system = build_organisation_world(2)
    response = client.get("/supercomputers/big-machine/")
    assert response.status_code == 200
    page = text(response)
    assert "Big Machine is running" in page
    assert "Upgraded by the factory" in page
    assert "Factory 1 upgrades Big Machine" in page
    assert system.public_url() == "/supercomputers/big-machine/"


def test_the_index_pages_link_every_organisation_and_supercomputer(db, client):
    build_organisation_world(2)
    organisations = client.get("/organisations/").content.decode()
    for slug in ["partner", "host-0", "host-1"]:
        assert f'href="/organisations/{slug}/"' in organisations
    assert 'href="/supercomputers/big-machine/"' in client.get("/supercomputers/").content.decode()


def test_unknown_organisation_and_supercomputer_are_404(db, client):
    assert client.get("/organisations/nobody/").status_code == 404
    assert client.get("/supercomputers/nothing/").status_code == 404


@pytest.mark.parametrize(
    ("url", "queries"),
    [
        # The organisation, its citations, units, the count of its sites, the page of sites and
        # their citations, its first partnerships and theirs (none when there are none).
        ("/organisations/partner/", 6),
        ("/organisations/host-0/", 7),
        ("/supercomputers/big-machine/", 5),  # row, citations, COUNT, links, their citations
        ("/organisations/", 4),  # COUNT, rows with counts, first hosted, first partnerships
        ("/supercomputers/", 3),  # COUNT, rows with counts, first factory links
        ("/countries/se/", 6),
        ("/countries/fr/", 1),
    ],
)
@pytest.mark.parametrize("size", [1, 30])
def test_entity_pages_run_the_same_number_of_queries_for_1_or_30_factories(
    size, url, queries, db, client, django_assert_num_queries
):
    build_organisation_world(size)
    client.get(url)  # Django's content-type cache, filled once per process, is not the page's cost
    with django_assert_num_queries(queries):
        response = client.get(url)
    assert response.status_code == 200


# States


def test_a_state_with_no_row_says_it_is_in_no_consortium(db, client):
    response = client.get("/countries/fr/")
    assert response.status_code == 200
    page = text(response)
    assert "France is in none of the AI Factories' consortia recorded here" in page
    assert "EU Member State" in page
    assert "No source recorded here states that France has declared interest" in page


def test_a_participating_state_outside_the_eu_has_a_page(db, client):
    page = text(client.get("/countries/ch/"))
    assert "Switzerland is in none of the AI Factories' consortia" in page
    assert "EuroHPC Participating State" in page


def test_a_state_whose_interest_a_source_records_says_so_with_the_quote(db, client):
    cyprus = make_country("CY")
    selection_round = make_round(name="First selection")
    selection_round.interested_countries.add(cyprus)
    make_citation(
        selection_round,
        "interested_countries",
        quote="Cyprus has expressed strong interest",
        stated_value="Cyprus",
    )
    page = text(client.get("/countries/cy/"))
    assert "Cyprus is in none of the AI Factories' consortia recorded here" in page
    assert "A source records Cyprus's interest after the First selection" in page
    assert "Cyprus has expressed strong interest" in page


def test_a_state_in_a_consortium_does_not_say_it_is_in_none(db, client):
    make_factory(host=make_country("SE"))
    assert "in none of" not in text(client.get("/countries/se/"))


@pytest.mark.parametrize("code", ["us", "xx", "gb", "ru"])
def test_an_unknown_or_non_european_code_is_404(code, db, client):
    assert client.get(f"/countries/{code}/").status_code == 404


def test_the_country_page_links_its_organisations(db, client):
    organisation = make_organisation(country=make_country("SE"), slug="kth", name="KTH")
    html = client.get("/countries/se/").content.decode()
    assert f'href="{organisation.get_absolute_url()}"' in html


def test_the_real_registry_names_france_cyprus_and_every_organisation(registry, client):
    """The subject is the real data: Cyprus's recorded interest, and a page per organisation."""
    page = text(client.get("/countries/cy/"))
    assert "Cyprus and Slovenia have already expressed strong interest" in page
    for slug in ["bsc", "cineca", "naiss", "linkoping-university"]:
        assert client.get(f"/organisations/{slug}/").status_code == 200
    for slug in ["lumi", "daedalus", "meluxina-ai"]:
        assert client.get(f"/supercomputers/{slug}/").status_code == 200
