"""Read queries for AI Factories: one place for every select_related / prefetch_related."""

from django.db.models import OuterRef, Prefetch, Subquery, Sum

from consortia.models import Membership, Partnership
from consortia.selectors import organisation_list
from funding.models import Budget
from sources.selectors import citations_prefetch

from .models import AIFactory, FactoryName, FactorySystem, HostSite, SelectionRound, Supercomputer


def budget_total():
    """A factory's budget lines added up; NULL when none is known, so unknown is never 0.

    A subquery rather than annotate(Sum()) so that filtering on memberships cannot multiply it.
    """
    lines = (
        Budget.objects.filter(factory=OuterRef("pk"))
        .values("factory")
        .annotate(total=Sum("amount_eur_million"))
        .values("total")
    )
    return Subquery(lines)


def factory_list():
    """Factories with what a list shows: site, host and members, budget, systems, other names."""
    return (
        AIFactory.objects.annotate(budget_total=budget_total())
        .select_related("selection_round", "site__country", "site__organisation")
        .prefetch_related(
            Prefetch("memberships", queryset=Membership.objects.select_related("country")),
            Prefetch("budgets", queryset=Budget.objects.order_by("label")),
            Prefetch("systems", queryset=FactorySystem.objects.select_related("supercomputer")),
            "other_names",
        )
    )


def factory_detail():
    """Factories with every related fact and every citation, in a fixed number of queries."""
    return (
        AIFactory.objects.annotate(budget_total=budget_total())
        .select_related("selection_round", "site__country", "site__organisation__parent")
        .prefetch_related(
            Prefetch(
                "memberships",
                queryset=Membership.objects.select_related("country").prefetch_related(
                    citations_prefetch()
                ),
            ),
            Prefetch(
                "partnerships",
                queryset=Partnership.objects.select_related("organisation").prefetch_related(
                    citations_prefetch()
                ),
            ),
            Prefetch("budgets", queryset=Budget.objects.prefetch_related(citations_prefetch())),
            Prefetch(
                "systems",
                queryset=FactorySystem.objects.select_related("supercomputer").prefetch_related(
                    citations_prefetch(), citations_prefetch("supercomputer__citations")
                ),
            ),
            Prefetch(
                "other_names", queryset=FactoryName.objects.prefetch_related(citations_prefetch())
            ),
            citations_prefetch(),
            citations_prefetch("site__citations"),
        )
    )


def organisation_with_factories():
    """Organisations with the factories they host or take part in (for search results)."""
    return organisation_list().prefetch_related(
        Prefetch("hosted_sites", queryset=HostSite.objects.select_related("factory")),
        Prefetch("partnerships", queryset=Partnership.objects.select_related("factory")),
    )


def site_list():
    return HostSite.objects.select_related("factory", "country", "organisation")


def supercomputer_list():
    return Supercomputer.objects.select_related("country").prefetch_related(
        Prefetch("factory_links", queryset=FactorySystem.objects.select_related("factory"))
    )


def selection_round_list():
    return SelectionRound.objects.all()


def factory_name_list():
    return FactoryName.objects.select_related("factory")


def factory_system_list():
    return FactorySystem.objects.select_related("factory", "supercomputer")


def selection_rounds_with_interest():
    """Selection rounds with the states that declared interest in the next one."""
    return selection_round_list().prefetch_related("interested_countries")


def selection_round_evidence_list():
    """Selection rounds with the states that declared interest, their factories and citations."""
    return selection_round_list().prefetch_related(
        "interested_countries", "factories", citations_prefetch()
    )


def factory_name_evidence_list():
    """Every other name of a factory, with the citations behind it."""
    return factory_name_list().prefetch_related(citations_prefetch())


def factory_system_evidence_list():
    """Every factory–supercomputer link, with the citations behind it."""
    return factory_system_list().prefetch_related(citations_prefetch())
