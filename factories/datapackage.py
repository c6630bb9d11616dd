"""The registry as a Frictionless Data Package: one CSV per table, and `datapackage.json` with
each table's schema, primary and foreign keys, the licence, the data version and the time of
the last change. Built from the models, so it loads into pandas or SQLite with no hand work."""

import csv
import io
import json
import zipfile
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from decimal import Decimal

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Max

from consortia.models import Country, Membership, Organisation, Partnership
from funding.models import Budget, Programme, StatedTotal
from sources.models import Citation, Source, citable_models

from .models import AIFactory, FactoryName, FactorySystem, HostSite, SelectionRound, Supercomputer

NAME = "ai-factories"
TITLE = "AI Factories Registry"
DESCRIPTION = (
    "The EU's AI Factories selected by the EuroHPC Joint Undertaking: their host sites, the "
    "states in their consortia, partners, supercomputers, funding, and the sources and verbatim "
    "quotes behind every fact."
)


def licence():
    """The data's licence, as the API's schema states it (SPECTACULAR_SETTINGS["LICENSE"])."""
    stated = settings.SPECTACULAR_SETTINGS["LICENSE"]
    return {
        "name": stated["name"],
        "path": stated["url"],
        "title": "Creative Commons Attribution 4.0",
    }


def data_version():
    """The registry's data version and the time of its last change: how many changes its
    history records (every save and delete of a fact, source or citation) and the newest."""
    count, last = 0, None
    for model in [*citable_models(), Source, Citation]:
        row = model.history.aggregate(n=Count("pk"), last=Max("history_date"))
        count += row["n"]
        if row["last"] and (last is None or row["last"] > last):
            last = row["last"]
    return {"version": str(count), "modified": last.astimezone(UTC) if last else None}


@dataclass
class Column:
    """One column of a table: its name, Frictionless type, the value's path and a description."""

    name: str
    type: str
    description: str
    path: str = ""
    required: bool = False

    def __post_init__(self):
        self.path = self.path or self.name


@dataclass
class Table:
    """One CSV of the package: which rows, which columns, its keys."""

    name: str
    title: str
    rows: object  # a function returning a values() queryset or a list of dicts
    columns: list
    primary_key: list
    foreign_keys: dict = field(default_factory=dict)  # column -> (table, column)


def _col(name, type_, description, path="", required=False):
    return Column(name, type_, description, path, required)


FACTORY = _col("factory", "string", "The AI Factory (factories.slug).", "factory__slug", True)
ID = _col("id", "integer", "The row's id in the registry (and the API).", required=True)


def _subject_keys():
    """Per content type, each cited object's key in the package: its slug, code or id."""
    keys = {}
    for table in TABLES:
        model = MODELS.get(table.name)
        if model is None:
            continue
        key = table.primary_key[0]
        path = next(c.path for c in table.columns if c.name == key)
        ct = ContentType.objects.get_for_model(model)
        keys[ct.pk] = (table.name, dict(model.objects.values_list("pk", path)))
    return keys


def _citation_rows():
    keys = _subject_keys()
    for row in Citation.objects.order_by("pk").values(
        "pk",
        "content_type",
        "object_id",
        "field_name",
        "source__slug",
        "quote",
        "stated_value",
        "is_accepted",
        "added_at",
        "superseded_at",
        "note",
    ):
        table, by_pk = keys.get(row["content_type"], ("", {}))
        yield {
            **row,
            "subject_table": table,
            "subject_key": str(by_pk.get(row["object_id"], row["object_id"])),
        }


