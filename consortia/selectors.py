"""Read queries for countries, organisations and memberships."""

from django.db.models import Prefetch

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
