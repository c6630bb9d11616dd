"""The factory's own fields and its parts, each read and written through its own endpoint with
its citations: host sites, supercomputers, selection rounds, other names, factory–supercomputer
links."""

from rest_framework import serializers
from rest_framework.reverse import reverse

from consortia.models import Organisation
from consortia.serializers import CountryCodeRelatedField, FactoryPartSerializer
from sources.serializers import CitedFactWriteSerializer, EvidenceField

from ..models import AIFactory, FactoryName, FactorySystem, HostSite, SelectionRound, Supercomputer

# A selection round's answer names its first factories only: a round may select thousands.
FACTORIES_NAMED_PER_ROUND = 10


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


class HostSiteSerializer(FactoryPartSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:site-detail")
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
    factories = serializers.SerializerMethodField(
        help_text=f"Slugs of the first {FACTORIES_NAMED_PER_ROUND} factories selected, by name "
        "(a round may select thousands): `factories_count` says how many, `factories_url` "
        "lists them all.",
    )
    factories_count = serializers.SerializerMethodField(
        help_text="How many AI Factories the round selected."
    )
    factories_url = serializers.SerializerMethodField(
        help_text="The AI Factories it selected: the factory list filtered by `selection_round`."
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
            "factories_count",
            "factories_url",
            "citations",
            "evidence",
        ]

    # Fetched and counted in SQL by the endpoint's query; a round just written has neither yet.
    def get_factories(self, selection_round) -> list[str]:
        first = getattr(selection_round, "first_factories", None)
        if first is None:
            first = selection_round.factories.order_by("name")[:FACTORIES_NAMED_PER_ROUND]
        return [factory.slug for factory in first]

    def get_factories_count(self, selection_round) -> int:
        count = getattr(selection_round, "factory_count", None)
        return selection_round.factories.count() if count is None else count

    def get_factories_url(self, selection_round) -> str:
        url = reverse("api:factory-list", request=self.context.get("request"))
        return f"{url}?selection_round={selection_round.slug}"


class FactoryNameSerializer(FactoryPartSerializer):
    """Another name a source uses for a factory, with its citations."""

    url = serializers.HyperlinkedIdentityField(view_name="api:other-name-detail")
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


class FactorySystemSerializer(FactoryPartSerializer):
    """How a supercomputer relates to a factory, with its citations."""

    url = serializers.HyperlinkedIdentityField(view_name="api:factory-system-detail")
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
