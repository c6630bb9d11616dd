"""The downloads at 7, 1,000 and 10,000 factories (tests/scale.py): the streamed JSON export
and the data package are complete, every row of the database in them, evidence included."""

import csv
import io
import json
import zipfile

import pytest
from django.test import Client

from consortia.models import Country, Membership, Organisation, Partnership
from factories.models import AIFactory, FactoryName, FactorySystem, HostSite, Supercomputer
from funding.models import Budget, Programme, StatedTotal
from sources.models import Citation, Source

pytestmark = pytest.mark.django_db

EXPORT_LISTS = {
    "factories": AIFactory,
    "sites": HostSite,
    "supercomputers": Supercomputer,
    "countries": Country,
    "organisations": Organisation,
    "memberships": Membership,
    "programmes": Programme,
    "budgets": Budget,
    "stated_totals": StatedTotal,
    "sources": Source,
    "citations": Citation,
}
PACKAGE_TABLES = {
    "factories": AIFactory,
    "other_names": FactoryName,
    "states": Country,
    "organisations": Organisation,
    "sites": HostSite,
    "memberships": Membership,
    "partnerships": Partnership,
    "supercomputers": Supercomputer,
    "factory_systems": FactorySystem,
    "programmes": Programme,
    "totals": StatedTotal,
    "budgets": Budget,
    "sources": Source,
    "citations": Citation,
}


def test_the_export_holds_every_row(registry_of_size):
    response = Client().get("/api/v1/export/")
    assert response.status_code == 200 and response.streaming
    assert response["Content-Type"] == "application/json"
    registry = json.loads(b"".join(response.streaming_content))
    assert len(registry["factories"]) == AIFactory.objects.count() == registry_of_size
    for name, model in EXPORT_LISTS.items():
        assert len(registry[name]) == model.objects.count(), name
    # Each factory in detail, with its host site, consortium and budget, evidence beside them.
    slugs = {factory["slug"] for factory in registry["factories"]}
    assert len(slugs) == registry_of_size
    hosts = sum(1 for factory in registry["factories"] if factory["consortium"]["host"])
    assert hosts == Membership.objects.filter(role=Membership.Role.HOST).count()
    lumi = next(f for f in registry["factories"] if f["slug"] == "lumi-ai-factory")
    assert lumi["host_site"]["citations"]["city"][0]["quote"]
    assert lumi["budget"]["lines"][0]["citations"]
    lines = sum(len(factory["budget"]["lines"]) for factory in registry["factories"])
    assert lines == Budget.objects.count()


def test_the_data_package_holds_every_row(registry_of_size):
    response = Client().get("/data/ai-factories.zip")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert int(response["Content-Length"]) == len(response.content)
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    for name, model in PACKAGE_TABLES.items():
        with archive.open(f"data/{name}.csv") as table:
            rows = list(csv.DictReader(io.TextIOWrapper(table, encoding="utf-8")))
        assert len(rows) == model.objects.count(), name
    with archive.open("data/factories.csv") as table:
        slugs = {row["slug"] for row in csv.DictReader(io.TextIOWrapper(table, encoding="utf-8"))}
    assert len(slugs) == registry_of_size
