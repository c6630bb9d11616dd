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


def test_funding_charts_the_50_largest_budgets_and_links_to_all(many_factories, client):  # noqa: F811
    page = client.get("/funding/").content.decode()
    assert "The 50 largest budgets" in text(client.get("/funding/"))
    assert "/factories/?ordering=-budget" in page
    # Budgets are 10 + n million for n not a multiple of 10: the largest is Factory 199's.
    assert "Factory 199" in page and "Factory 001" not in page


def test_countries_count_in_sql_and_name_the_first_ten(many_factories, client):  # noqa: F811
    page = text(client.get("/countries/"))
    assert "… all " in page
    row = client.get("/countries/").content.decode().split("</tr>")[1]
    assert row.count("/factories/factory-") == 20  # ten hosted, ten joined
