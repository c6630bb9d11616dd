"""API representations of sources and citations, and of the evidence nested in other objects."""

from django.contrib.contenttypes.models import ContentType
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from .models import Citation, Source, citable_models
from .selectors import evidence_by_field


class DocumentURLField(serializers.URLField):
    """A source's own address: null where the document gives none (stored as blank)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("source", "url")
        kwargs.setdefault("help_text", "The document's own address; null where it gives none.")
        super().__init__(allow_null=True, max_length=500, **kwargs)

    def validate_empty_values(self, data):
        if data is None or data == "":
            return (True, "")
        return super().validate_empty_values(data)

    def to_representation(self, value):
        return value or None


class SourceBriefSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:source-detail", lookup_field="slug")
    document_url = DocumentURLField(read_only=True)

    class Meta:
        model = Source
        fields = ["slug", "title", "document_url", "url"]


class EvidenceCitationSerializer(serializers.ModelSerializer):
    """A citation as nested in the object it supports."""

    source = SourceBriefSerializer(read_only=True)

    class Meta:
        model = Citation
        fields = ["quote", "stated_value", "is_accepted", "note", "source"]


@extend_schema_field(
    serializers.DictField(
        child=EvidenceCitationSerializer(many=True),
        help_text="Per field of this object, the citations behind it: the accepted version "
        "first, then any version a source states differently.",
    )
)
class EvidenceField(serializers.Field):
    """An object's prefetched citations grouped by the field they support."""

    def __init__(self, **kwargs):
        kwargs.setdefault("source", "*")
        kwargs["read_only"] = True
        super().__init__(**kwargs)

    def to_representation(self, obj):
        serializer = EvidenceCitationSerializer(context=self.context)
        return {
            name: [serializer.to_representation(citation) for citation in evidence.citations]
            for name, evidence in evidence_by_field(obj).items()
        }


class EvidenceInputSerializer(serializers.ModelSerializer):
    """A citation sent with a fact's write: the passage that states one of its fields."""

    source = serializers.SlugRelatedField(
        slug_field="slug", queryset=Source.objects.all(), help_text="The source's slug."
    )
    is_accepted = serializers.BooleanField(
        default=True,
        help_text="False for a source's differing version, kept beside the accepted one.",
    )

    class Meta:
        model = Citation
        fields = ["field_name", "source", "quote", "stated_value", "is_accepted", "note"]

    def validate(self, attrs):
        if not attrs["source"].contains_quote(attrs["quote"]):
            raise serializers.ValidationError(
                {"quote": f"This quote does not occur in the text of “{attrs['source']}”."}
            )
        return attrs


class CitedFactWriteSerializer(serializers.ModelSerializer):
    """A write serializer of a cited fact: its fields, and the evidence sent with them."""

    evidence = EvidenceInputSerializer(
        many=True,
        write_only=True,
        required=False,
        help_text="Citations saved with this write: one accepted citation for each fact field "
        "set or changed (a new value needs new evidence; the citations of the old one are kept, "
        "marked as superseded).",
    )

    def validate_evidence(self, evidence):
        model = self.Meta.model
        names = {field.name for field in model._meta.get_fields()}
        errors = [
            {"field_name": [f"The {model._meta.verbose_name} has no field “{item['field_name']}”."]}
            if item["field_name"] not in names
            else {}
            for item in evidence
        ]
        if any(errors):
            raise serializers.ValidationError(errors)
        return evidence


class SourceSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:source-detail", lookup_field="slug")
    document_url = DocumentURLField(required=False)
    citation_count = serializers.IntegerField(read_only=True)
    differing_count = serializers.IntegerField(
        read_only=True, help_text="Citations whose version the registry does not accept."
    )

    class Meta:
        model = Source
        fields = [
            "slug",
            "url",
            "title",
            "publisher",
            "kind",
            "published_on",
            "date_note",
            "document_url",
            "reliability",
            "reliability_note",
            "citation_count",
            "differing_count",
        ]


class SourceDetailSerializer(SourceSerializer):
    class Meta(SourceSerializer.Meta):
        fields = [*SourceSerializer.Meta.fields, "archive_file", "text_format", "archived_text"]


class SubjectTypeField(serializers.ChoiceField):
    """The kind of object a citation is about, as a model name such as `aifactory`."""

    def __init__(self, **kwargs):
        self.models = {model._meta.model_name: model for model in citable_models()}
        super().__init__(choices=sorted(self.models), **kwargs)

    def to_representation(self, content_type):
        return content_type.model

    def to_internal_value(self, data):
        return ContentType.objects.get_for_model(self.models[super().to_internal_value(data)])


class CitationSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:citation-detail")
    subject_type = SubjectTypeField(
        source="content_type", help_text="The kind of object cited, e.g. aifactory or budget."
    )
    object_id = serializers.IntegerField(
        min_value=1, max_value=2**63 - 1, help_text="The cited object's id."
    )
    source = serializers.SlugRelatedField(
        slug_field="slug", queryset=Source.objects.all(), help_text="The source's slug."
    )
    source_title = serializers.CharField(source="source.title", read_only=True)

    class Meta:
        model = Citation
        fields = [
            "id",
            "url",
            "subject_type",
            "object_id",
            "field_name",
            "source",
            "source_title",
            "quote",
            "stated_value",
            "is_accepted",
            "note",
        ]
