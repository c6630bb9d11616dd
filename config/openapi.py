"""What the API's OpenAPI schema says beyond what drf-spectacular infers: the error answers
each operation gives, the real shape of CSV and GeoJSON answers, links from each POST to what
it created, which operations are public, and the server that answers (a postprocessing hook)."""

import re

_MESSAGE = {
    "type": "object",
    "properties": {"detail": {"type": "string"}},
    "required": ["detail"],
}
_FIELD_ERRORS = {
    "type": "object",
    "description": "Messages by field name (`non_field_errors` for the object as a whole), "
    "or `detail` for a request that could not be read. A nested list such as `evidence` has "
    "its messages per item: by position, each item's by field name.",
    "additionalProperties": {
        "oneOf": [
            {"type": "string"},
            {
                "type": "array",
                "items": {"oneOf": [{"type": "string"}, {"type": "object"}]},
            },
            {"type": "object"},
        ]
    },
    "example": {"deployment_end_year": ["Deployment cannot end before it starts."]},
}
_ERRORS = {
    "400": ("The request's values are invalid; nothing was changed.", "FieldErrors"),
    "401": ("No valid token was sent.", "Message"),
    "403": ("The token's user is not in the editors group.", "Message"),
    "404": ("No such object or page.", "Message"),
    "406": (
        "The endpoint does not offer the format asked for; `formats` lists those it offers.",
        "Message",
    ),
    "409": (
        "Other records or citations still refer to the object; nothing was deleted.",
        "Message",
    ),
    "412": (
        "The object has changed since the version in If-Match; nothing was written.",
        "Message",
    ),
    "428": ("No If-Match was sent: a change must state the version it is based on.", "Message"),
    "429": ("Too many requests from this anonymous address; see Retry-After.", "Message"),
}
_IF_MATCH = {
    "name": "If-Match",
    "in": "header",
    "required": True,
    "description": "The ETag of the object's detail (GET, JSON) this change is based on.",
    "schema": {"type": "string"},
}


_GEOJSON_FEATURE = {
    "type": "object",
    "description": "A GeoJSON Feature: a point at [longitude, latitude] and the object's fields.",
    "properties": {
        "type": {"type": "string", "enum": ["Feature"]},
        "id": {"type": "integer"},
        "geometry": {
            "type": "object",
            "properties": {
                "type": {"type": "string", "enum": ["Point"]},
                "coordinates": {
                    "type": "array",
                    "items": {"type": "number"},
                    "minItems": 2,
                    "maxItems": 2,
                },
            },
            "required": ["type", "coordinates"],
        },
        "properties": {"type": "object"},
    },
    "required": ["type", "geometry", "properties"],
}
_GEOJSON_COLLECTION = {
    "type": "object",
    "description": "A GeoJSON FeatureCollection of every object of the (filtered) list, unpaged.",
    "properties": {
        "type": {"type": "string", "enum": ["FeatureCollection"]},
        "features": {"type": "array", "items": {"$ref": "#/components/schemas/GeoJSONFeature"}},
    },
    "required": ["type", "features"],
}
_MEDIA_TYPES = {"json": "application/json", "csv": "text/csv", "geojson": "application/geo+json"}
_CSV = {
    "type": "string",
    "description": "UTF-8 CSV with a header row, one row per object (a list: every row, unpaged); "
    "nested values in dotted columns such as `host_site.city`.",
}


def _fix_formats(operation, has_lookup):
    """CSV and GeoJSON answers are not the JSON schema in another dress: say what they are."""
    for response in operation.get("responses", {}).values():
        content = response.get("content", {})
        if "text/csv" in content:
            content["text/csv"] = {"schema": _CSV}
        if "application/geo+json" in content:
            name = "GeoJSONFeature" if has_lookup else "GeoJSONFeatureCollection"
            content["application/geo+json"] = {"schema": {"$ref": f"#/components/schemas/{name}"}}


def document_error_responses(result, generator, request, public):
    """drf-spectacular hook: the error answers each operation can give, with their bodies, and
    the real shape of the CSV and GeoJSON answers; then what the schema says about itself."""
    components = result.setdefault("components", {}).setdefault("schemas", {})
    components["Message"] = _MESSAGE
    components["FieldErrors"] = _FIELD_ERRORS
    components["GeoJSONFeature"] = _GEOJSON_FEATURE
    components["GeoJSONFeatureCollection"] = _GEOJSON_COLLECTION
    for path, operations in result.get("paths", {}).items():
        has_lookup = "{" in path
        for method, operation in operations.items():
            _fix_formats(operation, has_lookup)
            formats = {
                media_type
                for response in operation["responses"].values()
                for media_type in response.get("content", {})
            } | {
                _MEDIA_TYPES[name]
                for parameter in operation.get("parameters", [])
                if parameter["in"] == "query" and parameter["name"] == "format"
                for name in parameter["schema"].get("enum", [])
            }
            # 400 also answers a request carrying a NUL character (config.middleware), 406 an
            # unknown `format`.
            codes = {"400", "404", "406", "429"}
            if method in ("post", "put", "patch", "delete"):
                codes |= {"401", "403"}
            if method in ("put", "patch", "delete"):
                codes |= {"412", "428"}
                operation.setdefault("parameters", []).append(_IF_MATCH)
            if method == "delete":
                codes.add("409")
            for code in sorted(codes):
                description, schema = _ERRORS[code]
                # An error comes in the format asked for: CSV as a one-row table, else JSON.
                body = {"schema": {"$ref": f"#/components/schemas/{schema}"}}
                operation["responses"].setdefault(
                    code,
                    {
                        "description": description,
                        "content": {
                            media_type: ({"schema": _CSV} if media_type == "text/csv" else body)
                            for media_type in sorted(formats | {"application/json"})
                        },
                    },
                )
    _link_created_objects(result["paths"])
    _document_access(result["paths"], generator)
    _no_defaults_in_partial_updates(result["paths"], components)
    _type_nullable_references(components)
    _drop_unused_components(result)
    _document_servers(result, request)
    return result


