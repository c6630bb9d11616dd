"""The read cache keys a page by the query parameters some view reads, and nothing else."""

import pytest
from django.test import override_settings

from config.cache import read_parameters, release
from tests.builders import make_factory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("cached")]


def test_unknown_parameters_share_one_cache_entry(client):
    make_factory(name="Pharos")
    assert client.get("/").headers["X-Cache"] == "miss"
    for n in range(5):
        assert client.get(f"/?x={n}").headers["X-Cache"] == "hit"
    assert client.get("/?utm_source=mail&fbclid=1").headers["X-Cache"] == "hit"


def test_parameters_a_view_reads_make_their_own_entry(client):
    make_factory(name="Pharos")
    make_factory(name="Zephyr")
    first = client.get("/factories/?ordering=name")
    assert first.headers["X-Cache"] == "miss"
    reversed_ = client.get("/factories/?ordering=-name")
    assert reversed_.headers["X-Cache"] == "miss"
    page = reversed_.content.decode()
    assert page.index("Zephyr") < page.index("Pharos")
    # The same parameters in another order, or beside an unknown one, are the same entry.
    assert client.get("/factories/?x=1&ordering=-name").headers["X-Cache"] == "hit"
    api = "/api/v1/factories/?page_size=1&search=Pharos"
    assert client.get(api).headers["X-Cache"] == "miss"
    assert (
        client.get("/api/v1/factories/?search=Pharos&page_size=1&y=2").headers["X-Cache"] == "hit"
    )


def test_the_parameters_come_from_the_filtersets_and_the_rest_framework():
    names = read_parameters()
    # One filter from each app's FilterSets, the REST framework's own, the HTML search.
    for name in ("infrastructure", "standing", "qualifier", "reliability"):
        assert name in names
    for name in ("search", "ordering", "format", "page", "page_size", "q"):
        assert name in names
    assert "x" not in names


def test_a_new_release_is_not_answered_from_the_last_ones_pages(client):
    """A deploy that changes a header or a template: its pages are its own, not the cached
    pages of the code before it (which would keep them for REGISTRY_CACHE_SECONDS)."""
    make_factory(name="Pharos")
    release.cache_clear()
    try:
        with override_settings(RELEASE="2026-11-01"):
            assert client.get("/").headers["X-Cache"] == "miss"
            assert client.get("/").headers["X-Cache"] == "hit"
        release.cache_clear()
        with override_settings(RELEASE="2026-11-23"):
            assert client.get("/").headers["X-Cache"] == "miss"
    finally:
        release.cache_clear()


def test_without_a_named_release_the_code_is_the_release(settings, tmp_path):
    """Every worker of one deploy computes the same digest; a change to a template makes
    another."""
    settings.RELEASE = ""
    settings.BASE_DIR = tmp_path
    (tmp_path / "templates").mkdir()
    page = tmp_path / "templates" / "page.html"
    page.write_text("<p>one</p>")
    release.cache_clear()
    try:
        first = release()
        release.cache_clear()
        assert release() == first
        page.write_text("<p>two</p>")
        release.cache_clear()
        assert release() != first
    finally:
        release.cache_clear()
