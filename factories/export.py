"""The whole registry in one JSON document, for archiving: streamed list by list, the large
lists from values() rows (export_rows.py), so that 10,000 factories take seconds, not minutes."""

import gc

from django.http import StreamingHttpResponse
from django.utils.http import http_date
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.views import APIView

from consortia import selectors as consortia_selectors
from consortia.serializers import CountrySerializer, MembershipSerializer, OrganisationSerializer
from factories import selectors as factories_selectors
from factories.datapackage import data_version, licence
from factories.export_evidence import Urls
from factories.export_lists import budget_rows, country_rows, membership_rows, site_rows
from factories.export_rows import FactoryRows
from factories.serializers import (
    FactoryDetailSerializer,
    HostSiteSerializer,
    SelectionRoundSerializer,
    SupercomputerSerializer,
)
from funding import selectors as funding_selectors
from funding.serializers import BudgetSerializer, ProgrammeSerializer, StatedTotalSerializer
from sources import selectors as sources_selectors
from sources.models import Citation
from sources.renderers import BrowsableAPIRenderer
from sources.serializers import CitationSerializer, SourceDetailSerializer


class LicenceSerializer(serializers.Serializer):
    name = serializers.CharField(help_text="SPDX identifier, e.g. CC-BY-4.0.")
    path = serializers.URLField(help_text="The licence's text.")
    title = serializers.CharField()


class RegistryExportSerializer(serializers.Serializer):
    api_version = serializers.CharField()
    data_version = serializers.CharField(
        help_text="How many changes the registry's history records; the data package's version."
    )
    modified = serializers.DateTimeField(
        allow_null=True, help_text="When the registry's data last changed."
    )
    licence = LicenceSerializer()
    selection_rounds = SelectionRoundSerializer(many=True)
    factories = FactoryDetailSerializer(many=True)
    sites = HostSiteSerializer(many=True)
    supercomputers = SupercomputerSerializer(many=True)
    countries = CountrySerializer(many=True)
    organisations = OrganisationSerializer(many=True)
    memberships = MembershipSerializer(many=True)
    programmes = ProgrammeSerializer(many=True)
    budgets = BudgetSerializer(many=True)
    stated_totals = StatedTotalSerializer(many=True)
    sources = SourceDetailSerializer(many=True)
    citations = CitationSerializer(many=True)


class RegistryExportView(APIView):
    """Every factory with its nested facts and evidence, and every list of the API in full,
    including each source's archived text: one file that archives the registry. JSON only:
    the registry as CSV tables is the data package, /data/ai-factories.zip."""

    renderer_classes = [JSONRenderer, BrowsableAPIRenderer]
    not_offered = "The registry as CSV tables is the data package: /data/ai-factories.zip."

    @extend_schema(
        summary="Download the whole registry",
        description="One JSON document with every endpoint's rows, unpaged, and each "
        "source's archived text. Factories appear as their detail, with citations. Like each "
        "list's unfiltered `?format=csv` and `?format=geojson`, it is written to a file once "
        "per data version and served from it: `ETag` names the data version and the size, "
        "`Last-Modified` is when the registry's data last changed, and `If-None-Match` or "
        "`If-Modified-Since` with them answers 304 while the data is unchanged.",
        responses=RegistryExportSerializer,
    )
    def get(self, request, format=None):
        if request.accepted_renderer.format == "json":
            return self.stream(request)
        # The browsable page shows the document built by the serializers, as before.
        serializer = RegistryExportSerializer(self.registry(), context={"request": request})
        response = Response(serializer.data)
        response["Content-Disposition"] = DISPOSITION
        return response

    @staticmethod
    def registry():
        version = data_version()
        return {
            "api_version": "v1",
            "data_version": version["version"],
            "modified": version["modified"],
            "licence": licence(),
            "selection_rounds": factories_selectors.selection_rounds_with_interest(),
            "factories": factories_selectors.factory_detail(),
            "sites": factories_selectors.site_list(),
            "supercomputers": factories_selectors.supercomputer_list(),
            "countries": consortia_selectors.country_list(),
            "organisations": consortia_selectors.organisation_list(),
            "memberships": consortia_selectors.membership_list(),
            "programmes": funding_selectors.programme_list(),
            "budgets": funding_selectors.budget_list(),
            "stated_totals": funding_selectors.stated_total_list(),
            "sources": sources_selectors.source_list(),
            "citations": Citation.objects.with_source(),
        }

    def stream(self, request):
        """The same document as the serializers make, written list by list as it is read."""
        registry = self.registry()
        modified = registry["modified"]
        response = StreamingHttpResponse(
            _without_cycle_collection(_document(registry, request)),
            content_type="application/json",
        )
        response["Content-Disposition"] = DISPOSITION
        if modified:
            response["Last-Modified"] = http_date(modified.timestamp())
        return response


DISPOSITION = 'inline; filename="ai-factories-registry.json"'
# The lists that grow with the number of factories come from values() rows.
LEAN = {
    "factories": lambda urls: FactoryRows(urls),
    "sites": site_rows,
    "countries": country_rows,
    "memberships": membership_rows,
    "budgets": budget_rows,
}
CHUNK = 500


def _without_cycle_collection(pieces):
    """`pieces`, with Python's cycle collector paused: the export makes millions of small
    dictionaries, none in a cycle (reference counting frees them), and the collector would
    otherwise walk the long-lived lookup tables hundreds of times, about a fifth of the CPU at
    10,000 factories."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield from pieces
    finally:
        if enabled:
            gc.enable()


def _document(registry, request):
    """The export as JSON, in pieces: each list's rows rendered CHUNK at a time by the API's
    own JSON renderer, so the bytes are those `Response(serializer.data)` gives."""
    render = JSONRenderer().render
    context = {"request": request}
    urls = Urls(request)
    fields = RegistryExportSerializer(context=context).fields
    separator = b"{"
    for name, field in fields.items():
        yield separator + render(name) + b":"
        separator = b","
        if name in LEAN:
            rows = LEAN[name](urls)
        elif isinstance(field, serializers.ListSerializer):
            rows = (field.child.to_representation(obj) for obj in registry[name])
        else:
            value = registry[name]
            # In a list, as the renderer writes None as nothing at all rather than null.
            yield render([None if value is None else field.to_representation(value)])[1:-1]
            continue
        yield b"["
        chunk, first = [], True
        for row in rows:
            chunk.append(row)
            if len(chunk) == CHUNK:
                yield (b"" if first else b",") + render(chunk)[1:-1]
                chunk, first = [], False
        if chunk:
            yield (b"" if first else b",") + render(chunk)[1:-1]
        yield b"]"
    yield b"}"
