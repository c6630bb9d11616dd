"""API representations of funding programmes and budget lines."""

from rest_framework import serializers

from sources.serializers import CitedFactWriteSerializer, EvidenceField

from .models import Budget, Programme, StatedTotal


class ProgrammeSerializer(CitedFactWriteSerializer):
    url = serializers.HyperlinkedIdentityField(
        view_name="api:programme-detail", lookup_field="slug"
    )

    class Meta:
        model = Programme
        fields = ["slug", "url", "name", "level", "purpose", "evidence"]


class BudgetSerializer(CitedFactWriteSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:budget-detail")
    factory = serializers.SlugRelatedField(
        slug_field="slug",
        # The factory as the budget's foreign key names it: funding sits below factories.
        queryset=Budget._meta.get_field("factory").related_model.objects.all(),
        help_text="The AI Factory's slug.",
    )
    factory_name = serializers.CharField(source="factory.name", read_only=True)
    amount_eur_million = serializers.DecimalField(
        max_digits=10,
        decimal_places=1,
        min_value=0,
        allow_null=True,
        required=False,
        help_text="EUR million; null when the qualifier is `unknown`, never 0 for unknown.",
    )
    display = serializers.CharField(
        source="display_amount", read_only=True, help_text="e.g. “at least €100 million”."
    )

    class Meta:
        model = Budget
        fields = [
            "id",
            "url",
            "factory",
            "factory_name",
            "label",
            "amount_eur_million",
            "qualifier",
            "display",
            "evidence",
        ]


class StatedTotalSerializer(serializers.ModelSerializer):
    """A headline amount the sources state, with the citations behind it (for the export)."""

    part_of = serializers.SlugRelatedField(slug_field="slug", read_only=True, allow_null=True)
    programmes = serializers.SlugRelatedField(slug_field="slug", many=True, read_only=True)
    amount_eur_million = serializers.DecimalField(
        max_digits=12, decimal_places=1, read_only=True, allow_null=True
    )
    citations = EvidenceField()

    class Meta:
        model = StatedTotal
        fields = [
            "slug",
            "label",
            "kind",
            "amount_eur_million",
            "qualifier",
            "part_of",
            "programmes",
            "is_derived",
            "derivation",
            "citations",
        ]


class StatedTotalWriteSerializer(CitedFactWriteSerializer):
    """A stated total, read and written through its endpoint, with its citations."""

    url = serializers.HyperlinkedIdentityField(
        view_name="api:stated-total-detail", lookup_field="slug"
    )
    amount_eur_million = serializers.DecimalField(
        max_digits=12,
        decimal_places=1,
        min_value=0,
        allow_null=True,
        required=False,
        help_text="EUR million; null when the qualifier is `unknown`, never 0 for unknown.",
    )
    display = serializers.CharField(
        source="display_amount", read_only=True, help_text="e.g. “€1.5 billion”."
    )
    part_of = serializers.SlugRelatedField(
        slug_field="slug",
        queryset=StatedTotal.objects.all(),
        required=False,
        allow_null=True,
        help_text="Slug of the total this one is a share of.",
    )
    programmes = serializers.SlugRelatedField(
        slug_field="slug",
        queryset=Programme.objects.all(),
        many=True,
        required=False,
        help_text="Slugs of the programmes that pay it.",
    )
    citations = EvidenceField()

    class Meta:
        model = StatedTotal
        fields = [
            "slug",
            "url",
            "label",
            "kind",
            "amount_eur_million",
            "qualifier",
            "display",
            "part_of",
            "programmes",
            "is_derived",
            "derivation",
            "citations",
            "evidence",
        ]
