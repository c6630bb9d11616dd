"""A supercomputer's country is a fact like any other (issue 12): it needs an accepted quote,
each machine of the registry has one, and its page and the API show it."""

import re

import pytest

from factories.models import Supercomputer
from sources.checks import check_fact_fields_cited
from sources.models import Citation
from tests.builders import make_citation, make_country, make_source, make_supercomputer
from tests.factories.test_views import text

# Each machine of the registry, its country, and a passage of a document that states it.
STATED = {
    "marenostrum-5": ("ES", "The AI Factory in Spain will result from the upgrade"),
    "leonardo": ("IT", "Bologna, Italy | IT4LIA | LEONARDO"),
    "lumi": ("FI", "Kajaani, Finland | LUMI AF | LUMI"),
    "lumi-ai-factory-supercomputer": ("FI", "namely in Finland, Germany, Italy"),
    "meluxina": ("LU", "placed next to the existing EuroHPC MeluXina supercomputer"),
    "meluxina-ai": ("LU", "hosted by LuxProvide in Bissen and include MeluXina-AI"),
    "daedalus": ("GR", "currently under deployment in Greece"),
    "mimer-ai-supercomputer": ("SE", "namely in Finland, Germany, Italy, Luxembourg, and Sweden"),
    "it4lia-ai-supercomputer": ("IT", "namely in Finland, Germany, Italy"),
    "hammerhai-ai-supercomputer": ("DE", "namely in Finland, Germany, Italy"),
}


def about_supercomputers():
    return [
        failure.message
        for failure in check_fact_fields_cited()
        if failure.message.startswith("Supercomputer")
    ]


def test_a_supercomputers_country_needs_an_accepted_quote(db):
    system = make_supercomputer(country=make_country("SE"), name="Big Machine")
    make_citation(system, "status", source=make_source(), quote="hosted in Exampleville")
    assert about_supercomputers() == [
        "Supercomputer “Big Machine”: no accepted citation for its country."
    ]
    make_citation(system, "country", source=make_source(), quote="hosted in Exampleville")
    assert about_supercomputers() == []


@pytest.mark.usefixtures("registry")
def test_every_machine_of_the_registry_has_its_country_stated_by_a_quote():
    for slug, (code, passage) in STATED.items():
        system = Supercomputer.objects.get(slug=slug)
        assert system.country.code == code, slug
        quotes = [
            citation.quote
            for citation in Citation.objects.for_object(system).filter(
                field_name="country", is_accepted=True
            )
        ]
        assert any(passage in quote for quote in quotes), (slug, quotes)
        for citation in Citation.objects.for_object(system).filter(field_name="country"):
            assert citation.source.contains_quote(citation.quote)
    assert Supercomputer.objects.count() == len(STATED)


@pytest.mark.usefixtures("registry")
def test_the_supercomputer_page_shows_the_countrys_quote_linked_to_its_passage(client):
    response = client.get("/supercomputers/daedalus/")
    page = text(response)
    assert "Country Greece" in page
    assert "a EuroHPC supercomputer currently under deployment in Greece." in page
    assert (
        "The Pharos AI Factory will be associated with the EuroHPC DAEDALUS supercomputer" in page
    )
    html = response.content.decode()
    country_fact = html[html.index("<dt>Country</dt>") : html.index("<dt>Status</dt>")]
    # The fact points to its numbered notes; each note quotes once and links to its passage.
    anchors = re.findall(r'href="#(note-\d+)"', country_fact)
    assert anchors
    notes = [html[html.index(f'<li id="{anchor}">') :].split("</li>")[0] for anchor in anchors]
    assert any(
        'href="/sources/eurohpc-selects-first-seven-ai-factories/#passage-' in note
        for note in notes
    )


@pytest.mark.usefixtures("registry")
def test_the_api_gives_the_countrys_evidence(client):
    leonardo = Supercomputer.objects.get(slug="leonardo")
    assert client.get("/api/v1/supercomputers/leonardo/").json()["country"] == "IT"
    body = client.get("/api/v1/citations/?model=supercomputer&field_name=country").json()
    assert body["count"] == 17
    quotes = {
        row["quote"]
        for row in body["results"]
        if row["object_id"] == leonardo.pk and row["is_accepted"]
    }
    assert "Bologna, Italy | IT4LIA | LEONARDO | New | 430 |" in quotes
