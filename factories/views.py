"""HTML pages of the factories app: the overview, the factory list and page, and the search."""

from django.core.paginator import Paginator
from django.db.models import Q
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe
from django_countries import countries

from consortia.models import Country
from factories.charts import europe_map
from funding.models import StatedTotal
from sources.selectors import evidence_by_field

from .filters import FactoryFilterSet
from .models import AIFactory
from .selectors import (
    factory_detail,
    factory_list,
    organisation_with_factories,
    supercomputer_list,
)

ORDERING_CHOICES = [
    ("name", "Name, A to Z"),
    ("-name", "Name, Z to A"),
    ("country", "Host country, A to Z"),
    ("-country", "Host country, Z to A"),
    ("-budget", "Budget, largest first"),
    ("budget", "Budget, smallest first"),
]


# Long enough for today's seven; a registry of thousands still sends pages of a readable size.
FACTORIES_PER_PAGE = 50


def consortium_states(factories):
    """The distinct states of the factories' consortia, from prefetched memberships."""
    states = {}
    for factory in factories:
        for membership in factory.memberships.all():
            states[membership.country.pk] = membership.country
    return sorted(states.values(), key=lambda country: country.name)


@require_safe
def home(request):
    factories = list(factory_list())
    headline = (
        StatedTotal.objects.filter(kind=StatedTotal.Kind.INVESTMENT, part_of__isnull=True)
        .order_by("-amount_eur_million")
        .first()
    )
    states = consortium_states(factories)
    return render(
        request,
        "factories/home.html",
        {
            "factories": factories,
            "states": states,
            "hosts": [f.host_country for f in factories if f.host_country],
            "headline_total": headline,
            "map": europe_map(factories),
        },
    )


@require_safe
def factory_list_view(request):
    filterset = FactoryFilterSet(request.GET or None, queryset=factory_list())
    valid = filterset.is_valid() if filterset.is_bound else True
    # get_page() turns a missing or nonsense page number into the nearest real page.
    page = Paginator(filterset.qs if valid else AIFactory.objects.none(), FACTORIES_PER_PAGE)
    page = page.get_page(request.GET.get("page"))
    return render(
        request,
        "factories/factory_list.html",
        {
            "filterset": filterset,
            "valid": valid,
            "page": page,
            "factories": list(page),
            "filtered": any(
                request.GET.get(name) for name in filterset.filters if name != "ordering"
            ),
            "country_options": Country.objects.filter(memberships__isnull=False)
            .distinct()
            .order_by("code"),
            "infrastructure_options": AIFactory.Infrastructure.choices,
            "ordering_options": ORDERING_CHOICES,
            "current": request.GET,
        },
        status=200 if valid else 400,
    )


@require_safe
def factory_detail_view(request, slug):
    factory = get_object_or_404(factory_detail(), slug=slug)
    site = getattr(factory, "site", None)
    for obj in [
        factory,
        site,
        *factory.memberships.all(),
        *factory.partnerships.all(),
        *factory.budgets.all(),
        *factory.other_names.all(),
        *factory.systems.all(),
        *(system.supercomputer for system in factory.systems.all()),
    ]:
        if obj is not None:
            obj.evidence = evidence_by_field(obj)
    return render(
        request,
        "factories/factory_detail.html",
        {
            "factory": factory,
            "site": site,
            "host": factory.host_membership,
            "members": factory.member_memberships,
            "budgets": list(factory.budgets.all()),
        },
    )


def matching_country_codes(query):
    """ISO codes whose English name or code matches the query: country names are not in the database."""
    needle = query.casefold()
    return [
        code
        for code, name in countries
        if needle in str(name).casefold() or needle == code.casefold()
    ]


@require_safe
def search(request):
    query = request.GET.get("q", "").strip()[:100]
    results = {"factories": [], "countries": [], "organisations": [], "supercomputers": []}
    if query:
        codes = matching_country_codes(query)
        results["factories"] = list(
            factory_list().filter(
                pk__in=AIFactory.objects.filter(
                    Q(name__icontains=query)
                    | Q(slug__icontains=query)
                    | Q(summary__icontains=query)
                    | Q(other_names__name__icontains=query)
                    | Q(site__city__icontains=query)
                    | Q(site__place__icontains=query)
                    | Q(site__organisation__name__icontains=query)
                    | Q(site__organisation__short_name__icontains=query)
                    | Q(partnerships__organisation__name__icontains=query)
                    | Q(partnerships__organisation__short_name__icontains=query)
                    | Q(systems__supercomputer__name__icontains=query)
                    | Q(memberships__country__code__in=codes)
                ).values("pk")
            )
        )
        results["countries"] = list(Country.objects.filter(code__in=codes))
        results["organisations"] = list(
            organisation_with_factories().filter(
                Q(name__icontains=query) | Q(short_name__icontains=query)
            )
        )
        results["supercomputers"] = list(supercomputer_list().filter(name__icontains=query))
    return render(
        request,
        "factories/search.html",
        {
            "query": query,
            "results": results,
            "total": sum(len(found) for found in results.values()),
        },
    )
