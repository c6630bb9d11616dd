"""API representations of AI Factories, host sites and supercomputers.

A factory's list row is compact and links to its detail; the detail nests every related fact
with, per field, the citations behind it and the fields where sources disagree.
"""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from consortia.models import Membership, Organisation
from consortia.serializers import CountryCodeRelatedField
from sources.selectors import evidence_by_field
from sources.serializers import CitedFactWriteSerializer, EvidenceCitationSerializer, EvidenceField

from .models import AIFactory, FactoryName, FactorySystem, HostSite, SelectionRound, Supercomputer


class CountryBriefSerializer(serializers.Serializer):
    code = serializers.CharField(source="code.code", read_only=True)
    name = serializers.CharField(read_only=True)


class SelectionRoundBriefSerializer(serializers.ModelSerializer):
    class Meta:
        model = SelectionRound
        fields = ["slug", "name", "announced_on"]


class SelectionRoundSerializer(serializers.ModelSerializer):
    """A selection round in full (for the export)."""

    interested_countries = serializers.SerializerMethodField(
        help_text="ISO codes of the states that declared interest."
    )

    class Meta:
        model = SelectionRound
        fields = ["slug", "name", "announced_on", "next_cutoff_on", "interested_countries"]

    def get_interested_countries(self, selection_round) -> list[str]:
        return [country.code.code for country in selection_round.interested_countries.all()]


class OrganisationBriefSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(
        view_name="api:organisation-detail", lookup_field="slug"
    )

    class Meta:
        model = Organisation
        fields = ["slug", "name", "short_name", "url"]


# --- Factory list ---------------------------------------------------------------------------


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

    def get_supercomputers(self, factory) -> list[str]:
        return [system.supercomputer.slug for system in factory.systems.all()]

    def get_other_names(self, factory) -> list[str]:
        return [other.name for other in factory.other_names.all()]


# --- Factory detail -------------------------------------------------------------------------


class DisagreementSerializer(serializers.Serializer):
    """A field about which the sources differ: the version the registry accepts and the others."""

    subject = serializers.CharField(help_text="What the field belongs to, e.g. “AI Factory”.")
    subject_name = serializers.CharField()
    field = serializers.CharField()
    accepted = EvidenceCitationSerializer(many=True)
    differing = EvidenceCitationSerializer(many=True)


class HostSiteNestedSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:site-detail")
    country = CountryBriefSerializer(read_only=True)
    organisation = OrganisationBriefSerializer(read_only=True)
    citations = EvidenceField()

    class Meta:
        model = HostSite
        fields = [
            "url",
            "city",
            "place",
            "country",
            "organisation",
            "latitude",
            "longitude",
            "citations",
        ]


class MembershipNestedSerializer(serializers.ModelSerializer):
    code = serializers.CharField(source="country.code.code", read_only=True)
    name = serializers.CharField(source="country.name", read_only=True)
    citations = EvidenceField()

    class Meta:
        model = Membership
        fields = ["code", "name", "role", "citations"]


class ConsortiumSerializer(serializers.Serializer):
    host = MembershipNestedSerializer(source="host_membership", read_only=True, allow_null=True)
    members = serializers.SerializerMethodField()

    @extend_schema_field(MembershipNestedSerializer(many=True))
    def get_members(self, factory):
        return MembershipNestedSerializer(
            factory.member_memberships, many=True, context=self.context
        ).data


class PartnershipNestedSerializer(serializers.Serializer):
    organisation = OrganisationBriefSerializer(read_only=True)
    role = serializers.CharField(read_only=True)
    citations = EvidenceField()


class SupercomputerNestedSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(
        view_name="api:supercomputer-detail", lookup_field="slug"
    )
    citations = EvidenceField()

    class Meta:
        model = Supercomputer
        fields = ["slug", "url", "name", "status", "is_ai_optimised", "lifecycle_note", "citations"]


class FactorySystemNestedSerializer(serializers.Serializer):
    relation = serializers.CharField(read_only=True)
    relation_display = serializers.CharField(source="get_relation_display", read_only=True)
    supercomputer = SupercomputerNestedSerializer(read_only=True)
    citations = EvidenceField(help_text="Citations about the relation itself.")


