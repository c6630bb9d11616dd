"""Every endpoint runs the same fixed number of SQL queries on the registry's 7 factories and
on 500 generated ones: nothing is fetched per row."""

from decimal import Decimal

import pytest
from django.contrib.contenttypes.models import ContentType
from rest_framework.test import APIClient

from consortia.models import Country, Membership, Organisation, Partnership
from factories.models import AIFactory, FactoryName, FactorySystem, HostSite, Supercomputer
from funding.models import Budget, Programme, Qualifier, StatedTotal
from sources.models import Citation
from tests.builders import make_country, make_organisation, make_round, make_source

# Queries per request, the read model empty (as inside a test's transaction, where it is never
# used; tests/api/test_read_model.py counts the warm reads). A list: COUNT, the page's ids, then
# the rows of those ids with one query per prefetched relation. CSV and GeoJSON are the whole
# list, so no COUNT. A factory's detail: the row with its site, round and organisation joined,
# then memberships, partnerships, budgets, systems and other names, the citations of each of
# those, of the supercomputers, the site and the factory itself.
EXPECTED = {
    "factories": 7,  # COUNT, ids, rows, memberships, budgets, systems, other names
    "factory": 14,
    # A whole download is served from its file once built (config/downloads.py): no query.
    "factories-csv": 0,
    "factories-filtered": 8,  # + the host-country filter's lookup of the country
    "sites": 3,
    "sites-geojson": 0,
    "site": 1,
    "supercomputers": 4,  # COUNT, ids, rows, factory links
    "supercomputer": 2,
    "countries": 3,  # COUNT, rows, memberships (consortia's endpoints keep DRF's own list)
    "country": 2,
    "organisations": 2,
    "organisation": 1,
    "memberships": 2,
    "membership": 1,
    "programmes": 3,
    "budgets": 3,
    "budget": 1,
    "sources": 3,
    "source": 1,
    "citations": 3,
    "citation": 1,
    # The endpoints of the other facts: COUNT, ids, rows, citations (and a round's prefetches).
    "selection-rounds": 6,  # COUNT, ids, rows, interested states, factories, citations
    "other-names": 4,
    "factory-systems": 4,
    "partnerships": 3,
    "stated-totals": 5,  # COUNT, ids, rows with part_of joined, programmes, citations
    # Streamed list by list: the factories in detail from values() rows, each other list, the
    # disagreements with one query per kind of fact, and the data version's history aggregates.
    "export": 53,
}


def urls():
    # A factory with partners, so that every prefetch of the detail has rows to fetch.
    factory = AIFactory.objects.filter(partnerships__isnull=False).order_by("pk").first()
    return {
        "factories": "/api/v1/factories/",
        "factory": f"/api/v1/factories/{factory.slug}/",
        "factories-csv": "/api/v1/factories/?format=csv",
        "factories-filtered": "/api/v1/factories/?host_country=fi&ordering=-budget",
        "sites": "/api/v1/sites/",
        "sites-geojson": "/api/v1/sites/?format=geojson",
        "site": f"/api/v1/sites/{HostSite.objects.first().pk}/",
        "supercomputers": "/api/v1/supercomputers/",
        "supercomputer": f"/api/v1/supercomputers/{Supercomputer.objects.first().slug}/",
        "countries": "/api/v1/countries/",
        "country": "/api/v1/countries/fi/",
        "organisations": "/api/v1/organisations/",
        "organisation": f"/api/v1/organisations/{Organisation.objects.first().slug}/",
        "memberships": "/api/v1/memberships/",
        "membership": f"/api/v1/memberships/{Membership.objects.first().pk}/",
        "programmes": "/api/v1/programmes/",
        "budgets": "/api/v1/budgets/",
        "budget": f"/api/v1/budgets/{Budget.objects.first().pk}/",
        "sources": "/api/v1/sources/",
        "source": f"/api/v1/sources/{Citation.objects.first().source.slug}/",
        "citations": "/api/v1/citations/",
        "citation": f"/api/v1/citations/{Citation.objects.first().pk}/",
        "selection-rounds": "/api/v1/selection-rounds/",
        "other-names": "/api/v1/other-names/",
        "factory-systems": "/api/v1/factory-systems/",
        "partnerships": "/api/v1/partnerships/",
        "stated-totals": "/api/v1/stated-totals/",
        "export": "/api/v1/export/",
    }


