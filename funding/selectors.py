"""Read queries for programmes, stated totals and budgets."""

from django.db.models import F, Prefetch, Sum

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


# The funding page charts and cites each factory's budget up to this many factories; beyond it,
# the largest, and the factory list sorted by budget has the rest.
BUDGET_FACTORY_LIMIT = 50


def largest_budget_evidence_list(limit=BUDGET_FACTORY_LIMIT):
    """budget_evidence_list() for the `limit` factories with the largest known budgets (unknown
    last, then by name), in one query however many factories there are."""
    largest = (
        Budget.objects.order_by()
        .values("factory")
        .annotate(total=Sum("amount_eur_million"))
        .order_by(F("total").desc(nulls_last=True), "factory__name")
        .values("factory")[:limit]
    )
    return budget_evidence_list().filter(factory__in=largest)
