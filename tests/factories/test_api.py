import csv
import io
from decimal import Decimal

import pytest
from rest_framework.test import APIClient

from factories.models import AIFactory, FactorySystem, HostSite, SelectionRound
from sources.models import Citation
from tests.api.clients import editor_client, evidence, if_match, token_client
from tests.builders import (
    make_citation,
    make_country,
    make_factory,
    make_round,
    make_source,
    make_supercomputer,
)

LIST = "/api/v1/factories/"


def slugs(client, **params):
    response = client.get(LIST, params)
    assert response.status_code == 200, response.content
    return [row["slug"] for row in response.json()["results"]]


@pytest.fixture
def api():
    return APIClient()


# --- Reading, on the registry's data ----------------------------------------------------------


@pytest.mark.usefixtures("registry")
class TestFactoryReads:
    def test_list_is_compact_and_links_to_details(self, api):
        body = api.get(LIST).json()
        assert body["count"] == 7
        lumi = next(row for row in body["results"] if row["slug"] == "lumi-ai-factory")
        assert lumi["host_country"] == "FI"
        assert lumi["member_countries"] == ["CZ", "DK", "EE", "NO", "PL"]
        assert lumi["city"] == "Kajaani"
        assert lumi["budget_total_eur_million"] == 556.0
        assert "citations" not in lumi and "summary" not in lumi
        assert lumi["url"] == "http://testserver/api/v1/factories/lumi-ai-factory/"
        assert api.get(lumi["url"]).json()["name"] == "LUMI AI Factory"

    def test_filters_by_country_in_either_case(self, api):
        assert slugs(api, host_country="fi") == ["lumi-ai-factory"]
        assert slugs(api, host_country="FI") == ["lumi-ai-factory"]
        assert slugs(api, member_country="si") == ["it4lia"]
        assert slugs(api, country="dk") == ["lumi-ai-factory"]
        assert slugs(api, host_country="dk") == []

    def test_filters_by_infrastructure_platform_and_round(self, api):
        assert slugs(api, infrastructure="upgrade") == ["bsc-aif"]
        assert len(slugs(api, infrastructure="new_system")) == 5
        assert slugs(api, experimental_platform="true") == ["bsc-aif", "lumi-ai-factory"]
        assert len(slugs(api, selection_round="first-selection-2024")) == 7

    def test_filters_by_budget(self, api):
        assert slugs(api, budget_min="200") == ["it4lia", "lumi-ai-factory"]
        assert slugs(api, budget_max="100") == ["hammerhai", "pharos"]
        assert slugs(api, budget_min="100", budget_max="200") == ["bsc-aif", "l-ai-factory"]
        assert slugs(api, budget_unknown="true") == ["mimer"]
        assert len(slugs(api, budget_unknown="false")) == 6

    def test_ordering_and_search(self, api):
        assert slugs(api, ordering="-budget")[:2] == ["lumi-ai-factory", "it4lia"]
        assert slugs(api, ordering="-budget")[-1] == "mimer"
        assert slugs(api, ordering="country")[0] == "lumi-ai-factory"
        # A spelling only another name records finds the factory.
        assert slugs(api, search="ITA4LIA") == ["it4lia"]
        assert slugs(api, search="Linköping") == ["mimer"]
        assert slugs(api, search="Atlantis") == []

    def test_invalid_filter_values_are_400_with_the_fields_messages(self, api):
        response = api.get(LIST, {"host_country": "zz", "budget_min": "lots"})
        assert response.status_code == 400
        body = response.json()
        assert body["host_country"] == ["“ZZ” is not the ISO code of a country in the registry."]
        assert body["budget_min"] == ["Enter a number."]
        assert api.get(LIST, {"infrastructure": "castle"}).status_code == 400

    def test_pages_are_capped(self, api):
        body = api.get(LIST, {"page_size": 2}).json()
        assert len(body["results"]) == 2
        assert body["next"].endswith("page=2&page_size=2")
        assert len(api.get(LIST, {"page_size": 10_000}).json()["results"]) == 7
        assert api.get(LIST, {"page": 9}).status_code == 404

    def test_detail_nests_every_fact(self, api):
        pharos = api.get(f"{LIST}pharos/").json()
        assert pharos["host_site"]["city"] == "Athens"
        assert pharos["host_site"]["country"] == {"code": "GR", "name": "Greece"}
        assert pharos["host_site"]["organisation"]["slug"] == "grnet"
        assert pharos["consortium"]["host"]["code"] == "GR"
        assert pharos["consortium"]["members"] == []
        [system] = pharos["supercomputers"]
        assert system["relation"] == "associated_with"
        assert system["supercomputer"]["slug"] == "daedalus"
        assert pharos["budget"]["total_eur_million"] == 30.0
        assert [line["display"] for line in pharos["budget"]["lines"]] == ["€30 million"]
        assert [other["name"] for other in pharos["other_names"]] == ["Pharos AI Factory"]
        lumi = api.get(f"{LIST}lumi-ai-factory/").json()
        assert [m["code"] for m in lumi["consortium"]["members"]] == ["CZ", "DK", "EE", "NO", "PL"]

    def test_detail_gives_each_fields_citations(self, api):
        it4lia = api.get(f"{LIST}it4lia/").json()
        names = it4lia["citations"]["name"]
        assert {c["stated_value"] for c in names} >= {"IT4LIA", "ITA4LIA"}
        first = names[0]
        assert first["is_accepted"] is True
        assert first["quote"]
        assert set(first["source"]) == {"slug", "title", "document_url", "url"}
        site_city = it4lia["host_site"]["citations"]["city"]
        assert all(c["stated_value"] == "Bologna" for c in site_city)

    def test_detail_lists_disagreements(self, api):
        pharos = api.get(f"{LIST}pharos/").json()
        by_field = {(d["subject"], d["field"]): d for d in pharos["disagreements"]}
        assert set(by_field) == {("AI Factory", "infrastructure"), ("Supercomputer", "status")}
        status = by_field[("Supercomputer", "status")]
        assert [c["stated_value"] for c in status["accepted"]] == ["currently under deployment"]
        assert [c["stated_value"] for c in status["differing"]] == ["already deployed"]
        assert api.get(f"{LIST}hammerhai/").json()["disagreements"] == []

    def test_unknown_slug_is_404(self, api):
        assert api.get(f"{LIST}atlantis/").status_code == 404

    def test_csv_by_format_and_by_accept_header(self, api):
        for response in (
            api.get(LIST, {"format": "csv"}),
            api.get(LIST, HTTP_ACCEPT="text/csv"),
        ):
            assert response.status_code == 200
            assert response["Content-Type"] == "text/csv; charset=utf-8"
            rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
            assert len(rows) == 7
            mimer = next(row for row in rows if row["slug"] == "mimer")
            assert mimer["city"] == "Linköping"
            assert mimer["budget_total_eur_million"] == ""
            lumi = next(row for row in rows if row["slug"] == "lumi-ai-factory")
            assert lumi["member_countries"] == "CZ; DK; EE; NO; PL"
            assert lumi["url"] == "http://testserver/api/v1/factories/lumi-ai-factory/"

    def test_csv_of_a_filtered_list(self, api):
        response = api.get(LIST, {"format": "csv", "budget_unknown": "false"})
        rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
        assert len(rows) == 6

    def test_csv_of_a_detail_flattens_nested_objects(self, api):
        response = api.get(f"{LIST}pharos/", {"format": "csv"})
        [row] = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
        assert row["host_site.city"] == "Athens"
        assert row["host_site.country.code"] == "GR"
        assert row["budget.total_eur_million"] == "30"


