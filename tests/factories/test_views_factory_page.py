"""One factory's page: each fact with its quote and source, where sources differ, its notes."""

import re
from decimal import Decimal

import pytest

from factories.models import FactorySystem
from funding.models import Qualifier
from tests.builders import (
    make_budget,
    make_citation,
    make_factory,
    make_source,
    make_supercomputer,
)
from tests.factories.test_views import text


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
