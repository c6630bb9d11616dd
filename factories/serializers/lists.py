"""A factory's list row: compact, with a link to its detail."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from funding.models import Qualifier
from funding.money import format_eur

from ..models import AIFactory


def budget_qualifier(total, qualifiers):
    """How the sources state the total of a factory's budget lines (their `qualifiers`):
    `exact` when every line is exact; `at_least` when a line is a minimum or a line's amount is
    unknown beside a known one (the sum is then a minimum); `unknown` when no amount is known."""
    if total is None:
        return Qualifier.UNKNOWN
    if all(qualifier == Qualifier.EXACT for qualifier in qualifiers):
        return Qualifier.EXACT
    return Qualifier.AT_LEAST


def _budget_qualifier(factory):
    return budget_qualifier(
        factory.budget_total, [line.qualifier for line in factory.budgets.all()]
    )


class FactoryListSerializer(serializers.ModelSerializer):
    """One compact row per factory, with a link to its detail."""

    url = serializers.HyperlinkedIdentityField(view_name="api:factory-detail", lookup_field="slug")
    selection_round = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    host_country = serializers.SerializerMethodField(help_text="ISO code of the host country.")
    host_country_name = serializers.SerializerMethodField()
    member_countries = serializers.SerializerMethodField(
        help_text="ISO codes of the consortium's other members."
    )
    city = serializers.CharField(source="site.city", read_only=True, allow_null=True)
    host_organisation = serializers.CharField(
        source="site.organisation.name", read_only=True, allow_null=True
    )
    budget_total_eur_million = serializers.DecimalField(
        source="budget_total",
        max_digits=12,
        decimal_places=1,
        read_only=True,
        allow_null=True,
        help_text="Sum of the known budget lines, EUR million; null when unknown.",
    )
    budget_qualifier = serializers.SerializerMethodField(
        help_text="How the sources state the total: `exact`; `at_least` when a line is stated "
        "as a minimum (“at least €556 million”) or a line's amount is unknown beside a known "
        "one; `unknown` when no amount is known."
    )
    budget_display = serializers.SerializerMethodField(
        help_text="The total as a reader writes it, with its qualifier, e.g. “at least "
        "€556 million”; “unknown”, never “€0”."
    )
    budget_low_reliability = serializers.SerializerMethodField(
        help_text="True when the accepted evidence of a budget line in the total comes only "
        "from sources the registry rates low (`reliability` `low` in /api/v1/sources/)."
    )
    supercomputers = serializers.SerializerMethodField(help_text="Slugs of its supercomputers.")
    other_names = serializers.SerializerMethodField()

    class Meta:
        model = AIFactory
        fields = [
            "slug",
            "url",
            "name",
            "selection_round",
            "infrastructure",
            "experimental_platform",
            "host_country",
            "host_country_name",
            "member_countries",
            "city",
            "host_organisation",
            "budget_total_eur_million",
            "budget_qualifier",
            "budget_display",
            "budget_low_reliability",
            "supercomputers",
            "other_names",
        ]

    def get_host_country(self, factory) -> str | None:
        country = factory.host_country
        return country.code.code if country else None

    def get_host_country_name(self, factory) -> str | None:
        country = factory.host_country
        return country.name if country else None

    def get_member_countries(self, factory) -> list[str]:
        return [country.code.code for country in factory.member_countries]

    @extend_schema_field(serializers.ChoiceField(choices=Qualifier.choices))
    def get_budget_qualifier(self, factory):
        return _budget_qualifier(factory)

    def get_budget_display(self, factory) -> str:
        return format_eur(factory.budget_total, _budget_qualifier(factory))

    def get_budget_low_reliability(self, factory) -> bool:
        # budgets_with_reliability()'s column, prefetched with the budgets by factory_list().
        return any(line.low_reliability for line in factory.budgets.all())

    def get_supercomputers(self, factory) -> list[str]:
        return [system.supercomputer.slug for system in factory.systems.all()]

    def get_other_names(self, factory) -> list[str]:
        return [other.name for other in factory.other_names.all()]
