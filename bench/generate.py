"""Generated AI Factories for the benchmark: N more factories beside the seven real ones.

They are marked as generated in their names and never go near the registry's fixtures. Each one
costs a page what a real factory costs: its host site, host and member states and budget, and
for every fact an accepted citation quoting a generated source (one per factory, a document of
about 2 KB like the real ones), so the evidence invariant holds at any size. A twentieth of the
budgets have a second, differing version; a fifth of the sources are rated low.
Everything is bulk-created: 10,000 factories (about 180,000 citations) take a few seconds on
SQLite; the citations by one executemany, as bulk_create spends 20 s of Python on so many rows.
"""

import hashlib
from decimal import Decimal

from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction

from config.cache import bump_registry_version
from consortia.models import Country, Membership, Organisation
from factories.models import AIFactory, HostSite, SelectionRound
from funding.models import Budget, Qualifier
from sources.models import Citation, Source

# What the rest of a generated document says, so that it weighs what a real one does.
BACKGROUND = " ".join(
    [
        "The AI Factory will give start-ups, industry and researchers access to AI-optimised",
        "supercomputing, with training, support and data services around it.",
        "Its partners will run courses, help users port their models and share what they learn",
        "with the other AI Factories in the network.",
    ]
    * 8
)


def _reliability(n):
    return Source.Reliability.LOW if n % 5 == 0 else Source.Reliability.MEDIUM


def _document(factory, site, host, member, budget, round_name):
    """The generated source's sentences, one per fact, each quoted by that fact's citations."""
    sentences = {
        "factory": (
            f"{factory.name} was selected in the {round_name} and will deploy a new "
            f"AI-optimised supercomputer from {factory.deployment_start_year} to "
            f"{factory.deployment_end_year}."
        ),
        "summary": factory.summary,
        "platform": f"{factory.name} has no experimental platform.",
        "site": (
            f"It will be hosted in {site.city}, {host}, by {site.organisation.name}, "
            f"at latitude {site.latitude} and longitude {site.longitude}."
        ),
        "host": f"{host} hosts {factory.name}.",
        "member": f"{member} joins {factory.name} as a member." if member else "",
        "budget": (
            f"Its total budget is €{budget.amount_eur_million} million."
            if budget.amount_eur_million is not None
            else "The documents do not state its budget."
        ),
        "earlier": "An earlier report gave a budget of €1 million.",
    }
    title = f"{factory.name} announced"
    text = "\n\n".join([title, *(s for s in sentences.values() if s), BACKGROUND])
    return title, text, sentences


@transaction.atomic
def generate(count, start=0):
    """`count` generated factories numbered from `start`, so that sizes can be added in steps."""
    # Only states already in a consortium, so the sources' count of them still holds.
    countries = list(Country.objects.filter(memberships__isnull=False).distinct())
    # A country's name comes from django-countries on each call: once per state here.
    names = {country.pk: country.name for country in countries}
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
    memberships, sites, budgets, sources, documents = [], [], [], [], []
    for i, factory in enumerate(factories):
        n = start + i
        host = hosts[i % len(hosts)]
        member = countries[(i + 3) % len(countries)]
        member = None if member.pk == host.pk else member
        host_membership = Membership(factory=factory, country=host, role=Membership.Role.HOST)
        memberships.append(host_membership)
        member_membership = None
        if member:
            member_membership = Membership(
                factory=factory, country=member, role=Membership.Role.MEMBER
            )
            memberships.append(member_membership)
        site = HostSite(
            factory=factory,
            city=f"City {n}",
            country=host,
            organisation=organisation_by_country[host.pk],
            latitude=Decimal("50") + Decimal(i % 100) / 10,
            longitude=Decimal("10") + Decimal(i % 150) / 10,
        )
        sites.append(site)
        budget = (
            Budget(
                factory=factory, amount_eur_million=Decimal(50 + i % 500), qualifier=Qualifier.EXACT
            )
            if i % 10
            else Budget(factory=factory, amount_eur_million=None, qualifier=Qualifier.UNKNOWN)
        )
        budgets.append(budget)
        title, text, sentences = _document(
            factory,
            site,
            names[host.pk],
            member and names[member.pk],
            budget,
            selection_round.name,
        )
        sources.append(
            Source(
                slug=f"generated-source-{n}",
                title=title,
                kind=Source.Kind.PROJECT_PAGE,
                reliability=_reliability(n),
                reliability_note="A generated document for the benchmark.",
                text_format=Source.Format.PLAIN,
                archived_text=text,
                archive_sha256=hashlib.sha256(text.encode("utf-8")).hexdigest(),
            )
        )
        documents.append((factory, site, host_membership, member_membership, budget, sentences))
    Membership.objects.bulk_create(memberships)
    HostSite.objects.bulk_create(sites)
    Budget.objects.bulk_create(budgets)
    Source.objects.bulk_create(sources)
    _insert_citations(_citations(documents, sources, names))
    # bulk_create sends no signals: a new data version, so no cached page or read model is stale.
    bump_registry_version(AIFactory)
    return len(factories)


