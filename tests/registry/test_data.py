"""Every fact as the documents state it (issue 10): the corrected values, their citations, and
every disagreement listed in docs/sources-coverage.md shown on the public pages with both versions."""

import re
from html import unescape

import pytest

from consortia.models import Organisation
from factories.models import AIFactory, FactorySystem, HostSite, SelectionRound, Supercomputer
from funding.models import Budget
from sources.models import Citation, Source

pytestmark = pytest.mark.usefixtures("registry")

SRC_000 = "kajaani-ai-factory-project"
SRC_001 = "eurohpc-selects-first-seven-ai-factories"
SRC_002 = "sdu-escience-seven-european-ai-factories-selected"
SRC_003 = "europes-ai-revolution-2-3-billion"
SRC_004 = "swedish-research-council-mimer"
REFERENCE = "public-reference-data"


def citations(obj, field_name, accepted):
    return Citation.objects.for_object(obj).filter(field_name=field_name, is_accepted=accepted)


def stated(obj, field_name, accepted=True):
    return sorted(citations(obj, field_name, accepted).values_list("stated_value", flat=True))


def sources_of(obj, field_name, accepted=True):
    return sorted(citations(obj, field_name, accepted).values_list("source__slug", flat=True))


def page_text(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    html = re.sub(r"<[^>]+>", " ", response.content.decode())
    return re.sub(r"\s+", " ", unescape(html))


def test_lumi_ai_factory_name_is_stated_as_the_sdu_post_states_it():
    lumi = AIFactory.objects.get(slug="lumi-ai-factory")
    assert stated(lumi, "name") == ["LUMI AI Factory", "LUMI AIF"]
    assert not Citation.objects.filter(stated_value__contains="AI Factory AI Factory").exists()


def test_what_no_document_states_is_null():
    not_ai_stated = ["daedalus", "leonardo", "lumi", "marenostrum-5", "meluxina"]
    assert (
        sorted(
            Supercomputer.objects.filter(is_ai_optimised__isnull=True).values_list(
                "slug", flat=True
            )
        )
        == not_ai_stated
    )
    assert not Supercomputer.objects.filter(is_ai_optimised=False).exists()
    assert Supercomputer.objects.get(slug="leonardo").status is None
    assert not Supercomputer.objects.filter(status="operational").exists()
    assert sorted(
        Organisation.objects.filter(kind__isnull=True).values_list("slug", flat=True)
    ) == ["cineca", "csc", "grnet", "hlrs", "luxprovide", "swedish-research-council", "vinnova"]


def test_the_kinds_kept_are_those_the_documents_state():
    kinds = dict(Organisation.objects.exclude(kind=None).values_list("slug", "kind"))
    assert kinds == {
        "bsc": "supercomputing_centre",
        "linkoping-university": "university",
        "naiss": "national_infrastructure",
        "rise": "research_institute",
        "university-of-stuttgart": "university",
    }
    for slug in kinds:
        assert stated(Organisation.objects.get(slug=slug), "kind"), slug


def test_existing_systems_are_existing_as_the_sources_say():
    statuses = dict(Supercomputer.objects.values_list("slug", "status"))
    for slug in ("marenostrum-5", "lumi", "meluxina"):
        assert statuses[slug] == "existing"
        assert all(
            "existing" in s or "current" in s
            for s in stated(Supercomputer.objects.get(slug=slug), "status")
        )
    assert statuses["daedalus"] == "under_deployment"
    leonardo = Supercomputer.objects.get(slug="leonardo")
    assert stated(leonardo, "status") == []
    assert stated(leonardo, "status", accepted=False) == ["New"]


def test_new_systems_are_planned_from_the_sentence_about_systems():
    five = "Five of the selected hosting sites will deploy brand-new world-class AI-optimised"
    for slug in (
        "lumi-ai-factory-supercomputer",
        "meluxina-ai",
        "it4lia-ai-supercomputer",
        "hammerhai-ai-supercomputer",
        "mimer-ai-supercomputer",
    ):
        system = Supercomputer.objects.get(slug=slug)
        assert (system.status, system.is_ai_optimised) == ("planned", True)
        quotes = citations(system, "status", True).values_list("quote", flat=True)
        assert any(quote.startswith(five) for quote in quotes), slug
        assert "They will be deployed in 2025-2026." not in quotes


def test_lumi_is_succeeded_on_the_kajaani_page_and_expanded_on_the_sdu_post():
    link = FactorySystem.objects.get(factory__slug="lumi-ai-factory", supercomputer__slug="lumi")
    assert link.relation == "succeeds"
    assert sources_of(link, "relation") == [SRC_000, SRC_000]
    assert stated(link, "relation", accepted=False) == [
        "expanding the existing LUMI supercomputer ecosystem"
    ]


def test_mimer_host_versions():
    site = HostSite.objects.get(factory__slug="mimer")
    assert site.organisation.slug == "naiss"
    assert sources_of(site, "organisation") == [SRC_002]
    assert stated(site, "organisation", accepted=False) == [
        "Linköping University",
        "the University of Linköping",
    ]
    assert sorted(
        citations(site, "organisation", False).values_list("source__slug", flat=True)
    ) == [
        SRC_001,
        SRC_004,
    ]


def test_meluxina_is_named_by_the_sdu_post_and_the_article_differs():
    meluxina = Supercomputer.objects.get(slug="meluxina")
    assert not citations(meluxina, "name", True).filter(source__slug=SRC_003).exists()
    next_to = FactorySystem.objects.get(supercomputer=meluxina)
    assert next_to.relation == "placed_next_to"
    assert stated(next_to, "relation", accepted=False) == [
        "the factory's new system (MeluXina, New)"
    ]


def test_deployment_window_is_the_one_shared_window():
    for factory in AIFactory.objects.all():
        assert (factory.deployment_start_year, factory.deployment_end_year) == (2025, 2026)
        notes = citations(factory, "deployment_start_year", True).filter(source__slug=SRC_001)
        assert notes.get().note.startswith("Stated once for all seven AI Factories together")
        assert sources_of(factory, "deployment_end_year") == [SRC_001, SRC_003, SRC_004]


def test_budgets_are_labelled_as_the_article_heads_its_tables():
    labels = dict(Budget.objects.values_list("factory__slug", "label"))
    assert labels == {
        "lumi-ai-factory": "Budget",
        "hammerhai": "Budget",
        "pharos": "Budget",
        "it4lia": "Funding",
        "l-ai-factory": "Funding",
        "bsc-aif": "Funding",
        "mimer": "Funding",
    }


def test_slovenia_interest_and_membership_are_both_recorded_with_a_note():
    selection = SelectionRound.objects.get()
    assert "SI" in [c.code.code for c in selection.interested_countries.all()]
    assert sources_of(selection, "interested_countries") == [SRC_003]
    differing = citations(selection, "interested_countries", False).get()
    assert differing.source.slug == SRC_001
    assert "joined IT4LIA" in differing.note


def test_naiss_name_versions():
    naiss = Organisation.objects.get(slug="naiss")
    assert naiss.name == "National Academic Infrastructure for Supercomputers in Sweden"
    assert sources_of(naiss, "name") == [SRC_004]
    assert stated(naiss, "name", accepted=False) == [
        "National Academic Infrastructure for Supercomputing",
        "National Academic Infrastructure of Supercomputing",
    ]


@pytest.mark.parametrize(
    ("slug", "quote"),
    [
        ("csc", "Kajaani, Finland: “LUMI AIF” at CSC"),
        ("luxprovide", "Bissen, Luxembourg: “Meluxina-AI” at LuxProvide"),
        (
            "university-of-stuttgart",
            "Stuttgart, Germany: “HammerHAI” at the University of Stuttgart",
        ),
        ("vinnova", "Vinnova: Stockholm, Sweden."),
    ],
)
def test_organisation_countries_are_cited_by_quotes_that_state_them(slug, quote):
    organisation = Organisation.objects.get(slug=slug)
    assert list(citations(organisation, "country", True).values_list("quote", flat=True)) == [quote]
    assert organisation.country.name in quote or organisation.country.name == "Sweden"


def test_finland_is_host_by_a_quote_that_says_hosted():
    finland = AIFactory.objects.get(slug="lumi-ai-factory").memberships.get(role="host")
    quotes = list(citations(finland, "role", True).values_list("quote", flat=True))
    assert all("Alongside Finland" not in quote for quote in quotes)
    assert "Finland: The LUMI AI Factory will be hosted by CSC" in " ".join(quotes)


def test_sources_say_what_the_text_gives_and_what_is_inferred():
    report = Source.objects.get(slug=SRC_001)
    assert report.published_on is None
    assert "inference" in report.date_note
    assert "the title is the registry's" in report.reliability_note
    selection = SelectionRound.objects.get()
    tuesday = citations(selection, "announced_on", True).get(source__slug=SRC_001)
    assert tuesday.stated_value == "Tuesday"
    assert "10 December 2024" in tuesday.note


def test_it4lia_new_and_evolution_are_both_recorded():
    it4lia = AIFactory.objects.get(slug="it4lia")
    assert it4lia.infrastructure == "new_system"
    assert stated(it4lia, "infrastructure", accepted=False) == [
        "an evolution of the EuroHPC LEONARDO supercomputer"
    ]
    assert "evolution" in it4lia.summary and "brand-new" in it4lia.summary


def test_article_table_details_are_recorded():
    hlrs = Organisation.objects.get(name="High-performance Computing Center Stuttgart")
    assert sources_of(hlrs, "name") == [SRC_003]
    assert hlrs.country.code == "DE"
    mimer_system = FactorySystem.objects.get(factory__slug="mimer")
    assert stated(mimer_system, "supercomputer", accepted=False) == [
        "National Academic Infrastructure for Supercomputing"
    ]
    pharos = FactorySystem.objects.get(factory__slug="pharos")
    assert "DAEDALUS, GRNET (existing infrastructure)" in stated(pharos, "supercomputer")


# Each disagreement listed in docs/sources-coverage.md: the page, the accepted version, the other.
FACTORY_DISAGREEMENTS = [
    ("it4lia", "IT4LIA", "“ITA4LIA”"),
    (
        "it4lia",
        "New AI-optimised supercomputer",
        "“an evolution of the EuroHPC LEONARDO supercomputer”",
    ),
    ("it4lia", "Factory evolved from it", "“LEONARDO, New”"),
    ("it4lia", "Not stated", "“New”"),
    ("l-ai-factory", "L-AI Factory", "“Meluxina-AI”"),
    (
        "l-ai-factory",
        "Factory's system placed next to it",
        "“the factory's new system (MeluXina, New)”",
    ),
    (
        "lumi-ai-factory",
        "Succeeded by the factory's system",
        "“expanding the existing LUMI supercomputer ecosystem”",
    ),
    (
        "mimer",
        "National Academic Infrastructure for Supercomputers in Sweden",
        "“the University of Linköping”",
    ),
    (
        "mimer",
        "National Academic Infrastructure for Supercomputers in Sweden",
        "“Linköping University”",
    ),
    ("mimer", "MIMER's AI supercomputer", "“National Academic Infrastructure for Supercomputing”"),
    ("pharos", "Associated with an existing supercomputer", "“Upgrade”"),
    ("pharos", "Under deployment", "“already deployed”"),
]


@pytest.mark.parametrize(("slug", "accepted", "other"), FACTORY_DISAGREEMENTS)
def test_factory_page_shows_both_versions(slug, accepted, other, client):
    page = page_text(client, f"/factories/{slug}/")
    assert "Sources differ." in page
    assert accepted in page
    assert other in page


def test_funding_page_shows_every_version_of_the_total(client):
    page = page_text(client, "/funding/")
    for version in ("€1.5 billion", "€2.1 billion", "$2.3 billion", "not publicly disclosed"):
        assert version in page


@pytest.mark.parametrize(
    ("accepted_source", "accepted", "differing_source", "other"),
    [
        (
            SRC_004,
            "National Academic Infrastructure for Supercomputers in Sweden",
            SRC_002,
            "National Academic Infrastructure of Supercomputing",
        ),
        (
            SRC_004,
            "National Academic Infrastructure for Supercomputers in Sweden",
            SRC_003,
            "National Academic Infrastructure for Supercomputing",
        ),
        (SRC_003, "Barcelona Supercomputing Center", SRC_001, "Barcelona Supercomputing Centre"),
        (SRC_002, "Linköping University", SRC_001, "University of Linköping"),
        (SRC_003, "Cyprus and Slovenia", SRC_001, "other EU Member States (none named)"),
    ],
)
def test_source_pages_show_both_versions_of_an_organisation_or_round_fact(
    accepted_source, accepted, differing_source, other, client
):
    assert f"“{accepted}" in page_text(client, f"/sources/{accepted_source}/")
    page = page_text(client, f"/sources/{differing_source}/")
    assert f"“{other}” not accepted: sources differ" in page


def test_country_page_says_when_an_organisations_kind_is_not_stated(client):
    page = page_text(client, "/countries/fi/")
    assert "CSC – IT Center for Science (CSC)" in page
    assert "kind not stated" in page


def test_factory_page_says_when_ai_optimisation_is_not_stated(client):
    page = page_text(client, "/factories/bsc-aif/")
    assert "AI-optimised Not stated" in page
    assert "Existing" in page


def test_the_coverage_document_accounts_for_each_source():
    from pathlib import Path

    from django.conf import settings

    coverage = (Path(settings.BASE_DIR) / "docs" / "sources-coverage.md").read_text()
    for source in Source.objects.exclude(archive_file=""):
        assert f"## {source.archive_file}: {source.title}" in coverage
    assert "MISSING" not in coverage
    for slug, _accepted, _other in FACTORY_DISAGREEMENTS:
        assert f"/factories/{slug}/" in coverage
