"""Every factory for the export as FactoryDetailSerializer shows it, built from values() rows:
the serializer costs about a millisecond per nested object (10,000 factories took over a minute);
this builds the same dictionaries, key for key and in the same order, in a few queries.
tests/factories/test_downloads_export.py checks the whole export against the serializers, so a
field added there and not here fails a test. The other long lists are in export_lists.py.
"""

from collections import defaultdict

from consortia.models import Country, Membership, Organisation, Partnership
from funding.models import Budget
from funding.money import format_eur

from .export_evidence import Evidence, number
from .models import AIFactory, FactoryName, FactorySystem, HostSite, SelectionRound, Supercomputer
from .selectors import budget_total


def _by_factory(queryset, *fields):
    grouped = defaultdict(list)
    for row in queryset.values("factory_id", *fields):
        grouped[row["factory_id"]].append(row)
    return grouped


class FactoryRows:
    """Each factory as FactoryDetailSerializer shows it."""

    SUBJECTS = {
        AIFactory: "AI Factory",
        HostSite: "Host site",
        Membership: "Consortium membership",
        Partnership: "Partnership",
        FactorySystem: "Supercomputer relation",
        Supercomputer: "Supercomputer",
        Budget: "Budget line",
        FactoryName: "Other name",
    }

    def __init__(self, urls):
        self.urls = urls
        self.evidence = Evidence(urls, list(self.SUBJECTS))
        self.countries = {c.pk: (c.code.code, c.name) for c in Country.objects.all()}
        self.organisations = {
            row["pk"]: {
                "slug": row["slug"],
                "name": row["name"],
                "short_name": row["short_name"],
                "url": urls("api:organisation-detail", row["slug"], "slug"),
            }
            for row in Organisation.objects.values("pk", "slug", "name", "short_name")
        }
        self.selection_rounds = {
            row["pk"]: {
                "slug": row["slug"],
                "name": row["name"],
                "announced_on": row["announced_on"].isoformat(),
            }
            for row in SelectionRound.objects.values("pk", "slug", "name", "announced_on")
        }
        self.relation_display = {
            value: str(label) for value, label in FactorySystem.Relation.choices
        }

    def __iter__(self):
        sites = {
            row["factory_id"]: row
            for row in HostSite.objects.values(
                "pk",
                "factory_id",
                "city",
                "place",
                "country_id",
                "organisation_id",
                "latitude",
                "longitude",
            )
        }
        memberships = _by_factory(Membership.objects, "pk", "country_id", "role")
        partnerships = _by_factory(Partnership.objects, "pk", "organisation_id", "role")
        systems = _by_factory(
            FactorySystem.objects,
            "pk",
            "relation",
            "supercomputer_id",
            "supercomputer__slug",
            "supercomputer__name",
            "supercomputer__status",
            "supercomputer__is_ai_optimised",
            "supercomputer__lifecycle_note",
        )
        budgets = _by_factory(Budget.objects, "pk", "label", "amount_eur_million", "qualifier")
        other_names = _by_factory(FactoryName.objects, "pk", "name", "kind", "note")
        factories = AIFactory.objects.annotate(total=budget_total()).values(
            "pk",
            "slug",
            "name",
            "summary",
            "selection_round_id",
            "infrastructure",
            "experimental_platform",
            "deployment_start_year",
            "deployment_end_year",
            "total",
        )
        for factory in factories.iterator(chunk_size=2000):
            pk = factory["pk"]
            yield self.factory(
                factory,
                sites.get(pk),
                memberships[pk],
                partnerships[pk],
                systems[pk],
                budgets[pk],
                other_names[pk],
            )

    def factory(self, row, site, memberships, partnerships, systems, budgets, other_names):
        urls, citations = self.urls, self.evidence.citations
        cited = [(AIFactory, row["pk"], row["name"])]
        host_site = None
        if site is not None:
            cited.append((HostSite, site["pk"], None))
            code, name = self.countries[site["country_id"]]
            host_site = {
                "url": urls("api:site-detail", site["pk"]),
                "city": site["city"],
                "place": site["place"],
                "country": {"code": code, "name": name},
                "organisation": self.organisations[site["organisation_id"]],
                "latitude": number(site["latitude"]),
                "longitude": number(site["longitude"]),
                "citations": citations(HostSite, site["pk"]),
            }
        cited += [(Membership, m["pk"], None) for m in memberships]
        cited += [(Partnership, p["pk"], None) for p in partnerships]
        for system in systems:
            cited += [(FactorySystem, system["pk"], None)]
            cited += [(Supercomputer, system["supercomputer_id"], system["supercomputer__name"])]
        cited += [(Budget, b["pk"], None) for b in budgets]
        cited += [(FactoryName, o["pk"], o["name"]) for o in other_names]
        members = [self.membership(m) for m in memberships]
        hosts = [m for m in members if m["role"] == Membership.Role.HOST]
        return {
            "slug": row["slug"],
            "url": urls("api:factory-detail", row["slug"], "slug"),
            "name": row["name"],
            "summary": row["summary"],
            "selection_round": self.selection_rounds.get(row["selection_round_id"]),
            "infrastructure": row["infrastructure"],
            "experimental_platform": row["experimental_platform"],
            "deployment_start_year": row["deployment_start_year"],
            "deployment_end_year": row["deployment_end_year"],
            "host_site": host_site,
            "consortium": {
                "host": hosts[0] if hosts else None,
                "members": [m for m in members if m["role"] == Membership.Role.MEMBER],
            },
            "partners": [
                {
                    "organisation": self.organisations[p["organisation_id"]],
                    "role": p["role"],
                    "citations": citations(Partnership, p["pk"]),
                }
                for p in partnerships
            ],
            "supercomputers": [self.system(s) for s in systems],
            "budget": {
                "total_eur_million": number(row["total"]),
                "lines": [self.budget_line(b) for b in budgets],
            },
            "other_names": [
                {
                    "name": o["name"],
                    "kind": o["kind"],
                    "note": o["note"],
                    "citations": citations(FactoryName, o["pk"]),
                }
                for o in other_names
            ],
            "citations": citations(AIFactory, row["pk"]),
            "disagreements": self.disagreements(cited),
        }

    def membership(self, row):
        code, name = self.countries[row["country_id"]]
        return {
            "code": code,
            "name": name,
            "role": row["role"],
            "citations": self.evidence.citations(Membership, row["pk"]),
        }

    def system(self, row):
        slug = row["supercomputer__slug"]
        return {
            "relation": row["relation"],
            "relation_display": self.relation_display.get(row["relation"], row["relation"]),
            "supercomputer": {
                "slug": slug,
                "url": self.urls("api:supercomputer-detail", slug, "slug"),
                "name": row["supercomputer__name"],
                "status": row["supercomputer__status"],
                "is_ai_optimised": row["supercomputer__is_ai_optimised"],
                "lifecycle_note": row["supercomputer__lifecycle_note"],
                "citations": self.evidence.citations(Supercomputer, row["supercomputer_id"]),
            },
            "citations": self.evidence.citations(FactorySystem, row["pk"]),
        }

    def budget_line(self, row):
        amount = row["amount_eur_million"]
        return {
            "url": self.urls("api:budget-detail", row["pk"]),
            "label": row["label"],
            "amount_eur_million": number(amount),
            "qualifier": row["qualifier"],
            "display": format_eur(amount, row["qualifier"]),
            "citations": self.evidence.citations(Budget, row["pk"]),
        }

    def disagreements(self, cited):
        rows = []
        for model, pk, name in cited:
            for field_name, accepted, differing in self.evidence.disagreements(model, pk):
                rows.append(
                    {
                        "subject": self.SUBJECTS[model],
                        "subject_name": name or self.evidence.name(model, pk),
                        "field": field_name,
                        "accepted": accepted,
                        "differing": differing,
                    }
                )
        return rows
