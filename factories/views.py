"""HTML pages of the factories app: the overview, the factory list and page, and the search."""

from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from sources.selectors import Footnotes, evidence_by_field

from .filters import FactoryFilterSet
from .models import AIFactory
from .page_model import (
    factory_list_countries,
    factory_list_rows,
    factory_page,
    overview_page,
)
from .search import KINDS as SEARCH_KINDS
from .search import search as search_results
from .selectors import (
    factory_list_page,
    organisation_detail,
    organisation_hosted_sites,
    organisation_partnerships,
    organisation_summary,
    supercomputer_detail,
    supercomputer_factory_links,
    supercomputer_summary,
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
# Organisations and supercomputers on their lists, and the factories on one's page.
ENTITIES_PER_PAGE = 50


@require_safe
def home(request):
    # Built once per data version (factories/page_model.py).
    return render(request, "factories/home.html", {"page": overview_page(request)})


@require_safe
def factory_list_view(request):
    filterset = FactoryFilterSet(request.GET or None, queryset=factory_list_page())
    valid = filterset.is_valid() if filterset.is_bound else True
    # The page's query picks the rows' ids; each row is rendered once per data version
    # (factories/page_model.py). get_page() turns a nonsense page number into the nearest page.
    ids = (filterset.qs if valid else AIFactory.objects.none()).values_list("pk", flat=True)
    page = Paginator(ids, FACTORIES_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "factories/factory_list.html",
        {
            "filterset": filterset,
            "valid": valid,
            "page": page,
            "rows": factory_list_rows(request, list(page)),
            "filtered": any(
                request.GET.get(name) for name in filterset.filters if name != "ordering"
            ),
            "country_options": factory_list_countries(request),
            "infrastructure_options": AIFactory.Infrastructure.choices,
            "ordering_options": ORDERING_CHOICES,
            "current": request.GET,
        },
        status=200 if valid else 400,
    )


@require_safe
def factory_detail_view(request, slug):
    # Built once per data version (factories/page_model.py); a 404 for an unknown slug.
    return render(request, "factories/factory_detail.html", {"page": factory_page(request, slug)})


@require_safe
def organisation_list_view(request):
    # Each organisation names its first few factories: one may host thousands.
    page = Paginator(organisation_summary().order_by("name"), ENTITIES_PER_PAGE)
    page = page.get_page(request.GET.get("page"))
    return render(
        request, "factories/organisation_list.html", {"page": page, "organisations": list(page)}
    )


@require_safe
def organisation_detail_view(request, slug):
    """An organisation's facts and the factories it hosts or takes part in, a page at a time.

    Served by the factories app: the page joins organisations to factories, and consortia sits
    below factories in the import layers.
    """
    organisation = get_object_or_404(organisation_detail(), slug=slug)
    sites = Paginator(organisation_hosted_sites(organisation), ENTITIES_PER_PAGE)
    sites = sites.get_page(request.GET.get("page"))
    # The first partnerships only; the API's partnerships filtered by organisation has them all.
    partnerships = list(organisation_partnerships(organisation)[:ENTITIES_PER_PAGE])
    for obj in [organisation, *sites, *partnerships]:
        obj.evidence = evidence_by_field(obj)
    return render(
        request,
        "factories/organisation_detail.html",
        {
            "organisation": organisation,
            "sites": sites,
            "partnerships": partnerships,
            "units": list(organisation.units.all()),
            "footnotes": Footnotes(),
        },
    )


@require_safe
def supercomputer_list_view(request):
    page = Paginator(supercomputer_summary().order_by("name"), ENTITIES_PER_PAGE)
    page = page.get_page(request.GET.get("page"))
    return render(
        request, "factories/supercomputer_list.html", {"page": page, "supercomputers": list(page)}
    )


@require_safe
def supercomputer_detail_view(request, slug):
    supercomputer = get_object_or_404(supercomputer_detail(), slug=slug)
    links = Paginator(supercomputer_factory_links(supercomputer), ENTITIES_PER_PAGE)
    links = links.get_page(request.GET.get("page"))
    for obj in [supercomputer, *links]:
        obj.evidence = evidence_by_field(obj)
    return render(
        request,
        "factories/supercomputer_detail.html",
        {"supercomputer": supercomputer, "links": links, "footnotes": Footnotes()},
    )


@require_safe
def search(request):
    query = request.GET.get("q", "").strip()[:100]
    kind = request.GET.get("kind") or None
    if kind is not None and kind not in SEARCH_KINDS:
        # A link of our own never sends another kind: say which there are, as the page's status.
        return render(
            request,
            "factories/search.html",
            {"query": query, "kinds": SEARCH_KINDS, "bad_kind": kind},
            status=400,
        )
    found = search_results(query, kind=kind, page=request.GET.get("page"))
    return render(
        request,
        "factories/search.html",
        {
            "query": query,
            "kind": kind,
            "found": found,
            "total": sum(each.count for each in found),
        },
    )
