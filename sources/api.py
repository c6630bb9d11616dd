"""API viewsets for sources and citations."""

from drf_spectacular.utils import OpenApiExample, extend_schema, extend_schema_view

from . import selectors, services
from .filters import CitationFilterSet, SourceFilterSet
from .models import Citation
from .serializers import CitationSerializer, SourceDetailSerializer, SourceSerializer
from .viewsets import RegistryViewSet


@extend_schema_view(
    list=extend_schema(summary="List sources"),
    retrieve=extend_schema(
        summary="One source, with its archived text",
        description="The detail adds the document's text exactly as archived.",
    ),
)
class SourceViewSet(RegistryViewSet):
    """The documents the registry's facts come from."""

    read_model = True

    def perform_create(self, serializer):
        self.created = services.source_create(user=self.request.user, **serializer.validated_data)
        serializer.instance = self.as_read(self.created)

    def perform_update(self, serializer):
        source = services.source_update(
            serializer.instance, user=self.request.user, **serializer.validated_data
        )
        serializer.instance = self.as_read(source)

    def perform_destroy(self, instance):
        services.source_delete(instance, user=self.request.user)

    lookup_field = "slug"
    lookup_value_regex = r"[-a-zA-Z0-9_]+"
    queryset = selectors.source_list()
    filterset_class = SourceFilterSet
    search_fields = ["title", "publisher"]
    ordering_fields = ["slug", "title", "published_on"]

    def get_serializer_class(self):
        return SourceSerializer if self.action == "list" else SourceDetailSerializer


@extend_schema_view(
    list=extend_schema(
        summary="List citations",
        description="Every quote behind a fact: `subject_type` and `object_id` name the cited "
        "object, `field_name` its field. Filter by `source` (slug), `model`, `field_name` and "
        "`is_accepted` (false: the versions the registry does not accept).",
    ),
    retrieve=extend_schema(summary="One citation"),
    create=extend_schema(
        summary="Add a citation (editors only)",
        description="The quote must occur in the source's archived text, the object must "
        "exist and have the field.",
        examples=[
            OpenApiExample(
                "A quote for a factory's name",
                request_only=True,
                value={
                    "subject_type": "aifactory",
                    "object_id": 1,
                    "field_name": "name",
                    "source": "eurohpc-selects-first-seven-ai-factories",
                    "quote": "Barcelona, Spain: “BSC AIF” at the Barcelona Supercomputing Centre",
                    "stated_value": "BSC AIF",
                    "is_accepted": True,
                    "note": "",
                },
            )
        ],
    ),
)
class CitationViewSet(RegistryViewSet):
    """Verbatim quotes from the sources, each tied to one field of one object."""

    read_model = True

    def perform_create(self, serializer):
        self.created = services.citation_create(user=self.request.user, **serializer.validated_data)
        serializer.instance = self.as_read(self.created)

    def perform_update(self, serializer):
        citation = services.citation_update(
            serializer.instance, user=self.request.user, **serializer.validated_data
        )
        serializer.instance = self.as_read(citation)

    def perform_destroy(self, instance):
        services.citation_delete(instance, user=self.request.user)

    lookup_value_regex = r"[0-9]+"
    queryset = Citation.objects.with_source()
    serializer_class = CitationSerializer
    filterset_class = CitationFilterSet
    search_fields = ["quote", "stated_value"]
    ordering_fields = ["id", "field_name"]
