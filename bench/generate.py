"""Generated AI Factories for the benchmark: N more factories beside the seven real ones.

They are marked as generated in their names and never go near the registry's fixtures.
"""

from decimal import Decimal

from django.db import transaction

from consortia.models import Country, Membership, Organisation
from factories.models import AIFactory, HostSite, SelectionRound
from funding.models import Budget, Qualifier


@transaction.atomic
def generate(count, start=0):
    """`count` generated factories numbered from `start`, so that sizes can be added in steps."""
    countries = list(Country.objects.all())
    selection_round = SelectionRound.objects.first()
    organisation_by_country = {org.country_id: org for org in Organisation.objects.all()}
    factories = AIFactory.objects.bulk_create(
        AIFactory(
            slug=f"generated-{start + i}",
            name=f"Generated factory {start + i:05d}",
            selection_round=selection_round,
            summary="A generated factory for the benchmark.",
            infrastructure=AIFactory.Infrastructure.NEW_SYSTEM,
            deployment_start_year=2025,
            deployment_end_year=2026,
        )
        for i in range(count)
    )
    hosts = [c for c in countries if c.pk in organisation_by_country]
    memberships, sites, budgets = [], [], []
    for i, factory in enumerate(factories):
        host = hosts[i % len(hosts)]
        member = countries[(i + 3) % len(countries)]
        memberships.append(Membership(factory=factory, country=host, role=Membership.Role.HOST))
        if member.pk != host.pk:
            memberships.append(
                Membership(factory=factory, country=member, role=Membership.Role.MEMBER)
            )
        sites.append(
            HostSite(
                factory=factory,
                city=f"City {start + i}",
                country=host,
                organisation=organisation_by_country[host.pk],
                latitude=Decimal("50") + Decimal(i % 100) / 10,
                longitude=Decimal("10") + Decimal(i % 150) / 10,
            )
        )
        budgets.append(
            Budget(
                factory=factory, amount_eur_million=Decimal(50 + i % 500), qualifier=Qualifier.EXACT
            )
            if i % 10
            else Budget(factory=factory, amount_eur_million=None, qualifier=Qualifier.UNKNOWN)
        )
    Membership.objects.bulk_create(memberships)
    HostSite.objects.bulk_create(sites)
    Budget.objects.bulk_create(budgets)
    return len(factories)
