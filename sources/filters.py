"""FilterSets for sources and citations, shared by the HTML pages and the API."""

import django_filters
from django import forms
from django.core.exceptions import ValidationError

from .models import Citation, Source

TRUE_WORDS = {"true", "1", "yes", "on"}
FALSE_WORDS = {"false", "0", "no", "off"}
# An empty value, or the HTML form's "Unknown" choice, filters nothing.
NO_CHOICE = {"", "unknown"}


class TrueFalseSelect(forms.NullBooleanSelect):
    """The HTML form's select; the value goes to the field as sent, so a wrong one is seen."""

    def value_from_datadict(self, data, files, name):
        return data.get(name)


class TrueFalseField(forms.NullBooleanField):
    """true or false (or nothing); any other value is an error, not silently no filter."""

    widget = TrueFalseSelect

    def to_python(self, value):
        if value is None or isinstance(value, bool):
            return value
        word = str(value).strip().lower()
        if word in NO_CHOICE:
            return None
        if word in TRUE_WORDS:
            return True
        if word in FALSE_WORDS:
            return False
        raise ValidationError(
            "“%(value)s” is not a true/false value: use true or false.",
            code="invalid",
            params={"value": value},
        )


class BooleanFilter(django_filters.BooleanFilter):
    """A true/false filter whose invalid value is a 400 naming the field (README's promise)."""

    field_class = TrueFalseField


class SourceFilterSet(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(choices=Source.Kind.choices)
    reliability = django_filters.ChoiceFilter(choices=Source.Reliability.choices)

    class Meta:
        model = Source
        fields = ["kind", "reliability"]


class CitationFilterSet(django_filters.FilterSet):
    source = django_filters.ModelChoiceFilter(
        queryset=Source.objects.all(), to_field_name="slug", label="Source (slug)"
    )
    model = django_filters.CharFilter(
        field_name="content_type__model", label="Kind of object, e.g. aifactory, budget"
    )
    field_name = django_filters.CharFilter()
    is_accepted = BooleanFilter()

    class Meta:
        model = Citation
        fields = ["source", "field_name", "is_accepted"]
