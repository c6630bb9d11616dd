"""The pages that show "all" of something summarise beyond a readable size (200 factories here)."""

import re

from tests.factories.test_views import many_factories, text  # noqa: F401 (a fixture)


def test_home_lists_the_first_50_and_links_to_all(many_factories, client):  # noqa: F811
    page = client.get("/").content.decode()
    table = page.split("<tbody>")[1].split("</tbody>")[0]
    assert len(re.findall(r'<th scope="row">', table)) == 50
    assert "Factory 049" in table and "Factory 050" not in table
    assert "The first 50 of 200 AI Factories by name" in text(client.get("/"))
    assert "all 200 AI Factories</a>" in page


def test_home_map_has_one_marker_per_host_state(many_factories, client):  # noqa: F811
    page = client.get("/").content.decode()
    markers = re.findall(r'<circle class="site"', page)
    hosts = set(re.findall(r'aria-label="\d+ AI Factor(?:y|ies), ([^"]+)"', page))
    assert len(markers) == len(hosts) < 50
    # The figures count states, not factories.
    assert re.search(r"\b200\b</span></a> AI Factories", page)
