"""The endpoints of a factory's other facts: selection rounds, other names and the links to
supercomputers; each filters, answers CSV, shows its citations and is written with evidence."""

import csv
import io

import pytest
from rest_framework.test import APIClient

from factories.models import FactoryName, FactorySystem
from tests.api.clients import editor_client, evidence, if_match
from tests.builders import (
    make_citation,
    make_country,
    make_factory,
    make_round,
    make_source,
    make_supercomputer,
)

pytestmark = pytest.mark.django_db


def csv_rows(response):
    assert response["Content-Type"].startswith("text/csv")
    return list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))


def test_selection_rounds_list_filter_and_cite():
    denmark = make_country("DK")
    first = make_round(slug="first", announced_on="2024-12-10")
    first.interested_countries.add(denmark)
    make_round(slug="second", announced_on="2025-03-12")
    factory = make_factory(selection_round=first)
    make_citation(first, field_name="announced_on", stated_value="10 December 2024")
    api = APIClient()

    body = api.get("/api/v1/selection-rounds/", {"interested_country": "dk"}).json()
    [row] = body["results"]
    assert (row["slug"], row["interested_countries"], row["factories"]) == (
        "first",
        ["DK"],
        [factory.slug],
    )
    [quote] = row["citations"]["announced_on"]
    assert quote["stated_value"] == "10 December 2024"
    later = api.get("/api/v1/selection-rounds/", {"announced_after": "2025-01-01"}).json()
    assert [r["slug"] for r in later["results"]] == ["second"]
    rows = csv_rows(api.get("/api/v1/selection-rounds/", {"format": "csv"}))
    assert [r["slug"] for r in rows] == ["first", "second"]
    assert rows[0]["interested_countries"] == "DK"


def test_other_names_filter_csv_and_writes_with_evidence():
    factory = make_factory(slug="it4lia", name="IT4LIA")
    other = make_factory()
    FactoryName.objects.create(factory=factory, name="ITA4LIA", kind="spelling_variant")
    FactoryName.objects.create(factory=other, name="Other", kind="short_form")
    api = APIClient()

    body = api.get("/api/v1/other-names/", {"factory": "it4lia"}).json()
    assert [(r["name"], r["factory_name"]) for r in body["results"]] == [("ITA4LIA", "IT4LIA")]
    assert api.get("/api/v1/other-names/", {"kind": "short_form"}).json()["count"] == 1
    assert api.get("/api/v1/other-names/", {"kind": "nickname"}).status_code == 400
    assert len(csv_rows(api.get("/api/v1/other-names/", HTTP_ACCEPT="text/csv"))) == 2

    new = {"factory": "it4lia", "name": "IT4LIA AI Factory", "kind": "long_form"}
    assert api.post("/api/v1/other-names/", new, format="json").status_code == 401
    editor = editor_client()
    refused = editor.post("/api/v1/other-names/", new, format="json")
    assert refused.status_code == 400, refused.content
    source = make_source()
    created = editor.post(
        "/api/v1/other-names/", {**new, "evidence": evidence(source, "name")}, format="json"
    )
    assert created.status_code == 201, created.content
    assert created.json()["citations"]["name"][0]["source"]["slug"] == source.slug
    assert FactoryName.objects.filter(name="IT4LIA AI Factory").exists()


def test_factory_systems_filter_and_change_with_if_match():
    factory = make_factory(slug="lumi-ai-factory")
    lumi = make_supercomputer(slug="lumi", name="LUMI")
    link = FactorySystem.objects.create(factory=factory, supercomputer=lumi, relation="upgrades")
    FactorySystem.objects.create(
        factory=make_factory(), supercomputer=make_supercomputer(), relation="new_system"
    )
    api = APIClient()

    body = api.get("/api/v1/factory-systems/", {"supercomputer": "lumi"}).json()
    [row] = body["results"]
    assert (row["factory"], row["relation"], row["relation_display"]) == (
        "lumi-ai-factory",
        "upgrades",
        "Upgraded by the factory",
    )
    assert api.get("/api/v1/factory-systems/", {"relation": "new_system"}).json()["count"] == 1
    rows = csv_rows(api.get("/api/v1/factory-systems/", {"format": "csv"}))
    assert {r["supercomputer_name"] for r in rows} == {"LUMI", rows[1]["supercomputer_name"]}

    editor = editor_client()
    url = f"/api/v1/factory-systems/{link.pk}/"
    change = {"relation": "evolves_from", "evidence": evidence(make_source(), "relation")}
    assert editor.patch(url, change, format="json").status_code == 428
    response = editor.patch(url, change, format="json", **if_match(editor, url))
    assert response.status_code == 200, response.content
    link.refresh_from_db()
    assert link.relation == "evolves_from"
