"""The open data: the /data/ page, the Frictionless data package (validated by the frictionless
library) and the DCAT-AP catalogue (parsed by rdflib)."""

import csv
import io
import json
import sqlite3
import zipfile

import frictionless
import pytest
from django.test import Client
from rdflib import Graph, Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, RDF

pytestmark = pytest.mark.usefixtures("registry")


@pytest.fixture
def package_dir(tmp_path):
    response = Client().get("/data/ai-factories.zip")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    zipfile.ZipFile(io.BytesIO(response.content)).extractall(tmp_path)
    return tmp_path


def test_the_data_page_lists_every_download():
    response = Client().get("/data/")
    assert response.status_code == 200
    text = response.content.decode()
    for link in (
        "/data/ai-factories.zip",
        "/api/v1/export/",
        "/data/catalog.jsonld",
        "/data/catalog.ttl",
        "/changes/feed/",
        "?format=geojson",
        "data/citations.csv",
    ):
        assert link in text


def test_the_data_package_is_valid_with_its_keys(package_dir):
    report = frictionless.validate(package_dir / "datapackage.json")
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])[:10]
    package = json.loads((package_dir / "datapackage.json").read_text())
    assert package["licenses"][0]["name"] == "CC-BY-4.0"
    assert int(package["version"]) > 0 and package["created"].endswith("Z")
    names = {resource["name"] for resource in package["resources"]}
    assert {
        "factories",
        "sites",
        "states",
        "memberships",
        "organisations",
        "partnerships",
        "supercomputers",
        "programmes",
        "totals",
        "budgets",
        "sources",
        "citations",
    } <= names
    sites = next(r for r in package["resources"] if r["name"] == "sites")
    assert {"fields": "factory", "reference": {"resource": "factories", "fields": "slug"}} in sites[
        "schema"
    ]["foreignKeys"]
    with open(package_dir / "data" / "factories.csv", encoding="utf-8") as table:
        rows = list(csv.DictReader(table))
    assert len(rows) == 7
    assert {row["slug"] for row in rows} >= {"it4lia", "lumi-ai-factory"}


def test_every_table_loads_into_sqlite(package_dir):
    database = sqlite3.connect(":memory:")
    package = frictionless.Package(package_dir / "datapackage.json")
    for resource in package.resources:
        rows = resource.read_rows()
        columns = [field.name for field in resource.schema.fields]
        database.execute(f"CREATE TABLE {resource.name} ({', '.join(columns)})")
        database.executemany(
            f"INSERT INTO {resource.name} VALUES ({', '.join('?' for _ in columns)})",
            [[str(row[c]) if row[c] is not None else None for c in columns] for row in rows],
        )
    [(count,)] = database.execute(
        "SELECT COUNT(*) FROM citations JOIN sources ON citations.source = sources.slug"
    )
    [(total,)] = database.execute("SELECT COUNT(*) FROM citations")
    assert count == total > 300


def test_the_dcat_ap_catalogue_parses_with_its_required_properties():
    client = Client()
    jsonld = client.get("/data/catalog.jsonld")
    assert jsonld["Content-Type"] == "application/ld+json"
    turtle = client.get("/data/catalog.ttl")
    assert turtle["Content-Type"].startswith("text/turtle")
    for graph in (
        Graph().parse(data=jsonld.content, format="json-ld"),
        Graph().parse(data=turtle.content, format="turtle"),
    ):
        [catalogue] = graph.subjects(RDF.type, DCAT.Catalog)
        [dataset] = graph.subjects(RDF.type, DCAT.Dataset)
        for subject in (catalogue, dataset):
            assert graph.value(subject, DCTERMS.title)
            assert graph.value(subject, DCTERMS.description)
            assert graph.value(subject, DCTERMS.publisher)
        assert graph.value(catalogue, DCAT.dataset) == dataset
        assert graph.value(dataset, DCTERMS.modified)
        eu = Namespace("http://publications.europa.eu/resource/authority/")
        assert (dataset, DCTERMS.spatial, eu["continent/EUROPE"]) in graph
        assert (dataset, DCAT.theme, eu["data-theme/TECH"]) in graph
        distributions = set(graph.objects(dataset, DCAT.distribution))
        assert len(distributions) == 5
        for distribution in distributions:
            assert graph.value(distribution, DCAT.accessURL)
            assert graph.value(distribution, DCTERMS.license) == eu["licence/CC_BY_4_0"]
        urls = {str(graph.value(d, DCAT.accessURL)) for d in distributions}
        assert URIRef("http://testserver/data/ai-factories.zip").toPython() in urls