TABLES = [
    Table(
        "selection_rounds",
        "Selection rounds",
        lambda: SelectionRound.objects.values(),
        [
            _col("slug", "string", "Identifier.", required=True),
            _col("name", "string", "The round's name.", required=True),
            _col("announced_on", "date", "When the selection was announced.", required=True),
            _col("next_cutoff_on", "date", "Cut-off for further proposals announced with it."),
        ],
        ["slug"],
    ),
    Table(
        "factories",
        "AI Factories",
        lambda: AIFactory.objects.values(
            "slug",
            "name",
            "selection_round__slug",
            "summary",
            "infrastructure",
            "experimental_platform",
            "deployment_start_year",
            "deployment_end_year",
        ),
        [
            _col("slug", "string", "Identifier.", required=True),
            _col("name", "string", "The name the registry accepts.", required=True),
            _col("selection_round", "string", "selection_rounds.slug", "selection_round__slug"),
            _col("summary", "string", "What the factory is, in a sentence or two."),
            _col("infrastructure", "string", "new_system, upgrade or associated."),
            _col("experimental_platform", "boolean", "Has an experimental platform for AI."),
            _col("deployment_start_year", "integer", "Year deployment starts."),
            _col("deployment_end_year", "integer", "Year deployment ends."),
        ],
        ["slug"],
        {"selection_round": ("selection_rounds", "slug")},
    ),
    Table(
        "other_names",
        "Other names of the factories",
        lambda: FactoryName.objects.values("id", "factory__slug", "name", "kind", "note"),
        [
            ID,
            FACTORY,
            _col("name", "string", "The other name as a source writes it.", required=True),
            _col("kind", "string", "short_form, long_form, spelling_variant or confused_name."),
            _col("note", "string", "Why the name is listed."),
        ],
        ["id"],
        {"factory": ("factories", "slug")},
    ),
    Table(
        "states",
        "States",
        lambda: [
            {"code": c.code.code, "name": c.name, "standing": c.standing}
            for c in Country.objects.all()
        ],
        [
            _col("code", "string", "ISO 3166-1 alpha-2 code.", required=True),
            _col("name", "string", "English name."),
            _col("standing", "string", "EU member, EuroHPC participating state, …"),
        ],
        ["code"],
    ),
    Table(
        "organisations",
        "Organisations",
        lambda: Organisation.objects.values(
            "slug", "name", "short_name", "kind", "country__code", "parent__slug"
        ),
        [
            _col("slug", "string", "Identifier.", required=True),
            _col("name", "string", "Full name.", required=True),
            _col("short_name", "string", "Short name or acronym."),
            _col("kind", "string", "University, research centre, company, …"),
            _col("country", "string", "states.code", "country__code"),
            _col("parent", "string", "organisations.slug it is part of.", "parent__slug"),
        ],
        ["slug"],
        {"country": ("states", "code"), "parent": ("organisations", "slug")},
    ),
    Table(
        "sites",
        "Host sites",
        lambda: HostSite.objects.values(
            "id",
            "factory__slug",
            "city",
            "place",
            "country__code",
            "organisation__slug",
            "latitude",
            "longitude",
        ),
        [
            ID,
            FACTORY,
            _col("city", "string", "City.", required=True),
            _col("place", "string", "Campus or district."),
            _col("country", "string", "states.code", "country__code"),
            _col(
                "organisation",
                "string",
                "Hosting organisation (organisations.slug).",
                "organisation__slug",
            ),
            _col("latitude", "number", "WGS 84 degrees."),
            _col("longitude", "number", "WGS 84 degrees."),
        ],
        ["id"],
        {
            "factory": ("factories", "slug"),
            "country": ("states", "code"),
            "organisation": ("organisations", "slug"),
        },
    ),
    Table(
        "memberships",
        "Consortium memberships",
        lambda: Membership.objects.values("id", "factory__slug", "country__code", "role"),
        [
            ID,
            FACTORY,
            _col("country", "string", "states.code", "country__code", True),
            _col("role", "string", "host or member.", required=True),
        ],
        ["id"],
        {"factory": ("factories", "slug"), "country": ("states", "code")},
    ),
    Table(
        "partnerships",
        "Partnerships",
        lambda: Partnership.objects.values("id", "factory__slug", "organisation__slug", "role"),
        [
            ID,
            FACTORY,
            _col("organisation", "string", "organisations.slug", "organisation__slug", True),
            _col("role", "string", "partner or supporter.", required=True),
        ],
        ["id"],
        {"factory": ("factories", "slug"), "organisation": ("organisations", "slug")},
    ),
    Table(
        "supercomputers",
        "Supercomputers",
        lambda: Supercomputer.objects.values(
            "slug", "name", "country__code", "is_ai_optimised", "status", "lifecycle_note"
        ),
        [
            _col("slug", "string", "Identifier.", required=True),
            _col("name", "string", "Name.", required=True),
            _col("country", "string", "states.code", "country__code"),
            _col("is_ai_optimised", "boolean", "AI-optimised; empty where no source says."),
            _col("status", "string", "planned, under_deployment, operational, …"),
            _col("lifecycle_note", "string", "What the sources say of its lifecycle."),
        ],
        ["slug"],
        {"country": ("states", "code")},
    ),
    Table(
        "factory_systems",
        "Factory–supercomputer links",
        lambda: FactorySystem.objects.values(
            "id", "factory__slug", "supercomputer__slug", "relation"
        ),
        [
            ID,
            FACTORY,
            _col("supercomputer", "string", "supercomputers.slug", "supercomputer__slug", True),
            _col("relation", "string", "new_system, upgrades, evolves_from, …", required=True),
        ],
        ["id"],
        {"factory": ("factories", "slug"), "supercomputer": ("supercomputers", "slug")},
    ),
    Table(
        "programmes",
        "Funding programmes",
        lambda: Programme.objects.values("slug", "name", "level", "purpose"),
        [
            _col("slug", "string", "Identifier.", required=True),
            _col("name", "string", "Name.", required=True),
            _col("level", "string", "eu or national."),
            _col("purpose", "string", "What it pays for here."),
        ],
        ["slug"],
    ),
    Table(
        "totals",
        "Stated totals",
        lambda: StatedTotal.objects.values(
            "slug",
            "label",
            "kind",
            "amount_eur_million",
            "qualifier",
            "part_of__slug",
            "is_derived",
            "derivation",
        ),
        [
            _col("slug", "string", "Identifier.", required=True),
            _col("label", "string", "What the amount is.", required=True),
            _col("kind", "string", "investment, share or goal."),
            _col("amount_eur_million", "number", "EUR million; empty when unknown, never 0."),
            _col("qualifier", "string", "exact, at_least, about or unknown."),
            _col("part_of", "string", "totals.slug it is a share of.", "part_of__slug"),
            _col("is_derived", "boolean", "Worked out from a rule a source gives."),
            _col("derivation", "string", "How a derived amount was worked out."),
        ],
        ["slug"],
        {"part_of": ("totals", "slug")},
    ),
    Table(
        "total_programmes",
        "Programmes paying each stated total",
        lambda: StatedTotal.programmes.through.objects.values(
            "statedtotal__slug", "programme__slug"
        ),
        [
            _col("total", "string", "totals.slug", "statedtotal__slug", True),
            _col("programme", "string", "programmes.slug", "programme__slug", True),
        ],
        ["total", "programme"],
        {"total": ("totals", "slug"), "programme": ("programmes", "slug")},
    ),
    Table(
        "budgets",
        "Budget lines",
        lambda: Budget.objects.values(
            "id", "factory__slug", "label", "amount_eur_million", "qualifier"
        ),
        [
            ID,
            FACTORY,
            _col("label", "string", "What the line is.", required=True),
            _col("amount_eur_million", "number", "EUR million; empty when unknown, never 0."),
            _col("qualifier", "string", "exact, at_least, about or unknown."),
        ],
        ["id"],
        {"factory": ("factories", "slug")},
    ),
    Table(
        "sources",
        "Sources",
        lambda: Source.objects.values(
            "slug",
            "title",
            "publisher",
            "kind",
            "published_on",
            "url",
            "reliability",
            "reliability_note",
            "archive_sha256",
        ),
        [
            _col("slug", "string", "Identifier.", required=True),
            _col("title", "string", "Title.", required=True),
            _col("publisher", "string", "Publisher, where the text names one."),
            _col("kind", "string", "Press release, news report, …"),
            _col("published_on", "date", "Publication date."),
            _col("url", "string", "The document's own address, where it gives one."),
            _col("reliability", "string", "high, medium or low."),
            _col("reliability_note", "string", "Why."),
            _col("archive_sha256", "string", "SHA-256 of the archived text."),
        ],
        ["slug"],
    ),
    Table(
        "citations",
        "Citations",
        _citation_rows,
        [
            _col("id", "integer", "The citation's id.", "pk", True),
            _col("subject_table", "string", "The table of the fact it supports."),
            _col("subject_key", "string", "That fact's key (slug, code or id) in its table."),
            _col("field_name", "string", "The fact's column it supports.", required=True),
            _col("source", "string", "sources.slug", "source__slug", True),
            _col("quote", "string", "Verbatim from the source's text.", required=True),
            _col("stated_value", "string", "The value as this source states it."),
            _col("is_accepted", "boolean", "The version the registry accepts."),
            _col("added_at", "datetime", "When the citation was added (UTC)."),
            _col("superseded_at", "datetime", "When a newer value superseded it (UTC)."),
            _col("note", "string", "Why the registry accepts or does not accept it."),
        ],
        ["id"],
        {"source": ("sources", "slug")},
    ),
]

# The model behind each table whose rows can be cited, for the citations' subject keys.
MODELS = {
    "selection_rounds": SelectionRound,
    "factories": AIFactory,
    "other_names": FactoryName,
    "states": Country,
    "organisations": Organisation,
    "sites": HostSite,
    "memberships": Membership,
    "partnerships": Partnership,
    "supercomputers": Supercomputer,
    "factory_systems": FactorySystem,
    "programmes": Programme,
    "totals": StatedTotal,
    "budgets": Budget,
}


def _cell(value):
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
    for row in table.rows():
        writer.writerow([_cell(row.get(column.path)) for column in table.columns])
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