# --- Sites and supercomputers -----------------------------------------------------------------


@pytest.mark.usefixtures("registry")
class TestSitesAndSupercomputers:
    def test_sites_filter_by_country(self, api):
        body = api.get("/api/v1/sites/", {"country": "it"}).json()
        assert [row["city"] for row in body["results"]] == ["Bologna"]
        assert api.get("/api/v1/sites/").json()["count"] == 7
        assert api.get("/api/v1/sites/", {"country": "xx"}).status_code == 400

    def test_sites_as_geojson(self, api):
        response = api.get("/api/v1/sites/", {"format": "geojson"})
        assert response.status_code == 200
        assert response["Content-Type"] == "application/geo+json"
        collection = response.json()
        assert collection["type"] == "FeatureCollection"
        assert len(collection["features"]) == 7
        for feature in collection["features"]:
            assert feature["type"] == "Feature"
            assert feature["geometry"]["type"] == "Point"
            lon, lat = feature["geometry"]["coordinates"]
            assert -180 <= lon <= 180 and -90 <= lat <= 90
            assert {"factory", "city", "country", "organisation"} <= set(feature["properties"])
        kajaani = next(f for f in collection["features"] if f["properties"]["city"] == "Kajaani")
        site = HostSite.objects.get(city="Kajaani")
        assert kajaani["geometry"]["coordinates"] == [float(site.longitude), float(site.latitude)]
        assert kajaani["properties"]["factory"] == "lumi-ai-factory"
        assert kajaani["properties"]["country"] == "FI"
        # Links in a GeoJSON file point at the JSON, which exists for every object.
        assert "format" not in kajaani["properties"]["factory_url"]

    def test_geojson_of_a_filtered_list_and_only_for_sites(self, api):
        collection = api.get("/api/v1/sites/", {"format": "geojson", "country": "se"}).json()
        assert [f["properties"]["city"] for f in collection["features"]] == ["Linköping"]
        assert api.get(LIST, {"format": "geojson"}).status_code == 406

    def test_sites_csv(self, api):
        response = api.get("/api/v1/sites/", HTTP_ACCEPT="text/csv")
        rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
        assert len(rows) == 7
        assert {"factory", "city", "country", "latitude", "longitude"} <= set(rows[0])

    def test_supercomputers_filter(self, api):
        def names(**params):
            body = api.get("/api/v1/supercomputers/", params).json()
            return [row["slug"] for row in body["results"]]

        assert "daedalus" in names(status="under_deployment")
        assert names(country="gr") == ["daedalus"]
        assert all(row for row in names(is_ai_optimised="true"))
        daedalus = api.get("/api/v1/supercomputers/daedalus/").json()
        assert daedalus["factories"] == ["pharos"]


