"""HTML page of the funding app: the stated totals, the split, programmes and budgets."""

from django.shortcuts import render
from django.views.decorators.http import require_safe

from sources.selectors import evidence_by_field

from .charts import budget_bars
from .selectors import (
    budgeted_factory_count,
    largest_budget_evidence_list,
    programme_evidence_list,
    stated_total_list,
)


@require_safe
def funding_overview(request):
    totals = list(stated_total_list())
    programmes = list(programme_evidence_list())
    budgets = list(largest_budget_evidence_list())
    for obj in [*totals, *programmes, *budgets]:
        obj.evidence = evidence_by_field(obj)
    headlines = [total for total in totals if total.part_of_id is None]
    shares = [total for total in totals if total.part_of_id is not None]
    chart = budget_bars(budgets)
    budgeted_count = budgeted_factory_count()
    return render(
        request,
        "funding/overview.html",
        {
            "headlines": headlines,
            "shares": shares,
            "disputed": [
                total
                for total in totals
                if total.evidence.get("amount_eur_million")
                and total.evidence["amount_eur_million"].sources_differ
            ],
            "programmes": programmes,
            "budgets": budgets,
            "chart": chart,
            # Beyond the limit the page says it shows the largest of how many, and links on.
            "summarised": budgeted_count > len(chart["bars"]),
            "budgeted_count": budgeted_count,
        },
    )
