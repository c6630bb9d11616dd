"""The OpenAPI schema is valid and documented; the docs pages load nothing from another host."""

import re

import pytest
from openapi_spec_validator import validate
from rest_framework.test import APIClient

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def schema(django_db_blocker):
    with django_db_blocker.unblock():
        response = APIClient().get("/api/v1/schema/", {"format": "json"})
    assert response.status_code == 200
    return response.json()


def test_schema_is_valid_openapi_3(schema):
    assert schema["openapi"].startswith("3.")
    validate(schema)


def test_schema_documents_every_endpoint(schema):
    paths = set(schema["paths"])
    for name in (
        "factories",
        "sites",
        "supercomputers",
        "countries",
        "organisations",
        "memberships",
        "programmes",
        "budgets",
        "sources",
        "citations",
    ):
        assert f"/api/v1/{name}/" in paths
    assert "/api/v1/factories/{slug}/" in paths
    assert "/api/v1/countries/{code}/" in paths
    assert "/api/v1/export/" in paths


def test_operations_have_descriptions_and_examples(schema):
    assert schema["info"]["description"]
    operations = [op for item in schema["paths"].values() for op in item.values()]
    assert all(op.get("summary") or op.get("description") for op in operations)
    factory_list = schema["paths"]["/api/v1/factories/"]["get"]
    assert "budget" in factory_list["description"]
    content = factory_list["responses"]["200"]["content"]
    assert set(content) == {"application/json", "text/csv"}
    assert content["application/json"]["examples"]
    params = {p["name"]: p for p in factory_list["parameters"]}
    assert {"host_country", "member_country", "budget_min", "budget_max", "budget_unknown"} <= set(
        params
    )
    assert params["budget_min"]["description"] == "Budget at least (EUR million)"
    budgets = schema["paths"]["/api/v1/budgets/"]["get"]["responses"]["200"]["content"]
    assert len(budgets["application/json"]["examples"]) == 2
    create = schema["paths"]["/api/v1/factories/"]["post"]["requestBody"]["content"]
    [example] = create["application/json"]["examples"].values()
    assert example["value"]["slug"] == "example-ai-factory"
    sites = schema["paths"]["/api/v1/sites/"]["get"]["responses"]["200"]["content"]
    assert "application/geo+json" in sites


def test_writes_are_documented_with_their_errors(schema):
    create = schema["paths"]["/api/v1/factories/"]["post"]
    assert {"201", "400", "401", "403", "429"} <= set(create["responses"])
    delete = schema["paths"]["/api/v1/factories/{slug}/"]["delete"]
    assert {"204", "401", "403", "404", "409"} <= set(delete["responses"])
    assert {"tokenAuth": []} in create["security"]
    # What a POST creates can be read at once: a link from its answer to the detail.
    assert create["responses"]["201"]["links"]["GetCreated"] == {
        "operationId": "factories_retrieve",
        "parameters": {"slug": "$response.body#/slug"},
    }


def local_urls_only(html):
    urls = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert urls
    outside = [url for url in urls if re.match(r"^(https?:)?//", url)]
    assert outside == [], outside


def test_swagger_ui_uses_only_local_files():
    client = APIClient()
    page = client.get("/api/v1/docs/")
    assert page.status_code == 200
    html = page.content.decode()
    local_urls_only(html)
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js" in html
    assert "<script>" not in html  # the start-up script is a file, for the CSP
    script = client.get("/api/v1/docs/", {"script": ""})
    assert script.status_code == 200
    assert "/api/v1/schema/" in script.content.decode()


def test_redoc_uses_only_local_files():
    client = APIClient()
    page = client.get("/api/v1/redoc/")
    assert page.status_code == 200
    html = page.content.decode()
    local_urls_only(html)
    assert "fonts.googleapis.com" not in html
    bundle = client.get("/api/v1/redoc/redoc.standalone.js")
    assert bundle.status_code == 200
    assert b"cdn.redoc.ly/redoc/logo-mini.svg" not in bundle.content
    assert b"Redoc" in bundle.content


def test_reads_are_public_and_writes_need_the_token(schema):
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            assert operation["summary"] and operation["description"], (method, path)
            if method == "get":
                assert operation["security"] == [], path
            else:
                assert operation["security"] == [{"tokenAuth": []}], (method, path)
    patch = schema["paths"]["/api/v1/budgets/{id}/"]["patch"]
    assert patch["summary"] == "Change some of a budget's fields (editors only)"
    assert "If-Match" in patch["description"]


def test_tags_servers_licence_and_contact_are_stated(schema):
    defined = {tag["name"]: tag["description"] for tag in schema["tags"]}
    used = {tag for item in schema["paths"].values() for op in item.values() for tag in op["tags"]}
    assert used <= set(defined)
    assert all(defined.values())
    assert schema["servers"] == [{"url": "http://testserver", "description": "This registry"}]
    assert schema["info"]["license"]["name"] == "CC-BY-4.0"
    assert schema["info"]["contact"]["name"]


def test_nullable_nested_objects_are_typed(schema):
    host_site = schema["components"]["schemas"]["FactoryDetail"]["properties"]["host_site"]
    assert host_site["nullable"] is True and host_site["type"] == "object"
    host = schema["components"]["schemas"]["Consortium"]["properties"]["host"]
    assert host["type"] == "object"
