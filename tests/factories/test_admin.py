"""The editors' admin for AI Factories: pages, the factory page's inlines, refused edits, queries."""

from decimal import Decimal

import pytest

from consortia.models import Membership
from factories.models import AIFactory, HostSite
from funding.models import Budget
from sources.models import Citation
from tests.builders import make_budget, make_citation, make_country, make_factory, make_source
from tests.changes.editors import (
    admin_url,
    assert_anonymous_is_sent_to_login,
    assert_editor_opens_every_page,
    changeform_data,
    one_of_each,
)

pytestmark = pytest.mark.django_db

MODELS = [
    "factories.aifactory",
    "factories.selectionround",
    "factories.factoryname",
    "factories.hostsite",
    "factories.supercomputer",
    "factories.factorysystem",
]


@pytest.mark.parametrize("label", MODELS)
def test_an_editor_opens_the_list_add_change_and_history_pages(editor_client, label):
    assert_editor_opens_every_page(editor_client, label)
    obj = one_of_each()[label]
    assert str(obj) in editor_client.get(admin_url(label, "changelist")).content.decode()


@pytest.mark.parametrize("label", MODELS)
def test_an_anonymous_visitor_is_sent_to_the_login_page(client, label):
    assert_anonymous_is_sent_to_login(client, label)


def factory_page(client, factory):
    response = client.get(admin_url("factories.aifactory", "change", factory.pk))
    assert response.status_code == 200
    return response, changeform_data(response)


def test_the_factory_page_edits_its_related_facts_inline(editor_client):
    factory = make_factory(name="LUMI AI Factory")
    make_budget(factory, amount=Decimal("556"), qualifier="at_least")
    make_citation(factory, field_name="summary", quote="hosted in Exampleville")
    response, data = factory_page(editor_client, factory)
    page = response.content.decode()
    for heading in [
        "Host site",
        "Consortium (host and member countries)",
        "Budgets",
        "Other names",
        "Partnerships",
        "Supercomputers",
        "Citations",
    ]:
        assert heading in page, heading
    assert "hosted in Exampleville" in page

    # One submission changes the summary, the budget, adds a member state and a citation.
    source = make_source()
    member = make_country("SE")
    data["summary"] = "A new summary from the latest press release."
    data["budgets-0-amount_eur_million"] = "600"
    data["budgets-0-qualifier"] = "exact"
    data["memberships-TOTAL_FORMS"] = "2"
    data.update({"memberships-1-country": str(member.pk), "memberships-1-role": "member"})
    prefix = "sources-citation-content_type-object_id"
    new = int(data[f"{prefix}-INITIAL_FORMS"])
    data.update(
        {
            f"{prefix}-{new}-field_name": "summary",
            f"{prefix}-{new}-source": str(source.pk),
            f"{prefix}-{new}-quote": "Its budget is €42 million.",
            f"{prefix}-{new}-stated_value": "€42 million",
            f"{prefix}-{new}-is_accepted": "on",
        }
    )
    response = editor_client.post(admin_url("factories.aifactory", "change", factory.pk), data)
    assert response.status_code == 302, response.context["errors"]

    factory.refresh_from_db()
    assert factory.summary == "A new summary from the latest press release."
    assert factory.budgets.get().display_amount == "€600 million"
    assert set(factory.memberships.values_list("country__code", "role")) == {
        ("FI", "host"),
        ("SE", "member"),
    }
    citation = factory.citations.get(field_name="summary", source=source)
    assert citation.quote == "Its budget is €42 million."
    # Each write is recorded, with who made it.
    assert factory.history.first().history_user.username == "editor"
    assert factory.history.first().summary == factory.summary


def assert_refused(response, field, message):
    assert response.status_code == 200
    errors = {
        (error_field, str(error))
        for form in [response.context["adminform"].form]
        + [f for inline in response.context["inline_admin_formsets"] for f in inline.formset]
        for error_field, field_errors in form.errors.items()
        for error in field_errors
    }
    assert (field, message) in errors, errors
    assert message in response.content.decode().replace("&#x27;", "'")


