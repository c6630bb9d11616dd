"""Every endpoint runs the same number of SQL queries with the registry's 7 factories, with
1,000 and with 10,000 (tests/scale.py): nothing is fetched per row, whatever the size. The
counts are those of tests/api/test_queries.py; the export is tested where it is built. A whole
download (CSV, GeoJSON) is counted as its first request builds it (at 7 and 1,000: built cold at
10,000, as inside a test's transaction where the read model is never used, the build takes
minutes on a busy 2-core machine) and as it is served from its file, at every size."""

import pytest
from rest_framework.test import APIClient

from tests.api.test_queries import EXPECTED

# LUMI has no partner, so its detail runs one query fewer than test_queries' factory. A round's
# detail: its row, interested states, first factories and citations.
COUNTS = {
    **EXPECTED,
    "factory": EXPECTED["factory"] - 1,
    "selection-round": 4,
}
# A whole download's build: the list's rows (the factories with four relations), no COUNT.
BUILDS = {"factories-csv": 6, "sites-geojson": 2}

URLS = {
    "factories": "/api/v1/factories/",
    "factory": "/api/v1/factories/lumi-ai-factory/",
    "factories-csv": "/api/v1/factories/?format=csv",
    "factories-filtered": "/api/v1/factories/?host_country=fi&ordering=-budget",
    "sites": "/api/v1/sites/",
    "sites-geojson": "/api/v1/sites/?format=geojson",
    "supercomputers": "/api/v1/supercomputers/",
    "programmes": "/api/v1/programmes/",
    "budgets": "/api/v1/budgets/",
    "sources": "/api/v1/sources/",
    "citations": "/api/v1/citations/",
    "selection-rounds": "/api/v1/selection-rounds/",
    "selection-round": "/api/v1/selection-rounds/first-selection-2024/",
    "countries": "/api/v1/countries/",
    "country": "/api/v1/countries/es/",
    "other-names": "/api/v1/other-names/",
    "factory-systems": "/api/v1/factory-systems/",
    "stated-totals": "/api/v1/stated-totals/",
}


@pytest.mark.parametrize("name", URLS)
def test_query_counts_hold_at_any_size(name, registry_of_size, db, django_assert_num_queries):
    client = APIClient()
    if name in BUILDS and registry_of_size <= 1_000:
        # Warmed through another host, whose links (and so whose file) differ.
        assert client.get(URLS[name], HTTP_HOST="localhost").status_code == 200
        with django_assert_num_queries(BUILDS[name]):
            assert client.get(URLS[name])["X-Download"] == "built"
    # Once to warm the per-process caches (content types), then counted.
    assert client.get(URLS[name]).status_code == 200
    with django_assert_num_queries(COUNTS[name]):
        response = client.get(URLS[name])
    assert response.status_code == 200
    if name in BUILDS:
        assert response["X-Download"] == "file"


def test_a_round_and_a_state_name_their_first_ten_factories_and_count_all(registry_of_size, db):
    """The answers stay small at any size: the first ten by name, the count, the link."""
    client = APIClient()
    selection_round = client.get("/api/v1/selection-rounds/first-selection-2024/").json()
    assert len(selection_round["factories"]) == min(registry_of_size, 10)
    assert selection_round["factories_count"] == registry_of_size
    assert selection_round["factories_url"] == (
        "http://testserver/api/v1/factories/?selection_round=first-selection-2024"
    )
    listed = client.get(selection_round["factories_url"]).json()
    assert listed["count"] == registry_of_size
    spain = client.get("/api/v1/countries/es/").json()
    hosted = client.get(spain["hosts_url"]).json()
    assert hosted["count"] == spain["hosts_count"]
    assert len(spain["hosts"]) == min(spain["hosts_count"], 10)
    assert len(spain["member_of"]) == min(spain["member_of_count"], 10)
