"""The public list of changes at /changes/ and its Atom feed at /changes/feed/."""

import html
import re
import xml.etree.ElementTree as ET
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext

from consortia.models import Membership
from factories.models import AIFactory
from funding.models import Budget
from sources.models import Citation
from tests.builders import make_budget, make_citation, make_country, make_factory, make_source
from tests.changes.editors import admin_url, changeform_data, cite, make_editor, one_of_each

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"


def save_factory_page(client, factory, **changes):
    """Save the factory's page with `changes`, each new value with a passage that states it."""
    url = admin_url("factories.aifactory", "change", factory.pk)
    data = {**changeform_data(client.get(url)), **changes}
    for field_name in changes:
        cite(data, field_name, make_source(title="A report"))
    response = client.post(url, data)
    assert response.status_code == 302, response.context and response.context["errors"]


def cite_new_budget(client, factory, source, quote):
    """Correct a factory's budget on its page, citing a sentence that states the new amount."""
    url = admin_url("funding.budget", "change", factory.budgets.get().pk)
    data = {**changeform_data(client.get(url)), "amount_eur_million": "600", "qualifier": "exact"}
    cite(data, "amount_eur_million", source, quote)
    cite(data, "qualifier", source, quote)
    response = client.post(url, data)
    assert response.status_code == 302, response.context["errors"]


def change_sentences(response):
    """Each change as a reader sees it: the text of the sentence, without its link."""
    return [
        html.unescape(re.sub(r"<[^>]+>", "", re.sub(r"\s+", " ", sentence))).strip()
        for sentence in re.findall(
            r'<p class="change-sentence">(.*?)</p>', response.content.decode(), re.S
        )
    ]


def lumi_budget_citation():
    lumi = AIFactory.objects.get(slug="lumi-ai-factory")
    cited = Citation.objects.for_object(lumi.budgets.get()).get(field_name="amount_eur_million")
    return lumi, cited


def test_the_page_tells_an_edit_of_the_registry_in_plain_words(registry, editor_client, client):
    lumi, cited = lumi_budget_citation()
    cite_new_budget(editor_client, lumi, cited.source, "LUMI AF | LUMI | New")

    response = client.get("/changes/")
    assert response.status_code == 200
    source = "Europe’s AI Revolution: A $2.3 Billion Investment in Seven High-Tech Hubs"
    old = "“Kajaani, Finland | LUMI AF | LUMI | New | At least 556 |”"
    budget = lumi.budgets.get().part_label()
    # One write, one change: the new value first with the evidence it brought, then the
    # evidence it replaced.
    assert change_sentences(response) == [
        f"LUMI AI Factory: {budget} changed from at least €556 million to €600 million,"
        f" citing {source} (“LUMI AF | LUMI | New”);"
        f" citation for {budget} amount from {source} added: “LUMI AF | LUMI | New”;"
        f" citation for {budget} qualifier from {source} superseded by new evidence: {old};"
        f" citation for {budget} amount from {source} superseded by new evidence: {old}.",
    ]
    page = response.content.decode()
    assert page.count('<a href="/factories/lumi-ai-factory/">') == 1
    assert page.count("by Editor ") == 1
    assert "by editor" not in page  # the login name is never published
    # The loaded state is kept as the version before the first change, but is no change itself.
    assert lumi.budgets.get().history.count() == 2
    assert "Recorded as it stood" not in page


def test_a_summary_edit_and_its_revert_are_told(editor_client, client):
    factory = make_factory(name="MIMER", summary="Sweden's AI Factory.")
    # Restoring a value restores its evidence.
    first_source = make_citation(factory, field_name="summary").source
    save_factory_page(editor_client, factory, summary="Sweden's AI Factory, in Linköping.")
    first = factory.history.earliest()
    url = admin_url("factories.aifactory", "simple_history", factory.pk, first.history_id)
    assert editor_client.post(url, changeform_data(editor_client.get(url))).status_code == 302

    response = client.get("/changes/")
    sentences = change_sentences(response)
    # Each write is one change with one reason.
    assert sentences[:2] == [
        # The revert: the old value, and its evidence accepted again.
        "MIMER: summary changed from “Sweden's AI Factory, in Linköping.” to"
        " “Sweden's AI Factory.”;"
        " citation for summary from A report superseded by new evidence:"
        " “hosted in Exampleville”;"
        f" citation for summary from {first_source} accepted again: “hosted in Exampleville”.",
        # The edit, citing the evidence it came with, not the evidence accepted now.
        "MIMER: summary changed from “Sweden's AI Factory.” to"
        " “Sweden's AI Factory, in Linköping.”, citing A report (“hosted in Exampleville”);"
        f" citation for summary from {first_source} superseded by new evidence:"
        " “hosted in Exampleville”.",
    ]
    assert response.content.decode().count("Reverted to the version of") == 1
    assert "Reverted to the version of" in response.content.decode()


def test_additions_and_removals_are_told(client):
    factory = make_factory(name="LUMI AI Factory", host=make_country("FI"))
    sweden = Membership.objects.create(factory=factory, country=make_country("SE"), role="member")
    sweden.delete()
    budget = make_budget(factory, amount=Decimal("556"), qualifier="at_least")
    make_citation(budget, field_name="amount_eur_million", source=make_source(title="A report"))

    sentences = change_sentences(client.get("/changes/"))
    for told in [
        "LUMI AI Factory: Sweden joined the consortium as member",
        "LUMI AI Factory: Sweden left the consortium as member",
        "LUMI AI Factory: budget of at least €556 million added",
        "LUMI AI Factory: citation for budget amount from A report added: “hosted in Exampleville”",
        "LUMI AI Factory: Finland joined the consortium as host",
        "Selection round “Round",
    ]:
        assert any(told in sentence for sentence in sentences), told
    assert sentences[0].startswith("LUMI AI Factory: citation for budget amount")


