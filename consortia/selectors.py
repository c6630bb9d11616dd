"""Read queries for countries, organisations and memberships."""

from django.db.models import Prefetch

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


def organisation_with_factories():
    """Organisations with the factories they host or take part in (for search results)."""
    from factories.models import HostSite

    return organisation_list().prefetch_related(
        Prefetch("hosted_sites", queryset=HostSite.objects.select_related("factory")),
        Prefetch("partnerships", queryset=Partnership.objects.select_related("factory")),
    )


def country_detail():
    """A state with its memberships, its organisations and the citations behind each."""
    from sources.selectors import citations_prefetch

    return Country.objects.prefetch_related(
        citations_prefetch(),
        Prefetch(
            "memberships",
            queryset=Membership.objects.select_related(
                "factory__site__organisation", "factory__site__country"
            ).prefetch_related(citations_prefetch()),
        ),
        Prefetch("organisations", queryset=Organisation.objects.order_by("name")),
    )


def partnership_list():
    return Partnership.objects.select_related("factory", "organisation")
