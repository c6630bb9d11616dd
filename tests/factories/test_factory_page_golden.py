"""The seven real factories' pages read as they did before the page came from its read model
(factories/page_model.py): the same visible text, the same links with the same words, the same
title, description and JSON-LD. golden/factory_pages.json was written by this test from the
pages as rendered at 160289e (`REGENERATE_GOLDEN=1 pytest tests/factories/test_factory_page_golden.py`);
a change to the fixtures' facts regenerates it the same way."""

import json
import os
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

from factories.models import AIFactory

GOLDEN = Path(__file__).parent / "golden" / "factory_pages.json"


class Reading(HTMLParser):
    """What a reader gets from a page: the text of <main>, each link's address and words, the
    title, the description and the structured data (the footer's date is the clock's)."""

    def __init__(self):
        super().__init__()
        self.text, self.links, self.title, self.json_ld = [], [], "", []
        self.description = ""
        self._in = []
        self._link = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "meta" and attrs.get("name") == "description":
            self.description = attrs.get("content", "")
        if tag in {"br", "meta", "link", "input", "img"}:
            return
        self._in.append((tag, attrs.get("type")))
        if tag == "a" and self.inside("main"):
            self._link = [attrs.get("href"), attrs.get("aria-label"), []]

    def handle_endtag(self, tag):
        if tag == "a" and self._link is not None:
            href, label, words = self._link
            self.links.append([href, label, fold("".join(words))])
            self._link = None
        while self._in:
            if self._in.pop()[0] == tag:
                break

    def handle_data(self, data):
        if self._in and self._in[-1] == ("script", "application/ld+json"):
            self.json_ld.append(json.loads(data))
        elif self._in and self._in[-1][0] == "title":
            self.title += data
        elif self.inside("main"):
            self.text.append(data)
            if self._link is not None:
                self._link[2].append(data)

    def inside(self, tag):
        return any(name == tag for name, _ in self._in)

    def result(self):
        return {
            "title": fold(self.title),
            "description": self.description,
            "json_ld": self.json_ld,
            "text": fold(" ".join(self.text)),
            "links": self.links,
        }


def fold(text):
    return re.sub(r"\s+", " ", text).strip()


def reading(html):
    parser = Reading()
    parser.feed(html)
    return parser.result()


def pages(client):
    return {
        factory.slug: reading(client.get(factory.get_absolute_url()).content.decode())
        for factory in AIFactory.objects.order_by("slug")
    }


def test_the_seven_factory_pages_read_as_before(registry, client):
    found = pages(client)
    if os.environ.get("REGENERATE_GOLDEN"):
        GOLDEN.write_text(json.dumps(found, ensure_ascii=False, indent=1) + "\n")
    golden = json.loads(GOLDEN.read_text())
    assert len(golden) == 7
    assert sorted(found) == sorted(golden)
    for slug, page in golden.items():
        for part in ("title", "description", "json_ld", "text", "links"):
            assert found[slug][part] == page[part], (slug, part)


@pytest.mark.django_db(transaction=True)
def test_the_pages_read_as_before_from_the_read_model(client):
    """Outside a transaction, as in production, the second read comes from the read model."""
    call_command("loaddata", *settings.REGISTRY_FIXTURES, verbosity=0)
    golden = json.loads(GOLDEN.read_text())
    pages(client)
    again = pages(client)
    for slug, page in golden.items():
        for part in ("title", "description", "json_ld", "text", "links"):
            assert again[slug][part] == page[part], (slug, part)
