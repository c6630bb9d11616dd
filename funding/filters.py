"""FilterSets for budgets and stated totals, shared by the HTML pages and the API."""

import django_filters

from .models import Budget, Qualifier, StatedTotal


class BudgetFilterSet(django_filters.FilterSet):
    factory = django_filters.CharFilter(field_name="factory__slug", label="Factory (slug)")
    qualifier = django_filters.ChoiceFilter(choices=Qualifier.choices)

    class Meta:
        model = Budget
        fields = ["factory", "qualifier"]


class StatedTotalFilterSet(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(choices=StatedTotal.Kind.choices)
    qualifier = django_filters.ChoiceFilter(choices=Qualifier.choices)
    programme = django_filters.CharFilter(
        field_name="programmes__slug", label="Programme (slug)", distinct=True
    )
    part_of = django_filters.CharFilter(
        field_name="part_of__slug", label="The total it is a share of (slug)"
    )
    is_derived = django_filters.BooleanFilter(label="Worked out from a rule, not stated")

    class Meta:
        model = StatedTotal
        fields = ["kind", "qualifier", "programme", "part_of", "is_derived"]
