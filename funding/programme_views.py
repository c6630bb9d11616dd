"""A funding programme's page: its facts, each with its notes, and the stated totals naming it.

Totals are few today, but nothing bounds them: the page names the first of them and links to
the API's list of stated totals filtered by the programme for the rest.
"""

from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from sources.selectors import Footnotes, citations_prefetch, evidence_by_field

from .models import Programme, StatedTotal

# The stated totals a programme's page names; beyond them, how many and a link to all of them.
TOTALS_NAMED_PER_PROGRAMME = 50


def programme_detail():
    """Programmes with their citations and the citations' sources."""
    return Programme.objects.prefetch_related(citations_prefetch())


def programme_stated_totals(programme, limit=TOTALS_NAMED_PER_PROGRAMME):
    """The first `limit` stated totals that name a programme, in the order /funding/ lists them,
    each with the total it is a share of and its citations."""
    return (
        StatedTotal.objects.filter(programmes=programme)
        .select_related("part_of")
        .prefetch_related(citations_prefetch())
        .order_by("pk")[:limit]
    )


@require_safe
def programme_detail_view(request, slug):
    programme = get_object_or_404(programme_detail(), slug=slug)
    totals = list(programme_stated_totals(programme))
    for obj in [programme, *totals]:
        obj.evidence = evidence_by_field(obj)
    return render(
        request,
        "funding/programme_detail.html",
        {
            "programme": programme,
            "totals": totals,
            "total_count": programme.stated_totals.count(),
            "footnotes": Footnotes(),
        },
    )
