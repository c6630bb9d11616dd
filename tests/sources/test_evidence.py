"""The evidence rules on every path: the services, the API and the admin.

Each of issue 9's five reproductions is here as a regression test: a part without a citation,
a changed budget without new evidence, a quote with words inserted in angle brackets, a cited
archive replaced, and two editors racing.
"""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command

from consortia.models import Partnership
from factories.models import AIFactory
from funding.models import Budget
from sources import services
from sources.models import Citation, Source
from tests.api.clients import editor_client, evidence, if_match, token_client
from tests.builders import (
    make_budget,
    make_citation,
    make_factory,
    make_organisation,
    make_source,
)

pytestmark = pytest.mark.django_db

LUMI_TEXT = (
    "LUMI AI Factory | at least 556 | The LUMI AI Factory will be hosted by CSC – IT Center "
    "for Science in Kajaani. A later release: the LUMI AI Factory's budget is €600 million."
)


def lumi_budget():
    """A factory's budget of “at least €556 million”, cited from a source."""
    source = make_source(archived_text=LUMI_TEXT, title="Budgets article")
    factory = make_factory(name="LUMI AI Factory")
    budget = make_budget(factory, amount=Decimal("556"), qualifier="at_least")
    for field_name in ("amount_eur_million", "qualifier"):
        make_citation(budget, field_name, source=source, quote="LUMI AI Factory | at least 556 |")
    return budget, source


def new_citation(field_name, source, quote):
    return Citation(field_name=field_name, source=source, quote=quote, stated_value="as stated")


def state():
    return (
        list(Budget.objects.values()),
        list(Citation.objects.order_by("pk").values()),
        list(Partnership.objects.values()),
    )


# --- 1. No fact without evidence -----------------------------------------------------------


def test_a_new_fact_without_evidence_is_refused_by_the_service():
    factory = make_factory()
    before = state()
    partnership = Partnership(
        factory=factory, organisation=make_organisation(), role=Partnership.Role.PARTNER
    )
    with pytest.raises(ValidationError) as refused:
        services.fact_save(partnership)
    assert set(refused.value.message_dict) == {"organisation", "role"}
    assert state() == before


def test_a_new_fact_is_saved_with_its_citations_in_one_write():
    factory = make_factory()
    source = make_source()
    partnership = Partnership(
        factory=factory, organisation=make_organisation(), role=Partnership.Role.PARTNER
    )
    services.fact_save(
        partnership,
        citations=[
            new_citation("organisation", source, "hosted in Exampleville"),
            new_citation("role", source, "hosted in Exampleville"),
        ],
    )
    assert sorted(partnership.citations.values_list("field_name", "is_accepted")) == [
        ("organisation", True),
        ("role", True),
    ]


def test_a_new_fact_through_the_api_takes_its_citations_in_the_same_body():
    editor = editor_client()
    factory = make_factory()
    body = {"factory": factory.slug, "label": "Services", "qualifier": "exact"}
    body["amount_eur_million"] = 42
    response = editor.post("/api/v1/budgets/", body, format="json")
    assert response.status_code == 400
    assert set(response.json()) == {"amount_eur_million", "qualifier"}
    assert not Budget.objects.exists()
    body["evidence"] = evidence(
        make_source(), "amount_eur_million", "qualifier", quote="Its budget is €42 million."
    )
    response = editor.post("/api/v1/budgets/", body, format="json")
    assert response.status_code == 201, response.content
    assert response["ETag"]
    assert Budget.objects.get().citations.filter(is_accepted=True).count() == 2


# --- 2. A changed value needs new evidence ------------------------------------------------


def test_a_changed_budget_without_new_evidence_is_refused_on_the_api():
    budget, _ = lumi_budget()
    editor = editor_client()
    url = f"/api/v1/budgets/{budget.pk}/"
    before = state()
    response = editor.patch(
        url,
        {"amount_eur_million": 600, "qualifier": "exact"},
        format="json",
        **if_match(editor, url),
    )
    assert response.status_code == 400
    amount = Budget.fact_label("amount_eur_million")
    assert response.json() == {
        "amount_eur_million": [
            f"A new {amount} needs new evidence: add an accepted citation for “{amount}” "
            "quoting the passage that states it."
        ],
        "qualifier": [
            "A new qualifier needs new evidence: add an accepted citation for “qualifier” "
            "quoting the passage that states it."
        ],
    }
    assert state() == before


def test_a_changed_budget_with_new_evidence_supersedes_the_old_and_the_page_shows_the_new(client):
    budget, source = lumi_budget()
    quote = "the LUMI AI Factory's budget is €600 million."
    budget.amount_eur_million, budget.qualifier = Decimal("600"), "exact"
    services.fact_save(
        budget,
        citations=[
            new_citation("amount_eur_million", source, quote),
            new_citation("qualifier", source, quote),
        ],
    )
    accepted = budget.citations.filter(is_accepted=True)
    assert {c.quote for c in accepted} == {quote}
    superseded = budget.citations.filter(is_accepted=False)
    assert superseded.count() == 2
    assert all(c.superseded_at is not None and "Superseded on" in c.note for c in superseded)

    page = client.get(budget.factory.get_absolute_url()).content.decode()
    assert "€600 million" in page
    assert quote.replace("'", "&#x27;") in page
    changes = client.get("/changes/").content.decode().replace("&#x27;", "'")
    # The change cites its new evidence, and tells the old as superseded.
    assert (
        "budget changed from at least €556 million to €600 million, citing Budgets article "
        "(“the LUMI AI Factory's budget is €600 million.”)"
    ) in changes
    assert "superseded by new evidence: “LUMI AI Factory | at least 556 |”" in changes


