"""Read queries for AI Factories: one place for every select_related / prefetch_related."""

from dataclasses import dataclass

from django.db.models import Avg, Count, OuterRef, Prefetch, Q, Subquery, Sum

from consortia.models import Country, Membership, Organisation, Partnership
from consortia.names import fold, matching_state_codes
from consortia.selectors import organisation_list
from funding.models import Budget
from funding.selectors import budgets_with_reliability
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


def factory_list(budget_evidence=False):
    """Factories with what a list shows: site, host and members, budget, systems, other names.

    With `budget_evidence` (the HTML list) each budget line comes with its citations too, so that
    its amount links to the passage that states it (issue 12): one more query at any size.
    """
    budgets = budgets_with_reliability().order_by("label")
    if budget_evidence:
        budgets = budgets.prefetch_related(citations_prefetch())
    return (
        AIFactory.objects.annotate(budget_total=budget_total())
        .select_related("selection_round", "site__country", "site__organisation")
        .prefetch_related(
            Prefetch("memberships", queryset=Membership.objects.select_related("country")),
            Prefetch("budgets", queryset=budgets),
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


def organisation_detail():
    """An organisation with its facts, units, hosted sites and partnerships, each with citations."""
    return organisation_list().prefetch_related(
        citations_prefetch(),
        "units",
        Prefetch(
            "hosted_sites",
            queryset=HostSite.objects.select_related("factory", "country").prefetch_related(
                citations_prefetch()
            ),
        ),
        Prefetch(
            "partnerships",
            queryset=Partnership.objects.select_related("factory").prefetch_related(
                citations_prefetch()
            ),
        ),
    )


def supercomputer_detail():
    """A supercomputer with its facts and its links to factories, each with citations."""
    return Supercomputer.objects.select_related("country").prefetch_related(
        citations_prefetch(),
        Prefetch(
            "factory_links",
            queryset=FactorySystem.objects.select_related("factory").prefetch_related(
                citations_prefetch()
            ),
        ),
    )


@dataclass
class SearchMatches:
    state_codes: list
    factory_ids: set
    site_ids: set
    organisation_ids: set
    supercomputer_ids: set

    def factories(self, query):
        """Factories matched by a name, their summary, or any matched site, state or partner."""
        return factory_list().filter(
            pk__in=AIFactory.objects.filter(
                Q(pk__in=self.factory_ids)
                | Q(summary__icontains=query)
                | Q(site__in=self.site_ids)
                | Q(site__organisation__in=self.organisation_ids)
                | Q(partnerships__organisation__in=self.organisation_ids)
                | Q(systems__supercomputer__in=self.supercomputer_ids)
                | Q(memberships__country__code__in=self.state_codes)
            ).values("pk")
        )

    def organisations(self):
        return organisation_with_factories().filter(pk__in=self.organisation_ids)

    def supercomputers(self):
        return supercomputer_list().filter(pk__in=self.supercomputer_ids)


def matching_names(rows, needle):
    """The ids of rows (id, name, name…) with a name containing the folded needle."""
    return {row[0] for row in rows if any(name and needle in fold(name) for name in row[1:])}


def search_matches(query):
    """What a search matches, forgiving case and accents: one query per kind of name.

    The names are folded in Python (unicodedata), not in SQL, so that "Linkoping" finds
    "Linköping" on SQLite and PostgreSQL alike without a database extension.
    """
    needle = fold(query)
    return SearchMatches(
        state_codes=matching_state_codes(query),
        factory_ids=matching_names(AIFactory.objects.values_list("pk", "name", "slug"), needle)
        | matching_names(FactoryName.objects.values_list("factory_id", "name"), needle),
        site_ids=matching_names(HostSite.objects.values_list("pk", "city", "place"), needle),
        organisation_ids=matching_names(
            Organisation.objects.values_list("pk", "name", "short_name"), needle
        ),
        supercomputer_ids=matching_names(Supercomputer.objects.values_list("pk", "name"), needle),
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


# The overview lists and maps each factory up to this many; beyond it, it summarises by state.
OVERVIEW_FACTORY_LIMIT = 50


def overview_factories(limit=OVERVIEW_FACTORY_LIMIT):
    """The first factories by name with what the overview shows: site, host and members."""
    return AIFactory.objects.select_related("site__country").prefetch_related(
        Prefetch("memberships", queryset=Membership.objects.select_related("country"))
    )[:limit]


def consortium_states_by_role():
    """The states in any consortium, each annotated with how many factories it hosts (in the
    model's order: the names come from django-countries, not from the database)."""
    return Country.objects.filter(memberships__isnull=False).annotate(
        hosted_count=Count(
            "memberships", filter=Q(memberships__role=Membership.Role.HOST), distinct=True
        )
    )


@dataclass
class StateOnMap:
    """One consortium state on a map of many factories: its role and its host sites as one
    marker (none when it hosts nothing), in the shape europe_map() reads from a factory, so the
    summary is drawn, shaded and labelled by the same code as the full map."""

    country: Country
    count: int
    latitude: float | None
    longitude: float | None

    @property
    def name(self):
        return f"{self.count} AI Factor{'y' if self.count == 1 else 'ies'}"

    @property
    def site(self):
        return self if self.count else None

    @property
    def city(self):
        return self.country.name

    @property
    def memberships(self):
        role = Membership.Role.HOST if self.count else Membership.Role.MEMBER
        return _Memberships([Membership(country=self.country, role=role)])

    def get_absolute_url(self):
        return self.country.get_absolute_url()


@dataclass
class _Memberships:
    items: list

    def all(self):
        return self.items


def states_on_map(states):
    """Every consortium state with its host sites counted and centred, in one query; `states`
    from consortium_states_by_role()."""
    rows = {
        row["country"]: row
        for row in HostSite.objects.order_by()
        .values("country")
        .annotate(count=Count("pk"), latitude=Avg("latitude"), longitude=Avg("longitude"))
    }
    empty = {"count": 0, "latitude": None, "longitude": None}
    return [
        StateOnMap(state, **{k: v for k, v in rows.get(state.pk, empty).items() if k != "country"})
        for state in states
    ]
