"""Every address the benchmark measures, found in the URLconf and the API router.

Run inside the server's own settings (`manage.py shell -c "from bench.pages import discover;
discover()"`), it prints JSON: each page, each API list and detail (with a real object of the
registry as the example), each download format a list offers, and the routes it could not fill
in, so that a page added later is measured without editing the benchmark.
"""

import json

from django.urls import URLPattern, URLResolver, get_resolver, reverse

# Not pages of the registry: the editors' admin, the load balancer's probe, the catch-all 404.
SKIPPED_NAMESPACES = {"admin"}
SKIPPED_NAMES = {"healthz"}
# The factory whose page and API detail are measured (the targets name them).
FACTORY = "lumi-ai-factory"
# Addresses that need a query to be meaningful, measured besides every route.
WITH_QUERIES = {
    "factories:search": ["/search/?q=an"],
    "api:factory-list": ["/api/v1/factories/?search=an"],
}


def _examples():
    """An example object for each HTML route with an argument: a real (not generated) one."""
    from consortia.models import Organisation
    from factories.models import AIFactory, Supercomputer
    from sources.models import Source

    def first(model, **filters):
        return model.objects.filter(**filters).exclude(slug__startswith="generated-").first()

    factory = first(AIFactory, slug=FACTORY) or first(AIFactory)
    return {
        "factories:factory-detail": {"slug": factory.slug},
        "factories:organisation-detail": {"slug": first(Organisation).slug},
        "factories:supercomputer-detail": {"slug": first(Supercomputer).slug},
        "consortia:country-detail": {"code": "fi"},
        "sources:source-detail": {"slug": first(Source).slug},
    }


def _routes(patterns, namespace=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from _routes(pattern.url_patterns, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield f"{namespace}{pattern.name}", pattern


def _model_of(viewset):
    """The model an endpoint's detail reads, from its queryset as an anonymous reader's GET sees it."""
    # Imported here: bench/run.py imports this module outside Django for FACTORY.
    from django.test import RequestFactory
    from rest_framework.request import Request

    view = viewset(action="retrieve", kwargs={}, format_kwarg=None)
    view.request = Request(RequestFactory().get("/"))
    return view.get_queryset().model


def _api_routes():
    """Each endpoint of the router: its list, a detail of its first object, its file formats."""
    from config.api import router

    for prefix, viewset, basename in router.registry:
        list_path = reverse(f"api:{basename}-list")
        yield {"kind": "API list", "name": prefix, "path": list_path}
        for renderer in viewset.renderer_classes:
            if renderer.format not in ("json", "api"):
                yield {
                    "kind": "API download",
                    "name": f"{prefix} {renderer.format}",
                    "path": f"{list_path}?format={renderer.format}",
                }
        lookup = viewset.lookup_field
        objects = _model_of(viewset)._default_manager.order_by("pk")
        # The factory page's own factory, so the HTML and the JSON of one factory compare.
        obj = objects.filter(slug=FACTORY).first() if basename == "factory" else None
        obj = obj or objects.first()
        if obj is not None:
            value = str(getattr(obj, lookup)).lower() if lookup == "code" else getattr(obj, lookup)
            kwarg = viewset.lookup_url_kwarg or lookup
            yield {
                "kind": "API detail",
                "name": f"{prefix} detail",
                "path": reverse(f"api:{basename}-detail", kwargs={kwarg: value}),
            }
        for path in WITH_QUERIES.get(f"api:{basename}-list", []):
            yield {"kind": "API list", "name": f"{prefix} ?{path.split('?')[1]}", "path": path}


def addresses():
    """[{kind, name, path}] for every measured address, and the route names left out."""
    from config.api import router

    examples = _examples()
    found, left_out = [], []
    router_names = set()
    for _, _, basename in router.registry:
        router_names |= {f"api:{basename}-list", f"api:{basename}-detail"}
    for name, pattern in _routes(get_resolver().url_patterns):
        namespace = name.split(":")[0] if ":" in name else ""
        if namespace in SKIPPED_NAMESPACES or name in SKIPPED_NAMES or name in router_names:
            continue
        arguments = pattern.pattern.converters
        if "format" in arguments:
            continue  # the router's format-suffix variant of an address measured as it is
        if arguments and name not in examples:
            left_out.append(name)
            continue
        path = reverse(name, kwargs=examples.get(name))
        kind = "API" if name.startswith("api:") else "page"
        if path.startswith("/data/") and path != "/data/":
            kind = "download"
        found.append({"kind": kind, "name": name, "path": path})
        for extra in WITH_QUERIES.get(name, []):
            found.append({"kind": kind, "name": f"{name} ?{extra.split('?')[1]}", "path": extra})
    found += _api_routes()
    unique = list({item["path"]: item for item in found}.values())
    return unique, sorted(set(left_out))


def discover():
    found, left_out = addresses()
    print(json.dumps({"addresses": found, "left_out": left_out}))
