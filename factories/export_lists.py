"""The export's lists of host sites, memberships, budget lines and states from values() rows,
as HostSiteSerializer, MembershipSerializer, BudgetSerializer and CountrySerializer show them
(checked against them by tests/factories/test_downloads_export.py)."""

from collections import defaultdict

from consortia.models import Country, Membership
from funding.models import Budget
from funding.money import format_eur

from .export_evidence import number
from .models import HostSite


def site_rows(urls):
    """Each host site as HostSiteSerializer shows it."""
    countries = {c.pk: (c.code.code, c.name) for c in Country.objects.all()}
    rows = HostSite.objects.values(
        "pk",
        "factory__slug",
        "factory__name",
        "city",
        "place",
        "country_id",
        "organisation__slug",
        "organisation__name",
        "latitude",
        "longitude",
    )
    for row in rows.iterator(chunk_size=2000):
        code, name = countries[row["country_id"]]
        yield {
            "id": row["pk"],
            "url": urls("api:site-detail", row["pk"]),
            "factory": row["factory__slug"],
            "factory_name": row["factory__name"],
            "factory_url": urls("api:factory-detail", row["factory__slug"], "slug"),
            "city": row["city"],
            "place": row["place"],
            "country": code,
            "country_name": name,
            "organisation": row["organisation__slug"],
            "organisation_name": row["organisation__name"],
            "latitude": number(row["latitude"]),
            "longitude": number(row["longitude"]),
        }


def membership_rows(urls):
    """Each membership as MembershipSerializer shows it."""
    countries = {c.pk: (c.code.code, c.name) for c in Country.objects.all()}
    rows = Membership.objects.values("pk", "factory__slug", "factory__name", "country_id", "role")
    for row in rows.iterator(chunk_size=2000):
        code, name = countries[row["country_id"]]
        yield {
            "id": row["pk"],
            "url": urls("api:membership-detail", row["pk"]),
            "factory": row["factory__slug"],
            "factory_name": row["factory__name"],
            "country": code,
            "country_name": name,
            "role": row["role"],
        }


def budget_rows(urls):
    """Each budget line as BudgetSerializer shows it."""
    rows = Budget.objects.values(
        "pk", "factory__slug", "factory__name", "label", "amount_eur_million", "qualifier"
    )
    for row in rows.iterator(chunk_size=2000):
        value = row["amount_eur_million"]
        yield {
            "id": row["pk"],
            "url": urls("api:budget-detail", row["pk"]),
            "factory": row["factory__slug"],
            "factory_name": row["factory__name"],
            "label": row["label"],
            "amount_eur_million": number(value),
            "qualifier": row["qualifier"],
            "display": format_eur(value, row["qualifier"]),
        }


def country_rows(urls):
    """Each state as CountrySerializer shows it in the export: every factory it hosts and
    joins, by name."""
    slugs = defaultdict(lambda: ([], []))
    for row in Membership.objects.order_by("factory__name").values(
        "country_id", "role", "factory__slug"
    ):
        hosts, members = slugs[row["country_id"]]
        if row["role"] == Membership.Role.HOST:
            hosts.append(row["factory__slug"])
        elif row["role"] == Membership.Role.MEMBER:
            members.append(row["factory__slug"])
    factory_list = urls("api:factory-list", None)
    for country in Country.objects.all():
        hosts, members = slugs[country.pk]
        yield {
            "code": country.code.code,
            "url": urls("api:country-detail", country.slug, "code"),
            "name": country.name,
            "standing": country.standing,
            "hosts": hosts,
            "hosts_count": len(hosts),
            "hosts_url": f"{factory_list}?host_country={country.slug}",
            "member_of": members,
            "member_of_count": len(members),
            "member_of_url": f"{factory_list}?member_country={country.slug}",
        }
