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


EVIDENCE = "sources-citation-content_type-object_id"


def add_citation_row(data, field_name, source, quote="Its budget is €42 million.", n=None):
    """Fill the first empty citation row of a page's submission."""
    n = int(data[f"{EVIDENCE}-INITIAL_FORMS"]) if n is None else n
    data.update(
        {
            f"{EVIDENCE}-{n}-field_name": field_name,
            f"{EVIDENCE}-{n}-source": str(source.pk),
            f"{EVIDENCE}-{n}-quote": quote,
            f"{EVIDENCE}-{n}-stated_value": "as the source states it",
            f"{EVIDENCE}-{n}-is_accepted": "on",
        }
    )
    data[f"{EVIDENCE}-TOTAL_FORMS"] = str(max(n + 1, int(data[f"{EVIDENCE}-TOTAL_FORMS"])))
    return data


def test_the_factory_page_lists_its_parts_each_added_on_its_own_page(editor_client):
    factory = make_factory(name="LUMI AI Factory")
    make_budget(factory, amount=Decimal("556"), qualifier="at_least")
    make_citation(factory, field_name="summary", quote="hosted in Exampleville")
    response, _ = factory_page(editor_client, factory)
    page = response.content.decode()
    for heading in [
        "Host site",
        "Consortium (host and member countries)",
        "Budget lines",
        "Other names",
        "Partnerships",
        "Supercomputers",
        "Evidence: a verbatim passage from a source for each field",
    ]:
        assert heading in page, heading
    assert "hosted in Exampleville" in page
    add_budget = f"{admin_url('funding.budget', 'add')}?factory={factory.pk}"
    assert f'href="{add_budget}"' in page
    assert "Add a budget line, with its evidence" in page
    # The add page starts from the factory, and returns to it when saved.
    response = editor_client.get(add_budget)
    assert response.context["adminform"].form.initial["factory"] == str(factory.pk)


def test_a_changed_value_needs_a_new_citation_on_the_same_page(editor_client):
    factory = make_factory()
    make_citation(factory, field_name="summary", quote="hosted in Exampleville")
    before = snapshot(factory)
    response = submit_factory_page(editor_client, factory, summary="A new summary.")
    assert response.status_code == 200
    message = (
        "A new summary needs new evidence: add an accepted citation for “summary” quoting the "
        "passage that states it."
    )
    evidence = next(
        inline.formset
        for inline in response.context["inline_admin_formsets"]
        if inline.formset.prefix == EVIDENCE
    )
    assert evidence.non_form_errors() == [message]
    assert message in response.content.decode()
    assert snapshot(factory) == before

    _, data = factory_page(editor_client, factory)
    data["summary"] = "A new summary."
    source = make_source()
    add_citation_row(data, "summary", source)
    response = editor_client.post(admin_url("factories.aifactory", "change", factory.pk), data)
    assert response.status_code == 302, response.context["errors"]
    factory.refresh_from_db()
    assert factory.summary == "A new summary."
    new, old = factory.citations.filter(field_name="summary").order_by("-is_accepted")
    assert (new.source, new.is_accepted, new.added_at is not None) == (source, True, True)
    # The old passage stays on record, no longer accepted, marked as superseded.
    assert (old.is_accepted, old.superseded_at is not None) == (False, True)
    assert "Superseded on" in old.note
    assert factory.history.first().history_user.username == "editor"