def _link_created_objects(paths):
    """OpenAPI links from each POST to the reads and writes of what it created, for clients
    and for schemathesis's stateful tests."""
    for path, operations in paths.items():
        created = operations.get("post", {}).get("responses", {}).get("201")
        if "{" in path or created is None:
            continue
        for detail_path, detail_operations in paths.items():
            match = re.fullmatch(re.escape(path) + r"\{(\w+)\}/", detail_path)
            if not match:
                continue
            name = match[1]
            created["links"] = {
                f"{method.capitalize()}Created": {
                    "operationId": operation["operationId"],
                    "parameters": {name: f"$response.body#/{name}"},
                }
                for method, operation in detail_operations.items()
            }


# --- What the schema says about itself ------------------------------------------------------

_WRITE_SUMMARIES = {
    "post": "Add {article} {name} (editors only)",
    "put": "Replace {article} {name}'s fields (editors only)",
    "patch": "Change some of {article} {name}'s fields (editors only)",
    "delete": "Delete {article} {name} (editors only)",
}
_WRITE_RULES = (
    "Editors only: send `Authorization: Token …` of a user in the editors group. Each fact "
    "field set or changed needs an accepted citation in `evidence`; a change or a delete sends "
    "the ETag of the object's detail in `If-Match`."
)


def _models_by_path(generator):
    """The model of each path's viewset, for the wording of summaries."""
    models = {}
    for path, _, _, callback in getattr(generator, "endpoints", None) or ():
        queryset = getattr(getattr(callback, "cls", None), "queryset", None)
        if queryset is not None:
            # As drf-spectacular's coerce_path names a primary key in the schema's paths.
            models[path.replace("{pk}", "{id}")] = queryset.model
    return models


def _document_access(paths, generator):
    """Reads are public: they say so (`security: []`), so that Swagger UI shows no lock and
    generated clients need no token for them; writes keep the token, and every operation has a
    summary and a description."""
    models = _models_by_path(generator)
    for path, operations in paths.items():
        model = models.get(path)
        for method, operation in operations.items():
            if method in ("get", "head", "options"):
                operation["security"] = []
                continue
            if not operation.get("summary") and model is not None:
                name = str(model._meta.verbose_name)
                article = "an" if name[:1].lower() in "aeio" else "a"
                operation["summary"] = _WRITE_SUMMARIES[method].format(article=article, name=name)
            description = operation.get("description", "")
            if "If-Match" not in description:
                operation["description"] = f"{description}\n\n{_WRITE_RULES}".strip()


def _no_defaults_in_partial_updates(paths, schemas):
    """drf-spectacular copies a model field's default into the PATCH body's component (e.g.
    `PatchedBudgetRequest.label`: "Total budget"), and generated clients then send that value
    with every partial update, silently resetting the field. A PATCH leaves out what it does
    not change: its body's fields have no default."""
    for operations in paths.values():
        body = operations.get("patch", {}).get("requestBody", {})
        for media_type in body.get("content", {}).values():
            name = media_type.get("schema", {}).get("$ref", "").rsplit("/", 1)[-1]
            for field in schemas.get(name, {}).get("properties", {}).values():
                field.pop("default", None)


def _type_nullable_references(schemas):
    """drf-spectacular writes a nullable nested object (`allOf`) or a nullable choice (`oneOf`
    of its enum, BlankEnum and NullEnum) with `nullable` but no `type`, which OpenAPI 3.0
    leaves untyped (Redocly's nullable-type-sibling): give it the type of what it refers to."""

    def referred_types(node):
        for branch in node.get("allOf", []) + node.get("oneOf", []) + node.get("anyOf", []):
            name = branch.get("$ref", "").rsplit("/", 1)[-1]
            kind = schemas.get(name, branch).get("type")
            if kind:
                yield kind

    def visit(node):
        if isinstance(node, dict):
            if node.get("nullable") and "type" not in node:
                kinds = set(referred_types(node))
                if len(kinds) == 1:
                    node["type"] = kinds.pop()
            for value in node.values():
                visit(value)
        elif isinstance(node, list):
            for value in node:
                visit(value)

    visit(schemas)


def _drop_unused_components(result):
    """A write-only serializer still leaves its response component (e.g. `EvidenceInput`,
    only ever sent): drop every component nothing refers to."""
    schemas = result["components"]["schemas"]
    while True:
        text = str(result)
        unused = [name for name in schemas if f"'#/components/schemas/{name}'" not in text]
        if not unused:
            return
        for name in unused:
            del schemas[name]


def _document_servers(result, request):
    """The server is the registry that answers for the schema; without a request (the
    `spectacular` command), the host the schema is read from."""
    url = request.build_absolute_uri("/").rstrip("/") if request is not None else "/"
    result["servers"] = [{"url": url, "description": "This registry"}]
