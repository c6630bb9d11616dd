"""FilterSets for budgets and stated totals, shared by the HTML pages and the API."""

import django_filters

from .models import Budget, Qualifier


class BudgetFilterSet(django_filters.FilterSet):
    factory = django_filters.CharFilter(field_name="factory__slug", label="Factory (slug)")
    qualifier = django_filters.ChoiceFilter(choices=Qualifier.choices)

    class Meta:
        model = Budget
        fields = ["factory", "qualifier"]
