"""The sitemap: an index of sections, each section in pages of at most 1,000 addresses, every
address a page that answers."""

import re

import pytest

from factories.sitemaps import ObjectSitemap
from tests.builders import make_factory, make_source

pytestmark = pytest.mark.django_db

LOC = re.compile(r"<loc>http://testserver(/[^<]*)</loc>")


def sitemap_addresses(client):
    """Every address the sitemap's pages list, read as a crawler does: the index, then each of
    the pages it lists."""
    index = client.get("/sitemap.xml")
    assert index.status_code == 200
    addresses = []
    for page in LOC.findall(index.content.decode()):
        response = client.get(page.replace("&amp;", "&"))
        assert response.status_code == 200, page
        addresses += LOC.findall(response.content.decode())
    return addresses


def test_the_sitemap_is_an_index_of_its_sections(client):
    make_factory(slug="example")
    index = client.get("/sitemap.xml").content.decode()
    assert "<sitemapindex" in index
    pages = LOC.findall(index)
    assert "/sitemap-factories.xml" in pages
    assert "/sitemap-sources.xml" in pages
    assert "/factories/example/" not in index


def test_each_address_of_each_page_answers(client):
    make_factory(slug="example")
    make_source(slug="press")
    addresses = sitemap_addresses(client)
    for url in ("/", "/factories/example/", "/sources/press/", "/countries/fi/", "/funding/"):
        assert url in addresses, url
    assert len(addresses) == len(set(addresses))
    for url in addresses:
        assert client.get(url).status_code == 200, url


def test_a_section_larger_than_a_page_is_split_into_pages(client, monkeypatch):
    monkeypatch.setattr(ObjectSitemap, "limit", 2)
    for number in range(5):
        make_factory(slug=f"factory-{number}")
    index = LOC.findall(client.get("/sitemap.xml").content.decode())
    pages = [page for page in index if page.startswith("/sitemap-factories.xml")]
    assert pages == [
        "/sitemap-factories.xml",
        "/sitemap-factories.xml?p=2",
        "/sitemap-factories.xml?p=3",
    ]
    third = LOC.findall(client.get("/sitemap-factories.xml?p=3").content.decode())
    assert third == ["/factories/factory-4/"]
    assert client.get("/sitemap-factories.xml?p=4").status_code == 404


def test_an_unknown_section_is_a_404(client):
    assert client.get("/sitemap-nothing.xml").status_code == 404
