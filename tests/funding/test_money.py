"""The one money formatter: every page, the admin and the API say an amount the same way."""

from decimal import Decimal

import pytest

from funding.models import Budget, Qualifier, StatedTotal
from funding.money import format_eur


@pytest.mark.parametrize(
    ("amount", "qualifier", "expected"),
    [
        (Decimal("198"), Qualifier.EXACT, "€198 million"),
        (Decimal("556.0"), Qualifier.AT_LEAST, "at least €556 million"),
        (Decimal("42.5"), Qualifier.EXACT, "€42.5 million"),
        (Decimal("999.9"), Qualifier.EXACT, "€999.9 million"),
        # From a thousand million up, in billions, as the sources write it.
        (Decimal("1000"), Qualifier.EXACT, "€1 billion"),
        (Decimal("1500.0"), Qualifier.EXACT, "€1.5 billion"),
        (Decimal("2100"), Qualifier.AT_LEAST, "at least €2.1 billion"),
        (Decimal("1250"), Qualifier.EXACT, "€1.25 billion"),
        (750, Qualifier.EXACT, "€750 million"),
        (None, Qualifier.UNKNOWN, "unknown"),
        (None, Qualifier.EXACT, "unknown"),
    ],
)
def test_amounts_read_as_a_reader_writes_them(amount, qualifier, expected):
    assert format_eur(amount, qualifier) == expected


def test_an_unknown_amount_is_never_zero():
    assert format_eur(Decimal("0"), Qualifier.UNKNOWN) == "unknown"
    assert "€0" not in format_eur(None)


def test_budgets_and_stated_totals_say_their_amount_the_same_way():
    total = StatedTotal(amount_eur_million=Decimal("1500.0"), qualifier=Qualifier.EXACT)
    budget = Budget(amount_eur_million=Decimal("1500.0"), qualifier=Qualifier.EXACT)
    assert total.display_amount == budget.display_amount == "€1.5 billion"
    assert StatedTotal(amount_eur_million=None, qualifier=Qualifier.UNKNOWN).display_amount == (
        "unknown"
    )