def test_each_kind_of_fact_is_told_in_its_own_words(client):
    objects = one_of_each()
    factory = objects["factories.aifactory"]
    host = objects["consortia.country"]
    host.code = "NO"
    host.save()
    objects["factories.factorysystem"].delete()

    sentences = change_sentences(client.get("/changes/"))
    for told in [
        f"{factory}: other name “{objects['factories.factoryname'].name}” added",
        f"{factory}: {objects['consortia.partnership'].organisation} added as partner",
        f"{factory}: host site in {objects['factories.hostsite'].city} added",
        f"{factory}: link to {objects['factories.supercomputer']} added",
        f"{factory}: link to {objects['factories.supercomputer']} removed",
        "Norway: code changed from Finland to Norway",
        f"AI Factory “{factory}” added",
    ]:
        assert any(told in sentence for sentence in sentences), (told, sentences)


def test_an_empty_history_says_so(client):
    response = client.get("/changes/")
    assert "No changes have been made since the registry was loaded" in response.content.decode()


def make_changes(count):
    """`count` factories, each edited by its own editor: a budget, the summary, a member state."""
    for _ in range(count):
        factory = make_factory()
        editor = make_editor(f"editor-{factory.pk}")
        budget = make_budget(factory)
        budget.amount_eur_million = Decimal("50")
        budget._history_user = editor
        budget.save()
        factory.summary = "Changed."
        factory._history_user = editor
        factory.save()
        Membership.objects.create(factory=factory, country=make_country("SE"), role="member")
        make_citation(budget, field_name="amount_eur_million")


def count_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries), response


@pytest.mark.parametrize("url", ["/changes/", "/changes/feed/"])
def test_the_page_and_feed_run_the_same_queries_for_few_or_many_changes(client, url):
    make_changes(1)
    client.get(url)  # content types are cached per process after their first use
    few, response = count_queries(client, url)
    told = response.content.decode().count("budget changed from €42 million to €50 million")
    make_changes(12)
    many, response = count_queries(client, url)
    assert many == few
    content = response.content.decode()
    assert content.count("budget changed from €42 million to €50 million") > told
    # Each editor named by their public name, none fetched alone; never by their login name.
    assert len(set(re.findall(r"Editor \d+", content))) >= 4
    assert "editor-" not in content


def test_the_page_is_ready_for_a_strict_content_security_policy(registry, editor_client, client):
    lumi, cited = lumi_budget_citation()
    cite_new_budget(editor_client, lumi, cited.source, "LUMI AF | LUMI | New")
    page = client.get("/changes/").content.decode()
    budget = lumi.budgets.get().part_label()
    assert f"{budget} changed from at least €556 million to €600 million" in html.unescape(page)
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", page)
    assert not re.search(r"\sstyle=", page)
    assert not re.search(r"\son[a-z]+=", page)
    # Nothing is loaded from elsewhere: no script, image, frame or stylesheet off this site.
    assert not re.search(r"\ssrc=\"(https?:)?//", page)
    # A canonical link names the page itself and fetches nothing; any other link to a host is.
    assert not re.search(r"<link(?![^>]*rel=\"canonical\")[^>]*href=\"(https?:)?//", page)
    assert not re.search(r"url\((https?:)?//", page)


def test_the_feed_is_atom_with_one_entry_per_change(editor_client, client):
    factory = make_factory(name="MIMER", summary="Old.")
    save_factory_page(editor_client, factory, summary="New.")

    response = client.get("/changes/feed/")
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = ET.fromstring(response.content)
    assert feed.find(f"{ATOM}title").text == "AI Factories Registry: recent changes"
    entries = feed.findall(f"{ATOM}entry")
    titles = [entry.find(f"{ATOM}title").text for entry in entries]
    assert titles[0] == (
        "MIMER: summary changed from “Old.” to “New.”, citing A report (“hosted in Exampleville”)"
    )
    editor = get_user_model().objects.get(username="editor")
    assert entries[0].find(f"{ATOM}author/{ATOM}name").text == f"Editor {editor.pk}"
    assert entries[0].find(f"{ATOM}link").get("href").startswith("http://testserver/changes/#")
    assert len({entry.find(f"{ATOM}id").text for entry in entries}) == len(entries)


def test_a_budget_edit_by_an_editor_appears_in_the_feed(registry, editor_client, client):
    lumi, cited = lumi_budget_citation()
    cite_new_budget(editor_client, lumi, cited.source, "LUMI AF | LUMI | New")
    feed = ET.fromstring(client.get("/changes/feed/").content)
    titles = [entry.find(f"{ATOM}title").text for entry in feed.findall(f"{ATOM}entry")]
    assert any(
        title.startswith(
            f"LUMI AI Factory: {lumi.budgets.get().part_label()} changed"
            " from at least €556 million to €600 million, citing"
        )
        for title in titles
    ), titles
    assert Budget.objects.get(factory=lumi).amount_eur_million == Decimal("600")
