"""The factory list's rows built in bulk (factories/api_rows.py) are exactly what its
serializer, from which the OpenAPI schema is generated, gives: the same fields in the same order
with the same values, for the registry's factories and for the odd cases besides."""

from decimal import Decimal

import pytest
from rest_framework.renderers import JSONRenderer
from rest_framework.request import Request
from rest_framework.test import APIRequestFactory

from factories.api_rows import factory_rows
from factories.models import AIFactory
from factories.selectors import factory_list
from factories.serializers import FactoryListSerializer
from funding.models import Qualifier
from sources.models import Source
from tests.builders import (
    make_budget,
    make_citation,
    make_country,
    make_factory,
    make_member,
    make_source,
)


@pytest.fixture
def odd_cases(registry):
    """Beside the registry: no site and no consortium, two budget lines (one unknown), a
    budget only a low source states, members and no host."""
    make_factory(name="Bare", slug="bare", site=False)
    partly = make_factory(name="Partly", slug="partly", site=False)
    make_budget(partly, amount=Decimal("30.25"), label="Hardware")
    make_budget(partly, amount=None, qualifier=Qualifier.UNKNOWN, label="Operations")
    weak = make_budget(make_factory(name="Weak", slug="weak", site=False), amount=Decimal("7"))
    make_citation(
        weak, "amount_eur_million", source=make_source(reliability=Source.Reliability.LOW)
    )
    hostless = make_factory(name="Hostless", slug="hostless", site=False)
    make_member(hostless, make_country("SE"))


@pytest.mark.parametrize("query", ["", "?format=json", "?format=csv"])
def test_bulk_rows_equal_the_serializers(odd_cases, query):
    request = Request(APIRequestFactory().get(f"/api/v1/factories/{query}"))
    expected = FactoryListSerializer(factory_list(), many=True, context={"request": request}).data
    rows = factory_rows(AIFactory.objects.values("pk"), request)
    built = [rows[pk] for pk in factory_list().values_list("pk", flat=True)]
    assert len(built) == 11
    for row, want in zip(built, expected, strict=True):
        assert list(row.items()) == list(want.items())
    # The same types too (True is not 1, a Decimal not a string), as a client reads them.
    assert JSONRenderer().render(built) == JSONRenderer().render(expected)
