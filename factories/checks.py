"""The AI Factories' rules, registered with the registry's checks in FactoriesConfig.ready()."""

from consortia.models import Membership
from sources.checks import Check, Failure

from .models import AIFactory


def check_factory_hosts():
    factories = AIFactory.objects.prefetch_related("memberships").select_related(
        "site__organisation", "site__country"
    )
    for factory in factories:
        hosts = [m for m in factory.memberships.all() if m.role == Membership.Role.HOST]
        if len(hosts) != 1:
            yield Failure(
                f"{factory} has {len(hosts)} host countries; it needs exactly one.", (factory,)
            )
        site = getattr(factory, "site", None)
        if site is None:
            yield Failure(f"{factory} has no host site.", (factory,))
        elif hosts and site.country_id != hosts[0].country_id:
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
