"""The package as a zip: `datapackage.json` (each table's schema and keys) and one CSV per table."""

import csv
import io
import json
import zipfile
from datetime import UTC, date, datetime
from decimal import Decimal

from django.db.models import QuerySet

from .citations import CITATIONS
from .metadata import DESCRIPTION, NAME, TITLE, data_version, licence
from .tables import FACT_TABLES

TABLES = [*FACT_TABLES, CITATIONS]


def _cell(value):
    # Text first: most cells are text, and the other checks cost time at 10,000 factories.
    if type(value) is str:
        return value
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    if isinstance(value, datetime):
        return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def table_csv(table):
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([column.name for column in table.columns])
    paths = [column.path for column in table.columns]
    rows = table.rows()
    if isinstance(rows, QuerySet):
        # Tuples of the columns, read in chunks: no dictionary per row at 10,000 factories.
        rows = rows.values_list(*paths).iterator(chunk_size=2000)
    else:
        rows = ([row.get(path) for path in paths] for row in rows)
    writer.writerows([_cell(value) for value in row] for row in rows)
    return out.getvalue().encode("utf-8")


def descriptor(version):
    """`datapackage.json`: the package's metadata and each table's schema and keys."""
    resources = []
    for table in TABLES:
        schema = {
            "fields": [
                {
                    "name": column.name,
                    "type": column.type,
                    "description": column.description,
                    **({"constraints": {"required": True}} if column.required else {}),
                }
                for column in table.columns
            ],
            "primaryKey": table.primary_key,
            "missingValues": [""],
        }
        if table.foreign_keys:
            schema["foreignKeys"] = [
                {
                    "fields": column,
                    # A table that refers to itself names no resource, as the spec asks.
                    "reference": {
                        "resource": "" if target == table.name else target,
                        "fields": key,
                    },
                }
                for column, (target, key) in table.foreign_keys.items()
            ]
        resources.append(
            {
                "name": table.name,
                "title": table.title,
                "path": f"data/{table.name}.csv",
                "profile": "tabular-data-resource",
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "schema": schema,
            }
        )
    modified = version["modified"]
    return {
        "profile": "tabular-data-package",
        "name": NAME,
        "title": TITLE,
        "description": DESCRIPTION,
        "version": version["version"],
        "created": _cell(modified) if modified else None,
        "licenses": [licence()],
        "keywords": ["AI Factories", "EuroHPC", "artificial intelligence", "supercomputing"],
        "resources": resources,
    }


def build_zip():
    """The whole package as a zip: datapackage.json and data/<table>.csv."""
    version = data_version()
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        package = descriptor(version)
        archive.writestr("datapackage.json", json.dumps(package, indent=2, ensure_ascii=False))
        for table in TABLES:
            archive.writestr(f"data/{table.name}.csv", table_csv(table))
    return out.getvalue()
