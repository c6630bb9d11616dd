"""Brief representations that the factories' lists and details nest: a country, a selection
round, an organisation; and a selection round in full, for the export."""

from rest_framework import serializers

from consortia.models import Organisation

from ..models import SelectionRound


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
