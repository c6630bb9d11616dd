"""Evidence-first editing: add a document, then cite, change or create facts from its passages."""

import hashlib
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from consortia.models import Partnership
from factories.models import AIFactory
from sources.models import Citation, Source
from tests.builders import make_citation, make_factory, make_organisation, make_source
from tests.changes.editors import admin_url, changeform_data

pytestmark = pytest.mark.django_db

PRESS_RELEASE = (
    "Seven AI Factories selected\n\n"
    "The Example AI Factory will be hosted in Exampleville. Its budget is €42 million. "
    "Kajaani University of Applied Sciences joins as a partner.\n\n"
    "A sentence of colour with nothing to record."
)


@pytest.fixture(autouse=True)
def archive_dir(settings, tmp_path):
    settings.SOURCE_ARCHIVE_DIR = tmp_path / "archive"
    return settings.SOURCE_ARCHIVE_DIR


def source_form(**fields):
    data = {
        "slug": "press-release",
        "title": "Press release",
        "publisher": "EuroHPC JU",
        "kind": "agency_news",
        "published_on": "2025-03-01",
        "date_note": "",
        "url": "",
        "reliability": "high",
        "reliability_note": "The agency's own announcement.",
        "text_format": "plain",
        "archived_text": "",
    }
    return {**data, **fields}


def test_a_pasted_document_is_archived_by_its_sha256_and_opens_ready_to_cite(
    editor_client, archive_dir
):
    response = editor_client.post(
        admin_url("sources.source", "add"), source_form(archived_text=PRESS_RELEASE)
    )
    source = Source.objects.get(slug="press-release")
    assert response.status_code == 302
    assert response["Location"] == admin_url("sources.source", "cite", source.pk)
    digest = hashlib.sha256(PRESS_RELEASE.encode()).hexdigest()
    assert source.archive_sha256 == digest
    assert source.archive_file == f"{digest}.txt"
    assert (archive_dir / source.archive_file).read_text(encoding="utf-8") == PRESS_RELEASE
    assert source.history.get().history_user.username == "editor"


