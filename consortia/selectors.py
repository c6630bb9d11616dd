"""Read queries for countries, organisations and memberships."""

from django.db.models import Prefetch

from .models import Country, Membership, Organisation


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
