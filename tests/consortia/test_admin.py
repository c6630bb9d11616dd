"""The editors' admin for countries, organisations, memberships and partnerships."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from consortia.models import Membership
from sources.models import Citation
from tests.builders import make_citation, make_country, make_factory, make_source
from tests.changes.editors import (
    admin_url,
    assert_anonymous_is_sent_to_login,
    assert_editor_opens_every_page,
    management_form,
    one_of_each,
)

pytestmark = pytest.mark.django_db

MODELS = [
    "consortia.country",
    "consortia.organisation",
    "consortia.membership",
    "consortia.partnership",
]
CITATIONS = management_form("sources-citation-content_type-object_id", 0)


@pytest.mark.parametrize("label", MODELS)
def test_an_editor_opens_the_list_add_change_and_history_pages(editor_client, label):
    assert_editor_opens_every_page(editor_client, label)


@pytest.mark.parametrize("label", MODELS)
def test_an_anonymous_visitor_is_sent_to_the_login_page(client, label):
    assert_anonymous_is_sent_to_login(client, label)


def test_a_second_host_is_refused_on_the_membership_page(editor_client):
    factory = make_factory()
    response = editor_client.post(
        admin_url("consortia.membership", "add"),
        {"factory": factory.pk, "country": make_country("SE").pk, "role": "host", **CITATIONS},
    )
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["role"] == [
        "This AI Factory already has a host country: Finland."
    ]
    assert list(Membership.objects.values_list("country__code", "role")) == [("FI", "host")]


def test_a_country_that_joins_a_consortium_is_added_from_the_membership_page(editor_client):
    factory = make_factory()
    source = make_source()
    row = {"source": source.pk, "quote": "hosted in Exampleville", "stated_value": "Sweden"}
    evidence = {
        **management_form("sources-citation-content_type-object_id", 2),
        **{
            f"sources-citation-content_type-object_id-{n}-{key}": value
            for n, field_name in enumerate(["country", "role"])
            for key, value in {**row, "field_name": field_name, "is_accepted": "on"}.items()
        },
    }
    response = editor_client.post(
        admin_url("consortia.membership", "add"),
        {"factory": factory.pk, "country": make_country("SE").pk, "role": "member", **evidence},
    )
    assert response.status_code == 302
    assert response["Location"] == admin_url("factories.aifactory", "change", factory.pk)
    membership = factory.memberships.get(role="member")
    assert membership.country.name == "Sweden"
    assert membership.history.get().history_user.username == "editor"


def test_the_country_search_finds_a_state_by_its_name(editor_client):
    make_country("SE")
    make_country("FI")
    response = editor_client.get(admin_url("consortia.country", "changelist"), {"q": "swe"})
    assert response.context["cl"].result_count == 1
    assert "Sweden" in response.content.decode()


def count_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize("label", MODELS)
def test_changelists_run_the_same_queries_for_more_rows(editor_client, label):
    one_of_each()
    url = admin_url(label, "changelist")
    few = count_queries(editor_client, url)
    for code in ["SE", "DK", "NO", "IS", "EE", "GR", "IT", "LU"]:
        objects = one_of_each()
        Membership.objects.create(
            factory=objects["factories.aifactory"], country=make_country(code), role="member"
        )
    assert count_queries(editor_client, url) == few


def test_the_membership_changelist_runs_as_many_queries_on_the_registry_as_with_more_rows(
    registry, editor_client, django_assert_num_queries, django_assert_max_num_queries
):
    url = admin_url("consortia.membership", "changelist")
    editor_client.get(url)  # content types and permissions are cached after a first request
    with django_assert_max_num_queries(14) as on_fixtures:
        response = editor_client.get(url)
    page = response.content.decode()
    assert "LUMI AI Factory" in page
    assert "Finland" in page
    assert response.context["cl"].result_count == 17

    for code in ["AT", "BE", "HR", "CY", "FR", "HU", "IE", "LV", "LT", "MT"]:
        make_factory(host=make_country(code))
    with django_assert_num_queries(len(on_fixtures)):
        response = editor_client.get(url)
    assert response.context["cl"].result_count == 27


def test_deleting_a_membership_lists_its_citations_and_deletes_them_with_it(editor_client):
    factory = make_factory(name="LUMI AI Factory")
    membership = factory.memberships.get()
    citation = make_citation(membership, field_name="role", quote="hosted in Exampleville")
    url = admin_url("consortia.membership", "delete", membership.pk)
    page = editor_client.get(url).content.decode()
    assert "hosted in Exampleville" in page  # the confirmation names the citation that goes too
    response = editor_client.post(url, {"post": "yes"})
    assert response.status_code == 302
    assert not Membership.objects.filter(pk=membership.pk).exists()
    assert Citation.history.get(id=citation.pk, history_type="-").quote == citation.quote
