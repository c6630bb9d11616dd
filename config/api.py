"""The REST API v1: one explicit register line per endpoint, the schema, its docs, the export."""

from django.urls import path
from drf_spectacular.views import SpectacularAPIView
from rest_framework.routers import DefaultRouter

from consortia.api import CountryViewSet, MembershipViewSet, OrganisationViewSet
from factories.api import FactoryViewSet, SiteViewSet, SupercomputerViewSet
from funding.api import BudgetViewSet, ProgrammeViewSet
from sources.api import CitationViewSet, SourceViewSet

from .docs import RedocView, SwaggerView, redoc_bundle
from .export import RegistryExportView

app_name = "api"

router = DefaultRouter()
router.register("factories", FactoryViewSet, basename="factory")
router.register("sites", SiteViewSet, basename="site")
router.register("supercomputers", SupercomputerViewSet, basename="supercomputer")
router.register("countries", CountryViewSet, basename="country")
router.register("organisations", OrganisationViewSet, basename="organisation")
router.register("memberships", MembershipViewSet, basename="membership")
router.register("programmes", ProgrammeViewSet, basename="programme")
router.register("budgets", BudgetViewSet, basename="budget")
router.register("sources", SourceViewSet, basename="source")
router.register("citations", CitationViewSet, basename="citation")

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SwaggerView.as_view(url_name="api:schema"), name="docs"),
    path("redoc/", RedocView.as_view(url_name="api:schema"), name="redoc"),
    path("redoc/redoc.standalone.js", redoc_bundle, name="redoc-bundle"),
    path("export/", RegistryExportView.as_view(), name="export"),
    *router.urls,
]
