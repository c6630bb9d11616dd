"""The API's read model (sources/readmodel.py): outside a transaction, as in production, a list
runs only its COUNT and its page's ids once its rows are built and a detail runs no query; and
a write through the API or the admin is in the very next read."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from sources.readmodel import StoredRow
from sources.renderers import CSVRenderer, GeoJSONRenderer
from tests.api.clients import editor_client as api_editor
from tests.api.clients import evidence, if_match
from tests.builders import make_budget, make_citation, make_factory, make_source
from tests.changes.editors import admin_url, changeform_data

pytestmark = pytest.mark.django_db(transaction=True)

LIST = "/api/v1/factories/"


@pytest.fixture
def factory():
    factory = make_factory(name="Example AI Factory", slug="example")
    make_citation(factory, field_name="name", quote="hosted in Exampleville")
    budget = make_budget(factory, amount=Decimal("30"))
    make_citation(budget, "amount_eur_million", quote="Its budget is €42 million.")
    return factory


def row(client, slug="example"):
    return next(row for row in client.get(LIST).json()["results"] if row["slug"] == slug)


@pytest.mark.parametrize(
    ("url", "queries"),
    [
        (LIST, 2),  # COUNT and the page's ids
        (f"{LIST}?format=csv", 0),  # a whole download: from its file (config/downloads.py)
        (f"{LIST}?infrastructure=new_system&ordering=-budget", 2),
        (f"{LIST}example/", 0),
        ("/api/v1/budgets/", 2),
        ("/api/v1/citations/", 2),
        ("/api/v1/sources/", 2),
        ("/api/v1/sites/?format=geojson", 0),
    ],
)
def test_a_warm_read_runs_only_the_queries_that_pick_its_rows(
    factory, url, queries, django_assert_num_queries
):
    client = APIClient()
    first = client.get(url)
    assert first.status_code == 200
    with django_assert_num_queries(queries):
        again = client.get(url)
    assert b"".join(again) == b"".join(first)


def test_links_follow_the_host_and_format_of_each_request(factory):
    client = APIClient()
    assert row(client)["url"] == "http://testserver/api/v1/factories/example/"
    other = APIClient(SERVER_NAME="localhost")
    assert row(other)["url"] == "http://localhost/api/v1/factories/example/"
    rows = client.get(LIST, {"format": "json"}).json()["results"]
    assert rows[0]["url"] == "http://testserver/api/v1/factories/example/?format=json"


def test_a_write_through_the_api_is_in_the_next_read(factory):
    editor, url = api_editor(), f"{LIST}example/"
    assert row(editor)["name"] == "Example AI Factory"
    assert editor.get(url).json()["name"] == "Example AI Factory"
    source = make_source(archived_text="The Renamed AI Factory is hosted in Exampleville.")
    body = {"name": "Renamed AI Factory", "evidence": evidence(source, "name", quote="Renamed")}
    response = editor.patch(url, body, format="json", **if_match(editor, url))
    assert response.status_code == 200, response.content
    reader = APIClient()
    assert row(reader)["name"] == "Renamed AI Factory"
    assert reader.get(url).json()["name"] == "Renamed AI Factory"
    # The ETag of the read is the one a write must send: the read model's is the current one.
    assert reader.get(url)["ETag"] == response["ETag"]


def test_a_write_through_the_admin_is_in_the_next_read(factory, editor_client):
    reader = APIClient()
    assert row(reader)["budget_display"] == "€30 million"
    budget = factory.budgets.get()
    url = admin_url("funding.budget", "change", budget.pk)
    data = changeform_data(editor_client.get(url))
    data["amount_eur_million"] = "42"
    # An amount and its qualifier read as one: the new amount needs evidence for both.
    prefix, source = "sources-citation-content_type-object_id", make_source()
    n = int(data[f"{prefix}-INITIAL_FORMS"])
    for i, field_name in enumerate(("amount_eur_million", "qualifier"), start=n):
        data.update(
            {
                f"{prefix}-{i}-field_name": field_name,
                f"{prefix}-{i}-source": str(source.pk),
                f"{prefix}-{i}-quote": "Its budget is €42 million.",
                f"{prefix}-{i}-stated_value": "€42 million",
                f"{prefix}-{i}-is_accepted": "on",
            }
        )
    data[f"{prefix}-TOTAL_FORMS"] = str(n + 2)
    response = editor_client.post(url, data)
    assert response.status_code == 302, response.context["errors"]
    assert row(reader)["budget_display"] == "€42 million"
    detail = reader.get(f"{LIST}example/").json()
    assert detail["budget"]["lines"][0]["display"] == "€42 million"


@pytest.mark.parametrize("renderer", [CSVRenderer(), GeoJSONRenderer()])
def test_a_download_of_kept_rows_is_the_download_of_plain_rows(renderer):
    rows = [
        {"id": 1, "city": "Kajaani", "latitude": Decimal("64.2"), "longitude": Decimal("27.7")},
        {"id": 2, "city": "=cmd", "latitude": Decimal("1"), "longitude": Decimal("-2.5")},
    ]
    plain = renderer.render(rows)
    kept = [StoredRow(row) for row in rows]
    assert renderer.render(kept) == plain
    # Twice: the second time from what the rows keep.
    assert renderer.render(kept) == plain
    assert all(row.rendered for row in kept)


def test_without_a_shared_cache_every_read_is_built_afresh(factory, settings):
    """Production without Redis: each worker's own cache would hold a version another worker's
    edit never reaches, so the read model is off and a detail runs its queries every time."""
    settings.READ_MODEL = False
    client = APIClient()
    client.get(f"{LIST}example/")
    with CaptureQueriesContext(connection) as queries:
        assert client.get(f"{LIST}example/").status_code == 200
    assert len(queries) > 0
