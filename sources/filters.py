"""FilterSets for sources and citations, shared by the HTML pages and the API."""

import django_filters

from .models import Citation, Source


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
    is_accepted = django_filters.BooleanFilter()

    class Meta:
        model = Citation
        fields = ["source", "field_name", "is_accepted"]
