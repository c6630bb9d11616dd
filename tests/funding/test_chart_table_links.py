"""The funding chart's data table (issue 12): each factory's budget amount leads in one click to
the passage that states it, like the amounts in the rest of /funding/."""

import re

import pytest


@pytest.mark.usefixtures("registry")
def test_each_stated_budget_in_the_charts_table_links_to_its_passage(client):
    html = client.get("/funding/").content.decode()
    table = html[html.index("<caption>Budgets (the chart") :]
    table = table.split("</table>")[0]
    cells = re.findall(r'<td class="number" data-label="Budget">(.*?)</td>', table, re.S)
    assert len(cells) == 7
    stated = [cell for cell in cells if "€" in cell]
    assert stated  # the registry's budgets state amounts
    for cell in stated:
        assert re.match(r'<a href="/sources/[^"]+#passage-\d+" aria-label="[^"]*€', cell), cell
