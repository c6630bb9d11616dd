"""The sources pages: each source, what it supports, how reliable it is and its archived text."""

import datetime
import json
import re

import pytest

from sources.models import Source
from tests.builders import make_citation, make_factory, make_source, make_stated_total
from tests.factories.test_views import text

ARTICLE_TITLE = "Europe’s AI Revolution: A $2.3 Billion Investment in Seven High-Tech Hubs"


@pytest.fixture
def article(db):
    """The low-reliability article among three sources (high, medium, low), with a fact it
    supports and a version of another that the registry does not accept."""
    make_source(title="Seven European AI Factories Selected", publisher="SDU eScience Center")
    make_source(title="A project page", reliability=Source.Reliability.MEDIUM)
    article = make_source(
        slug="europes-ai-revolution-2-3-billion",
        title=ARTICLE_TITLE,
        reliability=Source.Reliability.LOW,
    )
    factory = make_factory(name="Pharos")
    make_citation(factory, "name", source=article, stated_value="Pharos")
    make_citation(
        factory, "infrastructure", source=article, stated_value="Upgrade", is_accepted=False
    )
    return article


def row_text(html):
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).strip()


def test_source_list_shows_each_source_with_counts(article, client):
    response = client.get("/sources/")
    page = text(response)
    assert response.status_code == 200
    assert "3 sources" in page
    assert "SDU eScience Center" in page
    assert "Seven European AI Factories Selected" in page
    row = re.search(r"\$2\.3 Billion.*?</tr>", response.content.decode(), flags=re.S).group(0)
    assert "Low" in row
    # Two facts cited, one of them a version the registry does not accept.
    assert row_text(row).endswith("Undated Low 2 1")
    # Every source is linked to its own page.
    assert response.content.decode().count('href="/sources/') >= 4


def test_source_list_filters_by_reliability(article, client):
    page = text(client.get("/sources/", {"reliability": "low"}))
    assert "1 source" in page
    assert "$2.3 Billion" in page
    response = client.get("/sources/", {"reliability": "dubious"})
    assert response.status_code == 400
    assert "Select a valid choice." in text(response)


def test_source_page_shows_publisher_date_reliability_facts_and_text(db, client):
    post = {
        "title": {"rendered": "Seven European AI Factories Selected"},
        "content": {"rendered": "<p>The LUMI AI Factory will be hosted by CSC &#8211; IT.</p>"},
    }
    source = make_source(
        slug="sdu",
        publisher="SDU eScience Center",
        published_on=datetime.date(2024, 12, 20),
        text_format=Source.Format.WORDPRESS_JSON,
        archive_file="002.json",
        archived_text=json.dumps(post),
    )
    lumi = make_factory(slug="lumi-ai-factory")
    make_citation(lumi.site, "city", source=source, quote="hosted by CSC", stated_value="CSC")
    response = client.get("/sources/sdu/")
    page = text(response)
    html = response.content.decode()
    assert response.status_code == 200
    assert "SDU eScience Center" in page
    assert "20 December 2024" in page
    assert "High" in page
    assert "Archived text" in page
    # The WordPress export is shown as a reader sees it: no JSON, no tags.
    archived = html[html.index('class="archived archived--passages"') :]
    assert '"rendered"' not in archived and "&lt;p&gt;" not in archived
    assert "The LUMI AI Factory will be hosted by CSC – IT." in text(response)
    assert 'href="/factories/lumi-ai-factory/"' in html


def test_source_page_lists_versions_it_states_that_are_not_accepted(article, client):
    total = make_stated_total(label="Investment")
    for stated in ("€2.1 billion", "$2.3 billion"):
        make_citation(
            total, "amount_eur_million", source=article, stated_value=stated, is_accepted=False
        )
    page = text(client.get("/sources/europes-ai-revolution-2-3-billion/"))
    assert "not accepted: sources differ" in page
    assert "“€2.1 billion”" in page
    assert "“$2.3 billion”" in page
    assert "“Upgrade”" in page
    assert "Name: “Pharos”" in page
    assert "Name: “Pharos” not accepted" not in page


def test_source_page_names_each_fact_it_supports(db, client):
    source = make_source(title="Exampleville Gazette")
    factory = make_factory(name="Example Factory")
    make_citation(factory, "name", source=source, stated_value="Example Factory")
    make_citation(factory.site, "city", source=source, stated_value="Exampleville")
    response = client.get(f"/sources/{source.slug}/")
    page = text(response)
    assert "AI Factory: Example Factory" in page
    assert "Name: “Example Factory”" in page
    assert "City: “Exampleville”" in page
    assert f'href="/factories/{factory.slug}/"' in response.content.decode()


def test_unknown_source_is_the_sites_404(db, client):
    response = client.get("/sources/no-such-source/")
    assert response.status_code == 404
    assert "Page not found" in text(response)


def test_a_server_error_shows_the_sites_500_page(db, client, monkeypatch):
    def broken():
        raise RuntimeError("the database went away")

    monkeypatch.setattr("factories.views.factory_list_page", broken)
    client.raise_request_exception = False
    response = client.get("/factories/")
    assert response.status_code == 500
    page = text(response)
    assert "Something went wrong" in page
    assert "AI Factories Registry" in page
