"""A factory page like a good encyclopedia entry: an infobox at the top, evidence as numbered
notes printed once, each linking to its passage, and differing versions behind a mark."""

import re
from decimal import Decimal

import pytest

from sources.models import Source
from tests.builders import (
    make_budget,
    make_citation,
    make_country,
    make_factory,
    make_member,
    make_source,
)

pytestmark = pytest.mark.django_db

TEXT = "Kajaani, Finland | LUMI AIF | 556 |\nThe LUMI AI Factory will be hosted in Kajaani."


def test_the_infobox_summarises_the_factory_with_note_numbers(client):
    factory = make_factory(name="LUMI AI Factory", slug="lumi", site={"city": "Kajaani"})
    make_member(factory, make_country("DK"))
    article = make_source(archived_text=TEXT, reliability=Source.Reliability.LOW, slug="article")
    budget = make_budget(factory, amount=Decimal("556"), qualifier="at_least")
    make_citation(
        budget, "amount_eur_million", source=article, quote="Kajaani, Finland | LUMI AIF | 556 |"
    )
    make_citation(factory.site, "city", source=article, quote="hosted in Kajaani")
    page = client.get("/factories/lumi/").content.decode()
    infobox = page[page.index('<aside class="infobox"') : page.index("</aside>")]
    for label in (
        "Host site",
        "Host state",
        "Member states",
        "Supercomputers",
        "Budget",
        "Deployment",
    ):
        assert f"<dt>{label}</dt>" in infobox, label
    assert "Kajaani" in infobox and ">Denmark</a>" in infobox
    assert "<strong>at least €556 million</strong>" in infobox
    assert 'class="badge badge--low"' in infobox  # stated only by a low-reliability source
    # The budget's note number leads to the note, and the note to the passage in the source.
    number = re.search(
        r'<strong>at least €556 million</strong></a><sup class="refs"><a href="#(note-\d+)"',
        infobox,
    ).group(1)
    note = re.search(rf'<li id="{number}">(.*?)</li>', page, re.S).group(1)
    assert "Kajaani, Finland | LUMI AIF | 556 |" in note
    assert 'href="/sources/article/#passage-1"' in note
    assert "low reliability" in note


def test_a_differing_version_is_behind_a_sources_differ_mark(client):
    factory = make_factory(name="IT4LIA", slug="it4lia")
    source = make_source(archived_text="ITA4LIA at CINECA. The IT4LIA AI Factory.")
    make_citation(factory, "name", source=source, quote="The IT4LIA AI Factory.")
    make_citation(
        factory,
        "name",
        source=source,
        quote="ITA4LIA at CINECA.",
        is_accepted=False,
        stated_value="ITA4LIA",
    )
    page = client.get("/factories/it4lia/").content.decode()
    mark = page[page.index('<details class="differ">') :]
    mark = mark[: mark.index("</details>")]
    assert "Sources differ." in mark
    assert (
        "Accepted: <strong>“IT4LIA”</strong>" not in mark
        or "Not accepted: <strong>“ITA4LIA”</strong>" in mark
    )
    assert "Not accepted: <strong>“ITA4LIA”</strong>" in mark
