"""The REST API v1: one explicit register line per endpoint, the schema, its docs, the export."""

import contextlib

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponsePermanentRedirect, JsonResponse
from django.urls import path, re_path, resolve
from django.views.decorators.csrf import csrf_exempt
from rest_framework.exceptions import NotAcceptable
from rest_framework.negotiation import DefaultContentNegotiation
from rest_framework.routers import DefaultRouter

from consortia.api import (
    CountryViewSet,
    MembershipViewSet,
    OrganisationViewSet,
    PartnershipViewSet,
)
from factories.api import (
    FactoryNameViewSet,
    FactorySystemViewSet,
    FactoryViewSet,
    SelectionRoundViewSet,
    SiteViewSet,
    SupercomputerViewSet,
)
from factories.export import RegistryExportView
from funding.api import BudgetViewSet, ProgrammeViewSet, StatedTotalViewSet
from sources.api import CitationViewSet, SourceViewSet

from .cache import CACHE_ERRORS, registry_version
from .docs import RedocView, SchemaView, SwaggerView, redoc_bundle

app_name = "api"


class FormatNegotiation(DefaultContentNegotiation):
    """A `?format=` the endpoint does not offer is a 406 that lists the formats it does offer
    (DRF's own answer is a 404 "Not found.", as if the object were missing)."""

    def select_renderer(self, request, renderers, format_suffix=None):
        name = format_suffix or request.query_params.get(self.settings.URL_FORMAT_OVERRIDE)
        offered = [renderer.format for renderer in renderers]
        if name and name not in offered:
            hint = getattr(request.parser_context.get("view"), "not_offered", "")
            raise NotAcceptable(
                {
                    "detail": f"This endpoint does not offer the format “{name}”. {hint}".strip(),
                    "formats": offered,
                }
            )
        return super().select_renderer(request, renderers, format_suffix)


def data_version():
    """The registry's data version for the API's read model; None (build afresh) when the
    read model is off (no cache shared by every process: settings.READ_MODEL) or the shared
    cache that holds it cannot be reached."""
    if not settings.READ_MODEL:
        return None
    try:
        return registry_version()
    except CACHE_ERRORS:
        return None


class SharedStore:
    """The shared cache, for what is computed once per data version and used by every process
    (the quality page's report); a cache that cannot be reached keeps nothing and finds nothing,
    and the caller computes afresh."""

    timeout = 24 * 60 * 60  # each key carries its version: an old one is never read again

    def get(self, key):
        try:
            return cache.get(key)
        except CACHE_ERRORS:
            return None

    def set(self, key, value):
        with contextlib.suppress(CACHE_ERRORS):
            cache.set(key, value, timeout=self.timeout)


class RegistryRouter(DefaultRouter):
    """The root lists the export, the schema and its docs after the endpoints."""

    def get_api_root_view(self, api_urls=None):
        list_name = self.routes[0].name
        api_root_dict = {
            prefix: list_name.format(basename=basename) for prefix, _, basename in self.registry
        }
        api_root_dict.update(export="export", schema="schema", docs="docs", redoc="redoc")
        return self.APIRootView.as_view(api_root_dict=api_root_dict)

    def get_routes(self, viewset):
        """Every endpoint's views answer an unoffered format with a 406 (FormatNegotiation) and
        know the registry's data version, for the read model (sources.readmodel)."""
        wiring = {"content_negotiation_class": FormatNegotiation}
        if hasattr(viewset, "data_version"):
            wiring["data_version"] = data_version
        return [
            route._replace(initkwargs={**route.initkwargs, **wiring})
            if hasattr(route, "initkwargs")
            else route
            for route in super().get_routes(viewset)
        ]


router = RegistryRouter()
router.register("factories", FactoryViewSet, basename="factory")
router.register("selection-rounds", SelectionRoundViewSet, basename="selection-round")
router.register("other-names", FactoryNameViewSet, basename="other-name")
router.register("sites", SiteViewSet, basename="site")
router.register("supercomputers", SupercomputerViewSet, basename="supercomputer")
router.register("factory-systems", FactorySystemViewSet, basename="factory-system")
router.register("countries", CountryViewSet, basename="country")
router.register("organisations", OrganisationViewSet, basename="organisation")
router.register("memberships", MembershipViewSet, basename="membership")
router.register("partnerships", PartnershipViewSet, basename="partnership")
router.register("programmes", ProgrammeViewSet, basename="programme")
router.register("stated-totals", StatedTotalViewSet, basename="stated-total")
router.register("budgets", BudgetViewSet, basename="budget")
router.register("sources", SourceViewSet, basename="source")
router.register("citations", CitationViewSet, basename="citation")


@csrf_exempt
def not_found(request, rest):
    """Any other address under the API: a JSON 404, as the API's own 404s are, except that a
    read of an address missing only its final slash is sent on to it."""
    if (
        request.method in ("GET", "HEAD")
        and not request.path.endswith("/")
        and resolve(request.path_info + "/").func is not not_found
    ):
        query = request.META.get("QUERY_STRING", "")
        return HttpResponsePermanentRedirect(request.path + "/" + (f"?{query}" if query else ""))
    return JsonResponse({"detail": "Not found."}, status=404)


urlpatterns = [
    path("schema/", SchemaView.as_view(), name="schema"),
    path("docs/", SwaggerView.as_view(url_name="api:schema"), name="docs"),
    path("redoc/", RedocView.as_view(url_name="api:schema"), name="redoc"),
    path("redoc/redoc.standalone.js", redoc_bundle, name="redoc-bundle"),
    path(
        "export/",
        RegistryExportView.as_view(content_negotiation_class=FormatNegotiation),
        name="export",
    ),
    *router.urls,
    # Last: what no line above matches, such as an id that is not a number.
    re_path(r"^(?P<rest>[\s\S]*)$", not_found),
]