def snapshot(factory):
    return (
        AIFactory.objects.filter(pk=factory.pk).values().get(),
        list(Membership.objects.order_by("pk").values()),
        list(Budget.objects.order_by("pk").values()),
        list(HostSite.objects.order_by("pk").values()),
        list(Citation.objects.order_by("pk").values()),
        factory.history.count(),
    )


def submit_factory_page(client, factory, **changes):
    _, data = factory_page(client, factory)
    data.update(changes)
    return client.post(admin_url("factories.aifactory", "change", factory.pk), data)


def test_a_negative_budget_is_refused_and_nothing_is_saved(editor_client):
    factory = make_factory()
    make_budget(factory, amount=Decimal("85"))
    before = snapshot(factory)
    response = submit_factory_page(
        editor_client, factory, summary="Changed too", **{"budgets-0-amount_eur_million": "-5"}
    )
    assert_refused(response, "amount_eur_million", "An amount cannot be negative.")
    assert snapshot(factory) == before
    assert Budget.objects.get().amount_eur_million == Decimal("85")


def test_a_second_host_country_is_refused_and_nothing_is_saved(editor_client):
    factory = make_factory()
    second = make_country("SE")
    before = snapshot(factory)
    response = submit_factory_page(
        editor_client,
        factory,
        **{
            "memberships-TOTAL_FORMS": "2",
            "memberships-1-country": str(second.pk),
            "memberships-1-role": "host",
        },
    )
    assert_refused(response, "role", "This AI Factory already has a host country: Finland.")
    assert snapshot(factory) == before
    assert factory.memberships.get().country.code == "FI"


def test_two_new_host_countries_in_one_submission_are_refused(editor_client):
    factory = make_factory()
    factory.memberships.all().delete()
    before = snapshot(factory)
    response = submit_factory_page(
        editor_client,
        factory,
        **{
            "memberships-TOTAL_FORMS": "2",
            "memberships-0-country": str(make_country("SE").pk),
            "memberships-0-role": "host",
            "memberships-1-country": str(make_country("DK").pk),
            "memberships-1-role": "host",
        },
    )
    assert_refused(response, "role", "An AI Factory has one host country; make the others members.")
    assert snapshot(factory) == before
    assert not factory.memberships.exists()


def test_a_second_host_in_its_own_admin_page_is_refused(editor_client):
    factory = make_factory()
    response = editor_client.post(
        admin_url("consortia.membership", "add"),
        {
            "factory": factory.pk,
            "country": make_country("SE").pk,
            "role": "host",
            **{
                f"sources-citation-content_type-object_id-{k}": v
                for k, v in {
                    "TOTAL_FORMS": "0",
                    "INITIAL_FORMS": "0",
                    "MIN_NUM_FORMS": "0",
                    "MAX_NUM_FORMS": "1000",
                }.items()
            },
        },
    )
    assert_refused(response, "role", "This AI Factory already has a host country: Finland.")
    assert Membership.objects.count() == 1


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("latitude", "91", "Ensure this value is less than or equal to 90."),
        ("longitude", "-180.5", "Ensure this value is greater than or equal to -180."),
    ],
)
def test_coordinates_out_of_range_are_refused_and_nothing_is_saved(
    editor_client, field, value, message
):
    factory = make_factory()
    before = snapshot(factory)
    response = submit_factory_page(editor_client, factory, **{f"site-0-{field}": value})
    assert_refused(response, field, message)
    assert snapshot(factory) == before
    assert factory.site.latitude == Decimal("60.1")


