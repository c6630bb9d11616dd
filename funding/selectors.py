"""Read queries for programmes, stated totals and budgets."""

from django.db.models import BooleanField, Exists, ExpressionWrapper, F, OuterRef, Prefetch, Sum

from sources.models import Citation, Source
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


def budgets_with_reliability():
    """Budget lines with `low_reliability`: whether the accepted amount rests only on sources the
    registry rates low (FieldEvidence.low_reliability, as a column), so that a list can mark them
    without a query for their citations."""
    accepted = Citation.objects.filter(
        content_type__app_label=Budget._meta.app_label,
        content_type__model=Budget._meta.model_name,
        object_id=OuterRef("pk"),
        field_name="amount_eur_million",
        is_accepted=True,
    )
    rated_above_low = accepted.exclude(source__reliability=Source.Reliability.LOW)
    return Budget.objects.annotate(
        low_reliability=ExpressionWrapper(
            Exists(accepted) & ~Exists(rated_above_low), output_field=BooleanField()
        )
    )


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


def budgeted_factory_count():
    """How many factories have at least one budget line (what the funding chart would show)."""
    return Budget.objects.values("factory").distinct().count()
