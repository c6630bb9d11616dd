"""The API's schema and its documentation pages, Swagger UI and ReDoc, from
drf-spectacular-sidecar's files.

The schema describes the code, not the data: it is generated and rendered once per process
(SchemaView). Both pages load nothing from another host and run no inline script, under the
site's strict Content-Security-Policy; they allow inline styles, which their bundled UIs apply.
"""

from collections import OrderedDict
from functools import cache

from csp.constants import SELF
from csp.decorators import csp_update
from django.contrib.staticfiles import finders
from django.http import HttpResponse
from django.urls import get_script_prefix, reverse
from django.utils.decorators import method_decorator
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe
from drf_spectacular.utils import extend_schema
from drf_spectacular.views import (
    SpectacularAPIView,
    SpectacularRedocView,
    SpectacularSwaggerSplitView,
)

from sources.renderers import HTML_API_CSP

REDOC_BUNDLE = "drf_spectacular_sidecar/redoc/bundles/redoc.standalone.js"
# ReDoc's sidebar shows a logo it fetches from Redocly's CDN; an empty data: image fails to
# load instead, and ReDoc then leaves the logo out.
REDOC_REMOTE_LOGO = "https://cdn.redoc.ly/redoc/logo-mini.svg"


# The rendered schemas this process keeps, by what a rendering depends on; a handful in use
# (hosts are limited by ALLOWED_HOSTS), a bound against odd Accept headers.
SCHEMA_RENDERINGS_KEPT = 16
_schemas = OrderedDict()


class SchemaView(SpectacularAPIView):
    """The OpenAPI schema, YAML or JSON by content negotiation, generated and rendered once per
    process: generating it takes about half a second and depends on no data. Its `servers`
    name the host it is asked of (config.openapi), so a rendering is kept per scheme, host, script
    prefix, `?lang=` and negotiated media type. The ETag is ConditionalGetMiddleware's."""

    @extend_schema(exclude=True)  # the schema does not describe itself (as the parent's get)
    def get(self, request, *args, **kwargs):
        key = (
            request.scheme,
            request.get_host(),
            get_script_prefix(),
            request.GET.get("lang"),
            request.accepted_media_type,
        )
        if key not in _schemas:
            response = super().get(request, *args, **kwargs)
            response.accepted_renderer = request.accepted_renderer
            response.accepted_media_type = request.accepted_media_type
            response.renderer_context = self.get_renderer_context()
            response.render()
            _schemas[key] = (
                response.content,
                response["Content-Type"],
                response["Content-Disposition"],
            )
            while len(_schemas) > SCHEMA_RENDERINGS_KEPT:
                _schemas.popitem(last=False)
        content, content_type, disposition = _schemas[key]
        return HttpResponse(
            content, content_type=content_type, headers={"Content-Disposition": disposition}
        )


@method_decorator(csp_update(HTML_API_CSP), name="dispatch")
class SwaggerView(SpectacularSwaggerSplitView):
    """Swagger UI with its start-up script served as a file, so no inline script runs."""


# ReDoc builds its search index in a worker it starts from a blob: URL.
@method_decorator(csp_update({**HTML_API_CSP, "worker-src": [SELF, "blob:"]}), name="dispatch")
class RedocView(SpectacularRedocView):
    """ReDoc without the web fonts of drf-spectacular's page and without the remote logo."""

    template_name = "api/redoc.html"

    @extend_schema(exclude=True)  # a page about the API, not part of it (as the parent's get)
    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        # `redoc_standalone` is the script the page template loads: this site's copy of the
        # bundle, with its one remote URL made local (drf-spectacular's setting REDOC_DIST can
        # name a host or the sidecar's file, not a view).
        response.data["redoc_standalone"] = reverse("api:redoc-bundle")
        return response


@cache
def _local_redoc_bundle():
    with open(finders.find(REDOC_BUNDLE), encoding="utf-8") as bundle:
        return bundle.read().replace(REDOC_REMOTE_LOGO, "data:,")


@require_safe
@cache_control(public=True, max_age=86400)
def redoc_bundle(request):
    """The sidecar's ReDoc bundle with its one remote URL made local."""
    return HttpResponse(_local_redoc_bundle(), content_type="text/javascript; charset=utf-8")
