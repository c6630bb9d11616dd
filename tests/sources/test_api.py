import csv
import io

import pytest
from rest_framework.test import APIClient

from sources.models import Citation, Source
from tests.api.clients import editor_client, if_match, token_client
from tests.builders import make_citation, make_factory, make_source


@pytest.fixture
def api():
    return APIClient()


@pytest.mark.usefixtures("registry")
class TestReads:
    def test_sources_by_slug_detail_adds_archived_text(self, api):
        body = api.get("/api/v1/sources/").json()
        assert body["count"] == Source.objects.count()
        assert "archived_text" not in body["results"][0]
        slug = body["results"][0]["slug"]
        detail = api.get(f"/api/v1/sources/{slug}/").json()
        assert detail["archived_text"] == Source.objects.get(slug=slug).archived_text
        assert detail["citation_count"] == Citation.objects.filter(source__slug=slug).count()

    def test_sources_filter_by_reliability(self, api):
        low = api.get("/api/v1/sources/", {"reliability": "low"}).json()
        assert [row["slug"] for row in low["results"]] == ["europes-ai-revolution-2-3-billion"]

    def test_citations_filter_by_source_and_acceptance(self, api):
        slug = "europes-ai-revolution-2-3-billion"
        body = api.get("/api/v1/citations/", {"source": slug, "page_size": 200}).json()
        assert body["count"] == Citation.objects.filter(source__slug=slug).count() > 0
        assert {row["source"] for row in body["results"]} == {slug}
        differing = api.get("/api/v1/citations/", {"is_accepted": "false"}).json()
        assert differing["count"] == Citation.objects.filter(is_accepted=False).count()
        assert all(row["is_accepted"] is False for row in differing["results"])
        response = api.get("/api/v1/citations/", {"source": "no-such-source"})
        assert response.status_code == 400
        assert "source" in response.json()

    def test_citations_by_kind_of_object(self, api):
        body = api.get("/api/v1/citations/", {"model": "budget", "page_size": 200}).json()
        assert body["count"] > 0
        assert {row["subject_type"] for row in body["results"]} == {"budget"}

    def test_citations_csv_has_every_row(self, api):
        response = api.get("/api/v1/citations/", {"format": "csv"})
        rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
        assert len(rows) == 406
        assert {"subject_type", "object_id", "field_name", "source", "quote"} <= set(rows[0])


@pytest.mark.django_db
class TestWrites:
    def payload(self, factory, source, **fields):
        return {
            "subject_type": "aifactory",
            "object_id": factory.pk,
            "field_name": "name",
            "source": source.slug,
            "quote": "hosted in Exampleville",
            "stated_value": "Exampleville",
            **fields,
        }

    def test_citation_writes_need_an_editor(self, api):
        factory, source = make_factory(), make_source()
        payload = self.payload(factory, source)
        assert api.post("/api/v1/citations/", payload, format="json").status_code == 401
        assert token_client().post("/api/v1/citations/", payload, format="json").status_code == 403
        assert Citation.objects.count() == 0

    def test_editor_adds_a_citation(self):
        factory, source = make_factory(), make_source()
        response = editor_client().post(
            "/api/v1/citations/", self.payload(factory, source), format="json"
        )
        assert response.status_code == 201, response.content
        citation = Citation.objects.get()
        assert citation.subject == factory
        assert response.json()["subject_type"] == "aifactory"

    def test_a_quote_not_in_the_source_or_a_missing_subject_is_400(self):
        editor = editor_client()
        factory, source = make_factory(), make_source()
        response = editor.post(
            "/api/v1/citations/",
            self.payload(factory, source, quote="hosted on the Moon"),
            format="json",
        )
        assert response.status_code == 400
        assert response.json()["quote"] == [
            f"This quote does not occur in the text of “{source.title}”."
        ]
        response = editor.post(
            "/api/v1/citations/", self.payload(factory, source, object_id=999999), format="json"
        )
        assert response.status_code == 400
        assert response.json()["object_id"] == ["There is no AI Factory with id 999999."]
        response = editor.post(
            "/api/v1/citations/", self.payload(factory, source, field_name="colour"), format="json"
        )
        assert response.status_code == 400
        assert response.json()["field_name"] == ["The AI Factory has no field “colour”."]
        assert Citation.objects.count() == 0

    def test_deleting_a_cited_source_is_409_a_citation_204(self):
        editor = editor_client()
        factory = make_factory()
        citation = make_citation(factory)
        url = f"/api/v1/sources/{citation.source.slug}/"
        response = editor.delete(url, **if_match(editor, url))
        assert response.status_code == 409
        assert "1 citation" in response.json()["detail"]
        assert Source.objects.filter(pk=citation.source.pk).exists()
        # The factory's name keeps its evidence: another source states it too.
        make_citation(factory)
        url = f"/api/v1/citations/{citation.pk}/"
        assert editor.delete(url, **if_match(editor, url)).status_code == 204
        url = f"/api/v1/sources/{citation.source.slug}/"
        assert editor.delete(url, **if_match(editor, url)).status_code == 204

    def test_deleting_the_last_evidence_of_a_fact_is_409_and_keeps_it(self):
        editor = editor_client()
        factory = make_factory(name="Example AI Factory")
        citation = make_citation(factory)
        url = f"/api/v1/citations/{citation.pk}/"
        response = editor.delete(url, **if_match(editor, url))
        assert response.status_code == 409
        assert response.json()["detail"] == (
            "This is the only accepted evidence for the name of “Example AI Factory”: cite "
            "another passage that states it first, or delete the AI Factory."
        )
        assert Citation.objects.filter(pk=citation.pk).exists()
