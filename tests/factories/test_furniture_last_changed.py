"""Every page's footer says when the registry's data last changed, read from the data version
the cache keeps (no query), computed once from the history when the cache holds none."""

import json
import re
from datetime import UTC, datetime
from unittest import mock

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.utils import timezone

from config import cache as registry_cache
from sources import services
from sources.models import Citation, recorded_models
from tests.builders import make_citation, make_factory, make_source
from tests.config.test_hardening_clients import BrokenCache

pytestmark = pytest.mark.django_db

PI_DAY = datetime(2025, 3, 14, 12, 0, tzinfo=UTC)


def footer_date(client, url="/"):
    """The footer's "Data last changed on …" as (datetime attribute, text), or None."""
    page = client.get(url).content.decode()
    found = re.search(r'Data last changed on <time datetime="([^"]+)">([^<]+)</time>\.', page)
    return found.groups() if found else None


def in_words(day):
    return f"{day.day} {day:%B %Y}"


def test_a_cache_without_a_version_takes_the_date_of_the_latest_recorded_change(client):
    factory = make_factory(slug="example")
    for model in recorded_models():
        model.history.update(history_date=PI_DAY)
    cache.clear()  # as in a process started after the change
    assert footer_date(client) == ("2025-03-14T13:00:00+0100", "14 March 2025")
    assert footer_date(client, factory.get_absolute_url())[1] == "14 March 2025"
    assert footer_date(client, "/no-such-page/")[1] == "14 March 2025"


def test_the_home_pages_dataset_says_when_it_was_modified(client):
    make_factory(slug="example")
    for model in recorded_models():
        model.history.update(history_date=PI_DAY)
    cache.clear()
    page = client.get("/").content.decode()
    block = re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.S).group(1)
    assert json.loads(block)["dateModified"] == "2025-03-14T12:00:00+00:00"


def test_an_edit_through_the_services_changes_the_date_on_the_next_request(client):
    factory = make_factory(name="Old name")
    make_citation(factory, "name")
    for model in recorded_models():
        model.history.update(history_date=PI_DAY)
    cache.clear()
    assert footer_date(client, "/funding/")[1] == "14 March 2025"

    before = timezone.localdate()
    factory.name = "New name"
    services.fact_save(
        factory,
        citations=[
            Citation(
                field_name="name",
                source=make_source(),
                quote="hosted in Exampleville",
                stated_value="New name",
            )
        ],
    )
    after = timezone.localdate()
    attribute, text = footer_date(client, "/funding/")
    assert text in {in_words(before), in_words(after)}
    assert attribute[:10] in {before.isoformat(), after.isoformat()}


def test_a_fresh_load_shows_the_date_of_the_load(client):
    cache.clear()
    before = timezone.localdate()
    call_command("load_registry", verbosity=0)
    after = timezone.localdate()
    assert footer_date(client, "/sources/")[1] in {in_words(before), in_words(after)}


def test_a_process_started_after_a_load_shows_the_date_of_the_load(client):
    """The cache is not shared between processes without Redis: the date comes from the
    versions the load records (of the many-to-many fields it sets)."""
    before = timezone.localdate()
    call_command("load_registry", verbosity=0)
    after = timezone.localdate()
    cache.clear()
    assert footer_date(client, "/countries/")[1] in {in_words(before), in_words(after)}


def test_with_no_recorded_change_the_date_is_left_out_not_guessed(client):
    cache.clear()
    assert footer_date(client) is None
    assert client.get("/").status_code == 200


def test_the_footer_date_costs_no_query_once_the_cache_holds_it(client, django_assert_num_queries):
    make_factory(slug="example")
    cache.clear()
    client.get("/sources/")  # the cold cache computes it once, and content types are cached
    with django_assert_num_queries(1):  # the source list's own query, as QUERIES says
        assert footer_date(client, "/sources/")


def test_with_the_cache_down_the_footer_leaves_the_date_out(client):
    make_factory(slug="example")
    with mock.patch.object(registry_cache, "cache", BrokenCache("broken", {})):
        response = client.get("/factories/example/")
    assert response.status_code == 200
    assert "Data last changed" not in response.content.decode()
