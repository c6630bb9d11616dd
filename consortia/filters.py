"""FilterSets for states and organisations, shared by the HTML pages and the API."""

import django_filters
from django import forms
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from sources.filters import BooleanFilter

from .models import Country, Membership, Organisation, Partnership


class CountryNameOrderIterator(forms.models.ModelChoiceIterator):
    """A state's choices in name order (Denmark before Germany), not the table's ISO-code order:
    the names are django-countries', not columns SQL could sort by."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for country in sorted(self.queryset, key=lambda country: country.name):
            yield self.choice(country)


class CountryCodeField(forms.ModelChoiceField):
    """A country chosen by its ISO code, in upper or lower case (`dk` or `DK`)."""

    iterator = CountryNameOrderIterator

    default_error_messages = {
        "invalid_choice": "“%(value)s” is not the ISO code of a country in the registry."
    }

    def to_python(self, value):
        if isinstance(value, str):
            value = value.strip().upper()
        return super().to_python(value)


@extend_schema_field(OpenApiTypes.STR)
class CountryCodeFilter(django_filters.ModelChoiceFilter):
    field_class = CountryCodeField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("queryset", Country.objects.all())
        kwargs.setdefault("to_field_name", "code")
        super().__init__(*args, **kwargs)


class CountryFilterSet(django_filters.FilterSet):
    standing = django_filters.ChoiceFilter(choices=Country.Standing.choices)
    in_consortium = BooleanFilter(
        method="filter_in_consortium", label="Belongs to an AI Factory's consortium"
    )

    class Meta:
        model = Country
        fields = ["standing"]

    def filter_in_consortium(self, queryset, name, value):
        if value is None:
            return queryset
        return (
            queryset.filter(memberships__isnull=False).distinct()
            if value
            else queryset.filter(memberships__isnull=True)
        )


class OrganisationFilterSet(django_filters.FilterSet):
    country = CountryCodeFilter()
    kind = django_filters.ChoiceFilter(choices=Organisation.Kind.choices)

    class Meta:
        model = Organisation
        fields = ["country", "kind"]


class MembershipFilterSet(django_filters.FilterSet):
    factory = django_filters.CharFilter(field_name="factory__slug", label="Factory (slug)")
    country = CountryCodeFilter()
    role = django_filters.ChoiceFilter(choices=Membership.Role.choices)

    class Meta:
        model = Membership
        fields = ["factory", "country", "role"]


class PartnershipFilterSet(django_filters.FilterSet):
    factory = django_filters.CharFilter(field_name="factory__slug", label="Factory (slug)")
    organisation = django_filters.CharFilter(
        field_name="organisation__slug", label="Organisation (slug)"
    )
    country = CountryCodeFilter(
        field_name="organisation__country", label="The organisation's country, ISO code"
    )
    role = django_filters.ChoiceFilter(choices=Partnership.Role.choices)

    class Meta:
        model = Partnership
        fields = ["factory", "organisation", "country", "role"]
