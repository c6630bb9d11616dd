"""API viewsets for funding programmes and budget lines."""

from drf_spectacular.utils import OpenApiExample, extend_schema, extend_schema_view

from sources.viewsets import RegistryViewSet

from . import selectors
from .filters import BudgetFilterSet, StatedTotalFilterSet
from .serializers import BudgetSerializer, ProgrammeSerializer, StatedTotalWriteSerializer


@extend_schema_view(
    list=extend_schema(summary="List funding programmes"),
    retrieve=extend_schema(summary="One funding programme"),
)
class ProgrammeViewSet(RegistryViewSet):
    """EU and national programmes that pay for the AI Factories."""

    read_model = True

    lookup_field = "slug"
    lookup_value_regex = r"[-a-zA-Z0-9_]+"
    queryset = selectors.programme_list()
    serializer_class = ProgrammeSerializer
    search_fields = ["name", "purpose"]
    ordering_fields = ["name", "level"]


@extend_schema_view(
    list=extend_schema(
        summary="List budget lines",
        description="One row per budget line of an AI Factory. An unknown amount has "
        "`qualifier` `unknown` and `amount_eur_million` null, never 0.",
        examples=[
            OpenApiExample(
                "A budget stated as a minimum",
                response_only=True,
                value={
                    "id": 3,
                    "url": "http://127.0.0.1:8000/api/v1/budgets/3/",
                    "factory": "lumi-ai-factory",
                    "factory_name": "LUMI AI Factory",
                    "label": "Total budget",
                    "amount_eur_million": 556.0,
                    "qualifier": "at_least",
                    "display": "at least €556 million",
                },
            ),
            OpenApiExample(
                "An unknown budget",
                response_only=True,
                value={
                    "id": 5,
                    "url": "http://127.0.0.1:8000/api/v1/budgets/5/",
                    "factory": "mimer",
                    "factory_name": "MIMER",
                    "label": "Total budget",
                    "amount_eur_million": None,
                    "qualifier": "unknown",
                    "display": "unknown",
                },
            ),
        ],
    ),
    retrieve=extend_schema(summary="One budget line"),
)
class BudgetViewSet(RegistryViewSet):
    """Budget lines of the AI Factories, in EUR million, with how the source qualifies them."""

    read_model = True

    lookup_value_regex = r"[0-9]+"
    queryset = selectors.budget_list()
    serializer_class = BudgetSerializer
    filterset_class = BudgetFilterSet
    search_fields = ["label", "factory__name"]
    ordering_fields = ["amount_eur_million", "factory__name"]


@extend_schema_view(
    list=extend_schema(
        summary="List stated totals",
        description="The headline amounts the sources state for the initiative (the "
        "€1.5 billion investment, its EU share…), each with `part_of` the total it is a share "
        "of, the programmes that pay it, whether it is derived from a rule, and `citations`. "
        "Filter by `kind`, `qualifier`, `programme`, `part_of` and `is_derived`.",
    ),
    retrieve=extend_schema(
        summary="One stated total", description="A stated total, with its citations."
    ),
)
class StatedTotalViewSet(RegistryViewSet):
    """Headline amounts the sources state for the AI Factories initiative."""

    read_model = True

    lookup_field = "slug"
    lookup_value_regex = r"[-a-zA-Z0-9_]+"
    queryset = selectors.stated_total_list()
    serializer_class = StatedTotalWriteSerializer
    filterset_class = StatedTotalFilterSet
    search_fields = ["label", "derivation"]
    ordering_fields = ["amount_eur_million", "label"]
