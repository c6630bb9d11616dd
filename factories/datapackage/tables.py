"""The package's tables of facts: one per kind of fact, with its columns and keys. The citations'
table, which refers to these, is in citations.py."""

from consortia.models import Country, Membership, Organisation, Partnership
from funding.models import Budget, Programme, StatedTotal
from sources.models import Source

from ..models import (
    AIFactory,
    FactoryName,
    FactorySystem,
    HostSite,
    SelectionRound,
    Supercomputer,
)
from .columns import FACTORY, ID, Table, col

FACT_TABLES = [
    Table(
        "selection_rounds",
        "Selection rounds",
        lambda: SelectionRound.objects.values(),
        [
            col("slug", "string", "Identifier.", required=True),
            col("name", "string", "The round's name.", required=True),
            col("announced_on", "date", "When the selection was announced.", required=True),
            col("next_cutoff_on", "date", "Cut-off for further proposals announced with it."),
        ],
        ["slug"],
        model=SelectionRound,
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
            col("slug", "string", "Identifier.", required=True),
            col("name", "string", "The name the registry accepts.", required=True),
            col("selection_round", "string", "selection_rounds.slug", "selection_round__slug"),
            col("summary", "string", "What the factory is, in a sentence or two."),
            col("infrastructure", "string", "new_system, upgrade or associated."),
            col("experimental_platform", "boolean", "Has an experimental platform for AI."),
            col("deployment_start_year", "integer", "Year deployment starts."),
            col("deployment_end_year", "integer", "Year deployment ends."),
        ],
        ["slug"],
        {"selection_round": ("selection_rounds", "slug")},
        model=AIFactory,
    ),
    Table(
        "other_names",
        "Other names of the factories",
        lambda: FactoryName.objects.values("id", "factory__slug", "name", "kind", "note"),
        [
            ID,
            FACTORY,
            col("name", "string", "The other name as a source writes it.", required=True),
            col("kind", "string", "short_form, long_form, spelling_variant or confused_name."),
            col("note", "string", "Why the name is listed."),
        ],
        ["id"],
        {"factory": ("factories", "slug")},
        model=FactoryName,
    ),
    Table(
        "states",
        "States",
        lambda: [
            {"code": c.code.code, "name": c.name, "standing": c.standing}
            for c in Country.objects.all()
        ],
        [
            col("code", "string", "ISO 3166-1 alpha-2 code.", required=True),
            col("name", "string", "English name."),
            col("standing", "string", "EU member, EuroHPC participating state, …"),
        ],
        ["code"],
        model=Country,
    ),
    Table(
        "organisations",
        "Organisations",
        lambda: Organisation.objects.values(
            "slug", "name", "short_name", "kind", "country__code", "parent__slug"
        ),
        [
            col("slug", "string", "Identifier.", required=True),
            col("name", "string", "Full name.", required=True),
            col("short_name", "string", "Short name or acronym."),
            col("kind", "string", "University, research centre, company, …"),
            col("country", "string", "states.code", "country__code"),
            col("parent", "string", "organisations.slug it is part of.", "parent__slug"),
        ],
        ["slug"],
        {"country": ("states", "code"), "parent": ("organisations", "slug")},
        model=Organisation,
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
            col("city", "string", "City.", required=True),
            col("place", "string", "Campus or district."),
            col("country", "string", "states.code", "country__code"),
            col(
                "organisation",
                "string",
                "Hosting organisation (organisations.slug).",
                "organisation__slug",
            ),
            col("latitude", "number", "WGS 84 degrees."),
            col("longitude", "number", "WGS 84 degrees."),
        ],
        ["id"],
        {
            "factory": ("factories", "slug"),
            "country": ("states", "code"),
            "organisation": ("organisations", "slug"),
        },
        model=HostSite,
    ),
    Table(
        "memberships",
        "Consortium memberships",
        lambda: Membership.objects.values("id", "factory__slug", "country__code", "role"),
        [
            ID,
            FACTORY,
            col("country", "string", "states.code", "country__code", True),
            col("role", "string", "host or member.", required=True),
        ],
        ["id"],
        {"factory": ("factories", "slug"), "country": ("states", "code")},
        model=Membership,
    ),
    Table(
        "partnerships",
        "Partnerships",
        lambda: Partnership.objects.values("id", "factory__slug", "organisation__slug", "role"),
        [
            ID,
            FACTORY,
            col("organisation", "string", "organisations.slug", "organisation__slug", True),
            col("role", "string", "partner or supporter.", required=True),
        ],
        ["id"],
        {"factory": ("factories", "slug"), "organisation": ("organisations", "slug")},
        model=Partnership,
    ),
    Table(
        "supercomputers",
        "Supercomputers",
        lambda: Supercomputer.objects.values(
            "slug", "name", "country__code", "is_ai_optimised", "status", "lifecycle_note"
        ),
        [
            col("slug", "string", "Identifier.", required=True),
            col("name", "string", "Name.", required=True),
            col("country", "string", "states.code", "country__code"),
            col("is_ai_optimised", "boolean", "AI-optimised; empty where no source says."),
            col("status", "string", "planned, under_deployment, operational, …"),
            col("lifecycle_note", "string", "What the sources say of its lifecycle."),
        ],
        ["slug"],
        {"country": ("states", "code")},
        model=Supercomputer,
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
            col("supercomputer", "string", "supercomputers.slug", "supercomputer__slug", True),
            col("relation", "string", "new_system, upgrades, evolves_from, …", required=True),
        ],
        ["id"],
        {"factory": ("factories", "slug"), "supercomputer": ("supercomputers", "slug")},
        model=FactorySystem,
    ),
    Table(
        "programmes",
        "Funding programmes",
        lambda: Programme.objects.values("slug", "name", "level", "purpose"),
        [
            col("slug", "string", "Identifier.", required=True),
            col("name", "string", "Name.", required=True),
            col("level", "string", "eu or national."),
            col("purpose", "string", "What it pays for here."),
        ],
        ["slug"],
        model=Programme,
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
            col("slug", "string", "Identifier.", required=True),
            col("label", "string", "What the amount is.", required=True),
            col("kind", "string", "investment, share or goal."),
            col("amount_eur_million", "number", "EUR million; empty when unknown, never 0."),
            col("qualifier", "string", "exact, at_least, about or unknown."),
            col("part_of", "string", "totals.slug it is a share of.", "part_of__slug"),
            col("is_derived", "boolean", "Worked out from a rule a source gives."),
            col("derivation", "string", "How a derived amount was worked out."),
        ],
        ["slug"],
        {"part_of": ("totals", "slug")},
        model=StatedTotal,
    ),
    Table(
        "total_programmes",
        "Programmes paying each stated total",
        lambda: StatedTotal.programmes.through.objects.values(
            "statedtotal__slug", "programme__slug"
        ),
        [
            col("total", "string", "totals.slug", "statedtotal__slug", True),
            col("programme", "string", "programmes.slug", "programme__slug", True),
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
            col("label", "string", "What the line is.", required=True),
            col("amount_eur_million", "number", "EUR million; empty when unknown, never 0."),
            col("qualifier", "string", "exact, at_least, about or unknown."),
        ],
        ["id"],
        {"factory": ("factories", "slug")},
        model=Budget,
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
            col("slug", "string", "Identifier.", required=True),
            col("title", "string", "Title.", required=True),
            col("publisher", "string", "Publisher, where the text names one."),
            col("kind", "string", "Press release, news report, …"),
            col("published_on", "date", "Publication date."),
            col("url", "string", "The document's own address, where it gives one."),
            col("reliability", "string", "high, medium or low."),
            col("reliability_note", "string", "Why."),
            col("archive_sha256", "string", "SHA-256 of the archived text."),
        ],
        ["slug"],
    ),
]
