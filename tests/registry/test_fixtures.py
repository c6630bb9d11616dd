"""The press releases' facts, asserted against the loaded fixtures."""

from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

from consortia.models import Country, Membership
from factories.models import AIFactory, FactorySystem, SelectionRound, Supercomputer
from funding.models import Budget, StatedTotal
from sources.models import Citation, Source, citable_models

pytestmark = pytest.mark.usefixtures("registry")


def consortium(slug, role):
    return sorted(
        Membership.objects.filter(factory__slug=slug, role=role).values_list(
            "country__code", flat=True
        )
    )


def test_check_registry_passes_on_the_fixtures(capsys):
    call_command("check_registry")
    out = capsys.readouterr().out
    facts = sum(model.objects.count() for model in citable_models())
    assert f"Registry OK: 6 checks pass on {facts} facts, " in out


def test_the_seven_factories_and_their_hosts():
    hosts = {
        f.name: (f.site.city, f.host_country.code, f.site.organisation.name)
        for f in AIFactory.objects.select_related("site__organisation").prefetch_related(
            "memberships__country"
        )
    }
    assert hosts == {
        "BSC AIF": ("Barcelona", "ES", "Barcelona Supercomputing Center"),
        "IT4LIA": ("Bologna", "IT", "CINECA"),
        "LUMI AI Factory": ("Kajaani", "FI", "CSC – IT Center for Science"),
        "L-AI Factory": ("Bissen", "LU", "LuxProvide"),
        "MIMER": (
            "Linköping",
            "SE",
            "National Academic Infrastructure for Supercomputers in Sweden",
        ),
        "HammerHAI": ("Stuttgart", "DE", "University of Stuttgart"),
        "Pharos": ("Athens", "GR", "GRNET"),
    }


def test_consortium_members():
    assert consortium("bsc-aif", "member") == ["PT", "RO", "TR"]
    assert consortium("it4lia", "member") == ["AT", "SI"]
    assert consortium("lumi-ai-factory", "member") == ["CZ", "DK", "EE", "NO", "PL"]
    for slug in ("l-ai-factory", "mimer", "hammerhai", "pharos"):
        assert consortium(slug, "member") == []


def test_seventeen_states_fifteen_eu_and_two_participating():
    states = Country.objects.filter(memberships__isnull=False).distinct()
    assert states.count() == 17
    participating = states.filter(standing=Country.Standing.EUROHPC_PARTICIPATING)
    assert sorted(c.code.code for c in participating) == ["NO", "TR"]
    assert states.filter(standing=Country.Standing.EU_MEMBER).count() == 15
    assert Country.objects.get(code="GR").name == "Greece"


def test_new_systems_upgrade_and_association():
    kinds = dict(AIFactory.objects.values_list("slug", "infrastructure"))
    assert sorted(s for s, k in kinds.items() if k == "new_system") == [
        "hammerhai",
        "it4lia",
        "l-ai-factory",
        "lumi-ai-factory",
        "mimer",
    ]
    assert kinds["bsc-aif"] == "upgrade"
    assert kinds["pharos"] == "associated"
    assert sorted(
        AIFactory.objects.filter(experimental_platform=True).values_list("slug", flat=True)
    ) == ["bsc-aif", "lumi-ai-factory"]


def test_supercomputer_relations():
    relations = {
        (link.factory.slug, link.supercomputer.name): link.relation
        for link in FactorySystem.objects.select_related("factory", "supercomputer")
    }
    assert relations[("bsc-aif", "MareNostrum 5")] == "upgrades"
    assert relations[("it4lia", "LEONARDO")] == "evolves_from"
    assert relations[("l-ai-factory", "MeluXina-AI")] == "new_system"
    assert relations[("l-ai-factory", "MeluXina")] == "placed_next_to"
    assert relations[("pharos", "DAEDALUS")] == "associated_with"
    assert relations[("lumi-ai-factory", "LUMI")] == "succeeds"


