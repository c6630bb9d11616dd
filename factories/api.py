"""API viewsets for AI Factories, host sites and supercomputers."""

from django.db.models import Count, OuterRef, Prefetch, Subquery
from django.db.models.functions import Coalesce
from drf_spectacular.utils import OpenApiExample, extend_schema, extend_schema_view
from rest_framework import filters
from rest_framework.settings import api_settings

from sources.renderers import GeoJSONRenderer
from sources.selectors import citations_prefetch
from sources.viewsets import QueryFilterBackend, RegistryViewSet

from . import selectors
from .api_rows import factory_rows
from .filters import (
    FactoryFilterSet,
    FactoryNameFilterSet,
    FactorySystemFilterSet,
    SelectionRoundFilterSet,
    SiteFilterSet,
    SupercomputerFilterSet,
)
from .models import AIFactory
from .serializers import (
    FactoryDetailSerializer,
    FactoryListSerializer,
    FactoryNameSerializer,
    FactorySystemSerializer,
    FactoryWriteSerializer,
    HostSiteSerializer,
    SelectionRoundWriteSerializer,
    SupercomputerSerializer,
)
from .serializers.facts import FACTORIES_NAMED_PER_ROUND

SLUG = r"[-a-zA-Z0-9_]+"


def selection_round_api_list(limit=FACTORIES_NAMED_PER_ROUND):
    """Selection rounds with the states that declared interest, their citations, how many
    factories each selected and the first `limit` of them by name (a sliced prefetch: one
    query for every round's first factories), so an answer stays small at any size."""
    first = AIFactory.objects.only("slug", "name", "selection_round").order_by("name")[:limit]
    # A correlated count, not a GROUP BY, which would drop the rounds' default ordering.
    counted = (
        AIFactory.objects.filter(selection_round=OuterRef("pk"))
        .order_by()
        .values("selection_round")
        .annotate(count=Count("pk"))
        .values("count")
    )
    return (
        selectors.selection_round_list()
        .annotate(factory_count=Coalesce(Subquery(counted), 0))
        .prefetch_related(
            "interested_countries",
            Prefetch("factories", queryset=first, to_attr="first_factories"),
            citations_prefetch(),
        )
    )


PK = r"[0-9]+"


@extend_schema_view(
    list=extend_schema(
        summary="List AI Factories",
        description="Compact rows, each with a `url` to the factory's detail. Filter by host "
        "or member country (ISO code, either case), infrastructure, experimental platform, "
        "selection round and budget; `ordering` is `name`, `country` or `budget` "
        "(prefix `-` to reverse; an unknown budget sorts last). The budget comes with how the "
        "sources state it (`budget_qualifier`, `budget_display`) and whether it rests only on "
        "low-reliability sources (`budget_low_reliability`).",
        examples=[
            OpenApiExample(
                "A factory row",
                response_only=True,
                value={
                    "slug": "lumi-ai-factory",
                    "url": "http://127.0.0.1:8000/api/v1/factories/lumi-ai-factory/",
                    "name": "LUMI AI Factory",
                    "selection_round": "first-selection-2024",
                    "infrastructure": "new_system",
                    "experimental_platform": True,
                    "host_country": "FI",
                    "host_country_name": "Finland",
                    "member_countries": ["CZ", "DK", "EE", "NO", "PL"],
                    "city": "Kajaani",
                    "host_organisation": "CSC – IT Center for Science",
                    "budget_total_eur_million": 556.0,
                    "budget_qualifier": "at_least",
                    "budget_display": "at least €556 million",
                    "budget_low_reliability": False,
                    "supercomputers": ["lumi", "lumi-ai"],
                    "other_names": [],
                },
            )
        ],
    ),
    retrieve=extend_schema(
        summary="One AI Factory with every fact and its sources",
        description="Nests the host site, the consortium, partners, supercomputers with their "
        "relation, the budget and other names; every object carries `citations`, per field, "
        "with the quote, the source and the value it states, and `disagreements` lists the "
        "fields where sources differ.",
    ),
    create=extend_schema(
        summary="Add an AI Factory (editors only)",
        description="The factory's own fields; its host site, consortium, budget and "
        "citations are added through their own endpoints.",
        examples=[
            OpenApiExample(
                "A new factory",
                request_only=True,
                value={
                    "slug": "example-ai-factory",
                    "name": "Example AI Factory",
                    "selection_round": "first-selection-2024",
                    "summary": "An AI Factory used to show the API.",
                    "infrastructure": "new_system",
                    "experimental_platform": False,
                    "deployment_start_year": 2025,
                    "deployment_end_year": 2026,
                },
            )
        ],
    ),
    update=extend_schema(summary="Replace an AI Factory's own fields (editors only)"),
    partial_update=extend_schema(summary="Change some of an AI Factory's fields (editors only)"),
    destroy=extend_schema(
        summary="Delete an AI Factory (editors only)",
        description="Refused with 409 while anything deleted with it is still cited.",
    ),
)
class FactoryViewSet(RegistryViewSet):
    """The AI Factories EuroHPC selected."""

    read_model = True

    lookup_field = "slug"
    lookup_value_regex = SLUG
    filter_backends = [QueryFilterBackend, filters.SearchFilter]
    filterset_class = FactoryFilterSet
    search_fields = ["name", "summary", "other_names__name", "site__city"]

    def get_queryset(self):
        if self.action == "retrieve":
            return selectors.factory_detail()
        # A list picks only the ids of its page's rows here (each row comes from
        # build_rows()); the budget total, which only its filters and order read, is added by
        # the FilterSet then.
        return AIFactory.objects.all()

    def build_rows(self, ids):
        # Plain rows in bulk, equal to FactoryListSerializer's (tests/api/test_api_rows.py).
        return factory_rows(ids, self.request)

    def get_serializer_class(self):
        if self.action == "list":
            return FactoryListSerializer
        if self.action == "retrieve":
            return FactoryDetailSerializer
        return FactoryWriteSerializer