@pytest.mark.parametrize(
    ("name", "content", "text_format", "readable"),
    [
        ("release.txt", PRESS_RELEASE, "plain", "Its budget is €42 million."),
        (
            "release.html",
            "<html><head><title>x</title><style>p{}</style></head><body><h1>Seven AI "
            "Factories</h1><p>Its budget is &euro;42&nbsp;million.</p></body></html>",
            "html",
            "Its budget is €42\u00a0million.",
        ),
        (
            "post.json",
            json.dumps(
                {
                    "title": {"rendered": "Seven AI Factories"},
                    "content": {"rendered": "<p>Its budget is <strong>€42 million</strong>.</p>"},
                }
            ),
            "wordpress_json",
            "Its budget is €42 million.",
        ),
    ],
)
def test_an_uploaded_document_of_each_format_is_read_as_a_reader_sees_it(
    editor_client, archive_dir, name, content, text_format, readable
):
    upload = SimpleUploadedFile(name, content.encode("utf-8"))
    response = editor_client.post(
        admin_url("sources.source", "add"), {**source_form(), "upload": upload}
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    source = Source.objects.get()
    assert (source.text_format, source.archived_text) == (text_format, content)
    assert readable in source.readable_text
    assert "<" not in source.readable_text
    assert source.archive_file.endswith(
        {"plain": ".txt", "html": ".html"}.get(text_format, ".json")
    )
    assert (archive_dir / source.archive_file).exists()


def test_an_upload_that_is_not_utf8_and_an_empty_document_are_refused(editor_client):
    upload = SimpleUploadedFile("release.txt", "Caf\xe9".encode("latin-1"))
    response = editor_client.post(
        admin_url("sources.source", "add"), {**source_form(), "upload": upload}
    )
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert errors["upload"] == ["The file is not UTF-8 text; save it as UTF-8 and upload it again."]
    response = editor_client.post(admin_url("sources.source", "add"), source_form())
    assert response.context["adminform"].form.errors["archived_text"] == [
        "Paste the document's text, or upload its file."
    ]
    assert not Source.objects.exists()


def cite_page(client, source):
    response = client.get(admin_url("sources.source", "cite", source.pk))
    assert response.status_code == 200
    return response


def test_the_cite_view_marks_cited_passages_and_lists_the_uncited_ones(editor_client):
    source = make_source(archived_text=PRESS_RELEASE)
    factory = make_factory(name="Example AI Factory")
    make_citation(factory, "name", source=source, quote="The Example AI Factory will be hosted")
    page = cite_page(editor_client, source).content.decode()
    assert 'class="passage passage--cited"' in page
    assert "Cited for: Example AI Factory — name" in page
    uncited = page.split("Passages no citation uses yet", 1)[1]
    assert "Its budget is €42 million." in uncited  # a number
    assert "Kajaani University of Applied Sciences joins" not in uncited  # no known name yet
    assert "A sentence of colour" not in uncited
    make_organisation(name="Kajaani University of Applied Sciences")
    uncited = cite_page(editor_client, source).content.decode().split("Passages no citation", 1)[1]
    assert "Kajaani University of Applied Sciences joins" in uncited


def test_citing_an_existing_fact_from_a_passage(editor_client):
    source = make_source(archived_text=PRESS_RELEASE)
    factory = make_factory(name="Example AI Factory")
    form = cite_page(editor_client, source).context["form"]
    choice = next(
        value
        for _, options in form.fields["fact"].choices[1:]
        for value, label in options
        if label == "Example AI Factory — summary"
    )
    url = admin_url("sources.source", "cite", source.pk)
    refused = editor_client.post(
        url,
        {
            "quote": "hosted in Atlantis",
            "fact": choice,
            "stated_value": "x",
            "is_accepted": "on",
            "_cite": "1",
        },
    )
    assert refused.context["form"].errors["quote"] == [
        f"This quote does not occur in the text of “{source}”."
    ]
    assert not Citation.objects.exists()
    response = editor_client.post(
        url,
        {
            "quote": "The Example AI Factory will be hosted in Exampleville.",
            "fact": choice,
            "stated_value": "hosted in Exampleville",
            "is_accepted": "on",
            "_cite": "1",
        },
    )
    assert response.status_code == 302
    citation = factory.citations.get()
    assert (citation.field_name, citation.source, citation.is_accepted) == ("summary", source, True)


def test_changing_a_value_from_a_passage_opens_the_fact_with_its_evidence_row(editor_client):
    source = make_source(archived_text=PRESS_RELEASE)
    factory = make_factory(name="Old name")
    make_citation(factory, "name")
    form = cite_page(editor_client, source).context["form"]
    choice = next(
        value
        for _, options in form.fields["fact"].choices[1:]
        for value, label in options
        if label == "Old name — name"
    )
    quote = "The Example AI Factory will be hosted in Exampleville."
    response = editor_client.post(
        admin_url("sources.source", "cite", source.pk),
        {"quote": quote, "fact": choice, "stated_value": "Example AI Factory", "_change": "1"},
    )
    assert response.status_code == 302
    page = editor_client.get(response["Location"])
    data = changeform_data(page)
    prefix = "sources-citation-content_type-object_id"
    row = int(data[f"{prefix}-INITIAL_FORMS"])
    assert data[f"{prefix}-{row}-quote"] == quote
    assert data[f"{prefix}-{row}-field_name"] == "name"
    data["name"] = "Example AI Factory"
    response = editor_client.post(admin_url("factories.aifactory", "change", factory.pk), data)
    assert response.status_code == 302, response.context["errors"]
    assert AIFactory.objects.get().name == "Example AI Factory"
    assert factory.citations.get(is_accepted=True).quote == quote


def test_creating_a_fact_from_a_passage_fills_a_row_per_fact_field(editor_client):
    source = make_source(archived_text=PRESS_RELEASE)
    factory = make_factory()
    organisation = make_organisation(name="Kajaani University of Applied Sciences")
    quote = "Kajaani University of Applied Sciences joins as a partner."
    response = editor_client.post(
        admin_url("sources.source", "cite", source.pk),
        {
            "quote": quote,
            "kind": "consortia.partnership",
            "stated_value": "partner",
            "_create": "1",
        },
    )
    assert response.status_code == 302
    data = changeform_data(editor_client.get(response["Location"]))
    data.update({"factory": factory.pk, "organisation": organisation.pk, "role": "partner"})
    response = editor_client.post(admin_url("consortia.partnership", "add"), data)
    assert response.status_code == 302, response.context["errors"]
    partnership = Partnership.objects.get()
    assert sorted(partnership.citations.values_list("field_name", "quote")) == [
        ("organisation", quote),
        ("role", quote),
    ]
