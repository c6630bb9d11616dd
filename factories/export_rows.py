"""The export's large lists built from values() rows: every factory in detail, every host site,
membership and budget line. The API's serializers cost about a millisecond per nested object
(10,000 factories took over a minute); these build the same dictionaries, key for key and in
the same order, in a few queries and plain Python. tests/factories/test_downloads_export.py
checks them against the serializers, so a field added there and not here fails a test.
"""

from collections import defaultdict

from django.contrib.contenttypes.models import ContentType
from django.urls import NoReverseMatch, reverse

from consortia.models import Country, Membership, Organisation, Partnership
from funding.models import Budget
from funding.money import format_eur
from sources.models import Citation, Source

from .models import AIFactory, FactoryName, FactorySystem, HostSite, SelectionRound, Supercomputer
from .selectors import budget_total

# Stands for a row's key in a reversed URL: matches the slug, id and state code patterns.
_KEYS = ("987654321", "zz")


class Urls:
    """Absolute API URLs by string formatting: one reverse() per kind, not one per row."""

    def __init__(self, request):
        self._parts = {}
        self.request = request

    def __call__(self, view_name, key, lookup="pk"):
        """The URL of the row whose `lookup` is `key`; of the list itself when `key` is None."""
        parts = self._parts.get(view_name)
        if parts is None:
            parts = self._parts[view_name] = self._split(view_name, lookup, key is not None)
        return f"{parts[0]}{'' if key is None else key}{parts[1]}"

    def _split(self, view_name, lookup, keyed):
        if not keyed:
            return self.request.build_absolute_uri(reverse(view_name)), ""
        for stand_in in _KEYS:
            try:
                path = reverse(view_name, kwargs={lookup: stand_in})
            except NoReverseMatch:
                continue
            return tuple(self.request.build_absolute_uri(path).rsplit(stand_in, 1))
        raise NoReverseMatch(view_name)


def _number(value):
    """A decimal as the API's JSON gives it: a number, rounded to the model field's places, as
    the database returns it already (DRF's quantize would change nothing and costs 30 µs)."""
    return None if value is None else float(value)


NO_CITATIONS = {}


class Evidence:
    """Every citation of the given models, grouped by the object and field it supports, in the
    order the API lists them: accepted, then differing, then superseded versions."""

    def __init__(self, urls, models):
        self.urls = urls
        content_types = ContentType.objects.get_for_models(*models)
        self.content_type = {model: ct.pk for model, ct in content_types.items()}
        sources = {
            row["pk"]: {
                "slug": row["slug"],
                "title": row["title"],
                "document_url": row["url"] or None,
                "url": urls("api:source-detail", row["slug"], "slug"),
            }
            for row in Source.objects.values("pk", "slug", "title", "url")
        }
        by_object = defaultdict(dict)
        rows = Citation.objects.filter(content_type__in=self.content_type.values()).values(
            "content_type_id",
            "object_id",
            "field_name",
            "quote",
            "stated_value",
            "is_accepted",
            "superseded_at",
            "note",
            "source_id",
        )
        for row in rows:
            fields = by_object[row["content_type_id"], row["object_id"]]
            groups = fields.setdefault(row["field_name"], ([], [], []))
            group = 0 if row["is_accepted"] else 2 if row["superseded_at"] is not None else 1
            groups[group].append(
                {
                    "quote": row["quote"],
                    "stated_value": row["stated_value"],
                    "is_accepted": row["is_accepted"],
                    "note": row["note"],
                    "source": sources[row["source_id"]],
                }
            )

        # Per object: its citations by field, and the fields where sources differ.
        self.by_object = {
            key: {name: sum(groups, []) for name, groups in fields.items()}
            for key, fields in by_object.items()
        }
        self.differing = {
            key: [
                (name, accepted, differing)
                for name, (accepted, differing, _) in fields.items()
                if differing
            ]
            for key, fields in by_object.items()
            if any(groups[1] for groups in fields.values())
        }

    def citations(self, model, pk):
        # Most generated facts have no citations: the same empty dictionary serves them all.
        return self.by_object.get((self.content_type[model], pk), NO_CITATIONS)

    def disagreements(self, model, pk):
        return self.differing.get((self.content_type[model], pk), ())


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
                "latitude": _number(site["latitude"]),
                "longitude": _number(site["longitude"]),
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
                "total_eur_million": _number(row["total"]),
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
            "amount_eur_million": _number(amount),
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
                        # Rare: the object's own name, loaded only where sources differ.
                        "subject_name": name or str(model.objects.get(pk=pk)),
                        "field": field_name,
                        "accepted": accepted,
                        "differing": differing,
                    }
                )
        return rows


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
            "latitude": _number(row["latitude"]),
            "longitude": _number(row["longitude"]),
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
            "amount_eur_million": _number(value),
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
