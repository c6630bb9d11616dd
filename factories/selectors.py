"""Read queries for AI Factories: one place for every select_related / prefetch_related."""

from dataclasses import dataclass

from django.db.models import Avg, Count, IntegerField, OuterRef, Prefetch, Q, Subquery, Sum, Value
from django.db.models.functions import Coalesce

from consortia.models import Country, Membership, Partnership
from consortia.selectors import first_of_each, organisation_list
from funding.models import Budget
from funding.selectors import budgets_with_reliability
from sources.selectors import accepted_citations_prefetch, citations_prefetch

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


def with_budget_total(queryset):
    """`queryset` (of factories) with each factory's `budget_total`. The lists that show it
    annotate it in their selector; a list that only filters or orders by it (the API picks its
    page's ids so) gets it from the FilterSet when a budget filter or order asks for it."""
    return queryset.annotate(budget_total=budget_total())


def memberships_with_states():
    """A factory's memberships with their states: every list and the overview name them."""
    return Prefetch("memberships", queryset=Membership.objects.select_related("country"))


def factory_list():
    """Factories with what a list shows: site, host and members, budget, systems, other names."""
    return (
        with_budget_total(AIFactory.objects.all())
        .select_related("selection_round", "site__country", "site__organisation")
        .prefetch_related(
            memberships_with_states(),
            Prefetch("budgets", queryset=budgets_with_reliability().order_by("label")),
            Prefetch("systems", queryset=FactorySystem.objects.select_related("supercomputer")),
            "other_names",
        )
    )


def factory_list_page():
    """Factories with what the HTML list shows, and no more: the host site, host and members,
    and each budget line with the accepted citations of its amount, which links to the passage
    that states it (issue 12). Four queries for a page of any size."""
    budgets = (
        budgets_with_reliability()
        .order_by("label")
        .prefetch_related(accepted_citations_prefetch("amount_eur_million"))
    )
    return (
        with_budget_total(AIFactory.objects.all())
        .select_related("site")
        .prefetch_related(
            memberships_with_states(),
            Prefetch("budgets", queryset=budgets),
        )
    )


def factory_detail():
    """Factories with every related fact and every citation, in a fixed number of queries."""
    return (
        with_budget_total(AIFactory.objects.all())
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


# The lists of organisations and supercomputers (and the search) name up to this many of the
# factories each hosts, takes part in or serves; beyond it, how many and a link to its page.
FACTORIES_NAMED_PER_ENTITY = 3


def _count(queryset, field):
    """How many rows of `queryset` point at the outer row through `field`, as a subquery, so
    that no join can multiply it."""
    counts = (
        queryset.filter(**{field: OuterRef("pk")})
        .order_by()
        .values(field)
        .annotate(count=Count("pk"))
        .values("count")
    )
    return Coalesce(Subquery(counts, output_field=IntegerField()), Value(0))


def first_factories(relation, model, owner, limit, among, to_attr):
    """Prefetch the first `limit` rows of `relation` (rows of `model` pointing at a factory) of
    each `owner`, by factory name, into `to_attr`; `among`, the owners' ids, or None for all."""
    only = {} if among is None else {f"{owner}__in": among}
    queryset = model.objects.select_related("factory")
    return Prefetch(
        relation,
        queryset=first_of_each(queryset, [owner], ["factory__name"], limit, **only),
        to_attr=to_attr,
    )


def organisation_summary(limit=FACTORIES_NAMED_PER_ENTITY, among=None):
    """Organisations with how many factories each hosts and takes part in, counted in SQL, and
    the first `limit` of each by factory name (`first_hosted`, `first_partnerships`). `among`,
    the ids of the organisations to be shown, spares the database ranking every other's."""
    return (
        organisation_list()
        .annotate(
            hosted_count=_count(HostSite.objects, "organisation"),
            partnership_count=_count(Partnership.objects, "organisation"),
        )
        .prefetch_related(
            first_factories("hosted_sites", HostSite, "organisation", limit, among, "first_hosted"),
            first_factories(
                "partnerships", Partnership, "organisation", limit, among, "first_partnerships"
            ),
        )
    )


def organisation_detail():
    """An organisation with its facts and units, and how many factories it hosts and takes part
    in; the factories themselves come a page at a time (organisation_hosted_sites())."""
    return (
        organisation_list()
        .annotate(partnership_count=_count(Partnership.objects, "organisation"))
        .prefetch_related(citations_prefetch(), "units")
    )


def organisation_hosted_sites(organisation):
    """The host sites an organisation runs, by factory name, each with its citations."""
    return (
        organisation.hosted_sites.select_related("factory", "country")
        .prefetch_related(citations_prefetch())
        .order_by("factory__name", "pk")
    )


def organisation_partnerships(organisation):
    """The factories an organisation is a partner or supporter of, by name, with citations."""
    return (
        organisation.partnerships.select_related("factory")
        .prefetch_related(citations_prefetch())
        .order_by("factory__name", "pk")
    )


def supercomputer_detail():
    """A supercomputer with its facts; its factories come a page at a time
    (supercomputer_factory_links())."""
    return Supercomputer.objects.select_related("country").prefetch_related(citations_prefetch())


def supercomputer_factory_links(supercomputer):
    """A supercomputer's links to factories, by factory name, each with its citations."""
    return (
        supercomputer.factory_links.select_related("factory")
        .prefetch_related(citations_prefetch())
        .order_by("factory__name", "pk")
    )


def supercomputer_summary(limit=FACTORIES_NAMED_PER_ENTITY, among=None):
    """Supercomputers with how many factories build on each, and the first `limit` by name
    (`first_links`); `among`, the ids of those to be shown, as for organisation_summary()."""
    return (
        Supercomputer.objects.select_related("country")
        .annotate(factory_count=_count(FactorySystem.objects, "supercomputer"))
        .prefetch_related(
            first_factories(
                "factory_links", FactorySystem, "supercomputer", limit, among, "first_links"
            )
        )
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
        memberships_with_states()
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
