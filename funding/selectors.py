"""Read queries for programmes, stated totals and budgets."""

from django.db.models import Prefetch

from sources.selectors import citations_prefetch

from .models import Budget, Programme, StatedTotal


def programme_list():
    return Programme.objects.all()


def stated_total_list():
    return StatedTotal.objects.select_related("part_of").prefetch_related(
        Prefetch("programmes", queryset=Programme.objects.all()), citations_prefetch()
    )


def budget_list():
    return Budget.objects.select_related("factory")


def programme_evidence_list():
    """Programmes with the citations behind them."""
    return programme_list().prefetch_related(citations_prefetch())


def budget_evidence_list():
    """Every factory's budget lines with their factory and the citations behind them."""
    return budget_list().prefetch_related(citations_prefetch()).order_by("factory__name", "label")