def test_a_revert_restores_the_value_with_the_evidence_that_supported_it():
    budget, source = lumi_budget()
    old_ids = set(budget.citations.values_list("pk", flat=True))
    quote = "the LUMI AI Factory's budget is €600 million."
    budget.amount_eur_million, budget.qualifier = Decimal("600"), "exact"
    services.fact_save(
        budget,
        citations=[
            new_citation("amount_eur_million", source, quote),
            new_citation("qualifier", source, quote),
        ],
    )
    first = budget.history.order_by("history_date", "history_id").first()  # the loaded state
    restored = Budget.objects.get(pk=budget.pk)
    restored.amount_eur_million, restored.qualifier = first.amount_eur_million, first.qualifier
    services.fact_save(restored, restore_as_of=first.history_date, reason="Reverted")
    assert set(restored.citations.filter(is_accepted=True).values_list("pk", flat=True)) == (
        old_ids
    )
    assert not restored.citations.filter(quote=quote, is_accepted=True).exists()


# --- 3. A quote is verbatim ----------------------------------------------------------------


def test_a_quote_with_words_inserted_in_angle_brackets_is_refused():
    source = make_source(archived_text=LUMI_TEXT)
    factory = make_factory(name="LUMI AI Factory")
    editor = editor_client()
    response = editor.post(
        "/api/v1/citations/",
        {
            "subject_type": "aifactory",
            "object_id": factory.pk,
            "field_name": "name",
            "source": source.slug,
            "quote": "The LUMI AI Factory will <never> be hosted by CSC – IT Center for Science "
            "in Kajaani",
            "stated_value": "LUMI AI Factory",
        },
        format="json",
    )
    assert response.status_code == 400
    assert response.json() == {
        "quote": [f"This quote does not occur in the text of “{source.title}”."]
    }
    assert not Citation.objects.exists()


def test_typography_entities_and_whitespace_still_match():
    source = make_source(archived_text="The “LUMI AI Factory” &amp; its   partners")
    assert source.contains_quote('The "LUMI AI Factory" & its partners')
    assert not source.contains_quote("The <b>LUMI</b> AI Factory")


# --- 4. A cited archive is immutable -------------------------------------------------------


def test_replacing_a_cited_archive_is_refused_on_the_api_and_a_new_source_is_the_way():
    budget, source = lumi_budget()
    editor = editor_client()
    url = f"/api/v1/sources/{source.slug}/"
    response = editor.patch(
        url, {"archived_text": "Something else entirely."}, format="json", **if_match(editor, url)
    )
    assert response.status_code == 400
    assert response.json() == {
        "archived_text": [
            "2 citations quote this archived text, so it cannot change: archive the corrected "
            "document as a new source and cite that."
        ]
    }
    source.refresh_from_db()
    assert source.archived_text == LUMI_TEXT
    assert source.archive_sha256 == source.text_digest()
    # Its other details may still be corrected.
    response = editor.patch(
        url, {"title": "Budgets (2025)"}, format="json", **if_match(editor, url)
    )
    assert response.status_code == 200, response.content


def test_replacing_a_cited_archive_is_refused_in_the_admin(editor_client):
    from tests.changes.editors import admin_url, changeform_data

    _, source = lumi_budget()
    url = admin_url("sources.source", "change", source.pk)
    data = changeform_data(editor_client.get(url))
    data["archived_text"] = "Something else entirely."
    response = editor_client.post(url, data)
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["archived_text"] == [
        "2 citations quote this archived text, so it cannot change: archive the corrected "
        "document as a new source and cite that."
    ]
    assert Source.objects.get(pk=source.pk).archived_text == LUMI_TEXT


# --- 5. No lost update ---------------------------------------------------------------------


def test_two_editors_racing_on_the_api_the_second_gets_412_and_nothing_is_lost():
    factory = make_factory(name="Old name", summary="Old summary")
    first, second = editor_client(), token_client("second", editor=True)
    url = f"/api/v1/factories/{factory.slug}/"
    seen_by_first = if_match(first, url)
    seen_by_second = if_match(second, url)
    summary = {
        "summary": "The first editor's summary.",
        "evidence": evidence(make_source(), "summary"),
    }
    assert first.patch(url, summary, format="json", **seen_by_first).status_code == 200
    name = {"name": "The second editor's name", "evidence": evidence(make_source(), "name")}
    response = second.patch(url, name, format="json", **seen_by_second)
    assert response.status_code == 412
    assert "changed since" in response.json()["detail"]
    factory.refresh_from_db()
    assert (factory.name, factory.summary) == ("Old name", "The first editor's summary.")
    # Read again, the second editor's change goes through.
    response = second.patch(url, name, format="json", **if_match(second, url))
    assert response.status_code == 200, response.content


def test_a_write_without_if_match_is_428_and_changes_nothing():
    factory = make_factory(name="Old name")
    response = editor_client().patch(
        f"/api/v1/factories/{factory.slug}/", {"name": "New"}, format="json"
    )
    assert response.status_code == 428
    assert AIFactory.objects.get().name == "Old name"


# --- The fixtures keep the invariant --------------------------------------------------------


def test_every_fact_field_of_the_fixtures_has_accepted_evidence(registry):
    from sources.checks import registry_failures

    assert list(registry_failures()) == []
    call_command("check_registry")