def test_budgets_and_their_qualifiers():
    budgets = {
        b.factory.slug: (b.amount_eur_million, b.qualifier)
        for b in Budget.objects.select_related("factory")
    }
    assert budgets == {
        "lumi-ai-factory": (Decimal("556.0"), "at_least"),
        "hammerhai": (Decimal("85.0"), "exact"),
        "pharos": (Decimal("30.0"), "exact"),
        "it4lia": (Decimal("430.0"), "exact"),
        "l-ai-factory": (Decimal("112.0"), "exact"),
        "bsc-aif": (Decimal("198.0"), "exact"),
        "mimer": (None, "unknown"),
    }


def test_stated_totals_and_the_derived_eu_half():
    totals = {t.slug: t for t in StatedTotal.objects.all()}
    assert totals["first-seven-investment"].amount_eur_million == Decimal("1500.0")
    assert not totals["first-seven-investment"].is_derived
    eu = totals["first-seven-eu-share"]
    assert (eu.amount_eur_million, eu.is_derived, eu.part_of.slug) == (
        Decimal("750.0"),
        True,
        "first-seven-investment",
    )
    assert sorted(eu.programmes.values_list("slug", flat=True)) == [
        "digital-europe",
        "horizon-europe",
    ]
    assert totals["incubation-and-start-ups"].amount_eur_million == Decimal("100.0")
    assert totals["private-investment-goal"].kind == "goal"


def test_selection_round():
    selection = SelectionRound.objects.get()
    assert str(selection.announced_on) == "2024-12-10"
    assert str(selection.next_cutoff_on) == "2025-02-01"
    assert sorted(c.code.code for c in selection.interested_countries.all()) == ["CY", "SI"]


def differing(obj, field_name):
    return sorted(
        Citation.objects.for_object(obj)
        .filter(field_name=field_name, is_accepted=False)
        .values_list("stated_value", flat=True)
    )


def accepted(obj, field_name):
    return sorted(
        Citation.objects.for_object(obj)
        .filter(field_name=field_name, is_accepted=True)
        .values_list("source__slug", flat=True)
    )


def test_disagreements_keep_both_sides():
    total = StatedTotal.objects.get(slug="first-seven-investment")
    assert differing(total, "amount_eur_million") == [
        "$2.3 billion",
        "not publicly disclosed",
        "€2.1 billion",
    ]
    assert accepted(total, "amount_eur_million") == [
        "eurohpc-selects-first-seven-ai-factories",
        "sdu-escience-seven-european-ai-factories-selected",
    ]
    daedalus = Supercomputer.objects.get(slug="daedalus")
    assert daedalus.status == "under_deployment"
    assert differing(daedalus, "status") == ["already deployed"]
    it4lia = AIFactory.objects.get(slug="it4lia")
    assert differing(it4lia, "name") == ["ITA4LIA"]
    assert "ITA4LIA" in it4lia.other_names.values_list("name", flat=True)
    luxembourg = AIFactory.objects.get(slug="l-ai-factory")
    assert luxembourg.name == "L-AI Factory"
    assert differing(luxembourg, "name") == ["Meluxina-AI"]
    assert differing(AIFactory.objects.get(slug="pharos"), "infrastructure") == ["Upgrade"]


def test_every_citation_has_a_note_where_it_is_not_accepted():
    assert not Citation.objects.filter(is_accepted=False, note="").exists()


def test_no_fact_comes_from_the_writing_assistants_advice():
    article = Source.objects.get(slug="europes-ai-revolution-2-3-billion")
    advice_starts = article.archived_text.index("This is an excellent start to an article")
    advice = article.archived_text[advice_starts:]
    for citation in article.citations.all():
        assert citation.quote not in advice


def test_archived_sources_match_the_original_documents():
    archive = Path(settings.BASE_DIR) / "sources" / "archive"
    for source in Source.objects.exclude(archive_file=""):
        original = (archive / source.archive_file).read_text(encoding="utf-8")
        assert source.archived_text == original, source.archive_file
    assert Source.objects.exclude(archive_file="").count() == 5
