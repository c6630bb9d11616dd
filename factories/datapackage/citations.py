"""The citations' table: every quote behind a fact, keyed to the fact's row in its own table."""

from django.contrib.contenttypes.models import ContentType

from sources.models import Citation

from .columns import Table, col
from .tables import FACT_TABLES


def subject_keys(tables):
    """Per content type, each cited object's key in the package: its slug, code or id."""
    keys = {}
    for table in tables:
        if table.model is None:
            continue
        key = table.primary_key[0]
        path = next(c.path for c in table.columns if c.name == key)
        ct = ContentType.objects.get_for_model(table.model)
        keys[ct.pk] = (table.name, dict(table.model.objects.values_list("pk", path)))
    return keys


# The columns worked out from the cited object rather than read from the citation's row.
SUBJECT = ("subject_table", "subject_key")


def citation_rows():
    keys = subject_keys(FACT_TABLES)
    read = [column.path for column in CITATIONS.columns if column.path not in SUBJECT]
    for row in Citation.objects.order_by("pk").values("content_type", "object_id", *read):
        table, by_pk = keys.get(row["content_type"], ("", {}))
        yield {
            **row,
            "subject_table": table,
            "subject_key": str(by_pk.get(row["object_id"], row["object_id"])),
        }


CITATIONS = Table(
    "citations",
    "Citations",
    citation_rows,
    [
        col("id", "integer", "The citation's id.", "pk", True),
        col("subject_table", "string", "The table of the fact it supports."),
        col("subject_key", "string", "That fact's key (slug, code or id) in its table."),
        col("field_name", "string", "The fact's column it supports.", required=True),
        col("source", "string", "sources.slug", "source__slug", True),
        col("quote", "string", "Verbatim from the source's text.", required=True),
        col("stated_value", "string", "The value as this source states it."),
        col("is_accepted", "boolean", "The version the registry accepts."),
        col("added_at", "datetime", "When the citation was added (UTC)."),
        col("superseded_at", "datetime", "When a newer value superseded it (UTC)."),
        col("note", "string", "Why the registry accepts or does not accept it."),
    ],
    ["id"],
    {"source": ("sources", "slug")},
)
