from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from funding.models import Budget, Qualifier, StatedTotal
from tests.builders import make_budget, make_factory

pytestmark = pytest.mark.django_db


def test_negative_budget_is_refused_and_nothing_saved():
    factory = make_factory()
    budget = Budget(factory=factory, amount_eur_million=Decimal("-1"), qualifier=Qualifier.EXACT)
    with pytest.raises(ValidationError) as error:
        budget.full_clean()
    assert "amount_eur_million" in error.value.message_dict
    with pytest.raises(IntegrityError), transaction.atomic():
        budget.save()
    assert Budget.objects.count() == 0


def test_unknown_budget_is_stored_as_unknown_not_zero():
    factory = make_factory()
    budget = make_budget(factory, amount=None, qualifier=Qualifier.UNKNOWN)
    budget.full_clean()
    budget.refresh_from_db()
    assert budget.amount_eur_million is None
    assert budget.display_amount == "unknown"


def test_unknown_budget_with_a_number_is_refused():
    factory = make_factory()
    budget = Budget(factory=factory, amount_eur_million=Decimal("0"), qualifier=Qualifier.UNKNOWN)
    with pytest.raises(ValidationError) as error:
        budget.full_clean()
    assert error.value.message_dict["amount_eur_million"] == [
        "An unknown amount has no number; clear it or change the qualifier."
    ]
    with pytest.raises(IntegrityError), transaction.atomic():
        budget.save()


def test_known_budget_without_a_number_is_refused():
    budget = Budget(factory=make_factory(), amount_eur_million=None, qualifier=Qualifier.AT_LEAST)
    with pytest.raises(ValidationError) as error:
        budget.full_clean()
    assert error.value.message_dict["amount_eur_million"] == [
        "Give the amount, or mark it as unknown."
    ]


def test_at_least_budget_reads_as_at_least():
    budget = make_budget(make_factory(), amount=Decimal("556.0"), qualifier=Qualifier.AT_LEAST)
    assert budget.display_amount == "at least €556 million"


def test_negative_stated_total_is_refused():
    total = StatedTotal(
        slug="t", label="Total", kind="investment", amount_eur_million=Decimal("-5")
    )
    with pytest.raises(ValidationError) as error:
        total.full_clean()
    assert "amount_eur_million" in error.value.message_dict
    with pytest.raises(IntegrityError), transaction.atomic():
        total.save()
    assert not StatedTotal.objects.exists()


def test_derived_total_must_say_how():
    total = StatedTotal(
        slug="eu",
        label="EU share",
        kind="share",
        amount_eur_million=Decimal("750"),
        is_derived=True,
    )
    with pytest.raises(ValidationError) as error:
        total.full_clean()
    assert "derivation" in error.value.message_dict
