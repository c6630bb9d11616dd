"""API representations of countries, organisations and memberships."""

from django_countries.serializer_fields import CountryField
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.reverse import reverse

from sources.serializers import CitedFactWriteSerializer, EvidenceField

from .models import Country, Membership, Organisation, Partnership
from .selectors import FACTORIES_NAMED_PER_STATE


@extend_schema_field(
    {"type": "string", "pattern": "^[A-Za-z]{2}$", "example": "FI", "description": "ISO code"}
)
class CountryCodeRelatedField(serializers.SlugRelatedField):
    """A registry country given by its ISO code, in upper or lower case."""

    default_error_messages = {
        "does_not_exist": "“{value}” is not the ISO code of a country in the registry.",
    }

    def __init__(self, **kwargs):
        kwargs.setdefault("slug_field", "code")
        if not kwargs.get("read_only"):
            kwargs.setdefault("queryset", Country.objects.all())
        super().__init__(**kwargs)

    def to_internal_value(self, data):
        if not isinstance(data, str):
            self.fail("invalid")
        return super().to_internal_value(data.strip().upper())

    def to_representation(self, obj):
        return obj.code.code


class CountrySerializer(CitedFactWriteSerializer):
    url = serializers.HyperlinkedIdentityField(
        view_name="api:country-detail", lookup_field="slug", lookup_url_kwarg="code"
    )
    code = CountryField(help_text="ISO 3166-1 alpha-2 code, e.g. DK.")
    name = serializers.CharField(read_only=True)
    hosts = serializers.SerializerMethodField(
        help_text=f"Slugs of the first {FACTORIES_NAMED_PER_STATE} AI Factories it hosts, by "
        "name (a state may host thousands): `hosts_count` says how many, `hosts_url` lists "
        "them all."
    )
    hosts_count = serializers.SerializerMethodField(help_text="How many AI Factories it hosts.")
    hosts_url = serializers.SerializerMethodField(
        help_text="The AI Factories it hosts: the factory list filtered by `host_country`."
    )
    member_of = serializers.SerializerMethodField(
        help_text=f"Slugs of the first {FACTORIES_NAMED_PER_STATE} AI Factories whose "
        "consortium it joins as a member, by name: `member_of_count` says how many, "
        "`member_of_url` lists them all."
    )
    member_of_count = serializers.SerializerMethodField(
        help_text="How many AI Factories' consortia it joins as a member."
    )
    member_of_url = serializers.SerializerMethodField(
        help_text="The AI Factories it joins: the factory list filtered by `member_country`."
    )

    class Meta:
        model = Country
        fields = [
            "code",
            "url",
            "name",
            "standing",
            "hosts",
            "hosts_count",
            "hosts_url",
            "member_of",
            "member_of_count",
            "member_of_url",
            "evidence",
        ]

    def get_hosts(self, country) -> list[str]:
        hosts, _ = Membership.split(country.memberships.all())
        return [membership.factory.slug for membership in hosts]

    def get_member_of(self, country) -> list[str]:
        _, members = Membership.split(country.memberships.all())
        return [membership.factory.slug for membership in members]

    # Counted in SQL by the selectors; a country just created has no count yet, nor memberships.
    def get_hosts_count(self, country) -> int:
        return getattr(country, "hosted_count", None) or len(self.get_hosts(country))

    def get_member_of_count(self, country) -> int:
        return getattr(country, "joined_count", None) or len(self.get_member_of(country))

    def get_hosts_url(self, country) -> str:
        return self._factory_list_url(f"host_country={country.slug}")

    def get_member_of_url(self, country) -> str:
        return self._factory_list_url(f"member_country={country.slug}")

    def _factory_list_url(self, query):
        return f"{reverse('api:factory-list', request=self.context.get('request'))}?{query}"


class OrganisationSerializer(CitedFactWriteSerializer):
    url = serializers.HyperlinkedIdentityField(
        view_name="api:organisation-detail", lookup_field="slug"
    )
    country = CountryCodeRelatedField()
    country_name = serializers.CharField(source="country.name", read_only=True)
    parent = serializers.SlugRelatedField(
        slug_field="slug",
        queryset=Organisation.objects.all(),
        required=False,
        allow_null=True,
        help_text="Slug of the organisation this one is part of.",
    )

    class Meta:
        model = Organisation
        fields = [
            "slug",
            "url",
            "name",
            "short_name",
            "kind",
            "country",
            "country_name",
            "parent",
            "evidence",
        ]


class FactoryPartSerializer(CitedFactWriteSerializer):
    """A cited fact about one AI Factory (its host site, a membership, a partnership, another
    name, a supercomputer link): the factory by slug, and its name to read. Declared once here,
    the lowest app whose facts have a factory."""

    factory = serializers.SlugRelatedField(
        slug_field="slug",
        # The factory as a membership's foreign key names it: consortia sits below factories.
        queryset=Membership._meta.get_field("factory").related_model.objects.all(),
        help_text="The AI Factory's slug.",
    )
    factory_name = serializers.CharField(source="factory.name", read_only=True)


class MembershipSerializer(FactoryPartSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:membership-detail")
    country = CountryCodeRelatedField()
    country_name = serializers.CharField(source="country.name", read_only=True)

    class Meta:
        model = Membership
        fields = [
            "id",
            "url",
            "factory",
            "factory_name",
            "country",
            "country_name",
            "role",
            "evidence",
        ]
        # The model's own checks name the field at fault ("role" for a second host).
        validators = []


class PartnershipSerializer(FactoryPartSerializer):
    """An organisation other than the host that takes part in, or backed, a factory."""

    url = serializers.HyperlinkedIdentityField(view_name="api:partnership-detail")
    organisation = serializers.SlugRelatedField(
        slug_field="slug",
        queryset=Organisation.objects.all(),
        help_text="The organisation's slug.",
    )
    organisation_name = serializers.CharField(source="organisation.name", read_only=True)
    country = serializers.CharField(
        source="organisation.country.code.code",
        read_only=True,
        help_text="ISO code of the organisation's country.",
    )
    citations = EvidenceField()

    class Meta:
        model = Partnership
        fields = [
            "id",
            "url",
            "factory",
            "factory_name",
            "organisation",
            "organisation_name",
            "country",
            "role",
            "citations",
            "evidence",
        ]
        # The model's own checks name the field at fault (an organisation listed twice).
        validators = []
