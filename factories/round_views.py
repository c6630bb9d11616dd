"""A selection round's page: its facts, each with its notes, and the AI Factories it selected.

A round may select thousands of factories: the page names the first of them by name and links
to the factory list filtered by the round for the rest.
"""

from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from sources.models import Source
from sources.selectors import Footnotes, citations_prefetch, evidence_by_field

from .models import AIFactory, SelectionRound

# The factories a round's page names; beyond them, how many and a link to the filtered list.
FACTORIES_NAMED_PER_ROUND = 50


def selection_round_detail():
    """Selection rounds with their citations (and sources) and the states that declared interest."""
    return SelectionRound.objects.prefetch_related(
        citations_prefetch(),
        # django-countries names a state without a query; the page lists them by that name.
        "interested_countries",
    )


def selection_round_factories(selection_round, limit=FACTORIES_NAMED_PER_ROUND):
    """The first `limit` factories a round selected, by name, with their host site and state."""
    return (
        AIFactory.objects.filter(selection_round=selection_round)
        .select_related("site__country")
        .order_by("name", "pk")[:limit]
    )


def citation_stating(evidence, words):
    """The accepted citation a date links to: one whose quote has `words` (its year) from a
    source not rated low, so that “10 December 2024” leads to “unveiled on December 10, 2024”
    rather than to “Tuesday”; failing that, one with the year, then the first accepted one."""
    accepted = evidence.accepted if evidence else []
    return min(
        accepted,
        key=lambda c: (words not in c.quote, c.source.reliability == Source.Reliability.LOW),
        default=None,
    )


@require_safe
def selection_round_detail_view(request, slug):
    selection_round = get_object_or_404(selection_round_detail(), slug=slug)
    evidence = selection_round.evidence = evidence_by_field(selection_round)
    dates = {
        field: citation_stating(evidence.get(field), str(getattr(selection_round, field).year))
        for field in ("announced_on", "next_cutoff_on")
        if getattr(selection_round, field)
    }
    factories = list(selection_round_factories(selection_round))
    factory_count = selection_round.factories.count()
    interested = sorted(
        selection_round.interested_countries.all(), key=lambda country: country.name
    )
    return render(
        request,
        "factories/selection_round_detail.html",
        {
            "selection_round": selection_round,
            "interested": interested,
            "announced_citation": dates.get("announced_on"),
            "cutoff_citation": dates.get("next_cutoff_on"),
            "factories": factories,
            "factory_count": factory_count,
            "footnotes": Footnotes(),
        },
    )
