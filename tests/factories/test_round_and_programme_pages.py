"""A page for everything a fact names (issue 12): a selection round and a funding programme, each
with its facts, its notes and what it names, bounded however large the registry grows."""

import datetime
from decimal import Decimal

import pytest

from factories.models import SelectionRound
from funding.models import Programme
from tests.builders import (
    make_citation,
    make_country,
    make_factory,
    make_programme,
    make_round,
    make_source,
    make_stated_total,
)
from tests.factories.test_sitemap import sitemap_addresses
from tests.factories.test_views import text

ROUND_TEXT = (
    "EuroHPC selected the factories on Tuesday. The round was announced on 10 December 2024. "
    "The next cut-off is 1 February 2025. Cyprus has expressed interest."
)
PROGRAMME_TEXT = "Half is paid through the Example Programme. The total is €1.5 billion."


def build_round(factories=1):
    source = make_source(
        slug="round-source", title="The round's announcement", archived_text=ROUND_TEXT
    )
    selection_round = make_round(
        slug="first", name="First round", announced_on="2024-12-10", next_cutoff_on="2025-02-01"
    )
    selection_round.interested_countries.add(make_country("CY"))
    make_citation(selection_round, "name", source=source, quote="EuroHPC selected the factories")
    # The first accepted citation says only “Tuesday”; the date links to the one with its year.
    make_citation(selection_round, "announced_on", source=source, quote="on Tuesday")
    make_citation(
        selection_round, "announced_on", source=source, quote="announced on 10 December 2024"
    )
    make_citation(
        selection_round, "next_cutoff_on", source=source, quote="cut-off is 1 February 2025"
    )
    make_citation(
        selection_round,
        "interested_countries",
        source=source,
        quote="Cyprus has expressed interest",
    )
    sweden = make_country("SE")
    for n in range(factories):
        make_factory(
            host=sweden, selection_round=selection_round, name=f"Factory {n:03d}", slug=f"f-{n}"
        )
    return selection_round


def build_programme(totals=1):
    source = make_source(
        slug="programme-source", title="The funding report", archived_text=PROGRAMME_TEXT
    )
    programme = make_programme(slug="example", name="Example Programme", purpose="Infrastructure")
    make_citation(programme, "name", source=source, quote="paid through the Example Programme")
    for n in range(totals):
        total = make_stated_total(
            amount=Decimal("1500"), programmes=[programme], label=f"Total {n:03d}", slug=f"t-{n}"
        )
        make_citation(total, "amount_eur_million", source=source, quote="The total is €1.5 billion")
    return programme


# The selection round


def test_a_round_page_shows_each_fact_with_its_notes_and_its_factories(db, client):
    selection_round = build_round(factories=2)
    response = client.get("/selection-rounds/first/")
    assert response.status_code == 200
    page = text(response)
    assert "Name First round [1]" in page
    assert "Announced on 10 December 2024 [2] [3]" in page
    assert "Next cut-off for proposals 1 February 2025 [4]" in page
    assert "States that declared interest Cyprus [5]" in page
    assert "announced on 10 December 2024 — The round's announcement" in page
    assert "2 AI Factories, by name" in page
    assert "Factory 000 : City" in page or "Factory 000: City" in page
    html = response.content.decode()
    assert 'href="/countries/cy/"' in html and 'href="/factories/f-1/"' in html
    # The date leads to the passage that gives it, not to the one that says “Tuesday”.
    assert (
        '<a href="/sources/round-source/#passage-2" aria-label="10 December 2024: the passage that '
        'states it" title="The passage that states it"><time datetime="2024-12-10">'
    ) in html
    assert '<time datetime="2025-02-01">1 February 2025</time>' in html
    assert selection_round.public_url() == "/selection-rounds/first/"


def test_a_round_without_a_next_cut_off_says_it_is_not_stated(db, client):
    make_round(slug="quiet", name="Quiet round")
    page = text(client.get("/selection-rounds/quiet/"))
    assert "Next cut-off for proposals Not stated" in page
    assert "States that declared interest None recorded" in page
    assert "No AI Factory recorded here was selected in this round." in page


def test_a_round_of_many_factories_names_the_first_50_and_links_to_them_all(db, client):
    build_round(factories=51)
    response = client.get("/selection-rounds/first/")
    page = text(response)
    assert "Showing the first 50 of 51, by name; all 51 in the factory list" in page
    assert "Factory 049" in page and "Factory 050" not in page
    assert 'href="/factories/?selection_round=first">all 51' in response.content.decode()
    assert client.get("/api/v1/factories/?selection_round=first").json()["count"] == 51


def test_an_unknown_round_is_404(db, client):
    assert client.get("/selection-rounds/no-such-round/").status_code == 404


# The funding programme


