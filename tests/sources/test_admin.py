"""The editors' admin for sources and citations: pages, the quote check, refused deletion."""

import pytest
from django.contrib.contenttypes.models import ContentType

from consortia.models import Membership
from sources.models import Citation, Source
from tests.builders import make_budget, make_citation, make_country, make_factory, make_source
from tests.changes.editors import (
    admin_url,
    assert_anonymous_is_sent_to_login,
    assert_editor_opens_every_page,
    one_of_each,
)

pytestmark = pytest.mark.django_db

MODELS = ["sources.source", "sources.citation"]
CITATION_INLINE = "sources-citation-content_type-object_id"


@pytest.mark.parametrize("label", MODELS)
def test_an_editor_opens_the_list_add_change_and_history_pages(editor_client, label):
    assert_editor_opens_every_page(editor_client, label)


@pytest.mark.parametrize("label", MODELS)
def test_an_anonymous_visitor_is_sent_to_the_login_page(client, label):
    assert_anonymous_is_sent_to_login(client, label)


def citation_form(citation, **changes):
    data = {
        "content_type": citation.content_type_id,
        "object_id": citation.object_id,
        "field_name": citation.field_name,
        "source": citation.source_id,
        "quote": citation.quote,
        "stated_value": citation.stated_value,
        "is_accepted": "on",
        "note": "",
    }
    return {**data, **changes}


def test_a_quote_not_in_the_source_is_refused_on_the_quote_field(editor_client):
    source = make_source(title="EuroHPC press release")
    citation = make_citation(make_factory(), source=source, quote="hosted in Exampleville")
    response = editor_client.post(
        admin_url("sources.citation", "change", citation.pk),
        citation_form(citation, quote="hosted in Atlantis"),
    )
    assert response.status_code == 200
    form = response.context["adminform"].form
    assert form.errors["quote"] == [
        "This quote does not occur in the text of “EuroHPC press release”."
    ]
    citation.refresh_from_db()
    assert citation.quote == "hosted in Exampleville"
    assert citation.history.count() == 1  # only its creation: the refused edit left no version


def test_an_empty_quote_is_refused_on_the_quote_field(editor_client):
    citation = make_citation(make_factory())
    response = editor_client.post(
        admin_url("sources.citation", "change", citation.pk), citation_form(citation, quote="  ")
    )
    assert response.context["adminform"].form.errors["quote"] == ["This field is required."]
    citation.refresh_from_db()
    assert citation.quote == "hosted in Exampleville"


def test_a_citation_of_a_field_the_fact_lacks_is_refused(editor_client):
    citation = make_citation(make_factory())
    response = editor_client.post(
        admin_url("sources.citation", "change", citation.pk),
        citation_form(citation, field_name="colour"),
    )
    assert response.context["adminform"].form.errors["field_name"] == [
        "The AI Factory has no field “colour”."
    ]
    citation.refresh_from_db()
    assert citation.field_name == "name"


def test_the_quote_check_ignores_typographic_differences(editor_client):
    citation = make_citation(make_factory())
    response = editor_client.post(
        admin_url("sources.citation", "change", citation.pk),
        citation_form(citation, quote="Its   budget is €42 million."),
    )
    assert response.status_code == 302
    citation.refresh_from_db()
    assert citation.quote == "Its   budget is €42 million."


def test_deleting_a_cited_source_is_refused_with_what_cites_it(editor_client):
    source = make_source(title="EuroHPC press release")
    factory = make_factory(name="LUMI AI Factory")
    make_citation(factory, field_name="name", source=source, quote="hosted in Exampleville")
    make_citation(
        make_budget(factory),
        field_name="amount_eur_million",
        source=source,
        quote="Its budget is €42 million.",
    )
    url = admin_url("sources.source", "delete", source.pk)

    response = editor_client.get(url)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Cannot delete source" in page
    assert "LUMI AI Factory · name: “hosted in Exampleville”" in page
    assert "LUMI AI Factory: €42 million · amount_eur_million: “Its budget is €42 million.”" in page

    response = editor_client.post(url, {"post": "yes"})
    assert response.status_code == 200
    assert "Cannot delete source" in response.content.decode()
    assert Source.objects.filter(pk=source.pk).exists()
    assert Citation.objects.filter(source=source).count() == 2