def test_a_duplicate_slug_is_refused_and_nothing_is_saved(editor_client):
    make_factory(slug="lumi-ai-factory")
    factory = make_factory(slug="mimer")
    before = snapshot(factory)
    response = submit_factory_page(editor_client, factory, slug="lumi-ai-factory")
    assert_refused(response, "slug", "AI Factory with this Slug already exists.")
    assert snapshot(factory) == before
    assert AIFactory.objects.filter(slug="mimer").exists()


@pytest.mark.parametrize(
    ("quote", "message"),
    [
        ("", "This field is required."),
        (
            "A sentence the source never wrote.",
            "This quote does not occur in the text of “{source}”.",
        ),
    ],
)
def test_an_empty_or_unfound_quote_is_refused_on_the_factory_page(editor_client, quote, message):
    factory = make_factory()
    source = make_source(title="EuroHPC press release")
    _, data = factory_page(editor_client, factory)
    prefix = "sources-citation-content_type-object_id"
    data.update(
        {
            f"{prefix}-0-field_name": "summary",
            f"{prefix}-0-source": str(source.pk),
            f"{prefix}-0-quote": quote,
            f"{prefix}-0-stated_value": "A value",
            f"{prefix}-0-is_accepted": "on",
        }
    )
    before = snapshot(factory)
    response = editor_client.post(admin_url("factories.aifactory", "change", factory.pk), data)
    assert_refused(response, "quote", message.format(source=source))
    assert snapshot(factory) == before
    assert not Citation.objects.exists()


def add_factories(count):
    for _ in range(count):
        factory = make_factory()
        make_budget(factory)


def changelist_queries(client, django_assert_num_queries, label, expected):
    with django_assert_num_queries(expected):
        response = client.get(admin_url(label, "changelist"))
    assert response.status_code == 200
    return response


def count_queries(client, url):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize("label", MODELS)
def test_changelists_run_the_same_queries_for_2_or_12_factories(editor_client, label):
    add_factories(2)
    one_of_each()
    url = admin_url(label, "changelist")
    few = count_queries(editor_client, url)
    add_factories(10)
    one_of_each()
    assert count_queries(editor_client, url) == few


def test_the_factory_changelist_runs_as_many_queries_on_the_registry_as_with_more_factories(
    registry, editor_client, django_assert_num_queries, django_assert_max_num_queries
):
    url = admin_url("factories.aifactory", "changelist")
    editor_client.get(url)  # content types and permissions are cached after a first request
    with django_assert_max_num_queries(14) as on_fixtures:
        response = editor_client.get(url)
    page = response.content.decode()
    assert "LUMI AI Factory" in page
    assert "at least €556 million" in page
    assert "7 AI Factories" in page

    add_factories(10)
    with django_assert_num_queries(len(on_fixtures)):
        response = editor_client.get(url)
    assert "17 AI Factories" in response.content.decode()


def test_a_cited_budget_line_is_not_deleted_from_the_factory_page(editor_client):
    factory = make_factory(name="LUMI AI Factory")
    budget = make_budget(factory, amount=Decimal("556"), qualifier="at_least")
    make_citation(budget, field_name="amount_eur_million", quote="Its budget is €42 million.")
    before = snapshot(factory)
    response = submit_factory_page(editor_client, factory, **{"budgets-0-DELETE": "on"})
    assert response.status_code == 200
    message = (
        "“LUMI AI Factory: at least €556 million” cannot be deleted while 1 citation support it:"
        " delete it on its own page first."
    )
    budgets = next(
        inline.formset
        for inline in response.context["inline_admin_formsets"]
        if inline.formset.prefix == "budgets"
    )
    assert budgets.non_form_errors() == [message]
    assert message in response.content.decode()
    assert snapshot(factory) == before


def test_an_uncited_budget_line_is_deleted_from_the_factory_page(editor_client):
    factory = make_factory()
    make_budget(factory)
    response = submit_factory_page(editor_client, factory, **{"budgets-0-DELETE": "on"})
    assert response.status_code == 302
    assert not factory.budgets.exists()
    assert Budget.history.filter(history_type="-").count() == 1