def test_a_form_opened_before_another_editors_save_is_refused(editor_client, client):
    from tests.changes.editors import make_editor

    factory = make_factory(name="Old name")
    make_citation(factory, field_name="summary")
    _, stale = factory_page(editor_client, factory)  # the first editor opens the form

    other = make_editor("second")
    other.first_name, other.last_name = "Ada", "Second"
    other.save()
    client.force_login(other)
    _, data = factory_page(client, factory)
    data["summary"] = "The second editor's summary."
    add_citation_row(data, "summary", make_source())
    assert (
        client.post(admin_url("factories.aifactory", "change", factory.pk), data).status_code == 302
    )

    stale["name"] = "The first editor's name"
    add_citation_row(stale, "name", make_source())
    before = snapshot(factory)
    response = editor_client.post(admin_url("factories.aifactory", "change", factory.pk), stale)
    assert response.status_code == 200
    errors = response.context["adminform"].form.non_field_errors()
    assert len(errors) == 1
    assert errors[0].startswith("This AI Factory was changed by Ada Second at ")
    assert errors[0].endswith(
        "since you opened this form; nothing was saved. Open it again to see that change, then "
        "redo yours."
    )
    assert snapshot(factory) == before
    factory.refresh_from_db()
    assert (factory.name, factory.summary) == ("Old name", "The second editor's summary.")


def test_a_part_added_without_evidence_is_refused_and_with_it_is_published(editor_client, client):
    from consortia.models import Partnership
    from tests.builders import make_organisation

    factory = make_factory()
    organisation = make_organisation(name="Kajaani University of Applied Sciences")
    url = f"{admin_url('consortia.partnership', 'add')}?factory={factory.pk}"
    data = changeform_data(editor_client.get(url))  # what the browser submits, empty row and all
    data.update({"organisation": organisation.pk, "role": "partner"})
    response = editor_client.post(url, data)
    assert response.status_code == 200
    page = response.content.decode()
    assert "A new organisation needs new evidence" in page
    assert "A new role needs new evidence" in page
    assert not Partnership.objects.exists()

    source = make_source(archived_text="Kajaani University of Applied Sciences joins as a partner.")
    quote = "Kajaani University of Applied Sciences joins as a partner."
    add_citation_row(data, "organisation", source, quote=quote, n=0)
    add_citation_row(data, "role", source, quote=quote, n=1)
    response = editor_client.post(url, data)
    assert response.status_code == 302
    assert response["Location"] == admin_url("factories.aifactory", "change", factory.pk)
    partnership = Partnership.objects.get()
    assert partnership.citations.count() == 2
    public = client.get(factory.get_absolute_url()).content.decode()
    assert "Kajaani University of Applied Sciences" in public
    assert quote in public


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


def part_page(client, obj):
    label = obj._meta.label_lower
    response = client.get(admin_url(label, "change", obj.pk))
    assert response.status_code == 200
    return changeform_data(response)


def test_a_negative_budget_is_refused_and_nothing_is_saved(editor_client):
    factory = make_factory()
    budget = make_budget(factory, amount=Decimal("85"))
    before = snapshot(factory)
    data = part_page(editor_client, budget)
    data["amount_eur_million"] = "-5"
    add_citation_row(data, "amount_eur_million", make_source())
    response = editor_client.post(admin_url("funding.budget", "change", budget.pk), data)
    assert_refused(response, "amount_eur_million", "An amount cannot be negative.")
    assert snapshot(factory) == before
    assert Budget.objects.get().amount_eur_million == Decimal("85")


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
    data = part_page(editor_client, factory.site)
    data[field] = value
    add_citation_row(data, field, make_source())
    response = editor_client.post(admin_url("factories.hostsite", "change", factory.site.pk), data)
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


def test_deleting_a_budget_line_lists_its_citations_and_deletes_them_on_record(editor_client):
    factory = make_factory(name="LUMI AI Factory")
    budget = make_budget(factory, amount=Decimal("556"), qualifier="at_least")
    citation = make_citation(
        budget, field_name="amount_eur_million", quote="Its budget is €42 million."
    )
    url = admin_url("funding.budget", "delete", budget.pk)
    confirmation = editor_client.get(url).content.decode()
    assert "Its budget is €42 million." in confirmation  # the citation that goes with it
    response = editor_client.post(url, {"post": "yes"})
    assert response.status_code == 302
    assert not factory.budgets.exists()
    assert Budget.history.filter(history_type="-").count() == 1
    deleted = Citation.history.get(id=citation.pk, history_type="-")
    assert deleted.history_user.username == "editor"