# --- Writing ---------------------------------------------------------------------------------


def new_factory_payload(**fields):
    return {
        "slug": "atlantis",
        "name": "Atlantis AI Factory",
        "selection_round": (
            SelectionRound.objects.filter(slug="second-round").first()
            or make_round(slug="second-round")
        ).slug,
        "summary": "A factory under the sea.",
        "infrastructure": "new_system",
        "experimental_platform": False,
        "deployment_start_year": 2025,
        "deployment_end_year": 2027,
        "evidence": evidence(make_source(), *AIFactory.fact_fields),
        **fields,
    }


@pytest.mark.django_db
class TestFactoryWrites:
    def test_anonymous_writes_are_401_and_non_editors_403(self, api):
        factory = make_factory()
        payload = new_factory_payload()
        reader = token_client()
        for method, url in [
            ("post", LIST),
            ("put", f"{LIST}{factory.slug}/"),
            ("patch", f"{LIST}{factory.slug}/"),
            ("delete", f"{LIST}{factory.slug}/"),
        ]:
            assert getattr(api, method)(url, payload, format="json").status_code == 401
            assert getattr(reader, method)(url, payload, format="json").status_code == 403
        assert AIFactory.objects.count() == 1
        assert AIFactory.objects.get().name == factory.name

    def test_editor_creates_and_updates_but_may_not_delete_a_factory(self):
        editor = editor_client()
        response = editor.post(LIST, new_factory_payload(), format="json")
        assert response.status_code == 201, response.content
        assert response.json()["url"] == "http://testserver/api/v1/factories/atlantis/"
        assert AIFactory.objects.get(slug="atlantis").citations.count() == 7
        url = f"{LIST}atlantis/"
        renamed = {"name": "Atlantis", "evidence": evidence(make_source(), "name")}
        response = editor.patch(url, renamed, format="json", **if_match(editor, url))
        assert response.status_code == 200, response.content
        assert AIFactory.objects.get(slug="atlantis").name == "Atlantis"
        # As in the admin: the editors group has no permission to delete an AI Factory.
        response = editor.delete(url, **if_match(editor, url))
        assert response.status_code == 403
        assert response.json() == {"detail": "Editors may not delete AI Factories."}
        assert AIFactory.objects.filter(slug="atlantis").exists()

    def test_a_bad_write_is_400_with_field_messages_and_changes_nothing(self):
        editor = editor_client()
        factory = make_factory(deployment_start_year=2025, deployment_end_year=2026)
        url = f"{LIST}{factory.slug}/"
        response = editor.patch(
            url,
            {"name": "Renamed", "deployment_end_year": 2020},
            format="json",
            **if_match(editor, url),
        )
        assert response.status_code == 400
        assert response.json() == {
            "deployment_end_year": ["Deployment cannot end before it starts."]
        }
        factory.refresh_from_db()
        assert (factory.name, factory.deployment_end_year) != ("Renamed", 2020)
        response = editor.post(LIST, new_factory_payload(infrastructure="castle"), format="json")
        assert response.status_code == 400
        assert "infrastructure" in response.json()
        response = editor.post(LIST, new_factory_payload(name=factory.name), format="json")
        assert response.status_code == 400
        assert "name" in response.json()
        assert AIFactory.objects.count() == 1

    def test_deleting_a_site_takes_its_citations_with_it(self):
        editor = editor_client()
        site = make_factory().site
        make_citation(site, field_name="city")
        url = f"/api/v1/sites/{site.pk}/"
        assert editor.delete(url, **if_match(editor, url)).status_code == 204
        assert not HostSite.objects.filter(pk=site.pk).exists()
        assert not Citation.objects.exists()
        assert Citation.history.filter(history_type="-").count() == 1

    def test_site_writes_follow_the_models_rules(self):
        editor = editor_client()
        factory = make_factory(host=make_country("FI"))
        site = factory.site
        url = f"/api/v1/sites/{site.pk}/"
        response = editor.patch(
            url, {"country": "se", "latitude": 95}, format="json", **if_match(editor, url)
        )
        assert response.status_code == 400
        assert set(response.json()) == {"country", "latitude"}
        make_country("SE")
        response = editor.patch(url, {"country": "se"}, format="json", **if_match(editor, url))
        assert response.status_code == 400
        assert response.json()["country"] == [
            "The site must be in the factory's host country, Finland."
        ]
        moved = {"latitude": 64.2, "evidence": evidence(make_source(), "latitude")}
        response = editor.patch(url, moved, format="json", **if_match(editor, url))
        assert response.status_code == 200, response.content
        site.refresh_from_db()
        assert site.latitude == Decimal("64.2") and site.country.code == "FI"

    def test_deleting_a_supercomputer_in_use_is_409(self):
        editor = editor_client()
        system = make_supercomputer()
        FactorySystem.objects.create(
            factory=make_factory(), supercomputer=system, relation="new_system"
        )
        url = f"/api/v1/supercomputers/{system.slug}/"
        response = editor.delete(url, **if_match(editor, url))
        assert response.status_code == 409
        assert "1 factory system" in response.json()["detail"]