@extend_schema_view(
    list=extend_schema(
        summary="List host sites",
        description="Where each AI Factory is hosted. `?format=geojson` gives a GeoJSON "
        "FeatureCollection of points ([longitude, latitude]) for a map; `?format=csv` a table.",
    ),
    retrieve=extend_schema(summary="One host site"),
)
class SiteViewSet(RegistryViewSet):
    """Host sites: city, country, hosting organisation and coordinates of each AI Factory."""

    read_model = True

    lookup_value_regex = PK
    queryset = selectors.site_list()
    serializer_class = HostSiteSerializer
    renderer_classes = [*api_settings.DEFAULT_RENDERER_CLASSES, GeoJSONRenderer]
    filterset_class = SiteFilterSet
    search_fields = ["city", "place", "factory__name", "organisation__name"]
    ordering_fields = ["city", "factory__name"]


@extend_schema_view(
    list=extend_schema(summary="List supercomputers"),
    retrieve=extend_schema(summary="One supercomputer"),
)
class SupercomputerViewSet(RegistryViewSet):
    """EuroHPC supercomputers the AI Factories build on, existing or new."""

    read_model = True

    lookup_field = "slug"
    lookup_value_regex = SLUG
    queryset = selectors.supercomputer_list()
    serializer_class = SupercomputerSerializer
    filterset_class = SupercomputerFilterSet
    search_fields = ["name", "lifecycle_note"]
    ordering_fields = ["name", "status"]


@extend_schema_view(
    list=extend_schema(
        summary="List selection rounds",
        description="Each call in which EuroHPC selected AI Factories: when it was announced, "
        "the next cut-off, the states that declared interest and the first "
        f"{FACTORIES_NAMED_PER_ROUND} factories selected, by name (`factories_count` says how "
        "many, `factories_url` lists them all), with `citations` per field. Filter by "
        "`interested_country` and announcement date.",
        examples=[
            OpenApiExample(
                "The first selection",
                response_only=True,
                value={
                    "slug": "first-selection-2024",
                    "url": "http://127.0.0.1:8000/api/v1/selection-rounds/first-selection-2024/",
                    "name": "First selection of AI Factories (December 2024)",
                    "announced_on": "2024-12-10",
                    "next_cutoff_on": "2025-02-01",
                    "interested_countries": ["AT", "BE"],
                    "factories": ["bsc-aif", "it4lia"],
                    "factories_count": 2,
                    "factories_url": "http://127.0.0.1:8000/api/v1/factories/"
                    "?selection_round=first-selection-2024",
                    "citations": {},
                },
            )
        ],
    ),
    retrieve=extend_schema(
        summary="One selection round",
        description=f"A selection round with its citations and its first "
        f"{FACTORIES_NAMED_PER_ROUND} factories by name; `factories_url` lists them all.",
    ),
)
class SelectionRoundViewSet(RegistryViewSet):
    """Calls in which EuroHPC selected AI Factories, and what they said about the next one."""

    read_model = True

    lookup_field = "slug"
    lookup_value_regex = SLUG
    queryset = selection_round_api_list()
    serializer_class = SelectionRoundWriteSerializer
    filterset_class = SelectionRoundFilterSet
    search_fields = ["name"]
    ordering_fields = ["announced_on", "name"]


@extend_schema_view(
    list=extend_schema(
        summary="List other names of the AI Factories",
        description="Every other name a source uses for a factory: a short or long form, a "
        "misspelling such as “ITA4LIA”, or the name of something else used for it, with "
        "`citations`. Filter by `factory` (slug) and `kind`.",
    ),
    retrieve=extend_schema(
        summary="One other name", description="Another name of a factory, with its citations."
    ),
)
class FactoryNameViewSet(RegistryViewSet):
    """Other names the sources use for the AI Factories."""

    read_model = True

    lookup_value_regex = PK
    queryset = selectors.factory_name_evidence_list()
    serializer_class = FactoryNameSerializer
    filterset_class = FactoryNameFilterSet
    search_fields = ["name", "note", "factory__name"]
    ordering_fields = ["name", "factory__name", "kind"]


@extend_schema_view(
    list=extend_schema(
        summary="List factory–supercomputer links",
        description="How each supercomputer relates to an AI Factory (its new system, "
        "upgraded, evolved from, placed next to…), with `citations`. Filter by `factory`, "
        "`supercomputer` (slugs) and `relation`.",
    ),
    retrieve=extend_schema(
        summary="One factory–supercomputer link",
        description="A link between a factory and a supercomputer, with its citations.",
    ),
)
class FactorySystemViewSet(RegistryViewSet):
    """Links between the AI Factories and the supercomputers they build on."""

    read_model = True

    lookup_value_regex = PK
    queryset = selectors.factory_system_evidence_list()
    serializer_class = FactorySystemSerializer
    filterset_class = FactorySystemFilterSet
    search_fields = ["factory__name", "supercomputer__name"]
    ordering_fields = ["factory__name", "supercomputer__name", "relation"]
