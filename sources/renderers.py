"""The API's renderers, shared by every app's endpoints: CSV and GeoJSON (the same data as the JSON,
for spreadsheets and maps) and the browsable API under its own policy."""

import csv
import io
import json
from decimal import Decimal
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from csp.constants import UNSAFE_INLINE
from csp.decorators import csp_update
from rest_framework import renderers
from rest_framework.renderers import BaseRenderer
from rest_framework.utils.encoders import JSONEncoder

from .readmodel import StoredRow

# The API's HTML pages (the browsable API, Swagger UI, ReDoc) are DRF's and drf-spectacular's,
# whose markup and bundled UIs (ReDoc's styled-components) apply inline styles. Those pages
# alone allow inline styles; scripts stay limited to this site's own files.
HTML_API_CSP = {"style-src": [UNSAFE_INLINE]}


def relax_csp_for_api_html(response):
    """Give this one response the CSP of the API's HTML pages, through django-csp's @csp_update.

    django-csp 4 changes a response's policy only through its view decorators. The browsable API
    is chosen by content negotiation after the view has run (the same view answers JSON, which
    keeps the strict policy), so no view can carry the decorator. This adapter applies the public
    decorator to a view that returns the response at hand, and leaves how django-csp records the
    change on the response (a private attribute) to django-csp.
    """
    return csp_update(HTML_API_CSP)(lambda: response)()


class BrowsableAPIRenderer(renderers.BrowsableAPIRenderer):
    """DRF's browsable API, with the one relaxation of the site's CSP its templates need."""

    def render(self, data, accepted_media_type=None, renderer_context=None):
        response = (renderer_context or {}).get("response")
        if response is not None:
            relax_csp_for_api_html(response)
        return super().render(data, accepted_media_type, renderer_context)


def _rows(data):
    """The objects in a response: a page's results, a list, or one object."""
    if isinstance(data, dict) and isinstance(data.get("results"), list):
        return data["results"]
    if isinstance(data, list):
        return data
    return [data] if data is not None else []


def without_format(value):
    """A link as DRF builds it keeps the `?format=` of the request; a CSV or GeoJSON file links
    to the JSON, so that every link works (a factory has no GeoJSON)."""
    if not (isinstance(value, str) and "format=" in value):
        return value
    if not value.startswith(("http://", "https://")):
        return value
    base, _, query = value.partition("?")
    if query.startswith("format=") and "&" not in query and "#" not in query:
        # As DRF's links carry it: the format alone (a whole download has thousands).
        return base
    parts = urlsplit(value)
    if "format=" not in parts.query:
        return value
    query = urlencode([(k, v) for k, v in parse_qsl(parts.query) if k != "format"])
    return urlunsplit(parts._replace(query=query))


# A spreadsheet reads a cell that begins with one of these as a formula (or, for tab and
# carriage return, strips them and reads what follows): OWASP's CSV injection advice.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(text):
    """Text a spreadsheet would run as a formula, shown as text: a leading apostrophe."""
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text


def _cell(value):
    if isinstance(value, str):
        return neutralise(without_format(value))
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    # Numbers stay numbers, a negative one included.
    if isinstance(value, int):
        return str(value)
    if isinstance(value, Decimal | float):
        return format(Decimal(str(value)).normalize(), "f")
    return neutralise(str(without_format(value)))


def flatten(value, prefix=""):
    """Nested objects become dotted columns (`site.city`); a list of values becomes one cell
    joined with "; "; a list of objects stays JSON in one cell."""
    columns = {}
    _flatten_into(columns, value, prefix)
    return columns


def _flatten_into(columns, value, prefix):
    if isinstance(value, dict):
        for key, item in value.items():
            _flatten_into(columns, item, f"{prefix}.{key}" if prefix else str(key))
    elif isinstance(value, list):
        if all(not isinstance(item, dict | list) for item in value):
            columns[prefix] = "; ".join(_cell(item) for item in value)
        else:
            columns[prefix] = neutralise(json.dumps(value, cls=JSONEncoder, ensure_ascii=False))
    else:
        columns[prefix] = _cell(value)


class CSVRenderer(BaseRenderer):
    """One row per object, nested values in named columns; UTF-8 with a byte-order mark so
    that spreadsheet programs read the accents right."""

    media_type = "text/csv"
    format = "csv"
    charset = "utf-8"
    unpaginated = True

    def render(self, data, accepted_media_type=None, renderer_context=None):
        rendered = [self.line(row) for row in _rows(data)]
        out = io.StringIO()
        if rendered and all(columns == rendered[0][0] for columns, _, _ in rendered):
            # Every row has the same columns (the common case): its own line is its line here.
            csv.writer(out, lineterminator="\r\n").writerow(rendered[0][0])
            out.write("".join(line for _, line, _ in rendered))
        else:
            rows = [flat for _, _, flat in rendered]
            columns = list(dict.fromkeys(column for row in rows for column in row))
            writer = csv.DictWriter(out, fieldnames=columns, lineterminator="\r\n")
            writer.writeheader()
            writer.writerows(rows)
        response = (renderer_context or {}).get("response")
        view = (renderer_context or {}).get("view")
        if response is not None and response.status_code < 400 and view is not None:
            name = getattr(view, "basename", None) or "registry"
            response["Content-Disposition"] = f'inline; filename="{name}.csv"'
        return ("\ufeff" + out.getvalue()).encode(self.charset)

    @staticmethod
    def line(row):
        """A row's (columns, CSV line, flattened cells), kept with a row of the read model."""
        if isinstance(row, StoredRow):
            return row.render("csv", CSVRenderer._line)
        return CSVRenderer._line(row)

    @staticmethod
    def _line(row):
        flat = flatten(row)
        out = io.StringIO()
        csv.writer(out, lineterminator="\r\n").writerow(flat.values())
        return (tuple(flat), out.getvalue(), flat)


class GeoJSONRenderer(BaseRenderer):
    """A FeatureCollection of points, [longitude, latitude], with each object's other fields as
    properties. Objects need `latitude` and `longitude`; errors stay plain JSON."""

    media_type = "application/geo+json"
    format = "geojson"
    charset = None
    unpaginated = True

    def render(self, data, accepted_media_type=None, renderer_context=None):
        response = (renderer_context or {}).get("response")
        if response is not None and response.status_code >= 400:
            return json.dumps(data, cls=JSONEncoder, ensure_ascii=False).encode()
        features = [self.feature_text(row) for row in _rows(data)]
        if isinstance(data, dict) and "results" not in data:
            return features[0].encode()
        # As json.dumps writes the collection, each feature's text kept with its row.
        body = ", ".join(features)
        return f'{{"type": "FeatureCollection", "features": [{body}]}}'.encode()

    @classmethod
    def feature_text(cls, row):
        def text(row):
            return json.dumps(cls.feature(row), cls=JSONEncoder, ensure_ascii=False)

        return row.render("geojson", text) if isinstance(row, StoredRow) else text(row)

    @staticmethod
    def feature(row):
        properties = {
            key: without_format(value)
            for key, value in row.items()
            if key not in {"latitude", "longitude"}
        }
        return {
            "type": "Feature",
            "id": row.get("id"),
            "geometry": {
                "type": "Point",
                "coordinates": [float(row["longitude"]), float(row["latitude"])],
            },
            "properties": properties,
        }
