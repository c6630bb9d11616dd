"""The registry's checks: each fact field needs accepted evidence, archives keep their digest."""

import ast
from pathlib import Path

from django.conf import settings

from consortia.models import Country
from factories.models import AIFactory
from sources.checks import (
    check_archive_digests,
    check_fact_fields_cited,
    registered_checks,
    registry_failures,
)
from sources.models import Source, citable_models
from tests.builders import make_citation, make_country, make_factory, make_round, make_source


def failures_about(obj, check=check_fact_fields_cited):
    return [failure for failure in check() if obj in failure.subjects]


def test_a_fact_field_with_a_value_needs_an_accepted_citation(db):
    factory = make_factory(name="Example Factory", deployment_start_year=None)
    source = make_source()
    for field_name in ("name", "selection_round", "summary", "infrastructure"):
        make_citation(factory, field_name, source=source)
    # A version the registry does not accept is no evidence for the value it shows.
    make_citation(factory, "experimental_platform", source=source, is_accepted=False)

    [failure] = failures_about(factory)
    # experimental_platform is False, which is a value; the empty deployment years need nothing.
    label = AIFactory.fact_label("experimental_platform")
    assert failure.message == f"AI Factory “Example Factory”: no accepted citation for its {label}."
    assert failure.subjects == (factory,)

    make_citation(factory, "experimental_platform", source=source)
    assert failures_about(factory) == []


def test_a_many_to_many_fact_needs_evidence_only_when_it_has_members(db):
    selection_round = make_round(name="Round of the test")
    make_citation(selection_round, "name")
    make_citation(selection_round, "announced_on")
    assert failures_about(selection_round) == []

    selection_round.interested_countries.add(make_country("DK"))
    [failure] = failures_about(selection_round)
    assert failure.message.endswith("no accepted citation for its interested countries.")


def test_the_fact_field_check_runs_one_query_per_citable_model(db, django_assert_num_queries):
    for _ in range(6):
        make_factory()
    with django_assert_num_queries(len(citable_models()) + 1):
        assert len(list(check_fact_fields_cited())) > 6


def test_an_archived_text_changed_behind_the_registry_fails_its_digest(registry):
    source = Source.objects.get(slug="europes-ai-revolution-2-3-billion")
    assert list(check_archive_digests()) == []
    Source.objects.filter(pk=source.pk).update(archived_text=source.archived_text + " Tampered.")

    [failure] = check_archive_digests()
    assert failure.subjects == (source,)
    assert failure.message.startswith(
        f"The archived text of source “{source}” has changed since it was recorded"
    )


def test_a_source_without_a_recorded_digest_fails(db):
    source = make_source(title="Undigested")
    Source.objects.filter(pk=source.pk).update(archive_sha256="")
    [failure] = check_archive_digests()
    assert failure.message == "Source “Undigested” has no recorded SHA-256 of its archived text."


def test_each_failure_names_the_check_that_found_it(registry):
    Country.objects.filter(code="NO").update(standing=Country.Standing.EU_MEMBER)
    AIFactory.objects.get(slug="pharos").site.delete()
    found = {(failure.check, failure.message) for failure in registry_failures()}
    assert (
        "The consortia count the states the sources state",
        "The consortia count 1 EuroHPC Participating States (TR); the sources say 2.",
    ) in found
    assert ("Every AI Factory has one host", "Pharos has no host site.") in found


def test_the_domain_apps_register_their_own_checks():
    titles = [check.title for check in registered_checks()]
    assert titles == [
        "Quotes occur in their sources",
        "Citations point at facts",
        "Every fact is cited",
        "Archived sources are unchanged",
        "The consortia count the states the sources state",
        "Every AI Factory has one host",
    ]


def imported_modules(path):
    tree = ast.parse(path.read_text())
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0:
            yield node.module


def test_the_checks_and_commands_of_sources_import_no_domain_app():
    sources = Path(settings.BASE_DIR) / "sources"
    paths = [
        sources / "checks.py",
        *sorted((sources / "management" / "commands").glob("*.py")),
    ]
    domain = ("factories", "consortia", "funding", "changes")
    imports = {str(path.name): sorted(set(imported_modules(path))) for path in paths}
    assert {
        name: [module for module in modules if module.split(".")[0] in domain]
        for name, modules in imports.items()
    } == {name: [] for name in imports}
