"""A selection round's API answer names its first ten factories by name, counts them all and
links to the factory list filtered by the round, which lists them all; so does a state's."""

import pytest
from rest_framework.test import APIClient

from tests.builders import make_country, make_factory, make_round

pytestmark = pytest.mark.django_db


@pytest.fixture
def big_round():
    selection_round = make_round(slug="big")
    spain = make_country("ES")
    for n in range(12):
        make_factory(
            selection_round=selection_round, host=spain, slug=f"f-{n:02d}", name=f"F {n:02d}"
        )
    return selection_round


def test_a_round_names_its_first_ten_factories_and_links_to_all(big_round):
    api = APIClient()
    detail = api.get("/api/v1/selection-rounds/big/").json()
    assert detail["factories"] == [f"f-{n:02d}" for n in range(10)]
    assert detail["factories_count"] == 12
    assert detail["factories_url"] == "http://testserver/api/v1/factories/?selection_round=big"
    listed = api.get(detail["factories_url"]).json()
    assert sorted(row["slug"] for row in listed["results"]) == [f"f-{n:02d}" for n in range(12)]
    [row] = api.get("/api/v1/selection-rounds/").json()["results"]
    assert (row["factories"], row["factories_count"]) == (detail["factories"], 12)


def test_the_rounds_csv_has_the_count_and_the_link(big_round):
    response = APIClient().get("/api/v1/selection-rounds/", {"format": "csv"})
    header, row = response.content.decode("utf-8-sig").splitlines()[:2]
    assert "factories_count" in header.split(",")
    assert "factories_url" in header.split(",")
    assert ",12," in row
    assert "f-10" not in row


def test_a_state_names_its_first_ten_hosted_factories_in_its_detail(big_round):
    api = APIClient()
    spain = api.get("/api/v1/countries/es/").json()
    assert spain["hosts"] == [f"f-{n:02d}" for n in range(10)]
    assert spain["hosts_count"] == 12
    assert api.get(spain["hosts_url"]).json()["count"] == 12
