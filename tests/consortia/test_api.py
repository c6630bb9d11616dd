import csv
import io

import pytest
from rest_framework.test import APIClient

from consortia.models import Country, Membership, Organisation
from tests.api.clients import editor_client, evidence, if_match, token_client
from tests.builders import make_country, make_factory, make_organisation, make_source


@pytest.fixture
def api():
    return APIClient()


@pytest.mark.usefixtures("registry")
class TestReads:
    def test_country_by_iso_code_in_either_case(self, api):
        for code in ("dk", "DK", "Dk"):
            response = api.get(f"/api/v1/countries/{code}/")
            assert response.status_code == 200
            assert response.json()["name"] == "Denmark"
            assert response.json()["member_of"] == ["lumi-ai-factory"]
        assert api.get("/api/v1/countries/zz/").status_code == 404
        assert api.get("/api/v1/countries/dnk/").status_code == 404

    def test_countries_list_links_to_lower_case_codes(self, api):
        body = api.get("/api/v1/countries/").json()
        assert body["count"] == 18
        finland = next(row for row in body["results"] if row["code"] == "FI")
        assert finland["url"] == "http://testserver/api/v1/countries/fi/"
        assert finland["hosts"] == ["lumi-ai-factory"]

    def test_countries_by_standing(self, api):
        participating = api.get("/api/v1/countries/", {"standing": "eurohpc_participating"})
        assert sorted(row["code"] for row in participating.json()["results"]) == ["NO", "TR"]
        members = api.get("/api/v1/countries/", {"standing": "eu_member"}).json()
        assert members["count"] == 16
        response = api.get("/api/v1/countries/", {"standing": "empire"})
        assert response.status_code == 400
        assert "standing" in response.json()

    def test_organisations_filter_and_search(self, api):
        swedish = api.get("/api/v1/organisations/", {"country": "se"}).json()
        assert "naiss" in [row["slug"] for row in swedish["results"]]
        assert all(row["country"] == "SE" for row in swedish["results"])
        found = api.get("/api/v1/organisations/", {"search": "NAISS"}).json()
        assert [row["slug"] for row in found["results"]] == ["naiss"]
        assert api.get("/api/v1/organisations/naiss/").json()["parent"] == "linkoping-university"

    def test_memberships_filter(self, api):
        members = api.get(
            "/api/v1/memberships/", {"factory": "lumi-ai-factory", "role": "member"}
        ).json()
        assert sorted(row["country"] for row in members["results"]) == [
            "CZ",
            "DK",
            "EE",
            "NO",
            "PL",
        ]
        hosts = api.get("/api/v1/memberships/", {"role": "host"}).json()
        assert hosts["count"] == 7
        assert api.get("/api/v1/memberships/", {"country": "tr"}).json()["count"] == 1

    def test_countries_csv(self, api):
        response = api.get("/api/v1/countries/", {"format": "csv"})
        rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
        assert len(rows) == 18
        turkey = next(row for row in rows if row["code"] == "TR")
        assert turkey["name"] == "Türkiye"
        assert turkey["member_of"] == "bsc-aif"


@pytest.mark.django_db
class TestWrites:
    def test_anonymous_401_and_non_editor_403(self, api):
        make_country("FI")
        assert api.post("/api/v1/countries/", {"code": "SE"}, format="json").status_code == 401
        assert api.delete("/api/v1/countries/fi/").status_code == 401
        reader = token_client()
        assert reader.post("/api/v1/countries/", {"code": "SE"}, format="json").status_code == 403
        assert reader.delete("/api/v1/countries/fi/").status_code == 403
        assert list(Country.objects.values_list("code", flat=True)) == ["FI"]

    def test_editor_adds_a_country_by_lower_case_code(self):
        editor = editor_client()
        body = {"code": "se", "standing": "eu_member"}
        response = editor.post("/api/v1/countries/", body, format="json")
        assert response.status_code == 400
        assert response.json() == {
            "standing": [
                "A new standing needs new evidence: add an accepted citation for “standing” "
                "quoting the passage that states it."
            ]
        }
        assert not Country.objects.exists()
        body["evidence"] = evidence(make_source(), "standing")
        response = editor.post("/api/v1/countries/", body, format="json")
        assert response.status_code == 201, response.content
        assert response.json()["code"] == "SE"
        assert Country.objects.get().code == "SE"

    def test_a_second_host_is_400_and_changes_nothing(self):
        editor = editor_client()
        factory = make_factory(host=make_country("FI"))
        make_country("SE")
        response = editor.post(
            "/api/v1/memberships/",
            {"factory": factory.slug, "country": "se", "role": "host"},
            format="json",
        )
        assert response.status_code == 400
        assert response.json()["role"] == ["This AI Factory already has a host country: Finland."]
        assert Membership.objects.count() == 1
        response = editor.post(
            "/api/v1/memberships/",
            {
                "factory": factory.slug,
                "country": "se",
                "role": "member",
                "evidence": evidence(make_source(), "country", "role"),
            },
            format="json",
        )
        assert response.status_code == 201, response.content
        assert Membership.objects.count() == 2

    def test_deleting_an_organisation_in_use_is_409(self):
        editor = editor_client()
        factory = make_factory()
        hosting = factory.site.organisation
        url = f"/api/v1/organisations/{hosting.slug}/"
        response = editor.delete(url, **if_match(editor, url))
        assert response.status_code == 409
        assert response.json()["detail"] == (
            f"“{hosting}” cannot be deleted while these refer to it: 1 host site. "
            "Delete or change them first."
        )
        assert Organisation.objects.filter(pk=hosting.pk).exists()
        spare = make_organisation()
        url = f"/api/v1/organisations/{spare.slug}/"
        assert editor.delete(url, **if_match(editor, url)).status_code == 204

    def test_editors_may_not_delete_a_country(self):
        make_country("SE")
        response = editor_client().delete("/api/v1/countries/se/")
        assert response.status_code == 403
        assert Country.objects.filter(code="SE").exists()

    def test_organisation_with_unknown_country_is_400(self):
        editor = editor_client()
        response = editor.post(
            "/api/v1/organisations/",
            {"slug": "x", "name": "X", "kind": "university", "country": "zz"},
            format="json",
        )
        assert response.status_code == 400
        assert response.json()["country"] == [
            "“ZZ” is not the ISO code of a country in the registry."
        ]
