"""Small builders for test data; each returns a saved object with sensible defaults."""

from decimal import Decimal
from itertools import count

from consortia.models import Country, Membership, Organisation
from factories.models import AIFactory, HostSite, SelectionRound, Supercomputer
from funding.models import Budget, Programme, Qualifier, StatedTotal
from sources.models import Citation, Source

_seq = count(1)

SOURCE_TEXT = "The Example AI Factory will be hosted in Exampleville. Its budget is €42 million."


def make_source(**fields):
    n = next(_seq)
    defaults = {
        "slug": f"source-{n}",
        "title": f"Source {n}",
        "kind": Source.Kind.NEWS_REPORT,
        "reliability": Source.Reliability.HIGH,
        "reliability_note": "Built for a test.",
        "archived_text": SOURCE_TEXT,
    }
    return Source.objects.create(**{**defaults, **fields})


def make_country(code="FI", standing=Country.Standing.EU_MEMBER):
    country, _ = Country.objects.get_or_create(code=code, defaults={"standing": standing})
    return country


def make_organisation(country=None, **fields):
    n = next(_seq)
    defaults = {"slug": f"organisation-{n}", "name": f"Organisation {n}", "kind": "university"}
    return Organisation.objects.create(country=country or make_country(), **{**defaults, **fields})


def make_round(**fields):
    n = next(_seq)
    defaults = {"slug": f"round-{n}", "name": f"Round {n}", "announced_on": "2024-12-10"}
    return SelectionRound.objects.create(**{**defaults, **fields})


def make_factory(host=None, selection_round=None, site=True, members=(), **fields):
    """A factory with its host membership, its members and, unless site=False, its host site
    (`site` may be a dict of the site's fields: city, organisation…)."""
    n = next(_seq)
    defaults = {
        "slug": f"factory-{n}",
        "name": f"Factory {n}",
        "summary": "A factory built for a test.",
        "infrastructure": AIFactory.Infrastructure.NEW_SYSTEM,
    }
    factory = AIFactory.objects.create(
        selection_round=selection_round or make_round(), **{**defaults, **fields}
    )
    host = host or make_country()
    Membership.objects.create(factory=factory, country=host, role=Membership.Role.HOST)
    for member in members:
        make_member(factory, member)
    if site:
        site_fields = {
            "city": f"City {n}",
            "latitude": Decimal("60.1"),
            "longitude": Decimal("24.9"),
            **(site if isinstance(site, dict) else {}),
        }
        site_fields.setdefault("organisation", make_organisation(country=host))
        HostSite.objects.create(factory=factory, country=host, **site_fields)
    return factory


def make_member(factory, country):
    """A state that joins the factory's consortium as a member (not its host)."""
    return Membership.objects.create(factory=factory, country=country, role=Membership.Role.MEMBER)


def make_supercomputer(country=None, **fields):
    n = next(_seq)
    defaults = {"slug": f"system-{n}", "name": f"System {n}", "status": "operational"}
    return Supercomputer.objects.create(country=country or make_country(), **{**defaults, **fields})


def make_budget(factory, amount=Decimal("42"), qualifier=Qualifier.EXACT, **fields):
    return Budget.objects.create(
        factory=factory, amount_eur_million=amount, qualifier=qualifier, **fields
    )


def make_programme(**fields):
    n = next(_seq)
    defaults = {
        "slug": f"programme-{n}",
        "name": f"Programme {n}",
        "level": Programme.Level.EU,
        "purpose": "Infrastructure",
    }
    return Programme.objects.create(**{**defaults, **fields})


def make_stated_total(amount=Decimal("1500"), qualifier=Qualifier.EXACT, programmes=(), **fields):
    n = next(_seq)
    defaults = {"slug": f"total-{n}", "label": f"Total {n}", "kind": StatedTotal.Kind.INVESTMENT}
    total = StatedTotal.objects.create(
        amount_eur_million=amount, qualifier=qualifier, **{**defaults, **fields}
    )
    total.programmes.add(*programmes)
    return total


def make_citation(
    subject, field_name="name", source=None, quote="hosted in Exampleville", **fields
):
    return Citation.objects.create(
        subject=subject,
        field_name=field_name,
        source=source or make_source(),
        quote=quote,
        stated_value=fields.pop("stated_value", "Exampleville"),
        **fields,
    )
