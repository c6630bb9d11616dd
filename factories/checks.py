"""The AI Factories' rules, registered with the registry's checks in FactoriesConfig.ready()."""

from collections import defaultdict

from consortia.models import Membership
from sources.checks import Check, Failure

from .models import AIFactory, HostSite


def check_factory_hosts():
    # Each factory's host countries and site's country as rows of ids (in the memberships'
    # own order, as factory.memberships.all() gives them): no model instance per factory, only
    # for those that fail, whose messages name them.
    hosts = defaultdict(list)
    for factory_id, country_id in Membership.objects.filter(role=Membership.Role.HOST).values_list(
        "factory_id", "country_id"
    ):
        hosts[factory_id].append(country_id)
    site_countries = dict(HostSite.objects.values_list("factory_id", "country_id"))
    failing = [
        pk
        for pk in AIFactory.objects.values_list("pk", flat=True)
        if len(hosts[pk]) != 1
        or pk not in site_countries
        or (hosts[pk] and site_countries[pk] != hosts[pk][0])
    ]
    if not failing:
        return
    factories = AIFactory.objects.select_related("site__organisation", "site__country").in_bulk(
        failing
    )
    for pk in failing:
        factory = factories[pk]
        if len(hosts[pk]) != 1:
            yield Failure(
                f"{factory} has {len(hosts[pk])} host countries; it needs exactly one.",
                (factory,),
            )
        site = getattr(factory, "site", None)
        if site is None:
            yield Failure(f"{factory} has no host site.", (factory,))
        elif hosts[pk] and site.country_id != hosts[pk][0]:
            yield Failure(
                f"{factory}'s host site is in {site.country}, not in its host country.",
                (factory, site),
            )


CHECKS = (
    Check(
        "Every AI Factory has one host",
        "Every AI Factory has exactly one host country and a host site, with its hosting "
        "organisation, in that country.",
        check_factory_hosts,
    ),
)