def test_a_programme_page_shows_its_facts_and_the_totals_naming_it(db, client):
    programme = build_programme(totals=1)
    response = client.get("/funding/programmes/example/")
    assert response.status_code == 200
    page = text(response)
    assert "Example Programme EU" in page
    assert "Name Example Programme [1]" in page
    assert "Pays for Infrastructure [1]" in page
    assert "1 stated total" in page
    assert "Total 000 €1.5 billion [2]" in page
    assert "paid through the Example Programme — The funding report" in page
    html = response.content.decode()
    assert (
        '<a href="/sources/programme-source/#passage-2" aria-label="€1.5 billion: the passage that '
        'states it"'
    ) in html
    assert 'href="/api/v1/stated-totals/?programme=example"' in html
    assert programme.public_url() == "/funding/programmes/example/"


def test_a_programme_named_by_many_totals_shows_the_first_50_and_links_to_all(db, client):
    build_programme(totals=51)
    response = client.get("/funding/programmes/example/")
    page = text(response)
    assert "Showing the first 50 of 51; all 51 as JSON" in page
    assert "Total 049" in page and "Total 050" not in page
    every = client.get("/api/v1/stated-totals/?programme=example").json()
    assert every["count"] == 51


def test_a_programme_named_by_no_total_says_so(db, client):
    make_programme(slug="lonely", name="Lonely Fund")
    page = text(client.get("/funding/programmes/lonely/"))
    assert "No stated total recorded here names Lonely Fund." in page
    assert "no source cited" in page


def test_an_unknown_programme_is_404(db, client):
    assert client.get("/funding/programmes/no-such-programme/").status_code == 404


# Both


@pytest.mark.parametrize(
    ("url", "build", "queries"),
    [
        # The round, its citations, its interested states, the first factories, their count.
        ("/selection-rounds/first/", build_round, 5),
        # The programme, its citations, the first totals, their citations, their count.
        ("/funding/programmes/example/", build_programme, 5),
    ],
)
@pytest.mark.parametrize("size", [1, 60])
def test_the_pages_run_the_same_number_of_queries_at_any_size(
    size, url, build, queries, db, client, django_assert_num_queries
):
    build(size)
    client.get(url)  # Django's content-type cache, filled once per process, is not the page's cost
    with django_assert_num_queries(queries):
        response = client.get(url)
    assert response.status_code == 200


def test_the_sitemap_and_the_changes_lead_to_the_new_pages(db, client):
    build_round()
    build_programme()
    addresses = sitemap_addresses(client)
    for url in ("/selection-rounds/first/", "/funding/programmes/example/"):
        assert url in addresses, url
    assert SelectionRound.objects.get(slug="first").announced_on == datetime.date(2024, 12, 10)
    assert Programme.objects.get(slug="example").public_url() in addresses


@pytest.mark.usefixtures("registry")
def test_the_registrys_round_and_programmes_have_their_pages(client):
    page = text(client.get("/selection-rounds/first-selection-2024/"))
    assert "First selection of AI Factories (December 2024)" in page
    assert "States that declared interest Cyprus , Slovenia [" in page
    assert "Sources differ." in page
    assert "Cyprus and Slovenia have already expressed strong interest" in page
    assert "7 AI Factories, by name" in page
    html = client.get("/selection-rounds/first-selection-2024/").content.decode()
    # 10 December 2024 leads to the SDU post's “unveiled on December 10, 2024”.
    assert (
        'href="/sources/sdu-escience-seven-european-ai-factories-selected/#passage-3" '
        'aria-label="10 December 2024: the passage that states it"'
    ) in html
    for slug, name in Programme.objects.values_list("slug", "name"):
        response = client.get(f"/funding/programmes/{slug}/")
        assert response.status_code == 200 and name in text(response)
    digital = text(client.get("/funding/programmes/digital-europe/"))
    assert "Investment in the first seven AI Factories €1.5 billion" in digital
    assert "EU share of the first seven AI Factories €750 million" in digital


def test_where_a_round_or_a_programme_is_named_it_links_to_its_page(db, client):
    build_round(factories=1)
    factory_page = client.get("/factories/f-0/").content.decode()
    assert '<a href="/selection-rounds/first/">First round</a>, announced' in factory_page
    build_programme(totals=1)
    funding = client.get("/funding/").content.decode()
    assert '<a href="/funding/programmes/example/">Example Programme</a>' in funding


@pytest.mark.usefixtures("registry")
def test_the_home_pages_scope_links_its_date_to_the_passage_that_states_it(client):
    """The registry's own data: the scope's '10 December 2024' leads to a passage with its year."""
    html = client.get("/").content.decode()
    scope = html[html.index('<p class="scope">') :].split("</p>")[0]
    assert '<a href="/selection-rounds/' in scope
    link = scope.split('aria-label="10 December 2024: the passage that states it"')[0]
    passage = link.rsplit('<a href="', 1)[1].split('"')[0]
    assert passage.startswith("/sources/") and "#passage-" in passage
    assert '<time datetime="2024-12-10">10 December 2024</time>' in scope
