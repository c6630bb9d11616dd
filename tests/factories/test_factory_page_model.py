"""The read model of a factory's page and the overview (factories/page_model.py): outside a
transaction, as in production, a page read again runs no query and reads the same; a save, a new
citation or an edit through the admin is on the very next read; pages under another host or
script prefix build their own links."""

import pytest
from django.test import Client
from django.urls import clear_script_prefix, set_script_prefix

from tests.builders import make_budget, make_citation, make_factory, make_source
from tests.changes.editors import admin_url, changeform_data
from tests.factories.test_views import text

pytestmark = pytest.mark.django_db(transaction=True)

URL = "/factories/example/"


@pytest.fixture
def factory():
    factory = make_factory(name="Example AI Factory", slug="example")
    make_citation(factory, field_name="name", quote="hosted in Exampleville")
    make_budget(factory)
    return factory


def test_a_page_read_again_runs_no_query_and_reads_the_same(
    factory, client, django_assert_num_queries
):
    first = client.get(URL)
    assert first.status_code == 200
    with django_assert_num_queries(0):
        again = client.get(URL)
    assert again.content == first.content


def test_a_save_is_on_the_next_read(factory, client):
    assert "Example AI Factory" in text(client.get(URL))
    factory.name = "Renamed AI Factory"
    factory.save()
    page = text(client.get(URL))
    assert "Renamed AI Factory at a glance" in page
    assert "Example AI Factory" not in page


def test_a_new_citation_is_a_new_note_on_the_next_read(factory, client):
    assert "Total budget: €42 million no source cited" in text(client.get(URL))
    source = make_source(title="The budget's source", archived_text="Its budget is €42 million.")
    make_citation(factory.budgets.get(), "amount_eur_million", source=source, quote="€42 million")
    page = text(client.get(URL))
    assert "Total budget: €42 million [1]" in page
    assert "€42 million — The budget's source" in page


def test_an_edit_through_the_admin_is_on_the_next_read(factory, client, editor_client):
    assert "Example AI Factory at a glance" in text(client.get(URL))
    url = admin_url("factories.aifactory", "change", factory.pk)
    data = changeform_data(editor_client.get(url))
    data["summary"] = "A summary written in the admin."
    # A new value needs its evidence: an accepted citation quoting the passage.
    prefix = "sources-citation-content_type-object_id"
    source = make_source(title="The new summary's source", archived_text="A summary, quoted.")
    n = int(data[f"{prefix}-INITIAL_FORMS"])
    data.update(
        {
            f"{prefix}-{n}-field_name": "summary",
            f"{prefix}-{n}-source": str(source.pk),
            f"{prefix}-{n}-quote": "A summary, quoted.",
            f"{prefix}-{n}-stated_value": "A summary, quoted.",
            f"{prefix}-{n}-is_accepted": "on",
            f"{prefix}-TOTAL_FORMS": str(n + 1),
        }
    )
    response = editor_client.post(url, data)
    assert response.status_code == 302, response.context["errors"]
    page = text(client.get(URL))
    assert "A summary written in the admin. [1]" in page
    assert "A summary, quoted. — The new summary's source" in page


def test_the_structured_data_links_to_the_host_of_each_request(factory, client):
    assert '"url": "http://testserver/factories/example/"' in client.get(URL).content.decode()
    other = Client(SERVER_NAME="localhost").get(URL).content.decode()
    assert '"url": "http://localhost/factories/example/"' in other


def test_an_unknown_factory_is_a_404_every_time(db, client):
    assert client.get("/factories/no-such-factory/").status_code == 404
    make_factory(name="Late AI Factory", slug="no-such-factory")
    assert client.get("/factories/no-such-factory/").status_code == 200


def test_a_page_kept_for_one_script_prefix_is_not_served_under_another(factory, client):
    """gunicorn sets the prefix from SCRIPT_NAME; the test client does not, so the test does."""
    for url in (URL, "/"):
        at_root = client.get(url).content.decode()
        set_script_prefix("/registry/")
        try:
            behind = client.get(url).content.decode()
        finally:
            clear_script_prefix()
        assert 'href="/registry/factories/example/"' in behind
        assert "/registry/" not in at_root
        assert client.get(url).content == at_root.encode()


def test_the_overview_read_again_runs_no_query_and_follows_a_save(
    factory, client, django_assert_num_queries
):
    first = client.get("/?utm_source=anywhere")
    with django_assert_num_queries(0):
        again = client.get("/")
    assert again.content == first.content
    assert "selected 1 AI Factory" in text(again)
    make_factory(name="Second AI Factory", slug="second")
    page = text(client.get("/"))
    assert "selected 2 AI Factories" in page
    assert "Second AI Factory" in page


@pytest.mark.parametrize("query", ["", "?ordering=-budget", "?infrastructure=new_system&x=1"])
def test_the_factory_list_read_again_runs_only_its_count_and_ids(
    query, factory, client, django_assert_num_queries
):
    first = client.get(f"/factories/{query}")
    with django_assert_num_queries(2):
        again = client.get(f"/factories/{query}")
    assert again.content == first.content
    assert "Example AI Factory" in text(again)


def test_a_factory_list_row_follows_a_save(factory, client):
    assert "€42 million" in text(client.get("/factories/"))
    budget = factory.budgets.get()
    budget.amount_eur_million = 50
    budget.save()
    page = text(client.get("/factories/"))
    assert "€50 million" in page and "€42 million" not in page
