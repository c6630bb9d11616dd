"""A factory's History: one timeline of it and its parts; many-to-many facts recorded and told."""

import re
from decimal import Decimal

import pytest

from consortia.models import Membership
from factories.models import SelectionRound
from funding.models import Budget
from sources.models import Citation
from sources.services import fact_save
from tests.builders import (
    make_budget,
    make_citation,
    make_country,
    make_factory,
    make_programme,
    make_round,
    make_source,
    make_stated_total,
)
from tests.changes.editors import admin_url, changeform_data, cite, make_editor

pytestmark = pytest.mark.django_db

SOURCE_TEXT = "Denmark and Norway declared interest. The budget is 600 million euro."


def timeline(response):
    """The timeline's entries as an editor reads them."""
    page = response.content.decode()
    items = re.findall(r'<ol class="registry-timeline">(.*?)</ol>', page, re.S)
    assert items, "no timeline on the page"
    return [
        re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", entry)).strip()
        for entry in re.findall(r"<li[^>]*>(.*?)</li>", items[0], re.S)
    ]


def sentences(client):
    """The public list of changes as a reader reads it, without its links."""
    page = client.get("/changes/").content.decode()
    return re.sub(r"<[^>]+>", "", page)


def edit_budget(client, budget, amount, source):
    url = admin_url("funding.budget", "change", budget.pk)
    data = {**changeform_data(client.get(url)), "amount_eur_million": amount}
    data["qualifier"] = "exact"
    for field_name in ["amount_eur_million", "qualifier"]:
        cite(data, field_name, source, "The budget is 600 million euro.")
    response = client.post(url, data)
    assert response.status_code == 302, response.context and response.context["errors"]


def test_a_factory_history_lists_every_change_to_it_and_its_parts_one_entry_a_write(
    editor_client,
):
    factory = make_factory(name="MIMER", host=make_country("SE"))
    other = make_factory(name="HammerHAI", host=make_country("DE"))
    budget = make_budget(factory, amount=Decimal("42"))
    make_citation(budget, field_name="amount_eur_million")
    source = make_source(title="A new report", archived_text=SOURCE_TEXT)
    Membership.objects.create(factory=factory, country=make_country("NO"), role="member")
    make_budget(other, amount=Decimal("7"))
    edit_budget(editor_client, budget, "600", source)

    response = editor_client.get(admin_url("factories.aifactory", "history", factory.pk))
    assert response.status_code == 200
    entries = timeline(response)
    # Newest first: the budget edit, with the evidence it brought and replaced, is one entry.
    part = Budget.objects.get(pk=budget.pk).part_label()
    assert entries[0].startswith(
        f"MIMER: {part} changed from €42 million to €600 million, citing A new report"
    )
    assert "superseded by new evidence" in entries[0]
    editor = make_editor()
    assert f"by Editor {editor.pk}" in entries[0]
    assert any("MIMER: Norway joined the consortium as member" in e for e in entries)
    assert any(f"citation for {part} amount" in e and "added" in e for e in entries)
    assert any("AI Factory “MIMER” added" in e for e in entries)
    assert not any("HammerHAI" in e for e in entries)  # another factory's parts are not its
    assert len([e for e in entries if "€600 million" in e]) == 1

    page = response.content.decode()
    # The factory row's own versions stay revertible from the same page.
    first = factory.history.earliest()
    version_url = admin_url("factories.aifactory", "simple_history", factory.pk, first.history_id)
    assert f'href="{version_url}"' in page
    # “Changed by” names the editor without a link to the user admin (a 403 for editors).
    assert "/admin/auth/user/" not in page


def test_a_change_of_a_rounds_interested_states_is_recorded_and_told(client):
    editor = make_editor()
    denmark, norway = make_country("DK"), make_country("NO")
    selection_round = make_round(name="Second round")
    source = make_source(title="A call", archived_text=SOURCE_TEXT)
    quote = "Denmark and Norway declared interest."
    fact_save(
        SelectionRound.objects.get(pk=selection_round.pk),
        m2m={"interested_countries": [denmark]},
        citations=[
            Citation(
                field_name="interested_countries", source=source, quote=quote, stated_value="DK"
            )
        ],
        user=editor,
    )
    fact_save(
        SelectionRound.objects.get(pk=selection_round.pk),
        m2m={"interested_countries": [denmark, norway]},
        citations=[
            Citation(
                field_name="interested_countries",
                source=source,
                quote=quote,
                stated_value="DK, NO",
            )
        ],
        user=editor,
    )

    # Recorded: the newest version holds both states.
    newest = selection_round.history.latest()
    assert sorted(str(row.country) for row in newest.interested_countries.all()) == [
        str(denmark),
        str(norway),
    ]
    # Told, in words, on the public list of changes.
    told = sentences(client)
    assert f"Second round: {norway} added to interested countries" in told
    assert f"Second round: {denmark} added to interested countries" in told


def test_a_change_of_a_totals_programmes_is_told(client):
    editor = make_editor()
    programme = make_programme(name="Digital Europe")
    total = make_stated_total(label="The investment")
    total._history_user = editor
    total.programmes.add(programme)
    assert "The investment: Digital Europe added to programmes" in sentences(client)
