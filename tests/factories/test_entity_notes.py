"""An organisation's and a supercomputer's page cite like the factory page (issue 12): numbered
notes beside each fact, each passage quoted once in the list of notes, linked to its place."""

import re

import pytest

from consortia.models import Organisation
from factories.models import Supercomputer


def notes_of(html):
    section = html[html.index('<section class="notes"') :].split("</section>")[0]
    return re.findall(r'<li id="(note-\d+)"><q>(.*?)</q> — <a href="([^"]+)"', section)


@pytest.mark.usefixtures("registry")
@pytest.mark.parametrize("model", [Organisation, Supercomputer])
def test_each_fact_points_to_notes_that_quote_each_passage_once(client, model):
    for obj in model.objects.all():
        html = client.get(obj.get_absolute_url()).content.decode()
        notes = notes_of(html)
        assert notes, obj
        quotes = [(quote, link) for _, quote, link in notes]
        assert len(quotes) == len(set(quotes)), obj  # each passage once
        assert all("#passage-" in link for _, link in quotes), obj
        # Every number beside a fact leads to a note on the page.
        referenced = set(re.findall(r'<a href="#(note-\d+)"', html))
        assert referenced == {anchor for anchor, _, _ in notes}, obj
