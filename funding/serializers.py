"""API representations of funding programmes and budget lines."""

from rest_framework import serializers

from factories.models import AIFactory

from .models import Budget, Programme


class ProgrammeSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(
        view_name="api:programme-detail", lookup_field="slug"
    )

    class Meta:
        model = Programme
        fields = ["slug", "url", "name", "level", "purpose"]


class BudgetSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:budget-detail")
    factory = serializers.SlugRelatedField(
        slug_field="slug", queryset=AIFactory.objects.all(), help_text="The AI Factory's slug."
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
        ]
