"""Read queries for countries, organisations and memberships."""

from django.db.models import Count, IntegerField, OuterRef, Prefetch, Subquery, Value
from django.db.models.functions import Coalesce

from sources.selectors import citations_prefetch

from .models import Country, Membership, Organisation, Partnership


def country_list():
    """Countries with their memberships and each membership's factory."""
    return Country.objects.prefetch_related(
        Prefetch("memberships", queryset=Membership.objects.select_related("factory"))
    )


def consortium_countries():
    """The states that belong to at least one AI Factory's consortium."""
    return country_list().filter(memberships__isnull=False).distinct()


def organisation_list():
    return Organisation.objects.select_related("country", "parent")


def membership_list():
    return Membership.objects.select_related("factory", "country")


def country_detail():
    """A state with its memberships, its organisations and the citations behind each."""
    return Country.objects.prefetch_related(
        citations_prefetch(),
        Prefetch(
            "memberships",
            queryset=Membership.objects.select_related(
                "factory__site__organisation", "factory__site__country"
            ).prefetch_related(citations_prefetch()),
        ),
        Prefetch("organisations", queryset=Organisation.objects.order_by("name")),
        # The selection rounds in which the state declared interest, by the reverse accessor's
        # name: consortia sits below factories and does not import its models.
        "interest_declared_in",
        citations_prefetch("interest_declared_in__citations"),
    )


def partnership_list():
    return Partnership.objects.select_related("factory", "organisation")


def partnership_evidence_list():
    """Every partnership with its factory, organisation and the citations behind it."""
    return (
        partnership_list()
        .select_related("organisation__country")
        .prefetch_related(citations_prefetch())
    )


# The countries page names each state's factories up to this many per role; beyond it, the count
# and a link to the state's page.
FACTORIES_NAMED_PER_STATE = 10


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


def country_list_summary(limit=FACTORIES_NAMED_PER_STATE):
    """Countries with how many factories each hosts and joins, counted in SQL, and the first
    `limit` of each by name (`hosted` and `joined`), in three queries at any size."""
    first = Membership.objects.select_related("factory").order_by("factory__name")
    return Country.objects.annotate(
        hosted_count=_membership_count(Membership.Role.HOST),
        joined_count=_membership_count(Membership.Role.MEMBER),
    ).prefetch_related(
        Prefetch(
            "memberships",
            queryset=first.filter(role=Membership.Role.HOST)[:limit],
            to_attr="hosted",
        ),
        Prefetch(
            "memberships",
            queryset=first.filter(role=Membership.Role.MEMBER)[:limit],
            to_attr="joined",
        ),
    )
