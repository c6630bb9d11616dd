"""The list of changes in valid HTML times and the feed with absolute entry ids."""

import re

import pytest

from sources import services
from sources.models import Citation
from tests.builders import make_citation, make_factory, make_source

pytestmark = pytest.mark.django_db


def a_change():
    factory = make_factory(name="Old name")
    make_citation(factory, "name")
    factory.name = "New name"
    source = make_source()
    services.fact_save(
        factory,
        citations=[
            Citation(
                field_name="name", source=source, quote="hosted in Exampleville", stated_value="x"
            )
        ],
    )


def test_change_times_are_valid_html_datetimes(client):
    a_change()
    page = client.get("/changes/").content.decode()
    times = re.findall(r'<time datetime="([^"]+)"', page)
    assert times
    # A valid global date and time: seconds without a fraction of more than 3 digits.
    assert all(
        re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d{4}", value) for value in times
    ), times


def test_atom_entry_ids_are_absolute(client):
    a_change()
    feed = client.get("/changes/feed/").content.decode()
    ids = re.findall(r"<entry>.*?<id>([^<]+)</id>", feed, re.S)
    assert ids
    assert all(value.startswith("http://testserver/changes/#") for value in ids), ids