CITATION_COLUMNS = (
    "content_type",
    "object_id",
    "field_name",
    "source",
    "quote",
    "stated_value",
    "is_accepted",
    "note",
)


def _insert_citations(rows):
    """Citation rows (tuples in CITATION_COLUMNS' order) inserted in one executemany."""
    quote = connection.ops.quote_name
    columns = [Citation._meta.get_field(name).column for name in CITATION_COLUMNS]
    sql = (
        f"INSERT INTO {quote(Citation._meta.db_table)} ({', '.join(map(quote, columns))}) "
        f"VALUES ({', '.join(['%s'] * len(columns))})"
    )
    with connection.cursor() as cursor:
        cursor.executemany(sql, list(rows))


def _citations(documents, sources, names):
    """An accepted citation of every fact field that has a value, quoting its sentence."""
    for_factory, for_site, for_membership, for_budget = (
        ContentType.objects.get_for_model(model).pk
        for model in (AIFactory, HostSite, Membership, Budget)
    )
    for i, ((factory, site, host, member, budget, sentences), source) in enumerate(
        zip(documents, sources, strict=True)
    ):
        facts = [
            (for_factory, factory.pk, "name", "factory", factory.name),
            (for_factory, factory.pk, "selection_round", "factory", "selected"),
            (for_factory, factory.pk, "summary", "summary", "as summarised"),
            (for_factory, factory.pk, "infrastructure", "factory", "new system"),
            (for_factory, factory.pk, "experimental_platform", "platform", "no"),
            (for_factory, factory.pk, "deployment_start_year", "factory", "2025"),
            (for_factory, factory.pk, "deployment_end_year", "factory", "2026"),
            (for_site, site.pk, "city", "site", site.city),
            (for_site, site.pk, "country", "site", names[site.country_id]),
            (for_site, site.pk, "organisation", "site", site.organisation.name),
            (for_site, site.pk, "latitude", "site", str(site.latitude)),
            (for_site, site.pk, "longitude", "site", str(site.longitude)),
            (for_membership, host.pk, "country", "host", names[host.country_id]),
            (for_membership, host.pk, "role", "host", "host"),
            (for_budget, budget.pk, "qualifier", "budget", budget.qualifier),
        ]
        if member:
            facts += [
                (for_membership, member.pk, "country", "member", names[member.country_id]),
                (for_membership, member.pk, "role", "member", "member"),
            ]
        if budget.amount_eur_million is not None:
            amount = f"€{budget.amount_eur_million} million"
            facts.append((for_budget, budget.pk, "amount_eur_million", "budget", amount))
        for kind, object_id, field_name, sentence, stated in facts:
            yield (kind, object_id, field_name, source.pk, sentences[sentence], stated, True, "")
        if i % 20 == 1:
            yield (
                for_budget,
                budget.pk,
                "amount_eur_million",
                source.pk,
                sentences["earlier"],
                "€1 million",
                False,
                "An earlier figure; the later one is accepted.",
            )