class BudgetLineNestedSerializer(serializers.Serializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:budget-detail")
    label = serializers.CharField(read_only=True)
    amount_eur_million = serializers.DecimalField(
        max_digits=10, decimal_places=1, read_only=True, allow_null=True
    )
    qualifier = serializers.CharField(read_only=True)
    display = serializers.CharField(source="display_amount", read_only=True)
    citations = EvidenceField()


class FactoryBudgetSerializer(serializers.Serializer):
    total_eur_million = serializers.DecimalField(
        source="budget_total",
        max_digits=12,
        decimal_places=1,
        read_only=True,
        allow_null=True,
        help_text="Sum of the known lines, EUR million; null when unknown.",
    )
    lines = BudgetLineNestedSerializer(source="budgets", many=True, read_only=True)


class OtherNameNestedSerializer(serializers.Serializer):
    name = serializers.CharField(read_only=True)
    kind = serializers.CharField(read_only=True)
    note = serializers.CharField(read_only=True)
    citations = EvidenceField()


class FactoryDetailSerializer(serializers.ModelSerializer):
    """A factory with every related fact, the citations per field and the disagreements."""

    url = serializers.HyperlinkedIdentityField(view_name="api:factory-detail", lookup_field="slug")
    selection_round = SelectionRoundBriefSerializer(read_only=True)
    host_site = HostSiteNestedSerializer(source="site", read_only=True, allow_null=True)
    consortium = ConsortiumSerializer(source="*", read_only=True)
    partners = PartnershipNestedSerializer(source="partnerships", many=True, read_only=True)
    supercomputers = FactorySystemNestedSerializer(source="systems", many=True, read_only=True)
    budget = FactoryBudgetSerializer(source="*", read_only=True)
    other_names = OtherNameNestedSerializer(many=True, read_only=True)
    citations = EvidenceField()
    disagreements = serializers.SerializerMethodField(
        help_text="Every field, of the factory or a nested fact, where sources state different versions."
    )

    class Meta:
        model = AIFactory
        fields = [
            "slug",
            "url",
            "name",
            "summary",
            "selection_round",
            "infrastructure",
            "experimental_platform",
            "deployment_start_year",
            "deployment_end_year",
            "host_site",
            "consortium",
            "partners",
            "supercomputers",
            "budget",
            "other_names",
            "citations",
            "disagreements",
        ]

    @staticmethod
    def _cited_objects(factory):
        yield "AI Factory", factory
        site = getattr(factory, "site", None)
        if site is not None:
            yield "Host site", site
        for membership in factory.memberships.all():
            yield "Consortium membership", membership
        for partnership in factory.partnerships.all():
            yield "Partnership", partnership
        for system in factory.systems.all():
            yield "Supercomputer relation", system
            yield "Supercomputer", system.supercomputer
        for budget in factory.budgets.all():
            yield "Budget line", budget
        for other in factory.other_names.all():
            yield "Other name", other

    @extend_schema_field(DisagreementSerializer(many=True))
    def get_disagreements(self, factory):
        citation = EvidenceCitationSerializer(context=self.context)
        rows = []
        for subject, obj in self._cited_objects(factory):
            for name, evidence in evidence_by_field(obj).items():
                if evidence.sources_differ:
                    rows.append(
                        {
                            "subject": subject,
                            "subject_name": str(obj),
                            "field": name,
                            "accepted": [citation.to_representation(c) for c in evidence.accepted],
                            "differing": [
                                citation.to_representation(c) for c in evidence.differing
                            ],
                        }
                    )
        return rows


class FactoryWriteSerializer(CitedFactWriteSerializer):
    """The factory's own fields, for POST, PUT and PATCH; nested facts have their endpoints."""

    url = serializers.HyperlinkedIdentityField(view_name="api:factory-detail", lookup_field="slug")
    selection_round = serializers.SlugRelatedField(
        slug_field="slug",
        queryset=SelectionRound.objects.all(),
        help_text="The selection round's slug.",
    )

    class Meta:
        model = AIFactory
        fields = [
            "slug",
            "url",
            "name",
            "selection_round",
            "summary",
            "infrastructure",
            "experimental_platform",
            "deployment_start_year",
            "deployment_end_year",
            "evidence",
        ]


# --- Sites and supercomputers ---------------------------------------------------------------


class HostSiteSerializer(CitedFactWriteSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:site-detail")
    factory = serializers.SlugRelatedField(
        slug_field="slug", queryset=AIFactory.objects.all(), help_text="The AI Factory's slug."
    )
    factory_name = serializers.CharField(source="factory.name", read_only=True)
    factory_url = serializers.HyperlinkedRelatedField(
        source="factory", view_name="api:factory-detail", lookup_field="slug", read_only=True
    )
    country = CountryCodeRelatedField()
    country_name = serializers.CharField(source="country.name", read_only=True)
    organisation = serializers.SlugRelatedField(
        slug_field="slug",
        queryset=Organisation.objects.all(),
        help_text="The hosting organisation's slug.",
    )
    organisation_name = serializers.CharField(source="organisation.name", read_only=True)

    class Meta:
        model = HostSite
        fields = [
            "id",
            "url",
            "factory",
            "factory_name",
            "factory_url",
            "city",
            "place",
            "country",
            "country_name",
            "organisation",
            "organisation_name",
            "latitude",
            "longitude",
            "evidence",
        ]


class SupercomputerSerializer(CitedFactWriteSerializer):
    url = serializers.HyperlinkedIdentityField(
        view_name="api:supercomputer-detail", lookup_field="slug"
    )
    country = CountryCodeRelatedField()
    country_name = serializers.CharField(source="country.name", read_only=True)
    factories = serializers.SerializerMethodField(
        help_text="Slugs of the AI Factories that build on it."
    )

    class Meta:
        model = Supercomputer
        fields = [
            "slug",
            "url",
            "name",
            "country",
            "country_name",
            "is_ai_optimised",
            "status",
            "lifecycle_note",
            "factories",
            "evidence",
        ]

    def get_factories(self, supercomputer) -> list[str]:
        return [link.factory.slug for link in supercomputer.factory_links.all()]


# --- Selection rounds, other names, factory–supercomputer links -----------------------------


class SelectionRoundWriteSerializer(CitedFactWriteSerializer):
    """A selection round, read and written through its endpoint, with its citations."""

    url = serializers.HyperlinkedIdentityField(
        view_name="api:selection-round-detail", lookup_field="slug"
    )
    interested_countries = CountryCodeRelatedField(
        many=True, required=False, help_text="ISO codes of the states that declared interest."
    )
    factories = serializers.SlugRelatedField(
        slug_field="slug", many=True, read_only=True, help_text="Slugs of the factories selected."
    )
    citations = EvidenceField()

    class Meta:
        model = SelectionRound
        fields = [
            "slug",
            "url",
            "name",
            "announced_on",
            "next_cutoff_on",
            "interested_countries",
            "factories",
            "citations",
            "evidence",
        ]


class FactoryNameSerializer(CitedFactWriteSerializer):
    """Another name a source uses for a factory, with its citations."""

    url = serializers.HyperlinkedIdentityField(view_name="api:other-name-detail")
    factory = serializers.SlugRelatedField(
        slug_field="slug", queryset=AIFactory.objects.all(), help_text="The AI Factory's slug."
    )
    factory_name = serializers.CharField(source="factory.name", read_only=True)
    citations = EvidenceField()

    class Meta:
        model = FactoryName
        fields = [
            "id",
            "url",
            "factory",
            "factory_name",
            "name",
            "kind",
            "note",
            "citations",
            "evidence",
        ]
        # The model's own checks name the field at fault (a name given twice).
        validators = []


class FactorySystemSerializer(CitedFactWriteSerializer):
    """How a supercomputer relates to a factory, with its citations."""

    url = serializers.HyperlinkedIdentityField(view_name="api:factory-system-detail")
    factory = serializers.SlugRelatedField(
        slug_field="slug", queryset=AIFactory.objects.all(), help_text="The AI Factory's slug."
    )
    factory_name = serializers.CharField(source="factory.name", read_only=True)
    supercomputer = serializers.SlugRelatedField(
        slug_field="slug",
        queryset=Supercomputer.objects.all(),
        help_text="The supercomputer's slug.",
    )
    supercomputer_name = serializers.CharField(source="supercomputer.name", read_only=True)
    relation_display = serializers.CharField(source="get_relation_display", read_only=True)
    citations = EvidenceField()

    class Meta:
        model = FactorySystem
        fields = [
            "id",
            "url",
            "factory",
            "factory_name",
            "supercomputer",
            "supercomputer_name",
            "relation",
            "relation_display",
            "citations",
            "evidence",
        ]
        # The model's own checks name the field at fault (a supercomputer linked twice).
        validators = []