def generate_factories(n):
    """n factories with every relation the API shows, each fact cited, in bulk."""
    hosts = [make_country(code) for code in ("FI", "SE", "DK", "NO", "EE")]
    selection_round = make_round()
    source = make_source()
    organisations = [make_organisation(country=c) for c in hosts]
    organisations[1].parent = organisations[0]
    organisations[1].save()
    programme = Programme.objects.create(
        slug="digital-europe", name="Digital Europe", level="eu", purpose="x"
    )
    total = StatedTotal.objects.create(
        slug="total", label="Total", kind="investment", amount_eur_million=1
    )
    total.programmes.add(programme)
    selection_round.interested_countries.add(hosts[0])
    systems = Supercomputer.objects.bulk_create(
        Supercomputer(
            slug=f"system-{i}", name=f"System {i}", country=hosts[i % 5], status="planned"
        )
        for i in range(n)
    )
    factories = AIFactory.objects.bulk_create(
        AIFactory(
            slug=f"factory-{i:03}",
            name=f"Factory {i:03}",
            selection_round=selection_round,
            summary="Generated.",
            infrastructure="new_system",
        )
        for i in range(n)
    )
    facts = []
    for i, factory in enumerate(factories):
        host, member = hosts[i % 5], hosts[(i + 1) % 5]
        facts += [
            HostSite(
                factory=factory,
                city=f"City {i}",
                country=host,
                organisation=organisations[i % 5],
                latitude=Decimal("60.1"),
                longitude=Decimal("24.9"),
            ),
            Membership(factory=factory, country=host, role="host"),
            Membership(factory=factory, country=member, role="member"),
            Partnership(factory=factory, organisation=organisations[(i + 2) % 5], role="partner"),
            Budget(
                factory=factory,
                amount_eur_million=None if i % 7 == 0 else Decimal(i),
                qualifier=Qualifier.UNKNOWN if i % 7 == 0 else Qualifier.EXACT,
            ),
            FactoryName(factory=factory, name=f"F{i}", kind="short_form"),
            FactorySystem(factory=factory, supercomputer=systems[i], relation="new_system"),
        ]
    for model in (HostSite, Membership, Partnership, Budget, FactoryName, FactorySystem):
        model.objects.bulk_create(fact for fact in facts if isinstance(fact, model))
    cited = [
        total,
        *factories,
        *systems,
        *Country.objects.all(),
        *Organisation.objects.all(),
        *HostSite.objects.all(),
        *Membership.objects.all(),
        *Partnership.objects.all(),
        *Budget.objects.all(),
        *FactoryName.objects.all(),
        *FactorySystem.objects.all(),
    ]
    Citation.objects.bulk_create(
        Citation(
            content_type=ContentType.objects.get_for_model(obj),
            object_id=obj.pk,
            field_name="name",
            source=source,
            quote="hosted in Exampleville",
            stated_value=value,
            is_accepted=accepted,
        )
        for obj in cited
        for value, accepted in (("Exampleville", True), ("Elsewhere", False))
    )


@pytest.fixture(params=["fixtures", "500 factories"])
def dataset(request, db):
    if request.param == "fixtures":
        request.getfixturevalue("registry")
    else:
        generate_factories(500)
    return request.param


def test_query_counts_are_fixed(dataset, django_assert_num_queries):
    client = APIClient()
    for name, url in urls().items():
        # Once to warm the per-process caches (content types), then counted.
        assert client.get(url).status_code == 200, url
        with django_assert_num_queries(EXPECTED[name]):
            response = client.get(url)
            # A streamed answer (the export) runs its queries while its body is read.
            if response.streaming:
                b"".join(response.streaming_content)
        assert response.status_code == 200, url
