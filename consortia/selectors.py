"""Read queries for countries, organisations and memberships."""

from django.db.models import Count, F, IntegerField, OuterRef, Prefetch, Subquery, Value, Window
from django.db.models.functions import Coalesce, RowNumber

from sources.selectors import citations_prefetch

from .models import Country, Membership, Organisation, Partnership

# The countries page and the API's list of states name each state's factories up to this many per
# role; beyond it, the count and a link to the state's page or its memberships.
FACTORIES_NAMED_PER_STATE = 10
# A state's page shows up to this many of the factories it hosts, and as many it joins, each
# with its evidence; beyond it, how many there are and a link to the filtered factory list.
FACTORIES_SHOWN_PER_ROLE = 25


def membership_names():
    """Memberships with only what a list of names needs: the state, the role and the factory's
    slug and name (a factory's summary is long, and a state may have thousands)."""
    return Membership.objects.select_related("factory").only(
        "country", "role", "factory__slug", "factory__name"
    )


def country_list():
    """Countries with how many factories each hosts and joins, and every membership with its
    factory (one state's API detail, the export)."""
    return with_membership_counts(Country.objects).prefetch_related(
        Prefetch(
            "memberships",
            queryset=membership_names().order_by("factory__name"),
        )
    )


def country_api_list(limit=FACTORIES_NAMED_PER_STATE):
    """Countries with how many factories each hosts and joins and, as `memberships`, only the
    first `limit` of each role by factory name: a list of states stays small at any size."""
    first = first_memberships(membership_names(), limit)
    return with_membership_counts(Country.objects).prefetch_related(
        Prefetch("memberships", queryset=first)
    )


def consortium_countries():
    """The states that belong to at least one AI Factory's consortium."""
    return country_list().filter(memberships__isnull=False).distinct()


def organisation_list():
    return Organisation.objects.select_related("country", "parent")


def membership_list():
    return Membership.objects.select_related("factory", "country")


def first_of_each(queryset, partition_by, order_by, limit, **among):
    """The first `limit` rows of `queryset` in each group of `partition_by`, in `order_by` order
    (of the rows matching `among`), in one query. A window function ranks the rows (a sliced
    Prefetch ranks by one relation only) over the few columns it needs, so the database sorts
    narrow rows rather than every column of every joined row."""
    model = queryset.model
    ranked = (
        model._default_manager.filter(**among)
        .annotate(
            rank=Window(
                RowNumber(),
                partition_by=[F(field) for field in partition_by],
                order_by=[F(field).asc() for field in [*order_by, "pk"]],
            )
        )
        .filter(rank__lte=limit)
        .values("pk")
    )
    return queryset.filter(pk__in=ranked).order_by(*order_by, "pk")


def first_memberships(queryset, limit, **among):
    """The first `limit` memberships of each state and role, by factory name."""
    return first_of_each(queryset, ["country", "role"], ["factory__name"], limit, **among)


def country_detail():
    """A state with how many factories it hosts and joins, its evidence, its organisations and
    its declared interest; the factories themselves come from country_memberships()."""
    return with_membership_counts(Country.objects).prefetch_related(
        citations_prefetch(),
        Prefetch("organisations", queryset=Organisation.objects.order_by("name")),
        # The selection rounds in which the state declared interest, by the reverse accessor's
        # name: consortia sits below factories and does not import its models.
        "interest_declared_in",
        citations_prefetch("interest_declared_in__citations"),
    )


def country_memberships(country, limit=FACTORIES_SHOWN_PER_ROLE):
    """The first `limit` factories a state hosts and as many it joins, by name, with the factory's
    site and the citations behind each membership."""
    memberships = Membership.objects.select_related(
        "factory__site__organisation", "factory__site__country"
    ).prefetch_related(citations_prefetch())
    return first_memberships(memberships, limit, country=country)


def partnership_list():
    return Partnership.objects.select_related("factory", "organisation")


def partnership_evidence_list():
    """Every partnership with its factory, organisation and the citations behind it."""
    return (
        partnership_list()
        .select_related("organisation__country")
        .prefetch_related(citations_prefetch())
    )


def _membership_count(role):
    counts = (
        Membership.objects.filter(country=OuterRef("pk"), role=role)
        .order_by()
        .values("country")
        .annotate(count=Count("pk"))
        .values("count")
    )
    # A subquery, so that the FilterSet's joins on memberships cannot multiply it.
    return Coalesce(Subquery(counts, output_field=IntegerField()), Value(0))


def with_membership_counts(countries):
    """`hosted_count` and `joined_count`: how many factories each state hosts and joins."""
    return countries.annotate(
        hosted_count=_membership_count(Membership.Role.HOST),
        joined_count=_membership_count(Membership.Role.MEMBER),
    )


def country_list_summary(limit=FACTORIES_NAMED_PER_STATE):
    """Countries with how many factories each hosts and joins, counted in SQL, and the first
    `limit` of each by name (`hosted` and `joined`), in three queries at any size."""
    first = membership_names()
    return with_membership_counts(Country.objects).prefetch_related(
        Prefetch(
            "memberships",
            queryset=first_memberships(first, limit, role=Membership.Role.HOST),
            to_attr="hosted",
        ),
        Prefetch(
            "memberships",
            queryset=first_memberships(first, limit, role=Membership.Role.MEMBER),
            to_attr="joined",
        ),
    )