def test_deleting_cited_sources_from_the_list_is_refused_too(editor_client):
    source = make_source(title="EuroHPC press release")
    make_citation(make_factory(name="LUMI AI Factory"), source=source)
    response = editor_client.post(
        admin_url("sources.source", "changelist"),
        {"action": "delete_selected", "_selected_action": [source.pk], "post": "yes"},
    )
    assert response.status_code == 200
    assert "LUMI AI Factory · name: “hosted in Exampleville”" in response.content.decode()
    assert Source.objects.filter(pk=source.pk).exists()


def test_an_uncited_source_can_be_deleted(editor_client):
    source = make_source()
    response = editor_client.post(admin_url("sources.source", "delete", source.pk), {"post": "yes"})
    assert response.status_code == 302
    assert not Source.objects.filter(pk=source.pk).exists()


def test_the_citation_changelist_runs_the_same_queries_for_more_citations(editor_client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def count():
        with CaptureQueriesContext(connection) as queries:
            response = editor_client.get(admin_url("sources.citation", "changelist"))
        assert response.status_code == 200
        return len(queries), response.content.decode()

    def cite_facts(times):
        for _ in range(times):
            objects = one_of_each()
            make_citation(objects["funding.budget"], field_name="amount_eur_million")
            make_citation(objects["consortia.membership"], field_name="role")

    cite_facts(1)
    few, _ = count()
    cite_facts(8)
    many, page = count()
    assert many == few
    assert "Finland – Host of Factory" in page  # a membership, named through its factory


def test_the_citation_changelist_runs_as_many_queries_on_the_registry_as_with_more_citations(
    registry, editor_client, django_assert_num_queries, django_assert_max_num_queries
):
    url = admin_url("sources.citation", "changelist")
    editor_client.get(url)  # content types and permissions are cached after a first request
    with django_assert_max_num_queries(25):
        response = editor_client.get(url)
    assert "406 citations" in response.content.decode()

    # The facts on a page are fetched in one query per kind: compare pages of the same kinds.
    memberships = {"kind": ContentType.objects.get_for_model(Membership).pk}
    with django_assert_max_num_queries(14) as on_fixtures:
        response = editor_client.get(url, memberships)
    cited = response.context["cl"].result_count
    assert "Finland – Host of LUMI AI Factory" in response.content.decode()

    for code in ["AT", "BE", "HR", "CY", "FR", "HU", "IE", "LV", "LT", "MT"]:
        factory = make_factory(host=make_country(code))
        make_citation(factory.memberships.get(), field_name="role")
    with django_assert_num_queries(len(on_fixtures)):
        response = editor_client.get(url, memberships)
    assert response.context["cl"].result_count == cited + 10


def test_a_citation_of_a_fact_that_does_not_exist_is_refused(editor_client):
    citation = make_citation(make_factory())
    response = editor_client.post(
        admin_url("sources.citation", "change", citation.pk),
        citation_form(citation, object_id=citation.object_id + 1000),
    )
    assert response.context["adminform"].form.errors["object_id"] == [
        f"There is no AI Factory with id {citation.object_id + 1000}."
    ]
    assert Citation.objects.get().object_id == citation.object_id


def test_an_uncited_source_can_be_deleted_from_the_list(editor_client):
    kept = make_source(title="Kept")
    make_citation(make_factory(), source=kept)
    unused = make_source(title="Unused")
    response = editor_client.post(
        admin_url("sources.source", "changelist"),
        {"action": "delete_selected", "_selected_action": [unused.pk], "post": "yes"},
    )
    assert response.status_code == 302
    assert list(Source.objects.values_list("title", flat=True)) == ["Kept"]
