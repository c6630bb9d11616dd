"""What every page carries for people and machines: canonical and Open Graph tags, the data's
licence, schema.org on the home page, robots.txt and the sitemap."""

import json
import re

import pytest

from tests.builders import make_factory, make_source
from tests.factories.test_sitemap import sitemap_addresses

pytestmark = pytest.mark.django_db


def test_every_page_has_a_canonical_address_open_graph_and_the_licence(client):
    make_factory(slug="example")
    page = client.get("/factories/example/?utm=x").content.decode()
    assert '<link rel="canonical" href="http://testserver/factories/example/">' in page
    assert '<meta property="og:url" content="http://testserver/factories/example/">' in page
    assert '<meta property="og:site_name" content="AI Factories Registry">' in page
    assert (
        '<a href="https://creativecommons.org/licenses/by/4.0/" rel="license">CC-BY-4.0</a>' in page
    )
    assert "each quote remains its publisher's" in page.replace("&#x27;", "'")


def test_the_home_page_describes_the_dataset_in_json_ld(client):
    page = client.get("/").content.decode()
    block = re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.S).group(1)
    dataset = json.loads(block)
    assert dataset["@type"] == "Dataset"
    assert dataset["license"] == "https://creativecommons.org/licenses/by/4.0/"
    assert dataset["distribution"][0]["contentUrl"] == "http://testserver/api/v1/export/"


def test_robots_txt_points_at_the_sitemap_which_lists_every_factory(client):
    make_factory(slug="example")
    make_source(slug="press")
    robots = client.get("/robots.txt")
    assert robots["Content-Type"] == "text/plain; charset=utf-8"
    assert "Disallow: /admin/" in robots.content.decode()
    assert "Sitemap: http://testserver/sitemap.xml" in robots.content.decode()
    addresses = sitemap_addresses(client)
    for url in ("/factories/example/", "/sources/press/", "/countries/fi/", "/funding/"):
        assert url in addresses, url


def test_the_home_page_says_what_the_registry_covers(client):
    make_factory()
    page = client.get("/").content.decode()
    assert "In its first selection, the EuroHPC Joint Undertaking selected 1 AI Factory:" in page
    # The round's name links to its page; its date is the round's own, not typed in the page.
    assert (
        'the first selection of AI Factories</a>, announced on <time datetime="2024-12-10">'
        "10 December 2024</time>"
    ) in page
    assert "later selections are not recorded here yet" in page


def test_a_table_links_to_its_data_with_the_pages_filters(client):
    make_factory(host=None)
    page = client.get("/factories/?country=fi").content.decode()
    assert 'href="/api/v1/factories/?country=fi&amp;format=csv" download>CSV</a>' in page
    assert 'href="/api/v1/factories/?country=fi">JSON</a>' in page
    csv = client.get("/api/v1/factories/?country=fi&format=csv")
    assert csv.status_code == 200 and csv["Content-Type"].startswith("text/csv")
