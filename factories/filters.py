"""FilterSets for AI Factories, sites and supercomputers, shared by the HTML pages and the API."""

import django_filters
from django.db.models import Case, F, Q, Value, When
from django_countries import countries

from consortia.filters import CountryCodeFilter
from consortia.models import Membership
from sources.filters import BooleanFilter

from .models import AIFactory, FactoryName, FactorySystem, HostSite, SelectionRound, Supercomputer
from .selectors import with_budget_total


def host_country_name():
    """The host country's English name as SQL, so lists sort by name rather than by ISO code."""
    return Case(
        *(When(site__country__code=code, then=Value(str(name))) for code, name in countries),
        default=Value(""),
    )


class FactoryOrderingFilter(django_filters.OrderingFilter):
    """Orders by name, host country name or budget; an unknown budget sorts last either way."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault(
            "fields",
            (("name", "name"), ("host_country_name", "country"), ("budget_total", "budget")),
        )
        kwargs.setdefault(
            "field_labels",
            {"name": "Name", "host_country_name": "Country", "budget_total": "Budget"},
        )
        super().__init__(*args, **kwargs)

    def filter(self, qs, value):
        if not value:
            return qs
        ordering = []
        for param in value:
            descending = param.startswith("-")
            field = self.param_map[param.lstrip("-")]
            if field == "host_country_name":
                qs = qs.annotate(host_country_name=host_country_name())
            if field == "budget_total":
                qs = with_budget_total(qs)
            expression = F(field)
            ordering.append(
                expression.desc(nulls_last=True) if descending else expression.asc(nulls_last=True)
            )
        return qs.order_by(*ordering, "name")


class FactoryFilterSet(django_filters.FilterSet):
    country = CountryCodeFilter(
        method="filter_country", label="Country (hosting or member), ISO code"
    )
    host_country = CountryCodeFilter(method="filter_host_country", label="Host country, ISO code")
    member_country = CountryCodeFilter(
        method="filter_member_country", label="Member country (not the host), ISO code"
    )
    infrastructure = django_filters.ChoiceFilter(choices=AIFactory.Infrastructure.choices)
    experimental_platform = BooleanFilter()
    selection_round = django_filters.ModelChoiceFilter(
        queryset=SelectionRound.objects.all(), to_field_name="slug", label="Selection round (slug)"
    )
    # The budget's filters and order read each factory's budget total, which the FilterSet
    # adds to the query only then (selectors.with_budget_total): the API picks its page's ids
    # without building that subquery for every other request.
    budget_min = django_filters.NumberFilter(
        field_name="budget_total",
        lookup_expr="gte",
        method="filter_budget_min",
        label="Budget at least (EUR million)",
    )
    budget_max = django_filters.NumberFilter(
        field_name="budget_total",
        lookup_expr="lte",
        method="filter_budget_max",
        label="Budget at most (EUR million)",
    )
    budget_unknown = BooleanFilter(method="filter_budget_unknown", label="Budget unknown")
    ordering = FactoryOrderingFilter()

    class Meta:
        model = AIFactory
        fields = ["infrastructure", "experimental_platform", "selection_round"]

    def filter_country(self, queryset, name, country):
        return queryset.filter(pk__in=Membership.objects.filter(country=country).values("factory"))

    def filter_host_country(self, queryset, name, country):
        return queryset.filter(
            pk__in=Membership.objects.hosts().filter(country=country).values("factory")
        )

    def filter_member_country(self, queryset, name, country):
        return queryset.filter(
            pk__in=Membership.objects.members().filter(country=country).values("factory")
        )

    def filter_budget_min(self, queryset, name, value):
        return with_budget_total(queryset).filter(budget_total__gte=value)

    def filter_budget_max(self, queryset, name, value):
        return with_budget_total(queryset).filter(budget_total__lte=value)

    def filter_budget_unknown(self, queryset, name, value):
        if value is None:
            return queryset
        unknown = Q(budget_total__isnull=True)
        return with_budget_total(queryset).filter(unknown if value else ~unknown)


class SiteFilterSet(django_filters.FilterSet):
    country = CountryCodeFilter()

    class Meta:
        model = HostSite
        fields = ["country"]


class SupercomputerFilterSet(django_filters.FilterSet):
    country = CountryCodeFilter()
    status = django_filters.ChoiceFilter(choices=Supercomputer.Status.choices)
    is_ai_optimised = BooleanFilter()

    class Meta:
        model = Supercomputer
        fields = ["country", "status", "is_ai_optimised"]


class SelectionRoundFilterSet(django_filters.FilterSet):
    interested_country = CountryCodeFilter(
        field_name="interested_countries", label="A state that declared interest, ISO code"
    )
    announced_after = django_filters.DateFilter(
        field_name="announced_on", lookup_expr="gte", label="Announced on or after (YYYY-MM-DD)"
    )
    announced_before = django_filters.DateFilter(
        field_name="announced_on", lookup_expr="lte", label="Announced on or before (YYYY-MM-DD)"
    )

    class Meta:
        model = SelectionRound
        fields = ["interested_country", "announced_after", "announced_before"]


class FactoryNameFilterSet(django_filters.FilterSet):
    factory = django_filters.CharFilter(field_name="factory__slug", label="Factory (slug)")
    kind = django_filters.ChoiceFilter(choices=FactoryName.Kind.choices)

    class Meta:
        model = FactoryName
        fields = ["factory", "kind"]


class FactorySystemFilterSet(django_filters.FilterSet):
    factory = django_filters.CharFilter(field_name="factory__slug", label="Factory (slug)")
    supercomputer = django_filters.CharFilter(
        field_name="supercomputer__slug", label="Supercomputer (slug)"
    )
    relation = django_filters.ChoiceFilter(choices=FactorySystem.Relation.choices)

    class Meta:
        model = FactorySystem
        fields = ["factory", "supercomputer", "relation"]
