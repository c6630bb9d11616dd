"""A factory's detail: every related fact nested, with, per field, the citations behind it and
the fields where sources disagree."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from consortia.models import Membership
from sources.selectors import evidence_by_field
from sources.serializers import EvidenceCitationSerializer, EvidenceField

from ..models import AIFactory, HostSite, Supercomputer
from .briefs import (
    CountryBriefSerializer,
    OrganisationBriefSerializer,
    SelectionRoundBriefSerializer,
)


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
